/**
 * The console's core, shared by the three doors (Electron IPC, HTTP `serve`, CLI). It never
 * imports electron. Opening it never fails because a dependency is down: a broken config or an
 * unreachable database becomes what health reports, since showing that is the console's job.
 *
 * The Core is the facade the doors hold: `open` reads the setup, `composeCore` (compose.ts)
 * builds the services in dependency order, and the Core only holds them. It is handed to no
 * service and no handler.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Logger } from 'pino';
import type { OpInput, OpName, OpOutput } from '../../shared/contract.js';
import { AppError, isAppError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/format.js';
import type { CallContext, Dispatcher, Door } from './api/dispatch.js';
import type { AuditRecorder } from './audit-recorder.js';
import type { AuditLog } from './audit/audit-log.js';
import type { AuditEntryInput } from './audit/audit-types.js';
import type { BackupController } from './backup/backup-controller.js';
import { composeCore, type CoreServices, type CoreSetup } from './compose.js';
import { defaultTemplatesDir, loadConfigFile, seedConfigDir } from './config/config-files.js';
import type { ConfigService } from './config/config-service.js';
import { SystemConfigSchema, type SystemConfig } from './config/system-config.js';
import { openAppDatabase, unconfiguredDatabase, type AppDatabase } from './db/app-database.js';
import { chooseDatabase, type DatabaseSpec } from './db/database-url.js';
import type { DiagnosticsService } from './diagnostics/diagnostics-service.js';
import { resolveEnvironment, type Environment } from './environment.js';
import type { HealthService } from './health/health-service.js';
import type { EventBus } from './jobs/event-bus.js';
import type { FleetService } from './fleet/fleet-service.js';
import type { SupportService } from './support/support-service.js';
import { silentLogger } from './logging/logger.js';
import { defaultRetention, startRetention } from './retention/retention.js';
import type { AutoMigrateState, MigrateUpResult, MigrationService } from './migrations/migration-service.js';
import type { MigrationRunner } from './migrations/runner.js';
import type { MikroService } from './mikro/mikro-service.js';
import { migrationSpec } from './audit/pg-roles.js';
import { resolvePaths, type AppPaths } from './paths.js';
import { productVersion } from './product.js';
import { resolveSecretValue } from './secrets/secret-ref.js';
import type { SecretStore } from './secrets/secret-store.js';
import type { SecretsService } from './secrets/secrets-service.js';
import type { WhatsappService } from './whatsapp/whatsapp-service.js';

export type { AutoMigrateState } from './migrations/migration-service.js';

export interface CoreOptions {
  dataDir?: string | undefined;
  configDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
  templatesDir?: string;
  logger?: Logger;
  /** The keychain; null = none available (ENV: references still work). */
  secretStore?: SecretStore | null;
  /** How often auto-migrate retries while the database is unreachable. */
  migrateRetryMs?: number;
}

/** The doors an action can come through, plus the daily schedule (which is no caller's). */
export type ActorDoor = Door | 'schedule';

export class Core {
  readonly dispatcher: Dispatcher;
  /** The contract's events (job.*, health.sample), for the IPC relay and the SSE stream. */
  readonly events: EventBus;
  readonly health: HealthService;
  readonly migrations: MigrationRunner;
  readonly audit: AuditLog;
  readonly config: ConfigService;
  readonly secrets: SecretsService;
  readonly mikro: MikroService;
  readonly whatsapp: WhatsappService;
  readonly diagnostics: DiagnosticsService;
  /** This console in the fleet (issue 18; shared PostgreSQL only). */
  readonly fleet: FleetService;
  readonly support: SupportService;
  /** null when the database could not be configured (setupError says why). */
  readonly backup: BackupController | null;
  readonly paths: AppPaths;
  readonly environment: Environment;
  readonly system: SystemConfig | null;
  readonly setupError: AppError | null;
  readonly db: AppDatabase;
  readonly logger: Logger;
  readonly secretStore: SecretStore | null;
  readonly version: string;
  private readonly recorder: AuditRecorder;
  /** The table owner's connection for migrations (database.migration_url); null: the app login migrates. */
  private readonly migrationDb: AppDatabase | null;
  private readonly migrator: MigrationService;
  private stopRetention: (() => void) | null = null;

  private constructor(setup: CoreSetup, services: CoreServices) {
    this.migrationDb = setup.migrationDb ?? null;
    ({ paths: this.paths, environment: this.environment, system: this.system, setupError: this.setupError, db: this.db, logger: this.logger, secretStore: this.secretStore, version: this.version } = setup);
    ({
      dispatcher: this.dispatcher,
      events: this.events,
      health: this.health,
      migrations: this.migrations,
      audit: this.audit,
      config: this.config,
      secrets: this.secrets,
      mikro: this.mikro,
      whatsapp: this.whatsapp,
      diagnostics: this.diagnostics,
      fleet: this.fleet,
      support: this.support,
      backup: this.backup,
      recorder: this.recorder,
      migrator: this.migrator,
    } = services);
  }

  static async open(opts: CoreOptions = {}): Promise<Core> {
    const env = opts.env ?? process.env;
    const paths = resolvePaths({ dataDir: opts.dataDir, configDir: opts.configDir, env });
    fs.mkdirSync(paths.dataDir, { recursive: true });
    seedConfigDir(paths.configDir, opts.templatesDir ?? defaultTemplatesDir());
    const logger = opts.logger ?? silentLogger();
    const secretStore = opts.secretStore ?? null;

    let system: SystemConfig | null = null;
    let setupError: AppError | null = null;
    let db: AppDatabase;
    let spec: DatabaseSpec | null = null;
    let migrationDb: AppDatabase | null = null;
    try {
      system = loadConfigFile(paths.configDir, 'system_config.json', SystemConfigSchema).value;
      const password = await resolveSecretValue(system.database.password, 'system_config.json database.password', { env, store: secretStore });
      spec = chooseDatabase({
        envUrl: env.DATABASE_URL,
        configUrl: system.database.url,
        password,
        defaultSqliteFile: paths.defaultSqliteFile,
        baseDir: paths.dataDir,
      });
      // The table owner for migrations, when configured (PostgreSQL): the app login then may only INSERT/SELECT the audit log.
      const owner = spec.engine === 'postgres' ? await migrationSpec(system.database, env, { env, store: secretStore }, paths.dataDir) : null;
      db = openAppDatabase(spec, { connectTimeoutMs: system.database.ping_timeout_seconds * 1000, backupDir: paths.backupDir });
      migrationDb = owner ? openAppDatabase(owner, { connectTimeoutMs: system.database.ping_timeout_seconds * 1000 }) : null;
    } catch (err) {
      setupError = isAppError(err) ? err : new AppError('E_CONFIG_INVALID', String(err));
      const engine = /^postgres/i.test(env.DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
      db = unconfiguredDatabase(setupError, engine);
      logger.error({ code: setupError.code }, `database not configured: ${setupError.message}`);
    }
    const environment = resolveEnvironment(env.OPTIPLAN_ENV, system?.environment);
    const setup: CoreSetup = { paths, environment, system, setupError, db, migrationDb, spec, logger, secretStore, env, version: productVersion(), migrateRetryMs: opts.migrateRetryMs ?? 5_000 };
    return new Core(setup, composeCore(setup));
  }

  /** The console's configured language (system_config.json `language`), for callers that name none. */
  get language(): Lang {
    return this.system?.language ?? 'tr';
  }

  /** Call an operation as a door would (typed input; doors with raw JSON call `dispatcher.invoke`). */
  invoke<N extends OpName>(name: N, input: OpInput<N>, ctx: CallContext): Promise<OpOutput<N>> {
    return this.dispatcher.invoke(name, input, ctx);
  }

  /** Auto-migrate's state (R-MIG-4): health and diagnostics show a failed one. */
  get autoMigrate(): AutoMigrateState {
    return this.migrator.autoMigrate;
  }

  /**
   * Audit an action without letting an audit failure hide the action's own outcome (the
   * database may be the thing that is down); the failure is logged instead.
   */
  record(entry: AuditEntryInput): Promise<void> {
    return this.recorder.record(entry);
  }

  /** Apply pending migrations and audit the run (R-MIG-5), whoever asked. */
  migrateUp(actor: string): Promise<MigrateUpResult> {
    return this.migrator.up(actor);
  }

  /** The context for calls made by this process on behalf of its user, through `door`. */
  context(door: Door): CallContext {
    return { door, actor: this.actorFor(door) };
  }

  /**
   * Who acts, for the audit log: the OS user, the machine and the door the action came through
   * (`ayse@ATOLYE-PC via ipc|http|cli|schedule`); the daily backup says `schedule`.
   */
  actorFor(door: ActorDoor): string {
    return `${safeUser()}@${os.hostname()} via ${door}`;
  }

  /**
   * Honour `auto_migrate_on_startup` (R-MIG-4): retry while the database is unreachable, then
   * apply once; a failing migration stops the retries.
   */
  startAutoMigrate(): Promise<AutoMigrateState> {
    return this.migrator.startAuto(this.actorFor('cli'));
  }

  /** What the long-running doors (app, serve) start: auto-migrate and the daily backup schedule. */
  async startBackground(): Promise<void> {
    await this.startAutoMigrate();
    // The fleet row and its heartbeat (after migrating: the table comes with 0007). Never fails the start.
    await this.fleet.start();
    // Retention of what the console produces itself (diagnostics runs, resolved errors, job records).
    this.stopRetention ??= startRetention(this.db, () => this.system?.retention ?? defaultRetention(), (err) => this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'retention failed'));
    void this.backup?.startSchedule(this.actorFor('schedule'), (err) =>
      this.logger.error({ code: isAppError(err) ? err.code : undefined }, `scheduled backup: ${err instanceof Error ? err.message : String(err)}`),
    );
    // The outbox processor (P1: Mikro pushes end FAILED E_MIKRO_READ_ONLY, so the queue cannot grow silently).
    this.mikro.startOutboxProcessor(this.actorFor('schedule'), (err) =>
      this.logger.error({ code: isAppError(err) ? err.code : undefined }, `outbox: ${err instanceof Error ? err.message : String(err)}`),
    );
    // The Mikro PULL sync every sync.interval_minutes (off while Mikro is off or not set up).
    this.mikro.pull.startSchedule(this.actorFor('schedule'), (err) =>
      this.logger.error({ code: isAppError(err) ? err.code : undefined }, `mikro sync: ${err instanceof Error ? err.message : String(err)}`),
    );
    // The WhatsApp outbox processor: sends queued notifications at the shared rate_limits pace.
    this.whatsapp.startOutboxProcessor((err) =>
      this.logger.error({ code: isAppError(err) ? err.code : undefined }, `whatsapp outbox: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  async close(): Promise<void> {
    this.migrator.stop();
    this.fleet.stop();
    this.stopRetention?.();
    this.backup?.stop();
    this.health.close();
    await this.mikro.close();
    await this.whatsapp.close();
    await this.db.close();
    await this.migrationDb?.close();
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
