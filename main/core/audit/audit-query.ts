/** Reading the audit log: filters, paging, CSV export (R-AUDIT-3). */
import type { SelectQueryBuilder } from 'kysely';
import type { AuditEntry, AuditFilter, AuditPage } from '../../../shared/audit.js';
import type { AppDatabase } from '../db/app-database.js';
import type { AppSchema } from '../db/schema.js';
import { toCsv } from '../../../shared/csv.js';

const COLUMNS = ['id', 'ts', 'actor', 'action', 'target', 'result', 'detail', 'old_value', 'new_value', 'hash'] as const;

function filtered(db: AppDatabase, f: AuditFilter): SelectQueryBuilder<AppSchema, 'audit_log', object> {
  let q = db.kysely.selectFrom('audit_log');
  if (f.action) q = q.where('action', '=', f.action);
  if (f.result) q = q.where('result', '=', f.result);
  // Stored times are ISO UTC text, so normalising the bounds to UTC makes text order = time order.
  if (f.from) q = q.where('ts', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('ts', '<=', new Date(f.to).toISOString());
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('target', 'like', like), eb('detail', 'like', like)]));
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

/** Every matching row, oldest first, as CSV (UTF-8 with BOM for Excel). */
export async function exportAuditCsv(db: AppDatabase, f: AuditFilter): Promise<{ csv: string; rows: number }> {
  const rows = await filtered(db, f).select(COLUMNS).orderBy('id', 'asc').limit(100_000).execute();
  return { csv: toCsv([...COLUMNS], rows.map((r) => COLUMNS.map((c) => r[c])), f.delimiter ? { delimiter: f.delimiter } : {}), rows: rows.length };
}
