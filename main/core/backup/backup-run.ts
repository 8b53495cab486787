/**
 * One backup run (R-BAK-2): lock → dump (pg_dump -Fc / SQLite online backup) → compress (SQLite
 * only: -Fc compresses inside) → sha256 → manifest → rename into place → NAS copy + hash check →
 * retention. Every run leaves a `backup_runs` row and a BACKUP_RUN audit row; a failure leaves no
 * file under a final name and never touches older backups.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isAppError, type AppError } from '../../../shared/errors.js';
import { msg, type Message } from '../../../shared/messages.js';
import type { AuditWriter } from '../audit/audit-types.js';
import type { AppDatabase } from '../db/app-database.js';
import type { DatabaseSpec } from '../db/database-url.js';
import type { ResolveContext } from '../secrets/secret-ref.js';
import { resolveBackupSource, type BackupConfig, type BackupSource } from './backup-config.js';
import { backupFileName, gzipFile, MANIFEST_SUFFIX, PARTIAL, removeQuietly, sha256File, sweepPartials, writeFileAtomic, type FileCopier } from './backup-files.js';
import { asFolderError } from './backup-faults.js';
import { acquireBackupLock } from './backup-lock.js';
import { insertRunningRow, markInterrupted, updateRun } from './backup-store.js';
import { dumpPostgres } from './dump-postgres.js';
import { backupSqlite } from './dump-sqlite.js';
import { MANIFEST_FORMAT, type BackupManifest, type BackupPhase } from './manifest.js';
import { findPgTool, scrubSecrets, type Spawner } from './pg-tools.js';
import { applyRetention } from './retention.js';

export interface BackupLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Everything a run or verify needs; BackupService fills in the defaults. */
export interface BackupContext {
  db: AppDatabase;
  spec: DatabaseSpec;
  backupDir: string;
  config: BackupConfig;
  audit: AuditWriter | null;
  version: string;
  env: NodeJS.ProcessEnv;
  secrets?: ResolveContext | undefined;
  spawner: Spawner;
  copyFile: FileCopier;
  now: () => Date;
  logger?: BackupLogger | undefined;
}

export type { BackupProgress } from '../../../shared/backup.js';
import { currentAuditAnchor } from '../audit/audit-anchor.js';
import { safeAudit } from '../audit/safe-audit.js';
import type { BackupProgress, BackupRunSummary } from '../../../shared/backup.js';

export interface RunOptions {
  /** manual (UI), cli, schedule, catch_up … stored on the row. */
  trigger: string;
  actor: string;
  onProgress?: (p: BackupProgress) => void;
  /** Called once the run's backup_runs row (status 'running') exists, with its id. */
  onStarted?: (runId: number) => void;
}

/** The summary the doors get (shared/), plus the manifest kept beside the file. */
export interface BackupRunResult extends Omit<BackupRunSummary, 'verify' | 'verify_error'> {
  manifest: BackupManifest | null;
}

/** Progress events, throttled to one per 200 ms per phase except phase starts and 100 %. */
function progressEmitter(cb: RunOptions['onProgress']) {
  let last = 0;
  let lastPhase: BackupPhase | null = null;
  return (phase: BackupPhase, extra: Omit<BackupProgress, 'phase'> = {}) => {
    if (!cb) return;
    const now = performance.now();
    if (phase === lastPhase && extra.percent !== 100 && now - last < 200) return;
    last = now;
    lastPhase = phase;
    try {
      cb({ phase, ...extra });
    } catch {
      /* a broken listener must not break the backup */
    }
  };
}

const pct = (done: number, total: number) => (total > 0 ? Math.min(100, Math.round((done / total) * 1000) / 10) : 100);

/**
 * Audit a backup action once its outcome is known; a failed audit write is logged, never
 * allowed to fail the backup or change what the caller is told.
 */
export async function auditBackup(ctx: BackupContext, entry: Parameters<AuditWriter['record']>[0]): Promise<void> {
  const error = await safeAudit(ctx.audit, entry);
  if (error) ctx.logger?.warn({ action: entry.action, error }, 'backup audit write failed');
}

export async function runBackup(ctx: BackupContext, opts: RunOptions): Promise<BackupRunResult> {
  let lock;
  try {
    lock = acquireBackupLock(ctx.backupDir, 'backup', () => ctx.now().getTime());
  } catch (err) {
    if (isAppError(err) && err.code === 'E_BUSY') {
      await auditBackup(ctx, { action: 'BACKUP_RUN', target: ctx.spec.target, result: 'blocked', actor: opts.actor, detail: err.technicalDetail ?? err.message });
      throw err;
    }
    // The folder cannot even hold the lock file (full, read-only, gone): still a run that
    // failed, with its row and audit row, not an internal error without a trace.
    const folder = asFolderError(err, ctx.backupDir);
    if (folder === err) throw err;
    return recordFailedStart(ctx, opts, folder as AppError);
  }
  try {
    await sweepPartials(ctx.backupDir);
    await markInterrupted(ctx.db, ctx.backupDir, ctx.now());
    return await runLocked(ctx, opts);
  } finally {
    lock.release();
  }
}

/** A run that could not start: a `failed` row and a failure audit row naming the real cause. */
async function recordFailedStart(ctx: BackupContext, opts: RunOptions, err: AppError): Promise<BackupRunResult> {
  const started = ctx.now();
  const error = err.technicalDetail ?? err.code;
  let id: number;
  try {
    id = await insertRunningRow(ctx.db, { started_at: started.toISOString(), engine: ctx.spec.engine, trigger: opts.trigger });
    await updateRun(ctx.db, id, { status: 'failed', finished_at: ctx.now().toISOString(), file_path: null, error });
  } catch {
    // The database is on the same full disk: nothing can be recorded, say why it failed.
    throw err;
  }
  try {
    opts.onStarted?.(id);
  } catch {
    /* a broken listener must not change the outcome */
  }
  await auditBackup(ctx, { action: 'BACKUP_RUN', target: ctx.spec.target, result: 'failure', actor: opts.actor, detail: error });
  ctx.logger?.warn({ run_id: id, error }, 'backup failed');
  const finishedAt = ctx.now().toISOString();
  return { id, status: 'failed', started_at: started.toISOString(), finished_at: finishedAt, duration_ms: Date.parse(finishedAt) - started.getTime(), file_path: null, size_bytes: null, sha256: null, message: msg('backup.run.failed', { id, reason: err.text }), error, warnings: [], manifest: null, expired: [] };
}

async function runLocked(ctx: BackupContext, opts: RunOptions): Promise<BackupRunResult> {
  const emit = progressEmitter(opts.onProgress);
  const started = ctx.now();
  const t0 = performance.now();
  const id = await insertRunningRow(ctx.db, { started_at: started.toISOString(), engine: ctx.spec.engine, trigger: opts.trigger, backupDir: ctx.backupDir });
  try {
    opts.onStarted?.(id);
  } catch {
    /* a broken listener must not break the backup */
  }
  const phases: BackupManifest['phases_ms'] = {};
  let phaseStart = performance.now();
  const phaseDone = (p: BackupPhase) => {
    phases[p] = Math.round(performance.now() - phaseStart);
    phaseStart = performance.now();
  };
  const temps: string[] = [];
  let source: BackupSource | null = null;
  try {
    source = await resolveBackupSource(ctx.config, ctx.spec, { secrets: ctx.secrets, baseDir: path.dirname(ctx.backupDir) });
    const sqlite = source.spec.engine === 'sqlite';
    const gzip = sqlite && ctx.config.compression;
    const ext = sqlite ? (gzip ? '.sqlite.gz' : '.sqlite') : '.dump';
    const finalPath = path.join(ctx.backupDir, backupFileName(source.name, source.spec.engine, started, id, ext));
    // The path while running tells a later run which folder (and so which lock) this row belongs to.
    await updateRun(ctx.db, id, { engine: source.spec.engine, file_path: finalPath });
    const dataPartial = finalPath + PARTIAL;
    temps.push(dataPartial);

    // The audit chain's head before the dump (H13b): the dump holds at least these rows, so the
    // anchor is never ahead of a restore of this backup, and `audit verify` can check the log against it.
    const auditAnchor = source.own ? await currentAuditAnchor(ctx.db) : null;
    emit('dumping', { percent: 0 });
    let tables: Record<string, number>;
    let tool: BackupManifest['tool'];
    let serverVersion: string | null = null;
    let rawSize: number | null = null;
    if (source.spec.engine === 'sqlite') {
      const raw = gzip ? finalPath.replace(/\.gz$/, '') + PARTIAL : dataPartial;
      temps.push(raw);
      const r = await backupSqlite(source.spec.file, raw, (done, total) => emit('dumping', { percent: pct(done, total) }));
      ({ tables } = r);
      tool = { name: 'sqlite-online-backup', version: r.sqlite_version };
      rawSize = r.raw_size_bytes;
      phaseDone('dumping');
      if (gzip) {
        emit('compressing', { percent: 0 });
        await gzipFile(raw, dataPartial, (done, total) => emit('compressing', { percent: pct(done, total), bytes: done }));
        removeQuietly(raw);
        phaseDone('compressing');
      }
    } else {
      const pgDump = findPgTool('pg_dump', { configuredPath: ctx.config.pg_dump_path, env: ctx.env });
      const r = await dumpPostgres({
        source: source.spec,
        pgDump,
        out: dataPartial,
        compress: ctx.config.compression,
        env: ctx.env,
        spawner: ctx.spawner,
        onBytes: (bytes) => emit('dumping', { bytes }),
      });
      ({ tables } = r);
      tool = { name: 'pg_dump', version: r.tool_version };
      serverVersion = r.server_version;
      phaseDone('dumping');
    }

    emit('hashing', { percent: 0 });
    const sha256 = await sha256File(dataPartial, (done, total) => emit('hashing', { percent: pct(done, total) }));
    const size = fs.statSync(dataPartial).size;
    phaseDone('hashing');

    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      app: { name: 'OptiPlan360', version: ctx.version },
      run_id: id,
      trigger: opts.trigger,
      host: os.hostname(),
      engine: source.spec.engine,
      source: source.spec.target,
      database: source.spec.engine === 'postgres' ? source.spec.database : path.basename(source.spec.file),
      file: path.basename(finalPath),
      compression: sqlite ? (gzip ? 'gzip' : 'none') : ctx.config.compression ? 'pg_custom' : 'pg_custom_uncompressed',
      size_bytes: size,
      raw_size_bytes: rawSize,
      sha256,
      tool,
      server_version: serverVersion,
      started_at: started.toISOString(),
      finished_at: '',
      duration_ms: 0,
      phases_ms: phases,
      tables,
      nas: null,
      ...(auditAnchor ? { audit_anchor: auditAnchor } : {}),
    };
    // Manifest first, data file last: a data file under its final name is always complete.
    const finish = () => {
      manifest.finished_at = ctx.now().toISOString();
      manifest.duration_ms = Math.round(performance.now() - t0);
    };
    finish();
    writeFileAtomic(finalPath + MANIFEST_SUFFIX, JSON.stringify(manifest, null, 2));
    fs.renameSync(dataPartial, finalPath);

    // Warnings twice: for people (messages) and for the row and the audit log (technical text).
    const warnings: Message[] = [];
    const technical: string[] = [];
    const nasPath = ctx.config.nas_path?.trim();
    if (nasPath) {
      emit('copying', { percent: 0 });
      const copy = await copyToNas(ctx, finalPath, nasPath, sha256, (done, total) => emit('copying', { percent: pct(done, total), bytes: done }));
      manifest.nas = copy.nas;
      if (!copy.nas.ok) {
        warnings.push(copy.warning ?? msg('backup.warnings.nas_copy_failed', { path: copy.nas.path }));
        technical.push(`NAS copy failed: ${copy.nas.error}`);
      }
      phaseDone('copying');
      finish();
      writeFileAtomic(finalPath + MANIFEST_SUFFIX, JSON.stringify(manifest, null, 2));
      if (manifest.nas.ok) writeFileAtomic(manifest.nas.path + MANIFEST_SUFFIX, JSON.stringify(manifest, null, 2));
    }
    await updateRun(ctx.db, id, {
      status: 'success',
      finished_at: manifest.finished_at,
      file_path: finalPath,
      size_bytes: size,
      sha256,
      manifest: JSON.stringify(manifest),
      error: technical.length ? technical.join('; ') : null,
    });

    emit('retention');
    let expired: number[] = [];
    try {
      const r = await applyRetention(ctx.db, { retentionDays: ctx.config.retention_days, now: ctx.now(), backupDir: ctx.backupDir, nasPath });
      expired = r.expired;
      if (r.errors.length) {
        warnings.push(msg('backup.warnings.retention_could_not_delete', { count: r.errors.length }));
        technical.push(`retention could not delete: ${r.errors.join(', ')}`);
      }
    } catch (err) {
      warnings.push(msg('backup.warnings.retention_failed'));
      technical.push(`retention failed: ${(err as Error).message}`);
    }
    phaseDone('retention');

    const duration = Math.round(performance.now() - t0);
    const detail = `${manifest.file}, ${size} bytes, ${duration} ms, sha256 ${sha256.slice(0, 16)}…${manifest.nas?.ok ? ', copied to NAS' : ''}${technical.length ? `; ${technical.join('; ')}` : ''}`;
    await auditBackup(ctx, { action: 'BACKUP_RUN', target: source.spec.target, result: 'success', actor: opts.actor, detail });
    ctx.logger?.info({ run_id: id, file: finalPath, size_bytes: size, duration_ms: duration, warnings: technical }, 'backup finished');
    emit('done', { percent: 100 });
    const message = msg(manifest.nas?.ok ? 'backup.run.ok_nas' : 'backup.run.ok', { id, file: manifest.file, size, duration });
    return { id, status: 'success', started_at: started.toISOString(), finished_at: manifest.finished_at, duration_ms: duration, file_path: finalPath, size_bytes: size, sha256, message, error: null, warnings, manifest, expired };
  } catch (caught) {
    removeQuietly(...temps);
    const err = asFolderError(caught, ctx.backupDir);
    const password = passwordOf(source?.spec ?? ctx.spec);
    // For people: the error's own message (a tool not found, a literal password…); for the row,
    // the audit log and support: the technical text, scrubbed of the password.
    const reason: Message = isAppError(err) ? err.text : msg('backup.errors.unexpected');
    const technicalText = isAppError(err) ? (err.technicalDetail ?? err.code) : `backup failed: ${(err as Error)?.message ?? String(err)}`;
    const error = scrubSecrets(technicalText, [password]);
    const finishedAt = ctx.now().toISOString();
    await updateRun(ctx.db, id, { status: 'failed', finished_at: finishedAt, file_path: null, error }).catch(() => undefined);
    await auditBackup(ctx, { action: 'BACKUP_RUN', target: (source?.spec ?? ctx.spec).target, result: 'failure', actor: opts.actor, detail: error });
    ctx.logger?.warn({ run_id: id, error }, 'backup failed');
    emit('done');
    const duration = Math.round(performance.now() - t0);
    return { id, status: 'failed', started_at: started.toISOString(), finished_at: finishedAt, duration_ms: duration, file_path: null, size_bytes: null, sha256: null, message: msg('backup.run.failed', { id, reason }), error, warnings: [], manifest: null, expired: [] };
  }
}

/** Copy to the NAS under a temp name, rename, then hash the copy: a share can lie about writes. */
async function copyToNas(
  ctx: BackupContext,
  file: string,
  nasPath: string,
  sha256: string,
  onBytes: (d: number, t: number) => void,
): Promise<{ nas: NonNullable<BackupManifest['nas']>; warning?: Message }> {
  const dest = path.join(nasPath, path.basename(file));
  // A NAS that is not mounted looks like a missing folder; creating it would put the "NAS copy"
  // on the local disk (or under C:\ for an unmapped drive letter). Missing = not copied.
  if (!isFolder(nasPath)) {
    return {
      nas: { path: dest, ok: false, error: `the NAS folder does not exist or is not a folder (not created): ${nasPath}` },
      warning: msg('backup.warnings.nas_missing', { path: nasPath }),
    };
  }
  try {
    await ctx.copyFile(file, dest + PARTIAL, onBytes);
    fs.renameSync(dest + PARTIAL, dest);
    const copied = await sha256File(dest);
    if (copied !== sha256) {
      removeQuietly(dest); // a corrupt copy must not sit there looking like a backup
      return {
        nas: { path: dest, ok: false, error: `the copy's sha256 (${copied.slice(0, 16)}…) differs from the backup's (${sha256.slice(0, 16)}…); the copy was removed` },
        warning: msg('backup.warnings.nas_hash_mismatch', { path: dest }),
      };
    }
    return { nas: { path: dest, ok: true } };
  } catch (err) {
    removeQuietly(dest + PARTIAL);
    return { nas: { path: dest, ok: false, error: (err as Error).message } };
  }
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

export function passwordOf(spec: DatabaseSpec): string | undefined {
  if (spec.engine !== 'postgres') return undefined;
  try {
    return decodeURIComponent(new URL(spec.connectionString).password) || undefined;
  } catch {
    return undefined;
  }
}
