/**
 * Past runs (R-DIAG-7): kept in diagnostics_runs (the report JSON, already redacted), listed
 * newest first, and compared check by check.
 */
import type { CheckStatus, DiagnosticsDiff, DiagnosticsReport, DiagnosticsRunRecord, DiagnosticsRunSummary, CheckChange } from '../../../shared/diagnostics.js';
import type { AppDatabase } from '../db/app-database.js';

export const MAX_LIST_LIMIT = 500;

/** `status` of a row whose run is still going (written at the start, completed by storeRun). */
export const RUNNING = 'running';

/**
 * The row of a run that has just started (status 'running'), so every process sees it running
 * (`jobs.list`). Lists and comparisons skip such rows; storeRun completes it.
 */
export async function startRun(db: AppDatabase, startedAt: string, actor: string): Promise<number> {
  const row = await db.kysely
    .insertInto('diagnostics_runs')
    .values({ started_at: startedAt, duration_ms: 0, status: RUNNING, actor, report: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Remove the 'running' row of a run that failed before it had a report. */
export async function discardRun(db: AppDatabase, runId: number): Promise<void> {
  await db.kysely.deleteFrom('diagnostics_runs').where('id', '=', runId).where('status', '=', RUNNING).execute();
}

/** Store one run (completing its 'running' row when `runId` is given); returns its id. The report must already be redacted. */
export async function storeRun(db: AppDatabase, report: DiagnosticsReport, actor: string, runId?: number): Promise<number> {
  const { run_id: _id, store_error: _err, ...body } = report;
  if (runId !== undefined) {
    const r = await db.kysely
      .updateTable('diagnostics_runs')
      .set({ started_at: report.timestamp, duration_ms: Math.round(report.duration_ms), status: report.status, actor, report: JSON.stringify(body) })
      .where('id', '=', runId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) return runId;
  }
  const row = await db.kysely
    .insertInto('diagnostics_runs')
    .values({ started_at: report.timestamp, duration_ms: Math.round(report.duration_ms), status: report.status, actor, report: JSON.stringify(body) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

function counts(reportJson: string): Record<CheckStatus, number> {
  const c: Record<CheckStatus, number> = { PASS: 0, WARN: 0, FAIL: 0 };
  try {
    for (const check of (JSON.parse(reportJson) as DiagnosticsReport).checks ?? []) if (check.status in c) c[check.status]++;
  } catch {
    // A damaged row still lists; its counts stay zero.
  }
  return c;
}

export async function listRuns(db: AppDatabase, opts: { limit?: number; offset?: number } = {}): Promise<DiagnosticsRunSummary[]> {
  const limit = Math.max(1, Math.min(MAX_LIST_LIMIT, Math.floor(opts.limit ?? 50)));
  const rows = await db.kysely
    .selectFrom('diagnostics_runs')
    .selectAll()
    .where('status', '!=', RUNNING)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(Math.max(0, Math.floor(opts.offset ?? 0)))
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    started_at: r.started_at,
    duration_ms: Number(r.duration_ms),
    status: r.status as CheckStatus,
    actor: r.actor,
    counts: counts(r.report),
  }));
}

/** One stored run with its report; null when there is no such id. */
export async function getRun(db: AppDatabase, id: number): Promise<DiagnosticsRunRecord | null> {
  const r = await db.kysely.selectFrom('diagnostics_runs').selectAll().where('id', '=', id).where('status', '!=', RUNNING).executeTakeFirst();
  if (!r) return null;
  const report = { ...(JSON.parse(r.report) as DiagnosticsReport), run_id: Number(r.id) };
  return { id: Number(r.id), started_at: r.started_at, duration_ms: Number(r.duration_ms), status: r.status as CheckStatus, actor: r.actor, report };
}

/** What changed from run `a` (earlier) to run `b` (later), check by check, in `b`'s order. */
export function diffRuns(a: Pick<DiagnosticsReport, 'status' | 'checks'>, b: Pick<DiagnosticsReport, 'status' | 'checks'>): DiagnosticsDiff {
  const before = new Map(a.checks.map((c) => [c.name, c]));
  const after = new Map(b.checks.map((c) => [c.name, c]));
  const changes: CheckChange[] = [];
  let unchanged = 0;
  for (const c of b.checks) {
    const old = before.get(c.name);
    if (!old) changes.push({ name: c.name, category: c.category, kind: 'new', before: null, after: c.status });
    else if (old.status !== c.status) changes.push({ name: c.name, category: c.category, kind: 'changed', before: old.status, after: c.status });
    else unchanged++;
  }
  for (const c of a.checks) {
    if (!after.has(c.name)) changes.push({ name: c.name, category: c.category, kind: 'removed', before: c.status, after: null });
  }
  return { status: { before: a.status, after: b.status }, changes, unchanged };
}
