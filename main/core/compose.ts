/**
 * The core's services, composed once in dependency order with explicit arguments: each service
 * gets exactly what it uses, and nothing is handed a half-built core. The Core (core.ts) is the
 * facade the doors hold; it is passed to no service and no handler.
 *
 *   events → jobs → audit log → audit recorder → migrations → config → secrets → mikro →
 *   whatsapp → backup → fleet → health (+ probes) → diagnostics → support → handlers → dispatcher
 */
import type { Logger } from 'pino';
import type { AppError } from '../../shared/errors.js';
import { Dispatcher } from './api/dispatch.js';
import { buildHandlers } from './api/handlers.js';
import { AuditRecorder } from './audit-recorder.js';
import { auditAnchors } from './audit/audit-anchor.js';
import { AuditKeyring, auditKeyRef } from './audit/audit-key.js';
import { AuditLog } from './audit/audit-log.js';
import { OwnerMigrationRunner } from './audit/pg-roles.js';
import { defaultBackupConfig } from './backup/backup-config.js';
import { BackupController } from './backup/backup-controller.js';
import { BackupService } from './backup/index.js';
import { ConfigService } from './config/config-service.js';
import type { SystemConfig } from './config/system-config.js';
import type { AppDatabase } from './db/app-database.js';
import type { DatabaseSpec } from './db/database-url.js';
import { DiagnosticsService } from './diagnostics/diagnostics-service.js';
import type { Environment } from './environment.js';
import { HealthService } from './health/health-service.js';
import { SettingsFingerprint } from './health/settings-fingerprint.js';
import { EventBus } from './jobs/event-bus.js';
import { consoleName, osUser } from './fleet/console-name.js';
import { FleetService, silentAfterFromEnv } from './fleet/fleet-service.js';
import { SupportService } from './support/support-service.js';
import { JobRegistry } from './jobs/job-registry.js';
import { MIGRATIONS } from './migrations/index.js';
import { MigrationService } from './migrations/migration-service.js';
import { MigrationRunner } from './migrations/runner.js';
import { MikroService } from './mikro/mikro-service.js';
import type { AppPaths } from './paths.js';
import type { SecretStore } from './secrets/secret-store.js';
import { SecretsService } from './secrets/secrets-service.js';
import { WhatsappService } from './whatsapp/whatsapp-service.js';

/** What opening the core found out before any service exists (Core.open). */
export interface CoreSetup {
  paths: AppPaths;
  environment: Environment;
  /** null when system_config.json could not be read (setupError says why). */
  system: SystemConfig | null;
  setupError: AppError | null;
  db: AppDatabase;
  /** null when the database could not be configured: no backups then. */
  spec: DatabaseSpec | null;
  logger: Logger;
  /** The keychain; null = none available (ENV: references still work). */
  secretStore: SecretStore | null;
  env: NodeJS.ProcessEnv;
  version: string;
  /** How often auto-migrate retries while the database is unreachable. */
  migrateRetryMs: number;
  /** The table owner's connection for migrations (database.migration_url); absent/null: the app login migrates. */
  migrationDb?: AppDatabase | null;
}

export interface CoreServices {
  /** The contract's events (job.*, health.sample), for the IPC relay and the SSE stream. */
  events: EventBus;
  jobs: JobRegistry;
  /** The hash-chained log itself (append, verify). */
  audit: AuditLog;
  /** The safe `record` every service audits through: a failed write never hides an outcome. */
  recorder: AuditRecorder;
  migrations: MigrationRunner;
  /** Audited migrations and auto-migrate. */
  migrator: MigrationService;
  config: ConfigService;
  secrets: SecretsService;
  mikro: MikroService;
  whatsapp: WhatsappService;
  /** null when the database could not be configured. */
  backup: BackupController | null;
  health: HealthService;
  diagnostics: DiagnosticsService;
  /** This console's row in the fleet (shared PostgreSQL only). */
  fleet: FleetService;
  support: SupportService;
  dispatcher: Dispatcher;
}

export function composeCore(setup: CoreSetup): CoreServices {
  const { paths, environment, system, setupError, db, spec, logger, secretStore, env, version } = setup;

  const events = new EventBus({ onListenerError: (err) => logger.warn({ err }, 'an event listener failed') });
  const jobs = new JobRegistry(events);
  // The chain's HMAC key lives outside the database; the anchors too (backup manifests, reports).
  const audit = new AuditLog(db, {
    key: new AuditKeyring(auditKeyRef(system), { env, store: () => secretStore }),
    anchors: () => auditAnchors(db, [paths.backupDir]),
  });
  const recorder = new AuditRecorder(audit, logger);
  // Migrations as the table owner when one is configured; the app login then gets its grants (pg-roles.ts).
  const migrations = setup.migrationDb ? new OwnerMigrationRunner(setup.migrationDb, db, MIGRATIONS) : new MigrationRunner(db, MIGRATIONS);
  const migrator = new MigrationService({
    runner: migrations,
    audit: recorder,
    logger,
    autoMigrate: system?.database.auto_migrate_on_startup ?? true,
    unconfigured: setupError !== null,
    retryMs: setup.migrateRetryMs,
  });

  const config = new ConfigService(paths.configDir, recorder, () => secretStore);
  // The log itself: setting a secret also teaches it the value to scrub from free text.
  const secrets = new SecretsService(secretStore, config, audit, env);
  // health is made later; a finished sync makes it re-read the Mikro component (the last sync per table).
  let forgetMikroHealth = (): void => undefined;
  const mikro = new MikroService({ config, db, audit: recorder, store: secretStore, env, environment, jobs, onSyncFinished: () => forgetMikroHealth() });
  const whatsapp = new WhatsappService({ configDir: paths.configDir, env, store: secretStore, audit: recorder, db });
  const backup = spec
    ? new BackupController(
        new BackupService({ db, spec, backupDir: paths.backupDir, config: defaultBackupConfig(), audit: recorder, version, env, secrets: { env, store: secretStore }, logger }),
        paths.configDir,
        jobs,
      )
    : null;

  // The fleet row: written after health checks and diagnostics runs, never part of their outcome.
  const fleet = new FleetService({ db, name: consoleName(env), user: osUser(env), version, logger, silentAfterSeconds: silentAfterFromEnv(env) });

  // Re-read when the config or data folder reports a change (or every 2 s): /health stats nothing in between.
  const settingsKey = new SettingsFingerprint(paths.configDir, paths.dataDir);
  const health = new HealthService({
    db,
    migrations,
    pingTimeoutMs: (system?.database.ping_timeout_seconds ?? 3) * 1000,
    version,
    setupError: () => setupError,
    // External probes are cached 30 s unless the settings or secrets they read changed.
    cacheKey: () => settingsKey.current(),
    onClose: () => settingsKey.close(),
    onSample: (sample, report) => {
      const c = report.components;
      events.emit('health.sample', { ...sample, components: { database: c.database.status, mikro: c.mikro.status, whatsapp: c.whatsapp.status, backup: c.backup.status } });
      void fleet.noteHealth(report.status);
    },
  });
  health.setProbe('mikro', mikro.healthProbe());
  forgetMikroHealth = () => health.forget('mikro');
  health.setProbe('whatsapp', whatsapp.healthProbe());
  if (backup) health.setProbe('backup', backup.healthProbe(), { needsDatabase: true, disabled: () => backup.disabled() });
  // A run or verify of this process shows in the next /health, not after the probe's cache time.
  backup?.onRecorded(() => health.forget('backup'));

  const diagnostics = new DiagnosticsService({
    db,
    migrations,
    health,
    audit: recorder,
    config,
    secretStore,
    env,
    environment,
    paths,
    version,
    autoMigrate: () => migrator.autoMigrate,
    whatsapp,
    backup,
  });

  const support = new SupportService({
    version,
    paths,
    engine: db.engine,
    env,
    config,
    secretStore,
    consoleName: () => fleet.name,
    record: (entry) => recorder.record(entry),
    parts: {
      health: () => health.check(),
      migrations: () => migrator.status(),
      backups: () => (backup ? backup.list(50, 0) : Promise.reject(setupError ?? new Error('no backup'))),
      audit_verify: () => audit.verify(),
      mikro_statements: async () => mikro.statementLog(100),
      latest_diagnostics: async () => {
        const [newest] = await diagnostics.list(1, 0);
        return newest ? diagnostics.get(newest.id) : null;
      },
    },
  });

  const handlers = buildHandlers({
    version,
    environment,
    paths,
    db,
    setupError,
    health,
    migrations: migrator,
    jobs,
    config,
    secrets,
    secretStore,
    audit: recorder,
    backup,
    mikro,
    whatsapp,
    diagnostics,
    fleet,
    support,
  });
  const dispatcher = new Dispatcher(handlers, logger, jobs);

  return { events, jobs, audit, recorder, migrations, migrator, config, secrets, mikro, whatsapp, backup, health, diagnostics, fleet, support, dispatcher };
}
