/**
 * Read-only query console (R-MIKRO-10): the SQL Board's query box and `optiplan360 mikro query`.
 * The same client, so the same guard: a refusal is E_MIKRO_READ_ONLY with the guard's reasonCode
 * (in `details[0].message` and `friendly.reason`) and nothing is sent. Results are bounded
 * (default 200 rows, `truncated` tells the user there was more). Every run is audited as
 * MIKRO_SQL_QUERY with the statement, the row count and the outcome; never a password.
 */
import { isAppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import type { AuditResult } from '../audit/audit-types.js';
import { DEFAULT_MAX_ROWS, MAX_ROWS_LIMIT, type MikroClient, type MikroColumn } from './mikro-connection.js';
import { mikroError } from './friendly-errors.js';
import { mikroTarget, safeAudit, type MikroCallContext } from './mikro-context.js';

export { toCsv, csvCell, type CsvOptions, type CsvColumn } from '../../../shared/csv.js';

export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;
/** Statements longer than this are refused: the console is for hand-written queries. */
export const MAX_SQL_LENGTH = 100_000;
const AUDIT_SQL_LENGTH = 8_000;

export interface ConsoleQueryOptions {
  maxRows?: number;
  timeoutMs?: number;
  /** The admin's Cancel button. */
  signal?: AbortSignal;
}

export interface ConsoleQueryResult {
  columns: MikroColumn[];
  rows: unknown[][];
  row_count: number;
  truncated: boolean;
  duration_ms: number;
}

export interface QueryConsoleContext extends MikroCallContext {
  client: MikroClient;
}

export async function runMikroQuery(sqlText: string, opts: ConsoleQueryOptions = {}, ctx: QueryConsoleContext): Promise<ConsoleQueryResult> {
  const maxRows = Math.min(Math.max(1, Math.floor(opts.maxRows ?? DEFAULT_MAX_ROWS)), MAX_ROWS_LIMIT);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const text = typeof sqlText === 'string' ? sqlText : '';
  const target = mikroTarget(ctx.client.settings);
  const auditSql = () => {
    const masked = ctx.client.mask(text);
    return masked.length > AUDIT_SQL_LENGTH ? `${masked.slice(0, AUDIT_SQL_LENGTH)}… (${masked.length} chars)` : masked;
  };
  const record = (result: AuditResult, detail: string, extra: Record<string, unknown>) =>
    safeAudit(ctx.audit, {
      action: 'MIKRO_SQL_QUERY',
      target,
      result,
      actor: ctx.actor,
      detail,
      new_value: { sql: auditSql(), max_rows: maxRows, ...extra },
    });

  try {
    if (text.length > MAX_SQL_LENGTH) {
      throw mikroError('query_too_long', `${text.length} characters`, {}, { max: MAX_SQL_LENGTH }, [{ path: 'sql', message: msg('fields.sql') }]);
    }
    const r = await ctx.client.query(text, undefined, { maxRows, timeoutMs, actor: ctx.actor, ...(opts.signal ? { signal: opts.signal } : {}) });
    const result: ConsoleQueryResult = { columns: r.columns, rows: r.rows, row_count: r.row_count, truncated: r.truncated, duration_ms: r.duration_ms };
    await record('success', `rows=${r.row_count}${r.truncated ? ' (truncated)' : ''} duration_ms=${r.duration_ms}`, {
      row_count: r.row_count,
      truncated: r.truncated,
      duration_ms: r.duration_ms,
    });
    return result;
  } catch (err) {
    const e = ctx.client.toError(err);
    const blocked = isAppError(e) && e.code === 'E_MIKRO_READ_ONLY';
    await record(blocked ? 'blocked' : 'failure', `${e.code}${e.friendly.reason ? ` [${e.friendly.reason}]` : ''}: ${e.friendly.technical_detail}`, {
      row_count: 0,
      code: e.code,
      ...(blocked ? { reason_code: e.friendly.reason } : {}),
    });
    throw e;
  }
}
