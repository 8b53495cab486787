/**
 * The console's core, shared by the three doors (Electron IPC, HTTP `serve`, CLI). It never
 * imports electron. Opening it never fails because a dependency is down: a broken config or an
 * unreachable database becomes what health reports, since showing that is the console's job.
 */
import fs from 'node:fs';
import os from 'node:os';
import type { Logger } from 'pino';
import type { OpInput, OpName, OpOutput } from '../../shared/contract.js';
import { AppError, isAppError } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n/format.js';
import { Dispatcher, type CallContext, type Door } from './api/dispatch.js';
import { buildHandlers } from './api/handlers.js';
import { AuditLog } from './audit/audit-log.js';
import type { AuditEntryInput } from './audit/audit-types.js';
import { defaultBackupConfig } from './backup/backup-config.js';
import { BackupController } from './backup/backup-controller.js';
import { BackupService } from './backup/index.js';
import { defaultTemplatesDir, loadConfigFile, seedConfigDir } from './config/config-files.js';
import { ConfigService } from './config/config-service.js';
import { SystemConfigSchema, type SystemConfig } from './config/system-config.js';
import { openAppDatabase, unconfiguredDatabase, type AppDatabase } from './db/app-database.js';
import { chooseDatabase, type DatabaseSpec } from './db/database-url.js';
import { DiagnosticsService } from './diagnostics/diagnostics-service.js';
import { resolveEnvironment, type Environment } from './environment.js';
import { HealthService } from './health/health-service.js';
import { EventBus } from './jobs/event-bus.js';
import { JobRegistry } from './jobs/job-registry.js';
import { silentLogger } from './logging/logger.js';
import { MIGRATIONS } from './migrations/index.js';
import { MigrationRunner } from './migrations/runner.js';
import { MikroService } from './mikro/mikro-service.js';
import { resolvePaths, type AppPaths } from './paths.js';
import { productVersion } from './product.js';
import { resolveSecretValue } from './secrets/secret-ref.js';
import type { SecretStore } from './secrets/secret-store.js';
import { SecretsService } from './secrets/secrets-service.js';
import { WhatsappService } from './whatsapp/whatsapp-service.js';

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

export interface AutoMigrateState {
  enabled: boolean;
  state: 'idle' | 'waiting_for_database' | 'done' | 'failed';
  error?: string;
}

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
  /** null when the database could not be configured (setupError says why). */
  readonly backup: BackupController | null;
  readonly version = productVersion();
  autoMigrate: AutoMigrateState;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    readonly paths: AppPaths,
    readonly environment: Environment,
    readonly system: SystemConfig | null,
    readonly setupError: AppError | null,
    readonly db: AppDatabase,
    readonly logger: Logger,
    readonly secretStore: SecretStore | null,
    private readonly migrateRetryMs: number,
    env: NodeJS.ProcessEnv,
    spec: DatabaseSpec | null,
  ) {
    this.events = new EventBus({ onListenerError: (err) => logger.warn({ err }, 'an event listener failed') });
    this.migrations = new MigrationRunner(db, MIGRATIONS);
    this.audit = new AuditLog(db);
    this.config = new ConfigService(paths.configDir, this, () => secretStore);
    this.secrets = new SecretsService(secretStore, this.config, this.audit, env);
    this.mikro = new MikroService({ config: this.config, db, audit: this, store: secretStore, env });
    this.health = new HealthService({
      db,
      migrations: this.migrations,
      pingTimeoutMs: (system?.database.ping_timeout_seconds ?? 3) * 1000,
      version: this.version,
      setupError: () => this.setupError,
      onSample: (sample, report) =>
        this.events.emit('health.sample', { ...sample, components: Object.fromEntries(Object.entries(report.components).map(([k, c]) => [k, c.status])) }),
    });
    this.health.setProbe('mikro', this.mikro.healthProbe());
    this.whatsapp = new WhatsappService({ configDir: paths.configDir, env, store: secretStore, audit: this });
    this.health.setProbe('whatsapp', this.whatsapp.healthProbe());
    this.backup = spec
      ? new BackupController(
          new BackupService({ db, spec, backupDir: paths.backupDir, config: defaultBackupConfig(), audit: this, version: this.version, env, secrets: { env, store: secretStore }, logger }),
          paths.configDir,
        )
      : null;
    if (this.backup) {
      const backup = this.backup;
      this.health.setProbe('backup', backup.healthProbe(), { needsDatabase: true, disabled: () => backup.disabled() });
    }
    this.diagnostics = new DiagnosticsService(this, env);
    this.autoMigrate = { enabled: system?.database.auto_migrate_on_startup ?? true, state: 'idle' };
    this.dispatcher = new Dispatcher(buildHandlers(this), logger, new JobRegistry(this.events));
    this.backup?.useJobs(this.dispatcher.jobs);
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
      db = openAppDatabase(spec, { connectTimeoutMs: system.database.ping_timeout_seconds * 1000 });
    } catch (err) {
      setupError = isAppError(err) ? err : new AppError('E_CONFIG_INVALID', String(err));
      const engine = /^postgres/i.test(env.DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
      db = unconfiguredDatabase(setupError, engine);
      logger.error({ code: setupError.code }, `database not configured: ${setupError.message}`);
    }
    const environment = resolveEnvironment(env.OPTIPLAN_ENV, system?.environment);
    return new Core(paths, environment, system, setupError, db, logger, secretStore, opts.migrateRetryMs ?? 5_000, env, spec);
  }

  /** The console's configured language (system_config.json `language`), for callers that name none. */
  get language(): Lang {
    return this.system?.language ?? 'tr';
  }

  /** Call an operation as a door would (typed input; doors with raw JSON call `dispatcher.invoke`). */
  invoke<N extends OpName>(name: N, input: OpInput<N>, ctx: CallContext): Promise<OpOutput<N>> {
    return this.dispatcher.invoke(name, input, ctx);
  }

  /**
   * Audit an action without letting an audit failure hide the action's own outcome (the
   * database may be the thing that is down); the failure is logged instead.
   */
  async record(entry: AuditEntryInput): Promise<void> {
    try {
      await this.audit.record(entry);
    } catch (err) {
      this.logger.error({ action: entry.action, code: isAppError(err) ? err.code : undefined }, 'audit row could not be written');
    }
  }

  /**
   * Apply pending migrations and audit the run (R-MIG-5), whoever asked. The audit row is
   * written once the outcome is known (after commit or rollback) and `record` never throws, so
   * it cannot turn an applied migration into an error or hide why one failed.
   */
  async migrateUp(actor: string) {
    let result: Awaited<ReturnType<MigrationRunner['up']>>;
    try {
      result = await this.migrations.up();
    } catch (err) {
      // Unreachable database: nothing ran and nothing could be written; health shows it.
      if (isAppError(err) && err.code === 'E_DB_UNAVAILABLE') throw err;
      const refused = isAppError(err) && err.code === 'E_MIGRATION_LOCKED';
      await this.record({ action: 'MIGRATION_RUN', target: `head ${this.migrations.head}`, result: refused ? 'blocked' : 'failure', actor, detail: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    await this.record({
        action: 'MIGRATION_RUN',
        target: `schema ${result.status.current ?? 'empty'}`,
        result: 'success',
        actor,
      detail: result.applied.length ? `applied ${result.applied.map((a) => `${a.version} ${a.name}`).join(', ')}` : 'already at head',
    });
    return result;
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
   * Honour `auto_migrate_on_startup` (R-MIG-4). While the database is unreachable, retry until
   * it is reachable, then apply once (R-DB-3). A failing migration stops the retries: it will
   * not fix itself, and health/diagnostics show it.
   */
  startAutoMigrate(): Promise<AutoMigrateState> {
    if (!this.autoMigrate.enabled || this.setupError) return Promise.resolve(this.autoMigrate);
    return new Promise((resolve) => {
      const attempt = async (): Promise<void> => {
        if (this.closed) return resolve(this.autoMigrate);
        try {
          const result = await this.migrateUp(this.actorFor('cli'));
          this.autoMigrate = { enabled: true, state: 'done' };
          if (result.applied.length > 0) {
            this.logger.info({ applied: result.applied.map((a) => a.version) }, 'auto-migrate applied pending migrations');
          }
          resolve(this.autoMigrate);
        } catch (err) {
          const e = isAppError(err) ? err : new AppError('E_INTERNAL', String(err));
          if (e.code === 'E_DB_UNAVAILABLE' || e.code === 'E_MIGRATION_LOCKED') {
            this.autoMigrate = { enabled: true, state: 'waiting_for_database', error: e.message };
            this.retryTimer = setTimeout(() => void attempt(), this.migrateRetryMs);
            this.retryTimer.unref();
            resolve(this.autoMigrate);
          } else {
            this.autoMigrate = { enabled: true, state: 'failed', error: e.message };
            this.logger.error({ code: e.code }, `auto-migrate failed: ${e.message}`);
            resolve(this.autoMigrate);
          }
        }
      };
      void attempt();
    });
  }

  /** What the long-running doors (app, serve) start: auto-migrate and the daily backup schedule. */
  async startBackground(): Promise<void> {
    await this.startAutoMigrate();
    void this.backup?.startSchedule(this.actorFor('schedule'), (err) =>
      this.logger.error({ code: isAppError(err) ? err.code : undefined }, `scheduled backup: ${err instanceof Error ? err.message : String(err)}`),
    );
    // The outbox processor (P1: Mikro pushes end FAILED E_MIKRO_READ_ONLY, so the queue cannot grow silently).
    this.mikro.startOutboxProcessor(this.actorFor('schedule'), (err) =>
      this.logger.error({ code: isAppError(err) ? err.code : undefined }, `outbox: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.backup?.stop();
    await this.mikro.close();
    await this.db.close();
  }
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
