/**
 * Retention for what the console itself produces (`retention` in system_config.json): past
 * diagnostics runs, resolved integration errors and finished job records (sync_jobs). The audit
 * log is never pruned here; backups have their own retention (backup/retention.ts); the health
 * history lives in memory and keeps its last 60 samples (health-service.ts).
 *
 * Diagnostics are thinned rather than cut: every run of the last `diagnostics_full_days`, then
 * the last run of each day up to `diagnostics_daily_days`, and never more than
 * `diagnostics_max_runs` rows. With the defaults, a year of a 5-minute schedule (105 120 runs)
 * keeps 7 × 288 + 358 ≈ 2 400 rows: tens of MB at typical report sizes, not tens of GB. The
 * newest run is always kept (the audit chain anchors on it).
 */
import { z } from 'zod';
import type { AppDatabase } from '../db/app-database.js';

const days = (d: number) => z.number().int().min(1).max(3650).default(d);

export const RetentionSchema = z.looseObject({
  diagnostics_full_days: days(7),
  diagnostics_daily_days: days(365),
  diagnostics_max_runs: z.number().int().min(10).max(1_000_000).default(5_000),
  resolved_errors_days: days(90),
  job_records_days: days(90),
  job_records_max: z.number().int().min(10).max(10_000_000).default(10_000),
});
export type RetentionConfig = z.output<typeof RetentionSchema>;

export function defaultRetention(): RetentionConfig {
  return RetentionSchema.parse({});
}

export interface RetentionResult {
  diagnostics_runs: number;
  integration_errors: number;
  sync_jobs: number;
}

const DAY_MS = 86_400_000;
/** Rows deleted per statement: short transactions, so the app keeps writing meanwhile. */
const BATCH = 2_000;

/** Apply the retention once; returns how many rows went. Running it twice in a row deletes nothing more. */
export async function applyRetention(db: AppDatabase, config: RetentionConfig = defaultRetention(), now: Date = new Date()): Promise<RetentionResult> {
  return {
    diagnostics_runs: await pruneDiagnostics(db, config, now),
    integration_errors: await deleteIds(
      db,
      'integration_errors',
      (await db.kysely.selectFrom('integration_errors').select('id').where('resolved_at', 'is not', null).where('resolved_at', '<', iso(now, config.resolved_errors_days)).execute()).map((r) => Number(r.id)),
    ),
    sync_jobs: await pruneJobs(db, config, now),
  };
}

async function pruneDiagnostics(db: AppDatabase, c: RetentionConfig, now: Date): Promise<number> {
  const fullSince = iso(now, c.diagnostics_full_days);
  const dailySince = iso(now, Math.max(c.diagnostics_daily_days, c.diagnostics_full_days));
  const newest = await db.kysely.selectFrom('diagnostics_runs').select('id').where('status', '!=', 'running').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const keepNewest = newest ? Number(newest.id) : 0;
  // Older than the daily window: all but the newest run.
  const tooOld = (await db.kysely.selectFrom('diagnostics_runs').select('id').where('status', '!=', 'running').where('started_at', '<', dailySince).execute()).map((r) => Number(r.id));
  // Between the windows: all but the last run of each UTC day (started_at is ISO UTC text: its
  // first 10 characters are the day). Read once in time order; the last of each day wins.
  const between = await db.kysely
    .selectFrom('diagnostics_runs')
    .select(['id', 'started_at'])
    .where('status', '!=', 'running')
    .where('started_at', '>=', dailySince)
    .where('started_at', '<', fullSince)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
  const lastOfDay = new Map<string, number>();
  for (const r of between) lastOfDay.set(r.started_at.slice(0, 10), Number(r.id));
  const keepDaily = new Set(lastOfDay.values());
  const thin = between.map((r) => Number(r.id)).filter((id) => !keepDaily.has(id));
  let removed = await deleteIds(db, 'diagnostics_runs', [...tooOld, ...thin].filter((id) => id !== keepNewest));
  // And a hard cap on the count, oldest first.
  const over = await db.kysely.selectFrom('diagnostics_runs').select('id').where('status', '!=', 'running').orderBy('id', 'desc').offset(c.diagnostics_max_runs).limit(1_000_000).execute();
  removed += await deleteIds(db, 'diagnostics_runs', over.map((r) => Number(r.id)));
  return removed;
}

async function pruneJobs(db: AppDatabase, c: RetentionConfig, now: Date): Promise<number> {
  const old = await db.kysely.selectFrom('sync_jobs').select('id').where('finished_at', 'is not', null).where('finished_at', '<', iso(now, c.job_records_days)).execute();
  let removed = await deleteIds(db, 'sync_jobs', old.map((r) => Number(r.id)));
  const over = await db.kysely.selectFrom('sync_jobs').select('id').where('finished_at', 'is not', null).orderBy('id', 'desc').offset(c.job_records_max).limit(10_000_000).execute();
  removed += await deleteIds(db, 'sync_jobs', over.map((r) => Number(r.id)));
  return removed;
}

async function deleteIds(db: AppDatabase, table: 'diagnostics_runs' | 'integration_errors' | 'sync_jobs', ids: number[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    const r = await db.kysely.deleteFrom(table).where('id', 'in', ids.slice(i, i + BATCH)).executeTakeFirst();
    n += Number(r.numDeletedRows);
  }
  return n;
}

function iso(now: Date, daysBack: number): string {
  return new Date(now.getTime() - daysBack * DAY_MS).toISOString();
}

/**
 * What the long-running doors (app, `serve`) start: the retention once at start and then every
 * `everyMs` (default hourly). Failures are logged, never thrown: a database that is down now is
 * pruned at the next tick.
 */
export function startRetention(db: AppDatabase, config: () => RetentionConfig, onError: (err: unknown) => void, everyMs = 3_600_000): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    applyRetention(db, config())
      .catch(onError)
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(tick, 1_000);
  const timer = setInterval(tick, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
