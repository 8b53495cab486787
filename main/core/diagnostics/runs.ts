/**
 * Past runs (R-DIAG-7): kept in diagnostics_runs (the report JSON, already redacted, its texts as
 * messages so an export can be rendered in either language later), listed newest first, and
 * compared check by check. Rows stored by earlier versions (texts as `detail`/`detail_tr`
 * strings, steps as `{tr, en}`, `data`) are upgraded when read (`upgradeReport`).
 */
import { CHECK_STATUSES, type CheckCategory, type CheckStatus, type DiagnosticCheck, type DiagnosticsDiff, type DiagnosticsReport, type DiagnosticsRunRecord, type DiagnosticsRunSummary, type CheckChange, type OverallStatus } from '../../../shared/diagnostics.js';
import { looksLikeMessage, msg, type Message } from '../../../shared/messages.js';
import { checkTitle } from '../checks/check-builders.js';
import type { AppDatabase } from '../db/app-database.js';
import { currentAuditAnchor } from '../audit/audit-anchor.js';

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
  const { run_id: _id, store_error: _err, ...rest } = report;
  // Every stored report records the audit chain's head (an anchor `audit verify` checks).
  const anchor = rest.audit_anchor ?? (await currentAuditAnchor(db));
  const body = anchor ? { ...rest, audit_anchor: anchor } : rest;
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
  const c: Record<CheckStatus, number> = { PASS: 0, WARN: 0, FAIL: 0, SKIP: 0 };
  try {
    for (const check of (JSON.parse(reportJson) as DiagnosticsReport).checks ?? []) if (check.status in c) c[check.status]++;
  } catch {
    // A damaged row still lists; its counts stay zero.
  }
  return c;
}

/** An earlier version's text pair as one message: the Turkish text in Turkish, the English in English. */
function legacyText(tr: unknown, en: unknown): Message {
  const t = typeof tr === 'string' && tr !== '' ? tr : String(en ?? '');
  const e = typeof en === 'string' && en !== '' ? en : t;
  return msg('report.legacy.text', { tr: t, en: e });
}

/**
 * One check as stored by any version → today's shape. Already-new checks pass through; old ones
 * (`detail` string + `detail_tr`, `recommendation(_tr)`, `steps: {tr, en}`, `data`) become
 * `report.legacy.text` messages carrying both texts, so they render in either language.
 */
export function upgradeCheck(raw: unknown): DiagnosticCheck {
  const c = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const name = typeof c.name === 'string' ? c.name : 'unknown';
  const category = (typeof c.category === 'string' ? c.category : 'system') as CheckCategory;
  const status = (CHECK_STATUSES as readonly string[]).includes(c.status as string) ? (c.status as CheckStatus) : 'FAIL';
  if (looksLikeMessage(c.detail) && looksLikeMessage(c.title)) return c as unknown as DiagnosticCheck;
  const detail = looksLikeMessage(c.detail) ? c.detail : legacyText(c.detail_tr, c.detail);
  const rec = c.recommendation ?? c.recommendation_tr;
  const recommendation = looksLikeMessage(c.recommendation) ? c.recommendation : rec === null || rec === undefined ? null : legacyText(c.recommendation_tr, c.recommendation);
  let steps: Message[] = [];
  if (Array.isArray(c.steps)) steps = c.steps.filter(looksLikeMessage);
  else if (c.steps && typeof c.steps === 'object') {
    const s = c.steps as { tr?: unknown[]; en?: unknown[] };
    const tr = Array.isArray(s.tr) ? s.tr : [];
    const en = Array.isArray(s.en) ? s.en : [];
    steps = Array.from({ length: Math.max(tr.length, en.length) }, (_, i) => legacyText(tr[i], en[i]));
  }
  const check: DiagnosticCheck = {
    name,
    category,
    status,
    title: looksLikeMessage(c.title) ? c.title : checkTitle(name, category),
    detail,
    recommendation: status === 'PASS' || status === 'SKIP' ? null : recommendation,
    steps: status === 'PASS' || status === 'SKIP' ? [] : steps,
    duration_ms: typeof c.duration_ms === 'number' ? c.duration_ms : 0,
  };
  const observed = (c.observed ?? c.data) as Record<string, unknown> | undefined;
  if (observed && typeof observed === 'object' && Object.keys(observed).length > 0) check.observed = observed;
  if (typeof c.technical_detail === 'string' && c.technical_detail) check.technical_detail = c.technical_detail;
  if (typeof c.skipped_because === 'string') check.skipped_because = c.skipped_because;
  return check;
}

/** A stored report of any version in today's shape. */
export function upgradeReport(raw: DiagnosticsReport): DiagnosticsReport {
  return { ...raw, checks: Array.isArray(raw.checks) ? raw.checks.map(upgradeCheck) : [] };
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
    status: r.status as OverallStatus,
    actor: r.actor,
    counts: counts(r.report),
  }));
}

/** One stored run with its report; null when there is no such id. */
export async function getRun(db: AppDatabase, id: number): Promise<DiagnosticsRunRecord | null> {
  const r = await db.kysely.selectFrom('diagnostics_runs').selectAll().where('id', '=', id).where('status', '!=', RUNNING).executeTakeFirst();
  if (!r) return null;
  const report = { ...upgradeReport(JSON.parse(r.report) as DiagnosticsReport), run_id: Number(r.id) };
  return { id: Number(r.id), started_at: r.started_at, duration_ms: Number(r.duration_ms), status: r.status as OverallStatus, actor: r.actor, report };
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
