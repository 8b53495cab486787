/** Reading the audit log: filters, paging, CSV export (R-AUDIT-3). */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { AuditEntry, AuditFilter, AuditPage } from '../../../shared/audit.js';
import type { AppDatabase } from '../db/app-database.js';
import type { AppSchema } from '../db/schema.js';
import { csvCell, toCsv, type CsvOptions } from '../../../shared/csv.js';

const COLUMNS = ['id', 'ts', 'actor', 'action', 'target', 'result', 'detail', 'old_value', 'new_value', 'hash'] as const;

/** What an export held in memory (the UI's and HTTP's `audit.export`) carries at most: the newest rows. */
export const EXPORT_IN_MEMORY_MAX_ROWS = 100_000;
/** Rows read per query while streaming: keyset pages on the primary key, so each is an index range. */
const STREAM_PAGE = 5_000;

/** `%`, `_` and `\` in the search text are literal; SQLite's LIKE has no escape character unless told. */
function likeEscaped(column: 'target' | 'detail', like: string) {
  return sql<boolean>`${sql.ref(column)} like ${like} escape '\\'`;
}

function filtered(db: AppDatabase, f: AuditFilter): SelectQueryBuilder<AppSchema, 'audit_log', object> {
  let q = db.kysely.selectFrom('audit_log');
  if (f.action) q = q.where('action', '=', f.action);
  if (f.result) q = q.where('result', '=', f.result);
  // Stored times are ISO UTC text, so normalising the bounds to UTC makes text order = time order.
  if (f.from) q = q.where('ts', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('ts', '<=', new Date(f.to).toISOString());
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([likeEscaped('target', like), likeEscaped('detail', like)]));
  }
  return q;
}

export async function listAudit(db: AppDatabase, f: AuditFilter & { limit: number; offset: number }): Promise<AuditPage> {
  const [rows, count, actions] = await Promise.all([
    filtered(db, f).select(COLUMNS).orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
    filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.kysely.selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
  ]);
  return { rows: rows as AuditEntry[], total: Number(count.n), actions: actions.map((a) => a.action) };
}

export interface ExportSummary {
  /** Rows written. */
  rows: number;
  /** Rows matching the filter. */
  total: number;
  /** True when a cap left the oldest `total - rows` rows out. */
  truncated: boolean;
}

/**
 * Matching rows as CSV, held in memory: at most `maxRows` (default EXPORT_IN_MEMORY_MAX_ROWS),
 * and when the cap bites it keeps the NEWEST rows and says so (`truncated`, `total`). The CLI
 * streams everything instead (streamAuditCsv).
 */
export async function exportAuditCsv(db: AppDatabase, f: AuditFilter, opts: { maxRows?: number } = {}): Promise<{ csv: string } & ExportSummary> {
  const parts: string[] = [];
  const summary = await streamAuditCsv(db, f, (chunk) => void parts.push(chunk), { maxRows: opts.maxRows ?? EXPORT_IN_MEMORY_MAX_ROWS });
  return { csv: parts.join(''), ...summary };
}

/**
 * Every matching row, oldest first, as CSV (UTF-8 with BOM for Excel), written to `write` page by
 * page so a million rows never sit in memory. `write` may return a promise (a stream's drain)
 * to hold the reading back. `maxRows`: an explicit cap that keeps the newest rows.
 */
export async function streamAuditCsv(
  db: AppDatabase,
  f: AuditFilter,
  write: (chunk: string) => void | Promise<void>,
  opts: { maxRows?: number | undefined } = {},
): Promise<ExportSummary> {
  const csvOpts: CsvOptions = f.delimiter ? { delimiter: f.delimiter } : {};
  const total = Number((await filtered(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  let fromId = 0;
  const cap = opts.maxRows;
  if (cap !== undefined && total > cap) {
    // The cap keeps the newest: start at the cap-th newest matching id.
    const edge = await filtered(db, f).select('id').orderBy('id', 'desc').limit(1).offset(Math.max(0, cap - 1)).executeTakeFirst();
    fromId = edge ? Number(edge.id) : 0;
  }
  await write(toCsv([...COLUMNS], [], csvOpts));
  const delimiter = csvOpts.delimiter ?? ',';
  let written = 0;
  let after = fromId - 1;
  for (;;) {
    const limit = cap === undefined ? STREAM_PAGE : Math.min(STREAM_PAGE, cap - written);
    if (limit <= 0) break;
    const rows = await filtered(db, f).select(COLUMNS).where('id', '>', after).orderBy('id', 'asc').limit(limit).execute();
    if (rows.length === 0) break;
    const lines = rows.map((r) => `${COLUMNS.map((c) => csvCell(r[c], csvOpts)).join(delimiter)}\r\n`);
    await write(lines.join(''));
    written += rows.length;
    after = Number(rows[rows.length - 1]!.id);
    if (rows.length < limit) break;
  }
  return { rows: written, total, truncated: written < total };
}
