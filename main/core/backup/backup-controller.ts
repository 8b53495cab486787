/**
 * Backups as the doors see them: the config re-read from backup_config.json for every action
 * (so a save in Settings takes effect at once), the running job and its progress for the
 * Backups page, and the daily scheduler while the app or `serve` runs. `"enabled": false`:
 * the checks SKIP, health says `disabled`, no schedule runs and `backup run` is refused.
 */
import type { BackupStatusView } from '../../../shared/backup.js';
import { contract } from '../../../shared/contract.js';
import type { Check } from '../../../shared/checks.js';
import { AppError, isAppError } from '../../../shared/errors.js';
import type { OtherComponent } from '../../../shared/health.js';
import { msg } from '../../../shared/messages.js';
import { problem, technicalText, toCheck } from '../checks/check-builders.js';
import { loadConfigFile } from '../config/config-files.js';
import { BACKUP_STEPS } from './backup-checks.js';
import type { BackupProgress } from './backup-run.js';
import { BackupConfigSchema, defaultBackupConfig, type BackupConfig } from './backup-config.js';
import { BackupScheduler, BackupService, type ServiceRunResult } from './index.js';

/** The core's job registry as the controller uses it (main/core/jobs/job-registry.ts). */
export interface JobStarter {
  start<T>(op: string, key: string | null, input: unknown, fn: (job: { progress(p: unknown): void; setRunId(id: number): void }) => Promise<T>): { promise: Promise<T> };
}

export class BackupController {
  private running: { started_at: string; trigger: string; progress: BackupProgress | null } | null = null;
  private scheduler: BackupScheduler | null = null;
  private scheduleOwner: { actor: string; onError: (err: unknown) => void } | null = null;
  /** Told after every run or verify of this process, whatever its outcome (health drops its cached answer). */
  private readonly recordedListeners = new Set<() => void>();

  /** `jobs`: scheduled runs become `backup.run` jobs too, so a Back up now during one attaches to it (R-JOBS). */
  constructor(
    private readonly service: BackupService,
    private readonly configDir: string,
    private readonly jobs: JobStarter | null = null,
  ) {}

  /** The current config; an invalid file is an error naming it (the run must not guess). */
  private config(): BackupConfig {
    return loadConfigFile(this.configDir, 'backup_config.json', BackupConfigSchema).value;
  }

  private refresh(): BackupService {
    this.service.setConfig(this.config());
    return this.service;
  }

  /** `hooks` (the job running it): the run's row id once it exists, and each progress step. */
  async run(trigger: string, actor: string, verify: boolean, hooks: { onStarted?: (runId: number) => void; onProgress?: (p: BackupProgress) => void } = {}): Promise<ServiceRunResult> {
    if (this.running) {
      throw new AppError('E_BUSY', msg('backup.errors.busy_here', { since: this.running.started_at }), [], { technical_detail: `a backup is already running (started ${this.running.started_at})` });
    }
    const svc = this.refresh();
    this.running = { started_at: new Date().toISOString(), trigger, progress: null };
    try {
      return await svc.run({
        trigger,
        actor,
        verify,
        ...(hooks.onStarted ? { onStarted: hooks.onStarted } : {}),
        onProgress: (p) => {
          if (this.running) this.running.progress = p;
          hooks.onProgress?.(p);
        },
      });
    } finally {
      this.running = null;
      this.recorded();
    }
  }

  verify(id: number, actor: string) {
    return this.refresh()
      .verify(id, actor)
      .finally(() => this.recorded());
  }

  /** `fn` after each run or verify (the rows the health probe reads may have changed). */
  onRecorded(fn: () => void): void {
    this.recordedListeners.add(fn);
  }

  private recorded(): void {
    for (const fn of this.recordedListeners) {
      try {
        fn();
      } catch {
        // A listener's failure is not the backup's.
      }
    }
  }

  list(limit: number, offset: number) {
    return this.service.list({ limit, offset });
  }

  /**
   * Checks with the current file; an unreadable file is itself the failing backup_config check
   * (its message names the file and field), and backup_tool then SKIPs naming it.
   */
  async checks(): Promise<Check[]> {
    let svc: BackupService;
    try {
      svc = this.refresh();
    } catch (err) {
      if (!isAppError(err) || err.code !== 'E_CONFIG_INVALID') throw err;
      this.service.setConfig(defaultBackupConfig());
      const invalid = toCheck('backup_config', 'backup', problem('FAIL', err.text, msg('backup.checks.backup_config.invalid_file_rec'), { technical_detail: technicalText(err) }), 0, BACKUP_STEPS);
      return this.service.checks(invalid);
    }
    return svc.checks();
  }

  /** True when backup_config.json says `"enabled": false` (an unreadable file: false, the checks show it). */
  disabled(): boolean {
    try {
      return this.config().enabled === false;
    } catch {
      return false;
    }
  }

  private scheduledRun(trigger: string, actor: string, verify: boolean): Promise<unknown> {
    if (!this.jobs) return this.run(trigger, actor, verify);
    const input = { verify };
    return this.jobs.start('backup.run', contract['backup.run'].concurrency!(input), input, async (job) => {
      // What an attached caller gets is what backup.run answers: the summary, not the manifest.
      const { manifest: _manifest, ...summary } = await this.run(trigger, actor, verify, { onStarted: (id) => job.setRunId(id), onProgress: (p) => job.progress(p) });
      return summary;
    }).promise;
  }

  /** With the current file: a save in Settings shows in /health at once. */
  healthProbe(): () => Promise<OtherComponent> {
    return async () => {
      try {
        this.refresh();
      } catch (err) {
        return { status: 'unhealthy', message: msg('backup.health.config_invalid'), technical_detail: technicalText(err) };
      }
      return this.service.healthProbe();
    };
  }

  status(engine: 'sqlite' | 'postgres', backupDir: string): BackupStatusView {
    let config = defaultBackupConfig();
    try {
      config = this.config();
    } catch {
      // shown by the backup_config check
    }
    return {
      enabled: config.enabled !== false,
      running: this.running,
      next_run_at: this.scheduler?.nextRunAt()?.toISOString() ?? null,
      schedule: config.schedule ? { enabled: config.schedule.enabled, time: config.schedule.time } : null,
      retention_days: config.retention_days,
      nas_path: config.nas_path || null,
      engine,
      backup_dir: backupDir,
    };
  }

  /** Daily runs while the app or serve is up (missed runs caught up once at start). */
  async startSchedule(actor: string, onError: (err: unknown) => void): Promise<void> {
    this.scheduleOwner = { actor, onError };
    this.scheduler?.stop();
    this.scheduler = null;
    let config: BackupConfig;
    try {
      config = this.config();
    } catch (err) {
      onError(err);
      return;
    }
    // Switched off: no daily run and no catch-up (the checks say SKIP, health `disabled`).
    const schedule = config.schedule;
    if (config.enabled === false || !schedule?.enabled) return;
    // Scheduled runs go through this controller too, so the Backups page shows them running.
    const verify = schedule.verify !== false;
    this.scheduler = new BackupScheduler({
      time: schedule.time,
      onError,
      lastGoodAt: () => this.service.lastGoodAt(),
      run: (trigger) => this.scheduledRun(trigger, actor, verify),
    });
    await this.scheduler.start();
  }

  /** After backup_config.json changed: a running schedule picks up the new time at once. */
  async reschedule(): Promise<void> {
    if (this.scheduleOwner) await this.startSchedule(this.scheduleOwner.actor, this.scheduleOwner.onError);
  }

  stop(): void {
    this.scheduleOwner = null;
    this.scheduler?.stop();
    this.scheduler = null;
  }
}
