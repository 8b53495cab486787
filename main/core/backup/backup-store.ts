/** The `backup_runs` table: one row per run, updated as it finishes, is verified or expires. */
import path from 'node:path';
import type { AppDatabase } from '../db/app-database.js';
import type { BackupRunsTable } from '../db/schema.js';
import { isInside } from './backup-files.js';

export type { BackupStatus, VerifyStatus, BackupListItem } from '../../../shared/backup.js';
import type { BackupListItem, BackupStatus } from '../../../shared/backup.js';
export type BackupRunRow = Omit<BackupRunsTable, 'id'> & { id: number };


/**
 * The name a run's row holds until its file has a name: inside the run's folder, so that a run
 * killed before it named its file is still recognised as this folder's by markInterrupted.
 */
export const PENDING_FILE = '.pending';

export async function insertRunningRow(db: AppDatabase, row: { started_at: string; engine: string; trigger: string; backupDir?: string }): Promise<number> {
  const { backupDir, ...values } = row;
  const r = await db.kysely
    .insertInto('backup_runs')
    .values({ ...values, status: 'running', file_path: backupDir ? path.join(backupDir, PENDING_FILE) : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateRun(db: AppDatabase, id: number, set: Partial<Omit<BackupRunsTable, 'id'>>): Promise<void> {
  await db.kysely.updateTable('backup_runs').set(set).where('id', '=', id).execute();
}

/**
 * Rows left `running` by a process that died mid-run. Called while holding the lock of
 * `backupDir`, so no live run can own a row whose file is in that folder; another folder's rows
 * (another data folder on the same database) are left alone unless a day old.
 */
export async function markInterrupted(db: AppDatabase, backupDir: string, now: Date): Promise<number> {
  const rows = await db.kysely.selectFrom('backup_runs').select(['id', 'file_path', 'started_at']).where('status', '=', 'running').execute();
  const dayAgo = now.getTime() - 86_400_000;
  const dead = rows.filter((r) => (r.file_path && isInside(backupDir, r.file_path)) || Date.parse(r.started_at) < dayAgo).map((r) => Number(r.id));
  if (!dead.length) return 0;
  await db.kysely
    .updateTable('backup_runs')
    .set({ status: 'failed', finished_at: now.toISOString(), file_path: null, error: 'interrupted: the process running this backup stopped before it finished' })
    .where('id', 'in', dead)
    .execute();
  return dead.length;
}

export async function getRun(db: AppDatabase, id: number): Promise<BackupRunRow | undefined> {
  const r = await db.kysely.selectFrom('backup_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { ...r, id: Number(r.id) } : undefined;
}

/** Successful runs, newest first (retention and the checks read these). */
export async function successfulRuns(db: AppDatabase): Promise<BackupRunRow[]> {
  const rows = await db.kysely.selectFrom('backup_runs').selectAll().where('status', '=', 'success').orderBy('started_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function lastGoodBackup(db: AppDatabase): Promise<BackupRunRow | undefined> {
  const r = await db.kysely.selectFrom('backup_runs').selectAll().where('status', '=', 'success').orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? { ...r, id: Number(r.id) } : undefined;
}

export async function lastVerifiedRun(db: AppDatabase): Promise<BackupRunRow | undefined> {
  const r = await db.kysely.selectFrom('backup_runs').selectAll().where('verified_at', 'is not', null).orderBy('verified_at', 'desc').limit(1).executeTakeFirst();
  return r ? { ...r, id: Number(r.id) } : undefined;
}

export async function anyRun(db: AppDatabase): Promise<boolean> {
  return !!(await db.kysely.selectFrom('backup_runs').select('id').limit(1).executeTakeFirst());
}

function nasOf(manifest: string | null): BackupListItem['nas'] {
  if (!manifest) return null;
  try {
    const m = JSON.parse(manifest) as { nas?: { path?: string; ok?: boolean; error?: string } };
    if (!m.nas?.path) return null;
    return { path: m.nas.path, ok: m.nas.ok === true, ...(m.nas.error ? { error: m.nas.error } : {}) };
  } catch {
    return null;
  }
}

export function toListItem(r: BackupRunRow): BackupListItem {
  const duration = r.finished_at ? Date.parse(r.finished_at) - Date.parse(r.started_at) : null;
  return {
    id: r.id,
    started_at: r.started_at,
    finished_at: r.finished_at,
    duration_ms: duration !== null && Number.isFinite(duration) ? duration : null,
    status: r.status as BackupStatus,
    trigger: r.trigger,
    engine: r.engine,
    file_name: r.file_path && path.basename(r.file_path) !== PENDING_FILE ? path.basename(r.file_path) : null,
    file_path: r.file_path && path.basename(r.file_path) !== PENDING_FILE ? r.file_path : null,
    size_bytes: r.size_bytes === null ? null : Number(r.size_bytes),
    sha256: r.sha256,
    error: r.error,
    verified: r.verified_at ? { at: r.verified_at, status: r.verify_status === 'ok' ? 'ok' : 'failed', detail: r.verify_detail } : null,
    nas: nasOf(r.manifest),
  };
}

/** Runs newest first: time, size, duration, result, verification (R-BAK-2 history). */
export async function listBackups(db: AppDatabase, opts: { limit?: number; offset?: number } = {}): Promise<BackupListItem[]> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 1000);
  const rows = await db.kysely
    .selectFrom('backup_runs')
    .selectAll()
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(Math.max(opts.offset ?? 0, 0))
    .execute();
  return rows.map((r) => toListItem({ ...r, id: Number(r.id) }));
}
