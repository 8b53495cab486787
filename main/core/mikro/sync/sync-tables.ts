/**
 * What the PULL sync reads from each Mikro table and where it lands in the mirror (migration
 * 0008). Mikro's names are written in their catalog case (Turkish collations make `cari_kod` and
 * `CARI_KOD` different identifiers for the dotted/dotless i); the statement itself is built by
 * sync-statements.ts from `shape`.
 *
 * A row is read as an array in `shape.columns` order; `toMirror` turns it into the mirror row.
 * Mikro's "no date" is 1899-12-30: kept out of the mirror (`lastup_at` null) but never out of the
 * watermark, which is the server's value as sent.
 */
import type { SyncTableName } from '../../../../shared/mikro-sync.js';
import type { SyncTableShape } from '../sync-statements.js';

/** The mirror columns both tables share, plus each table's own. */
export interface MirrorRow {
  guid: string;
  code: string;
  lastup_at: string | null;
  cancelled: number;
  [column: string]: string | number | null;
}

export interface SyncTableSpec {
  name: SyncTableName;
  /** The app-database table it lands in. */
  mirror: 'mikro_accounts' | 'mikro_stock_items';
  shape: SyncTableShape;
  /** The mirror's own columns beside guid/code/lastup_at/cancelled, in `shape.columns` order after them. */
  extra: readonly string[];
}

/**
 * Column order is fixed: guid, code, lastup, iptal, then the extras. Mirror columns of the extras
 * follow the same order (`extra`).
 */
export const SYNC_TABLE_SPECS: Readonly<Record<SyncTableName, SyncTableSpec>> = {
  accounts: {
    name: 'accounts',
    mirror: 'mikro_accounts',
    shape: {
      table: 'CARI_HESAPLAR',
      guid: 'cari_Guid',
      lastup: 'cari_lastup_date',
      columns: ['cari_Guid', 'cari_kod', 'cari_lastup_date', 'cari_iptal', 'cari_unvan1', 'cari_unvan2', 'cari_vdaire_no', 'cari_VergiKimlikNo'],
    },
    extra: ['title1', 'title2', 'tax_office_no', 'tax_id'],
  },
  stock: {
    name: 'stock',
    mirror: 'mikro_stock_items',
    shape: {
      table: 'STOKLAR',
      guid: 'sto_Guid',
      lastup: 'sto_lastup_date',
      columns: ['sto_Guid', 'sto_kod', 'sto_lastup_date', 'sto_iptal', 'sto_isim', 'sto_birim1_ad'],
    },
    extra: ['name', 'unit'],
  },
};

/** Mikro's empty date (the Delphi/OLE zero): "no date" in the mirror. */
const NO_DATE_MS = Date.UTC(1899, 11, 30);

export function mirrorDate(value: unknown): string | null {
  const d = value instanceof Date ? value : value === null || value === undefined ? null : new Date(String(value));
  if (!d || !Number.isFinite(d.getTime())) return null;
  // Anything on or before 1900-01-01 is one of Mikro's placeholders, not a change time.
  if (d.getTime() <= NO_DATE_MS + 2 * 86_400_000) return null;
  return d.toISOString();
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

/** `*_iptal` is a bit or a tinyint flag: anything but 0/false/null is cancelled. */
function flag(value: unknown): number {
  if (value === null || value === undefined || value === false) return 0;
  return Number(value) === 0 ? 0 : 1;
}

/**
 * One Mikro row (array, `shape.columns` order) → the mirror's values in its column order (guid,
 * code, lastup_at, cancelled, then `extra` texts), written into `out` from index `at`: called for
 * every row of a sync (100 000 for a big company), so no object per row.
 */
export function mirrorValuesInto(row: readonly unknown[], extra: number, out: unknown[], at: number): void {
  out[at] = String(row[0] ?? '').toUpperCase();
  out[at + 1] = text(row[1]) ?? '';
  out[at + 2] = mirrorDate(row[2]);
  out[at + 3] = flag(row[3]);
  for (let i = 0; i < extra; i++) out[at + 4 + i] = text(row[4 + i]);
}

/** The same values as a mirror row. */
export function toMirror(spec: SyncTableSpec, row: readonly unknown[]): MirrorRow {
  const v: unknown[] = [];
  mirrorValuesInto(row, spec.extra.length, v, 0);
  const out: MirrorRow = { guid: v[0] as string, code: v[1] as string, lastup_at: v[2] as string | null, cancelled: v[3] as number };
  spec.extra.forEach((column, i) => (out[column] = v[4 + i] as string | null));
  return out;
}

/** Whether Mikro marks the row cancelled (`*_iptal`). */
export function isCancelled(row: readonly unknown[]): boolean {
  return flag(row[3]) === 1;
}

/** Where the page ended: the last row's lastup_date and Guid exactly as the server sent them. */
export function cursorOf(row: readonly unknown[]): { since: Date; guid: string } {
  const v = row[2];
  const since = v instanceof Date ? v : new Date(String(v));
  return { since, guid: String(row[0]) };
}
