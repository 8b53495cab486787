/**
 * What diagnostics needs from the application, as narrow interfaces so tests can pass fakes and
 * the core passes itself (see `contextFromCore`). Integrations that live in other modules
 * (WhatsApp, backups) plug in as check sources returning the shared check shape.
 */
import type { Check } from '../../../shared/checks.js';
import type { CheckCategory } from '../../../shared/diagnostics.js';
import type { HealthReport } from '../../../shared/health.js';
import type { MigrationStatus } from '../../../shared/migrations.js';
import type { AuditVerifyResult } from '../audit/audit-log.js';
import type { AuditWriter } from '../audit/audit-types.js';
import type { ConfigService } from '../config/config-service.js';
import type { Core } from '../core.js';
import type { AppDatabase } from '../db/app-database.js';
import type { Environment } from '../environment.js';
import type { MikroSyncService } from '../mikro/push-guard.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { QueueThresholds } from './checks/queues.js';

/**
 * The check shape every integration module returns (shared/checks.ts): at least a name, a status
 * and a detail message; the rest is taken when present (a malformed one becomes a FAIL).
 */
export type IntegrationCheckLike = Pick<Check, 'name' | 'status' | 'detail'> & Partial<Omit<Check, 'name' | 'status' | 'detail'>>;

/**
 * A module's checks (e.g. WhatsApp config/token/templates/webhook, backup config/recency).
 * `names` are declared so a timed-out or crashed source still shows each of its checks as FAIL.
 */
export interface IntegrationCheckSource {
  category: CheckCategory;
  names: readonly string[];
  timeoutMs?: number;
  run(signal: AbortSignal): Promise<IntegrationCheckLike[]>;
}

export interface DiagnosticsContext {
  db: AppDatabase;
  migrations: { head: string; status(): Promise<MigrationStatus> };
  health: { check(): Promise<HealthReport> };
  audit: AuditWriter & { verify(): Promise<AuditVerifyResult> };
  config: Pick<ConfigService, 'configDir' | 'checkAll' | 'checkFile' | 'scan' | 'references' | 'value'>;
  /** null = no keychain on this machine. */
  secretStore: SecretStore | null;
  /** The process environment (ENV: references, the legacy MIKRO_* fallback). */
  env: NodeJS.ProcessEnv;
  environment: Environment;
  paths: { dataDir: string; configDir: string };
  version: string;
  /** Who runs diagnostics (OS user@host + door), for the stored run and audit rows. */
  actor: string;
  /** Auto-migrate state, when the caller has one: a failed auto-migrate is a FAIL. */
  autoMigrate?: () => { state: string; error?: string };
  /** The push guard to probe; default: a MikroSyncService on `db` + `audit`. */
  mikroSync?: MikroSyncService;
  /** false = leave the Mikro checks out (a build without Mikro). Default: included. */
  mikro?: boolean;
  /** WhatsApp, backup, … check sources. */
  integrations?: IntegrationCheckSource[];
  thresholds?: Partial<QueueThresholds>;
  now?: () => Date;
}

export interface FromCoreOptions {
  env: NodeJS.ProcessEnv;
  actor?: string;
  integrations?: IntegrationCheckSource[];
  mikroSync?: MikroSyncService;
}

/** The context the three doors use: everything comes from the one Core. */
export function contextFromCore(core: Core, opts: FromCoreOptions): DiagnosticsContext {
  return {
    db: core.db,
    migrations: core.migrations,
    health: core.health,
    audit: { record: (e) => core.record(e), verify: () => core.audit.verify() },
    config: core.config,
    secretStore: core.secretStore,
    env: opts.env,
    environment: core.environment,
    paths: core.paths,
    version: core.version,
    actor: opts.actor ?? core.context('cli').actor,
    autoMigrate: () => core.autoMigrate,
    ...(opts.mikroSync ? { mikroSync: opts.mikroSync } : {}),
    ...(opts.integrations ? { integrations: opts.integrations } : {}),
  };
}
