/**
 * The session every console statement runs in (issue 12 §5): the console only reads, and it must
 * never block an ERP user. Each batch the console sends to Mikro starts with
 *
 *   SET LOCK_TIMEOUT <ms>; SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;
 *
 * - READ UNCOMMITTED: a SELECT takes no shared locks, so it cannot block the ERP's writers (and is
 *   not blocked by them). The price is that a report may see a row an ERP user is still writing;
 *   for looking at data that is the right trade (the same as WITH (NOLOCK) on every table).
 * - LOCK_TIMEOUT: the locks that remain (schema stability, while an index is rebuilt or a column
 *   added) are waited for at most this long, then SQL Server ends the statement with error 1222.
 *
 * Sent in the same batch as the statement, not once per connection: a pooled connection is reset
 * (sp_reset_connection) between uses and the settings must hold for every statement, whichever
 * connection it gets. Inside sp_executesql (statements with parameters) they hold for that call.
 * The user's statement itself still passes the guard on its own; the prelude is ours, constant.
 */

/** How long a console statement may wait for a lock before SQL Server stops it (error 1222). */
export const MIKRO_LOCK_TIMEOUT_MS = 5_000;

/** The SQL that starts every batch; `ms` is bounded to 1 ms … 60 s. */
export function sessionPrelude(lockTimeoutMs: number = MIKRO_LOCK_TIMEOUT_MS): string {
  const ms = Math.min(60_000, Math.max(1, Math.floor(Number.isFinite(lockTimeoutMs) ? lockTimeoutMs : MIKRO_LOCK_TIMEOUT_MS)));
  return `SET LOCK_TIMEOUT ${ms}; SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;\n`;
}

/** The batch actually sent: the prelude, then the (already guarded) statement. */
export function withSessionSettings(statement: string, lockTimeoutMs?: number): string {
  return sessionPrelude(lockTimeoutMs) + statement;
}
