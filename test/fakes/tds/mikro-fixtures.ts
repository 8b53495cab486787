// Mikro ERP fixture data for the TDS fake (issue 16 §4): databases and tables with Mikro's column
// types (nvarchar with Turkish text, datetime with 1899-12-30 meaning "no date", float,
// uniqueidentifier, tinyint/bit flags, NULLs), deterministic generators that make 100 000 accounts
// in well under a second, and mutations a test makes between two syncs (touch 1 %, cancel some).
// The SELECTs against them are answered by mikro-answers.ts (wired in with `startTdsFake({ mikro })`).

export type MikroSqlType = 'uniqueidentifier' | 'nvarchar' | 'datetime' | 'float' | 'tinyint' | 'smallint' | 'int' | 'bit';

export interface FixtureColumn {
  /** Catalog case: the name as INFORMATION_SCHEMA.COLUMNS spells it. */
  name: string;
  type: MikroSqlType;
  /** nvarchar length in characters. */
  length?: number;
  /** Default true. */
  nullable?: boolean;
}

/** Mikro's "no date": datetime 0 of Delphi/OLE, what the ERP writes for an empty date field. */
export const MIKRO_NO_DATE = new Date(Date.UTC(1899, 11, 30));

/** A time as a SQL Server datetime holds it (1/300 s ticks), read back as tedious does. */
export function asDatetime(value: Date | string | number): Date {
  const ms = new Date(value).getTime();
  const day = Math.floor(ms / 86_400_000) * 86_400_000;
  const ticks = Math.round(((ms - day) * 300) / 1000);
  return new Date(day + Math.round((ticks * 10) / 3));
}

export class FixtureTable {
  readonly columns: FixtureColumn[];
  /** One array per row, in column order. Change rows through the methods so indexes see it. */
  readonly rows: unknown[][] = [];
  /** Bumped on every change (answers cache sorted orders per version). */
  version = 0;

  constructor(
    /** Catalog case. */
    readonly name: string,
    columns: FixtureColumn[],
    rows: readonly unknown[][] = [],
    readonly schema = 'dbo',
    /** The uniqueidentifier key column, if the table has one (used by `update`). */
    readonly key: string | null = null,
  ) {
    this.columns = columns.map((c) => ({ ...c }));
    this.insert(...rows);
  }

  index(column: string): number {
    const i = this.columns.findIndex((c) => c.name === column);
    if (i < 0) throw new Error(`fixture table ${this.name} has no column ${column}`);
    return i;
  }

  /** Rows as arrays in column order or as objects by column name. */
  insert(...rows: ReadonlyArray<readonly unknown[] | Record<string, unknown>>): void {
    for (const r of rows) {
      const row = Array.isArray(r) ? [...r] : this.columns.map((c) => (r as Record<string, unknown>)[c.name] ?? null);
      this.rows.push(row.map((v, i) => (this.columns[i]?.type === 'datetime' && v !== null && v !== undefined ? asDatetime(v as Date) : v)));
    }
    this.version++;
  }

  /** The row as an object (a copy). */
  record(row: readonly unknown[]): Record<string, unknown> {
    return Object.fromEntries(this.columns.map((c, i) => [c.name, row[i]]));
  }

  /** The row whose key column holds `guid` (any case). */
  find(guid: string): unknown[] | undefined {
    if (!this.key) throw new Error(`fixture table ${this.name} has no key column`);
    const k = this.index(this.key);
    const want = guid.toUpperCase();
    return this.rows.find((r) => String(r[k]).toUpperCase() === want);
  }

  /** Sets columns on every row `which` selects; returns how many rows changed. */
  update(which: ((row: Record<string, unknown>, index: number) => boolean) | string, patch: Record<string, unknown> | ((row: Record<string, unknown>) => Record<string, unknown>)): number {
    const pick = typeof which === 'string' ? (() => { const r = this.find(which); return (row: unknown[]) => row === r; })() : null;
    let n = 0;
    this.rows.forEach((row, i) => {
      if (pick ? !pick(row) : !(which as (r: Record<string, unknown>, i: number) => boolean)(this.record(row), i)) return;
      const values = typeof patch === 'function' ? patch(this.record(row)) : patch;
      for (const [col, v] of Object.entries(values)) row[this.index(col)] = this.columns[this.index(col)]?.type === 'datetime' && v !== null ? asDatetime(v as Date) : v;
      n++;
    });
    if (n) this.version++;
    return n;
  }

  /** Schema drift between Mikro versions: a column renamed (another spelling), dropped or retyped. */
  alterColumn(column: string, change: { name?: string; type?: MikroSqlType; length?: number } | 'drop'): void {
    const i = this.index(column);
    if (change === 'drop') {
      this.columns.splice(i, 1);
      for (const row of this.rows) row.splice(i, 1);
    } else {
      Object.assign(this.columns[i]!, change);
      if (change.type === 'nvarchar') for (const row of this.rows) row[i] = row[i] === null || row[i] === undefined ? row[i] : String(row[i] instanceof Date ? (row[i] as Date).toISOString() : row[i]);
    }
    this.version++;
  }

  /** Removes the rows `which` selects (a hard DELETE in the ERP); returns how many. */
  remove(which: (row: Record<string, unknown>) => boolean): number {
    const before = this.rows.length;
    const kept = this.rows.filter((r) => !which(this.record(r)));
    this.rows.splice(0, this.rows.length, ...kept);
    this.version++;
    return before - kept.length;
  }
}

export interface FixtureDatabase {
  name: string;
  /** Default Turkish_CI_AS, as Mikro installs it. */
  collation: string;
  tables: FixtureTable[];
}

// ---------------------------------------------------------------- deterministic data

/** mulberry32: small, fast, the same numbers for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit mix (murmur3's finaliser): a well-spread word from any integer. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function labelSeed(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');

/** A stable version-4 style GUID (upper case, as tedious returns uniqueidentifier) for (label, i). */
export function fixtureGuid(label: string, i: number): string {
  const s = labelSeed(label);
  const A = hex8(mix32(s ^ mix32(i * 4 + 1)));
  const B = hex8(mix32(s ^ mix32(i * 4 + 2)));
  const c = mix32(s ^ mix32(i * 4 + 3));
  const C = hex8(c);
  const D = hex8(mix32(s ^ mix32(i * 4 + 4)));
  return `${A}-${B.slice(0, 4)}-4${B.slice(5, 8)}-${'89AB'[c >>> 30]}${C.slice(1, 4)}-${C.slice(4, 8)}${D}`;
}

const NAMES = ['Işık', 'Çağlar', 'Şölen', 'Güneş', 'Öztürk', 'İnce', 'Ağaçlı', 'Ümit', 'Yıldız', 'Doğan', 'Kılıç', 'Şahin'];
const SURNAMES = NAMES.map((n) => n.toLocaleUpperCase('tr-TR')); // IŞIK, İNCE: Turkish capitals
const TRADES = ['Mobilya', 'Kereste', 'Dekorasyon', 'İnşaat', 'Panel', 'Ahşap', 'Mutfak Dolabı', 'Kapı Pencere'];
const FORMS = ['Ltd. Şti.', 'A.Ş.', 'San. ve Tic. Ltd. Şti.', 'Tic. A.Ş.'];
const CITIES = ['İstanbul', 'İzmir', 'Eskişehir', 'Muğla', 'Çanakkale', 'Düzce', 'Şanlıurfa', 'Ağrı'];
const PRODUCTS = ['Sunta', 'MDF Lam', 'Kontrplak', 'Çam Panel', 'Kayın Masif', 'Meşe Kaplama', 'Kenar Bandı', 'Menteşe'];
const UNITS = ['ADET', 'M²', 'MT', 'PAKET', 'KG', 'Plaka'];

/** Rows stamped with one lastup_date share it in groups of this size: the Guid has to break the tie. */
export const LASTUP_GROUP = 7;
export const FIXTURE_BASE_TIME = Date.UTC(2026, 0, 5, 8, 0, 0);

export const CARI_HESAPLAR_COLUMNS: FixtureColumn[] = [
  { name: 'cari_Guid', type: 'uniqueidentifier', nullable: false },
  { name: 'cari_iptal', type: 'bit', nullable: false },
  { name: 'cari_create_date', type: 'datetime' },
  { name: 'cari_lastup_date', type: 'datetime', nullable: false },
  { name: 'cari_kod', type: 'nvarchar', length: 25, nullable: false },
  { name: 'cari_unvan1', type: 'nvarchar', length: 127 },
  { name: 'cari_unvan2', type: 'nvarchar', length: 127 },
  { name: 'cari_hareket_tipi', type: 'tinyint' },
  { name: 'cari_vdaire_adi', type: 'nvarchar', length: 50 },
  { name: 'cari_vdaire_no', type: 'nvarchar', length: 15 },
  { name: 'cari_VergiKimlikNo', type: 'nvarchar', length: 15 },
  { name: 'cari_doviz_cinsi', type: 'tinyint' },
  { name: 'cari_vade_fark_yuz', type: 'float' },
];

export const STOKLAR_COLUMNS: FixtureColumn[] = [
  { name: 'sto_Guid', type: 'uniqueidentifier', nullable: false },
  { name: 'sto_iptal', type: 'bit', nullable: false },
  { name: 'sto_create_date', type: 'datetime' },
  { name: 'sto_lastup_date', type: 'datetime', nullable: false },
  { name: 'sto_kod', type: 'nvarchar', length: 25, nullable: false },
  { name: 'sto_isim', type: 'nvarchar', length: 127 },
  { name: 'sto_birim1_ad', type: 'nvarchar', length: 10 },
  { name: 'sto_birim1_katsayi', type: 'float' },
  { name: 'sto_cins', type: 'tinyint' },
];

export const VERI_TABANLARI_COLUMNS: FixtureColumn[] = [
  { name: 'DB_kod', type: 'nvarchar', length: 25, nullable: false },
  { name: 'DB_isim', type: 'nvarchar', length: 127 },
];

const pick = <T>(list: readonly T[], r: () => number): T => list[Math.floor(r() * list.length)] as T;
const digits = (r: () => number, n: number): string => (String(Math.floor(r() * 1e8)).padStart(8, '0') + String(Math.floor(r() * 1e8)).padStart(8, '0')).slice(0, n);

/** `n` accounts, the same for the same (n, seed): Turkish titles, NULL second titles, no-date create dates. */
export function generateAccounts(n: number, seed = 16): unknown[][] {
  const r = seededRandom(seed);
  const rows: unknown[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const person = i % 5 === 4;
    const title = person ? `${pick(NAMES, r)} ${pick(SURNAMES, r)}` : `${pick(NAMES, r)} ${pick(TRADES, r)} ${pick(FORMS, r)}`;
    rows[i] = [
      fixtureGuid(`cari-${seed}`, i),
      false,
      i % 10 === 3 ? MIKRO_NO_DATE : new Date(FIXTURE_BASE_TIME - (i % 400) * 86_400_000),
      new Date(FIXTURE_BASE_TIME + Math.floor(i / LASTUP_GROUP) * 1000),
      `120.${String(1 + (i % 9)).padStart(2, '0')}.${String(i).padStart(6, '0')}`,
      title,
      i % 3 === 0 ? null : `${pick(CITIES, r)} Şubesi`,
      i % 4,
      person ? null : `${pick(CITIES, r)} V.D.`,
      person ? '' : digits(r, 10),
      person ? digits(r, 11) : null,
      i % 7 === 0 ? 1 : 0,
      i % 6 === 0 ? null : Math.round(r() * 2500) / 100,
    ];
  }
  return rows;
}

/** `n` stock items, the same for the same (n, seed). */
export function generateStock(n: number, seed = 16): unknown[][] {
  const r = seededRandom(seed + 1);
  const rows: unknown[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    rows[i] = [
      fixtureGuid(`sto-${seed}`, i),
      false,
      i % 10 === 5 ? MIKRO_NO_DATE : new Date(FIXTURE_BASE_TIME - (i % 300) * 86_400_000),
      new Date(FIXTURE_BASE_TIME + Math.floor(i / LASTUP_GROUP) * 1000),
      `STK-${String(i).padStart(6, '0')}`,
      `${pick(PRODUCTS, r)} ${[8, 12, 18, 25][i % 4]} mm ${i % 2 ? 'Beyaz' : 'Ceviz Görünümlü'}`,
      pick(UNITS, r),
      i % 8 === 0 ? null : [1, 2.5, 5.856, 10][i % 4],
      i % 3,
    ];
  }
  return rows;
}

export function accountsTable(n: number, seed = 16): FixtureTable {
  return new FixtureTable('CARI_HESAPLAR', CARI_HESAPLAR_COLUMNS, generateAccounts(n, seed), 'dbo', 'cari_Guid');
}

export function stockTable(n: number, seed = 16): FixtureTable {
  return new FixtureTable('STOKLAR', STOKLAR_COLUMNS, generateStock(n, seed), 'dbo', 'sto_Guid');
}

// ---------------------------------------------------------------- changes between two syncs

/** The *_lastup_date and *_iptal columns of a Mikro table (`cari_` → cari_lastup_date…). */
function prefixOf(table: FixtureTable): string {
  const p = table.key?.replace(/Guid$/, '');
  if (!p) throw new Error(`fixture table ${table.name} has no Mikro key`);
  return p;
}

/** Bumps lastup_date of every `every`-th row (100 = 1 %) to `at`; returns the Guids touched. */
export function touchRows(table: FixtureTable, opts: { every: number; at: Date; offset?: number; patch?: Record<string, unknown> }): string[] {
  const p = prefixOf(table);
  const guids: string[] = [];
  table.update((_row, i) => (i + (opts.offset ?? 0)) % opts.every === 0, (row) => {
    guids.push(String(row[table.key!]));
    return { [`${p}lastup_date`]: opts.at, ...(opts.patch ?? {}) };
  });
  return guids;
}

/** Marks rows cancelled (*_iptal = 1) and stamps them, as the ERP does when a record is "deleted". */
export function cancelRows(table: FixtureTable, guids: readonly string[], at: Date): number {
  const p = prefixOf(table);
  const want = new Set(guids.map((g) => g.toUpperCase()));
  return table.update((row) => want.has(String(row[table.key!]).toUpperCase()), { [`${p}iptal`]: true, [`${p}lastup_date`]: at });
}
