/**
 * Retention (R-BAK-2): successful backups older than `retention_days` are deleted (file,
 * manifest, NAS copy) and their rows marked `expired`. Two are always kept, whatever their age:
 * the newest successful backup, and the newest one whose verify did not fail — so a broken
 * schedule or a run of bad backups can never leave the operator with nothing to restore.
 * Only files inside the backup folder / nas_path are ever deleted.
 */
import fs from 'node:fs';
import type { AppDatabase } from '../db/app-database.js';
import { isInside, MANIFEST_SUFFIX } from './backup-files.js';
import { successfulRuns, updateRun, type BackupRunRow } from './backup-store.js';
import { parseManifest } from './manifest.js';

export interface RetentionOptions {
  retentionDays: number;
  now: Date;
  backupDir: string;
  nasPath?: string | null | undefined;
}

export interface RetentionResult {
  expired: number[];
  kept: number[];
  /** Files that could not be deleted (in use, permissions); their runs stay `success`. */
  errors: string[];
}

/** Which successful runs must survive whatever their age. `runs` is newest first. */
export function protectedRuns(runs: BackupRunRow[]): number[] {
  const keep = new Set<number>();
  if (runs[0]) keep.add(runs[0].id);
  const lastNotFailed = runs.find((r) => r.verify_status !== 'failed');
  if (lastNotFailed) keep.add(lastNotFailed.id);
  return [...keep];
}

function filesOf(run: BackupRunRow, o: RetentionOptions): string[] {
  const files: string[] = [];
  if (run.file_path && isInside(o.backupDir, run.file_path)) files.push(run.file_path, run.file_path + MANIFEST_SUFFIX);
  const nas = parseManifest(run.manifest)?.nas;
  const nasRoot = o.nasPath?.trim();
  if (nas?.path && nasRoot && isInside(nasRoot, nas.path)) files.push(nas.path, nas.path + MANIFEST_SUFFIX);
  return files;
}

export async function applyRetention(db: AppDatabase, o: RetentionOptions): Promise<RetentionResult> {
  const runs = await successfulRuns(db);
  const kept = protectedRuns(runs);
  const cutoff = o.now.getTime() - o.retentionDays * 86_400_000;
  const result: RetentionResult = { expired: [], kept, errors: [] };
  for (const run of runs) {
    if (kept.includes(run.id)) continue;
    const started = Date.parse(run.started_at);
    if (!Number.isFinite(started) || started >= cutoff) continue;
    const failed: string[] = [];
    for (const f of filesOf(run, o)) {
      try {
        fs.rmSync(f, { force: true });
      } catch (err) {
        failed.push(`${f}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    if (failed.length) {
      result.errors.push(...failed);
      continue;
    }
    await updateRun(db, run.id, { status: 'expired' });
    result.expired.push(run.id);
  }
  return result;
}
