/**
 * What Mikro operations need from their caller, and the small helpers they share: who acts (for
 * the audit log), how to resolve the password reference, and a "never throws" audit write.
 */
import type { AuditEntryInput, AuditWriter } from '../audit/audit-types.js';
import { resolveSecretValue, type ResolveContext } from '../secrets/secret-ref.js';
import type { PasswordProvider } from './mikro-connection.js';
import type { MikroSettings } from './mikro-config.js';

export interface MikroCallContext {
  /** OS user@host (and the door), as in CallContext.actor. */
  actor: string;
  /** Where audit rows go; omitted in tests that do not look at the audit log. */
  audit?: AuditWriter | null;
}

export interface MikroSecretsContext extends MikroCallContext {
  secrets: ResolveContext;
}

/** The stored reference → a provider the client calls when it first connects. */
export function passwordFromRef(ref: string | null | undefined, secrets: ResolveContext): PasswordProvider {
  return () => resolveSecretValue(ref ?? null, 'mikro_connection.password', secrets);
}

/** Where the connection points, safe to show and audit (no user, no password). */
export function mikroTarget(s: Pick<MikroSettings, 'host' | 'port' | 'instance' | 'database'>): string {
  const host = s.host?.trim() || '(no host)';
  const server = s.instance?.trim() ? `${host}\\${s.instance.trim()}` : `${host}:${s.port}`;
  return `mssql://${server}/${s.database?.trim() || '(no database)'}`;
}

/**
 * Audit failures must not turn a finished operation into an error (the push guard in
 * particular has to answer even when the app database is down). They are reported back
 * so the caller can surface them, never thrown.
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
