/**
 * `jobs.list` (R-JOBS): the jobs of this process (in memory) plus the running rows of the run
 * tables, so a backup started by the CLI or the schedule, diagnostics or a Mikro sync run by another process,
 * show as running wherever one looks. A row this process owns is shown once (as its job). Rows
 * left 'running' by a process that died are not shown once they are older than any real run
 * (a day for backups, as markInterrupted judges; an hour for diagnostics).
 */
import type { JobView } from '../../../shared/events.js';
import { withTimeout, type AppDatabase } from '../db/app-database.js';
import type { JobRegistry } from './job-registry.js';

const BACKUP_STALE_MS = 86_400_000;
const DIAGNOSTICS_STALE_MS = 3_600_000;
/** A Mikro PULL sync of 100 000 rows takes well under a minute; an hour-old RUNNING row is a dead process's. */
const SYNC_STALE_MS = 3_600_000;
/** The run tables are read under this bound: a hung database leaves this process's jobs. */
const TABLE_READ_TIMEOUT_MS = 2_000;

export interface JobsListDeps {
  jobs: JobRegistry;
  db: AppDatabase;
  now?: () => Date;
}

export async function listJobs(deps: JobsListDeps, opts: { finished?: boolean } = {}): Promise<{ jobs: JobView[] }> {
  const mine = deps.jobs.list(opts);
  const owned = new Set(mine.filter((j) => j.run_id !== null).map((j) => `${j.op}:${j.run_id}`));
  const now = (deps.now ?? (() => new Date()))().getTime();
  const rows = await withTimeout(runningRows(deps.db, now), TABLE_READ_TIMEOUT_MS, 'reading the run tables').catch(() => [] as JobView[]);
  const others = rows.filter((r) => !owned.has(`${r.op}:${r.run_id}`));
  return { jobs: [...mine, ...others] };
}

async function runningRows(db: AppDatabase, now: number): Promise<JobView[]> {
  const views: JobView[] = [];
  const backupSince = new Date(now - BACKUP_STALE_MS).toISOString();
  const diagSince = new Date(now - DIAGNOSTICS_STALE_MS).toISOString();
  const syncSince = new Date(now - SYNC_STALE_MS).toISOString();
  const [backups, diags, syncs] = await Promise.all([
    db.kysely.selectFrom('backup_runs').select(['id', 'started_at', 'trigger']).where('status', '=', 'running').where('started_at', '>', backupSince).orderBy('id').execute().catch(() => []),
    db.kysely.selectFrom('diagnostics_runs').select(['id', 'started_at', 'actor']).where('status', '=', 'running').where('started_at', '>', diagSince).orderBy('id').execute().catch(() => []),
    db.kysely.selectFrom('sync_jobs').select(['id', 'started_at']).where('integration', '=', 'mikro').where('status', '=', 'RUNNING').where('started_at', '>', syncSince).orderBy('id').execute().catch(() => []),
  ]);
  for (const b of backups) {
    views.push({ ...rowView('backup.run', 'backup:app', Number(b.id), b.started_at, 'backup_runs'), trigger: b.trigger });
  }
  for (const d of diags) views.push(rowView('diagnostics.run', 'diagnostics', Number(d.id), d.started_at, 'diagnostics_runs'));
  for (const j of syncs) views.push(rowView('mikro.sync', 'mikro.sync', Number(j.id), j.started_at, 'sync_jobs'));
  return views;
}

function rowView(op: string, key: string, runId: number, startedAt: string, table: string): JobView {
  return { id: `${table}:${runId}`, op, key, started_at: startedAt, finished_at: null, status: 'running', progress: null, run_id: runId, source: 'run_table', callers: 0 };
}
