import type { AuditEntryInput, AuditWriter } from './audit-types.js';

/**
 * The one audit policy, for every place that records (Core.record, migrations, backups, Mikro,
 * WhatsApp):
 *  - an audit row is written once the outcome of the action it records is known (after the
 *    commit, the answer, the refusal), never before, so it cannot claim what did not happen;
 *  - an audit write never hides that outcome: a failed write does not turn a finished action
 *    into an error, nor an error into something else (the push guard in particular must answer
 *    even when the app database is down). The failure is returned for the caller to log or
 *    surface, never thrown.
 */
export async function safeAudit(audit: AuditWriter | null | undefined, entry: AuditEntryInput): Promise<string | null> {
  if (!audit) return null;
  try {
    await audit.record(entry);
    return null;
  } catch (err) {
    return (err as Error)?.message ?? String(err);
  }
}
