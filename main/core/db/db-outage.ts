/**
 * Whether an unexpected error from an operation that uses the app database is the database
 * being out of reach (refused, reset, timed out, shut down, the file gone) rather than a bug.
 * The dispatcher turns these into E_DB_UNAVAILABLE (HTTP 503, "retry when it is back") instead
 * of E_INTERNAL (500, "a bug, see the log"): a PostgreSQL restart is not a defect of the console.
 */
import { AppError } from '../../../shared/errors.js';

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);
/** PostgreSQL SQLSTATEs: class 08 (connection exception), admin/crash shutdown, cannot connect now, too many connections. */
const PG_OUTAGE = /^(08...|57P01|57P02|57P03|53300)$/;
const SQLITE_OUTAGE = /^SQLITE_(CANTOPEN|IOERR|NOTADB|FULL|READONLY)/;
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|Query read timeout/i;

function codes(err: unknown, depth = 0): string[] {
  if (!err || typeof err !== 'object' || depth > 3) return [];
  const e = err as { code?: unknown; errors?: unknown; cause?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  const inner = Array.isArray(e.errors) ? e.errors.flatMap((x) => codes(x, depth + 1)) : [];
  return [...own, ...inner, ...codes(e.cause, depth + 1)];
}

export function isDatabaseOutage(err: unknown): boolean {
  if (codes(err).some((c) => SOCKET_CODES.has(c) || PG_OUTAGE.test(c) || SQLITE_OUTAGE.test(c))) return true;
  return err instanceof Error && PG_MESSAGES.test(err.message);
}

/** E_DB_UNAVAILABLE with the driver's words as technical detail (they never hold the password). */
export function outageError(err: unknown): AppError {
  const e = err as { code?: string; message?: string };
  const text = e?.message ?? String(err);
  return new AppError('E_DB_UNAVAILABLE', undefined, [], { cause: err, technical_detail: e?.code ? `${text} (${e.code})` : text });
}
