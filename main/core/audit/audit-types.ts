/** What callers hand the audit log (R-AUDIT-1). Values are redacted by the log before writing. */
export type AuditResult = 'success' | 'failure' | 'blocked' | 'info';

export interface AuditEntryInput {
  /** Upper-snake action name, e.g. MIKRO_CONNECTION_TEST, MIGRATION_RUN, SECRET_SET. */
  action: string;
  /** What was acted on: a file, a secret name, an integration, a migration version. */
  target: string;
  result: AuditResult;
  /** Who and through which door: `user@host via ipc|http|cli|schedule` (Core.actorFor / Core.context(door).actor). */
  actor: string;
  detail?: string | null;
  old_value?: unknown;
  new_value?: unknown;
}

export interface AuditWriter {
  record(entry: AuditEntryInput): Promise<void>;
}
