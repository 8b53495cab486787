/**
 * Backups (R-BAK-1…4): the public surface. main/core only: no electron. BackupService is what the
 * doors (IPC, HTTP, CLI) call; BackupScheduler runs it daily while the app or `serve` runs.
 */
import type { Check } from '../../../shared/checks.js';
import { AppError, isAppError, type ErrorBody } from '../../../shared/errors.js';
import type { OtherComponent } from '../../../shared/health.js';
import { msg } from '../../../shared/messages.js';
import { backupChecks, backupHealth, type BackupCheck } from './backup-checks.js';
import { BackupConfigSchema, type BackupConfig } from './backup-config.js';
import { copyFileStreamed } from './backup-files.js';
import { auditBackup, runBackup, type BackupContext, type BackupRunResult, type RunOptions } from './backup-run.js';
import { getRun, lastGoodBackup, listBackups, toListItem, type BackupListItem } from './backup-store.js';
import { verifyBackup, type VerifyResult } from './backup-verify.js';
import { defaultSpawner } from './pg-tools.js';
import { BackupScheduler, type SchedulerClock } from './scheduler.js';

export * from './backup-config.js';
export {
  BACKUP_CHECK_NAMES,
  BACKUP_DISABLED_SETTING,
  BACKUP_STEPS,
  backupChecks,
  backupHealth,
  checkBackupConfig,
  checkBackupRecency,
  checkBackupTool,
  checkBackupVerify,
  RECENCY_PASS_HOURS,
  RECENCY_WARN_HOURS,
  type BackupCheck,
} from './backup-checks.js';
export { LOCK_FILE } from './backup-lock.js';
export type { BackupContext, BackupLogger, BackupProgress, BackupRunResult, RunOptions } from './backup-run.js';
export { listBackups, type BackupListItem, type BackupStatus, type VerifyStatus } from './backup-store.js';
export type { VerifyResult } from './backup-verify.js';
export { MANIFEST_FORMAT, parseManifest, type BackupManifest, type BackupPhase } from './manifest.js';
export { findPgTool, pgConnection, type Spawner } from './pg-tools.js';
export { protectedRuns } from './retention.js';
export { BackupScheduler, lastSlot, nextSlot, systemClock, type BackupSchedulerOptions, type SchedulerClock, type ScheduleTrigger } from './scheduler.js';

/**
 * What the service is built from: the run context, with the environment and the test seams
 * (spawner, file copier, clock) optional — the service fills in the real ones.
 */
export type BackupServiceDeps = Omit<BackupContext, 'env' | 'spawner' | 'copyFile' | 'now'> & Partial<Pick<BackupContext, 'env' | 'spawner' | 'copyFile' | 'now'>>;

export interface ServiceRunOptions extends RunOptions {
  /** Restore-test the backup right after a successful run. */
  verify?: boolean;
}

export type ServiceRunResult = BackupRunResult & { verify?: VerifyResult; verify_error?: ErrorBody };

export class BackupService {
  private ctx: BackupContext;

  constructor(deps: BackupServiceDeps) {
    this.ctx = {
      db: deps.db,
      spec: deps.spec,
      backupDir: deps.backupDir,
      config: deps.config,
      audit: deps.audit,
      version: deps.version,
      env: deps.env ?? process.env,
      secrets: deps.secrets,
      logger: deps.logger,
      spawner: deps.spawner ?? defaultSpawner,
      copyFile: deps.copyFile ?? copyFileStreamed,
      now: deps.now ?? (() => new Date()),
    };
  }

  get config(): BackupConfig {
    return this.ctx.config;
  }

  /** After backup_config.json is saved. A scheduler made earlier keeps its time: make a new one. */
  setConfig(config: BackupConfig): void {
    this.ctx = { ...this.ctx, config: BackupConfigSchema.parse(config) };
  }

  /**
   * Back up now. Resolves with the recorded run, `status: 'failed'` included (the row and audit
   * row exist either way); rejects with E_BUSY when a run or verify is already going, here or
   * in another process using the same backup folder, and with E_BACKUP_FAILED naming the
   * setting when backups are switched off (`"enabled": false`: refused, audited as blocked).
   */
  async run(opts: ServiceRunOptions): Promise<ServiceRunResult> {
    if (this.ctx.config.enabled === false) {
      await auditBackup(this.ctx, { action: 'BACKUP_RUN', target: this.ctx.spec.target, result: 'blocked', actor: opts.actor, detail: 'backups are switched off: backup_config.json "enabled": false' });
      throw new AppError('E_BACKUP_FAILED', msg('backup.errors.disabled'), [{ path: 'backup_config.json enabled', message: msg('backup.errors.disabled') }], {
        next_step: msg('backup.errors.disabled_next'),
        technical_detail: 'backup_config.json "enabled": false',
      });
    }
    const result: ServiceRunResult = await runBackup(this.ctx, opts);
    if (opts.verify && result.status === 'success') {
      try {
        result.verify = await this.verify(result.id, opts.actor);
      } catch (err) {
        result.verify_error = isAppError(err) ? err.toBody() : new AppError('E_INTERNAL', err instanceof Error ? err.message : String(err)).toBody();
      }
    }
    return result;
  }

  /** Restore-test run `runId`; E_NOT_FOUND / E_VALIDATION (not a successful run) / E_BUSY. */
  verify(runId: number, actor: string): Promise<VerifyResult> {
    return verifyBackup(this.ctx, runId, actor);
  }

  list(opts: { limit?: number; offset?: number } = {}): Promise<BackupListItem[]> {
    return listBackups(this.ctx.db, opts);
  }

  async get(runId: number): Promise<BackupListItem | null> {
    const r = await getRun(this.ctx.db, runId);
    return r ? toListItem(r) : null;
  }

  /** `configVerdict`: backup_config as already judged (an unreadable file), instead of running it. */
  checks(configVerdict?: Check): Promise<BackupCheck[]> {
    return backupChecks(this.ctx, configVerdict);
  }

  healthProbe(): Promise<OtherComponent> {
    return backupHealth(this.ctx);
  }

  async lastGoodAt(): Promise<Date | null> {
    const r = await lastGoodBackup(this.ctx.db);
    return r ? new Date(r.finished_at ?? r.started_at) : null;
  }

  /**
   * A scheduler for `schedule` in the current config (null when disabled); call `start()` on it.
   * Scheduled runs verify themselves unless `schedule.verify` is false.
   */
  createScheduler(opts: { actor: string; clock?: SchedulerClock; onError?: (err: unknown) => void; onRun?: (r: ServiceRunResult) => void }): BackupScheduler | null {
    const schedule = this.ctx.config.schedule;
    if (this.ctx.config.enabled === false || !schedule || !schedule.enabled) return null;
    return new BackupScheduler({
      time: schedule.time,
      clock: opts.clock,
      onError: opts.onError,
      lastGoodAt: () => this.lastGoodAt(),
      run: async (trigger) => {
        const r = await this.run({ trigger, actor: opts.actor, verify: schedule.verify !== false });
        opts.onRun?.(r);
      },
    });
  }
}
