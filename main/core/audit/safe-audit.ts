import type { AuditEntryInput, AuditWriter } from './audit-types.js';

/**
 * Write an audit row without letting an audit failure turn a finished action into an error (the
 * push guard in particular must answer even when the app database is down). The failure is
 * returned for the caller to surface, never thrown.
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
