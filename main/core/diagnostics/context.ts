/**
 * What the checks see of the application, as narrow interfaces so tests can pass fakes; the
 * DiagnosticsService builds it from its own explicit deps (`DiagnosticsService.context`).
 * Integrations that live in other modules (WhatsApp, backups) plug in as check sources returning
 * the shared check shape. This file imports no check: the checks import it.
 */
import type { Check } from '../../../shared/checks.js';
import type { CheckCategory } from '../../../shared/diagnostics.js';
import type { HealthReport } from '../../../shared/health.js';
import type { MigrationStatus } from '../../../shared/migrations.js';
import type { AuditVerifyResult, VerifyOptions } from '../audit/audit-log.js';
import type { AuditWriter } from '../audit/audit-types.js';
import type { ConfigService } from '../config/config-service.js';
import type { AppDatabase } from '../db/app-database.js';
import type { Environment } from '../environment.js';
import type { SecretStore } from '../secrets/secret-store.js';

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

/** The older backend's queue thresholds (checks/queues.ts holds the defaults). */
export interface QueueThresholds {
  /** outbox FAILED: 0 PASS, 1..outboxFailedWarnMax WARN, more FAIL. */
  outboxFailedWarnMax: number;
  /** unresolved integration errors: ≤ PassMax PASS, ≤ WarnMax WARN, more FAIL. */
  unresolvedPassMax: number;
  unresolvedWarnMax: number;
  /** outbox QUEUED and inbox QUEUED, each. */
  backlogMax: number;
  /** Age of the last successful sync: ≤ pass PASS, ≤ warn WARN, older FAIL. */
  syncPassHours: number;
  syncWarnHours: number;
}

export interface DiagnosticsContext {
  db: AppDatabase;
  migrations: { head: string; status(): Promise<MigrationStatus> };
  health: { check(): Promise<HealthReport> };
  audit: AuditWriter & { verify(opts?: VerifyOptions): Promise<AuditVerifyResult> };
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
  /** false = leave the Mikro checks out (a build without Mikro). Default: included. */
  mikro?: boolean;
  /** WhatsApp, backup, … check sources. */
  integrations?: IntegrationCheckSource[];
  thresholds?: Partial<QueueThresholds>;
  now?: () => Date;
}
