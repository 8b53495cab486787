/**
 * What Mikro operations need from their caller, and the small helpers they share: who acts (for
 * the audit log), how to resolve the password reference, and a "never throws" audit write.
 */
import type { Kysely } from 'kysely';
import type { AuditWriter } from '../audit/audit-types.js';
import type { AppSchema } from '../db/schema.js';
import { resolveSecretValue, type ResolveContext } from '../secrets/secret-ref.js';
import type { PasswordProvider } from './mikro-connection.js';
import type { MikroSettings } from './mikro-config.js';

export interface MikroCallContext {
  /** OS user@host (and the door), as in CallContext.actor. */
  actor: string;
  /** Where audit rows go; omitted in tests that do not look at the audit log. */
  audit?: AuditWriter | null;
}

/** What the outbox and the push guard need of a database: its query builder (a transaction's works too). */
export interface OutboxDb {
  readonly kysely: Kysely<AppSchema>;
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

export { safeAudit } from '../audit/safe-audit.js';
