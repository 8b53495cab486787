/**
 * Migrations as the doors and the background see them: a run is audited whoever asked (R-MIG-5),
 * and `auto_migrate_on_startup` (R-MIG-4) retries while the database is unreachable.
 */
import type { Logger } from 'pino';
import { AppError, isAppError } from '../../../shared/errors.js';
import type { AuditWriter } from '../audit/audit-types.js';
import type { MigrationRunner } from './runner.js';

export interface AutoMigrateState {
  enabled: boolean;
  state: 'idle' | 'waiting_for_database' | 'done' | 'failed';
  error?: string;
}

export interface MigrationServiceDeps {
  runner: MigrationRunner;
  /** The safe recorder: a failed audit write never hides the run's outcome. */
  audit: AuditWriter;
  logger: Pick<Logger, 'info' | 'error'>;
  /** system_config.json `database.auto_migrate_on_startup` (default true). */
  autoMigrate: boolean;
  /** The database could not even be configured: auto-migrate has nothing to do. */
  unconfigured: boolean;
  /** How often auto-migrate retries while the database is unreachable. */
  retryMs: number;
}

export type MigrateUpResult = Awaited<ReturnType<MigrationRunner['up']>>;

export class MigrationService {
  autoMigrate: AutoMigrateState;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: MigrationServiceDeps) {
    this.autoMigrate = { enabled: deps.autoMigrate, state: 'idle' };
  }

  get head(): string {
    return this.deps.runner.head;
  }

  status(): ReturnType<MigrationRunner['status']> {
    return this.deps.runner.status();
  }

  /**
   * Apply pending migrations and audit the run. The audit row is written once the outcome is
   * known (after commit or rollback) and the recorder never throws, so it cannot turn an applied
   * migration into an error or hide why one failed.
   */
  async up(actor: string): Promise<MigrateUpResult> {
    const { runner, audit } = this.deps;
    let result: MigrateUpResult;
    try {
      result = await runner.up();
    } catch (err) {
      // Unreachable database: nothing ran and nothing could be written; health shows it.
      if (isAppError(err) && err.code === 'E_DB_UNAVAILABLE') throw err;
      const refused = isAppError(err) && err.code === 'E_MIGRATION_LOCKED';
      await audit.record({ action: 'MIGRATION_RUN', target: `head ${runner.head}`, result: refused ? 'blocked' : 'failure', actor, detail: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    await audit.record({
      action: 'MIGRATION_RUN',
      target: `schema ${result.status.current ?? 'empty'}`,
      result: 'success',
      actor,
      detail: result.applied.length ? `applied ${result.applied.map((a) => `${a.version} ${a.name}`).join(', ')}` : 'already at head',
    });
    return result;
  }

  /**
   * Honour `auto_migrate_on_startup`. While the database is unreachable, retry until it is
   * reachable, then apply once (R-DB-3). A failing migration stops the retries: it will not fix
   * itself, and health/diagnostics show it.
   */
  startAuto(actor: string): Promise<AutoMigrateState> {
    if (!this.autoMigrate.enabled || this.deps.unconfigured) return Promise.resolve(this.autoMigrate);
    const { logger } = this.deps;
    return new Promise((resolve) => {
      const attempt = async (): Promise<void> => {
        if (this.stopped) return resolve(this.autoMigrate);
        try {
          const result = await this.up(actor);
          this.autoMigrate = { enabled: true, state: 'done' };
          if (result.applied.length > 0) {
            logger.info({ applied: result.applied.map((a) => a.version) }, 'auto-migrate applied pending migrations');
          }
          resolve(this.autoMigrate);
        } catch (err) {
          const e = isAppError(err) ? err : new AppError('E_INTERNAL', String(err));
          if (e.code === 'E_DB_UNAVAILABLE' || e.code === 'E_MIGRATION_LOCKED') {
            this.autoMigrate = { enabled: true, state: 'waiting_for_database', error: e.message };
            this.retryTimer = setTimeout(() => void attempt(), this.deps.retryMs);
            this.retryTimer.unref();
            resolve(this.autoMigrate);
          } else {
            this.autoMigrate = { enabled: true, state: 'failed', error: e.message };
            logger.error({ code: e.code }, `auto-migrate failed: ${e.message}`);
            resolve(this.autoMigrate);
          }
        }
      };
      void attempt();
    });
  }

  /** No more retries (the core is closing). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
  }
}
