/**
 * The older backend's four queue checks, with its thresholds kept so scripts reading them see the
 * same verdicts: outbox_failed (0 / 1–5 / >5), unresolved_errors (≤3 / 4–10 / >10),
 * queue_backlog (outbox and inbox QUEUED ≤ 50 each), last_sync_recency (≤24 h / ≤72 h / older).
 *
 * Honest about what produces the rows. The Mikro PULL sync writes sync_jobs (issue 16); the outbox is fed by the
 * WhatsApp outbox (`whatsapp enqueue`, drained by the app and `serve`) and by Mikro write-back
 * (which P1 blocks); the inbox only by a webhook that may not be set up. An empty table says
 * nothing about health. The rule, per check:
 *   last_sync_recency  SKIP when sync_jobs has no rows at all (no sync yet); FAIL naming the error when the newest
 *                      finished run failed (the Mikro PULL sync writes these rows); otherwise judged
 *                      by the age of the last successful sync (none among the rows: WARN).
 *   outbox_failed      SKIP when the outbox has no rows at all; otherwise judged by FAILED rows,
 *                      per integration. Permanent = a known permanent code (E_MIKRO_READ_ONLY)
 *                      or a WhatsApp item failed before its tries ran out (the processor gives
 *                      up at once only when Meta refused the number, the template or the token);
 *                      those are never retried.
 *   queue_backlog      SKIP when both the outbox and the inbox have no rows at all; otherwise
 *                      judged by the QUEUED rows of each, and WARN when outbox items are due but
 *                      untouched for STALLED_MINUTES (no processor is draining them: the app or
 *                      `serve` is not running) or stuck PROCESSING that long (a process died
 *                      mid-send).
 *   unresolved_errors  always judged: integration_errors has producers today (Mikro, WhatsApp).
 * As soon as a producer writes a row, the real thresholds apply again (PASS, WARN and FAIL).
 * Each declares the tables it reads: while one does not exist yet the runner reports the check
 * SKIP naming migrations_at_head (the schema is that check's finding, not a queue problem).
 */
import { sql } from 'kysely';
import { looksLikeMessage, msg, type Message } from '../../../../shared/messages.js';
import { passed, problem, skipped, type CheckOutcome } from '../../checks/check-builders.js';
import { OUTBOX_STATUS, PERMANENT_ERROR_CODES } from '../../mikro/outbox.js';
import { WHATSAPP_INTEGRATION } from '../../whatsapp/outbox/outbox-names.js';
import type { DiagnosticsContext, QueueThresholds } from '../context.js';
import type { CheckDefinition } from '../registry.js';

/** Declared in context.ts (which imports no check); re-exported for the module's callers. */
export type { QueueThresholds } from '../context.js';

export const DEFAULT_THRESHOLDS: Readonly<QueueThresholds> = {
  outboxFailedWarnMax: 5,
  unresolvedPassMax: 3,
  unresolvedWarnMax: 10,
  backlogMax: 50,
  syncPassHours: 24,
  syncWarnHours: 72,
};

/** sync_jobs rows that count as a successful sync (writers use upper case; tolerate others). */
export const SYNC_SUCCESS_STATUSES = ['DONE', 'SUCCESS', 'COMPLETED', 'OK', 'done', 'success', 'completed', 'ok'] as const;

/** Due outbox items untouched this long mean nobody is draining the queue. */
export const STALLED_MINUTES = 10;

/** `skipped_because` of a queue check with nothing producing its rows. */
export const NO_SYNC_PRODUCER = 'no sync producer';
/** `skipped_because` of last_sync_recency before the first Mikro PULL sync. */
export const NO_SYNC_YET = 'no sync yet';

export function queueChecks(ctx: DiagnosticsContext): CheckDefinition[] {
  const t = { ...DEFAULT_THRESHOLDS, ...ctx.thresholds };
  const now = ctx.now ?? (() => new Date());
  return [
    { name: 'outbox_failed', category: 'queues', needs: ['outbox'], run: () => outboxFailed(ctx, t) },
    { name: 'unresolved_errors', category: 'queues', needs: ['integration_errors'], run: () => unresolvedErrors(ctx, t) },
    { name: 'queue_backlog', category: 'queues', needs: ['outbox', 'inbox'], run: () => queueBacklog(ctx, t, now()) },
    { name: 'last_sync_recency', category: 'queues', needs: ['sync_jobs'], run: () => lastSyncRecency(ctx, t, now()) },
  ];
}

async function rows(ctx: DiagnosticsContext, table: 'outbox' | 'inbox' | 'sync_jobs', status?: string): Promise<number> {
  let q = ctx.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
  if (status !== undefined) q = q.where('status', '=', status);
  const r = await q.executeTakeFirst();
  // PostgreSQL returns count(*) as a bigint string.
  return Number(r?.n ?? 0);
}

const noProducer = (table: string) => skipped(msg('queues.no_producer', { table }), NO_SYNC_PRODUCER);

async function outboxFailed(ctx: DiagnosticsContext, t: QueueThresholds): Promise<CheckOutcome> {
  const total = await rows(ctx, 'outbox');
  if (total === 0) return noProducer('outbox');
  const failedRows = await ctx.db.kysely
    .selectFrom('outbox')
    .select(['integration', 'last_error_code', 'attempts', 'max_retries'])
    .where('status', '=', OUTBOX_STATUS.FAILED)
    .execute();
  const byCode: Record<string, number> = {};
  const byIntegration: Record<string, number> = {};
  let permanent = 0;
  for (const r of failedRows) {
    const code = r.last_error_code ?? '(none)';
    byCode[code] = (byCode[code] ?? 0) + 1;
    byIntegration[r.integration] = (byIntegration[r.integration] ?? 0) + 1;
    // The WhatsApp processor fails an item before its tries run out only for a permanent error.
    const whatsappGaveUp = r.integration === WHATSAPP_INTEGRATION && Number(r.attempts) < Number(r.max_retries);
    if ((r.last_error_code && PERMANENT_ERROR_CODES.has(r.last_error_code)) || whatsappGaveUp) permanent++;
  }
  const failed = failedRows.length;
  const observed = { total, failed, permanent, by_code: byCode, by_integration: byIntegration };
  if (failed === 0) return passed(msg('queues.outbox.none', { total }), observed);
  return problem(
    failed > t.outboxFailedWarnMax ? 'FAIL' : 'WARN',
    msg('queues.outbox.failed', { failed, permanent, codes: Object.entries(byCode).map(([c, n]) => `${c} ×${n}`), integrations: Object.entries(byIntegration).map(([c, n]) => `${c} ×${n}`) }),
    msg('queues.outbox.failed_rec'),
    { observed },
  );
}

async function unresolvedErrors(ctx: DiagnosticsContext, t: QueueThresholds): Promise<CheckOutcome> {
  const grouped = await ctx.db.kysely
    .selectFrom('integration_errors')
    .select(['integration', (eb) => eb.fn.countAll().as('n')])
    .where('resolved_at', 'is', null)
    .groupBy('integration')
    .execute();
  const byIntegration = Object.fromEntries(grouped.map((r) => [r.integration, Number(r.n)]));
  const n = grouped.reduce((s, r) => s + Number(r.n), 0);
  const observed = { unresolved: n, by_integration: byIntegration, pass_max: t.unresolvedPassMax, warn_max: t.unresolvedWarnMax };
  const by = Object.entries(byIntegration).map(([k, v]) => `${k} ×${v}`);
  if (n === 0) return passed(msg('queues.unresolved.none'), observed);
  if (n <= t.unresolvedPassMax) return passed(msg('queues.unresolved.few', { count: n, by, limit: t.unresolvedPassMax }), observed);
  return problem(n > t.unresolvedWarnMax ? 'FAIL' : 'WARN', msg('queues.unresolved.many', { count: n, by, limit: t.unresolvedPassMax }), msg('queues.unresolved.rec'), { observed });
}

async function queueBacklog(ctx: DiagnosticsContext, t: QueueThresholds, now: Date): Promise<CheckOutcome> {
  const [outboxRows, inboxRows] = await Promise.all([rows(ctx, 'outbox'), rows(ctx, 'inbox')]);
  if (outboxRows === 0 && inboxRows === 0) return noProducer('outbox/inbox');
  const [outbox, inbox] = await Promise.all([rows(ctx, 'outbox', OUTBOX_STATUS.QUEUED), rows(ctx, 'inbox', 'QUEUED')]);
  // Times are ISO-8601 UTC text on both engines, so text comparison orders them.
  const nowIso = now.toISOString();
  const before = new Date(now.getTime() - STALLED_MINUTES * 60_000).toISOString();
  const stalled = await ctx.db.kysely
    .selectFrom('outbox')
    .select([(eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.min('updated_at').as('oldest')])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', OUTBOX_STATUS.QUEUED), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', before)]), eb('updated_at', '<=', before)]),
        eb.and([eb('status', '=', OUTBOX_STATUS.PROCESSING), eb('updated_at', '<=', before)]),
      ]),
    )
    .executeTakeFirst();
  const stalledCount = Number(stalled?.n ?? 0);
  const observed = { outbox_rows: outboxRows, inbox_rows: inboxRows, outbox_queued: outbox, inbox_queued: inbox, max: t.backlogMax, outbox_stalled: stalledCount, stalled_minutes: STALLED_MINUTES, now: nowIso };
  if (stalledCount > 0) {
    return problem('WARN', msg('queues.backlog.stalled', { count: stalledCount, minutes: STALLED_MINUTES, oldest: String(stalled?.oldest ?? nowIso) }), msg('queues.backlog.stalled_rec'), { observed });
  }
  if (outbox <= t.backlogMax && inbox <= t.backlogMax) return passed(msg('queues.backlog.ok', { outbox, inbox, limit: t.backlogMax }), observed);
  return problem('WARN', msg('queues.backlog.high', { outbox, inbox, limit: t.backlogMax }), msg('queues.backlog.rec'), { observed });
}

async function lastSyncRecency(ctx: DiagnosticsContext, t: QueueThresholds, now: Date): Promise<CheckOutcome> {
  const total = await rows(ctx, 'sync_jobs');
  // Nothing to judge before the first PULL sync (the app and serve run one every sync.interval_minutes).
  if (total === 0) return skipped(msg('queues.sync.none'), NO_SYNC_YET);
  // The newest finished run decides first: a failed sync is a FAIL naming its error, whatever came before.
  const newest = await ctx.db.kysely
    .selectFrom('sync_jobs')
    .select(['id', 'integration', 'kind', 'status', 'finished_at', 'error', 'detail'])
    .where('finished_at', 'is not', null)
    .orderBy(sql`finished_at`, 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const last = await ctx.db.kysely
    .selectFrom('sync_jobs')
    .select(['integration', 'kind', 'finished_at'])
    .where('status', 'in', [...SYNC_SUCCESS_STATUSES])
    .where('finished_at', 'is not', null)
    .orderBy(sql`finished_at`, 'desc')
    .limit(1)
    .executeTakeFirst();
  if (newest?.finished_at && !(SYNC_SUCCESS_STATUSES as readonly string[]).includes(newest.status)) {
    const failure = recordedFailure(newest.detail, newest.error);
    const observed = { rows: total, job_id: Number(newest.id), status: newest.status, failed_at: newest.finished_at, error: newest.error, last_success_at: last?.finished_at ?? null };
    const params = { integration: newest.integration, kind: newest.kind, at: newest.finished_at, code: failure.code, reason: failure.reason };
    return problem('FAIL', msg(last ? 'queues.sync.failed' : 'queues.sync.failed_never', params), msg('queues.sync.failed_rec'), { observed, technical_detail: newest.error ?? undefined });
  }
  if (!last?.finished_at) {
    return problem('WARN', msg('queues.sync.never', { count: total }), msg('queues.sync.never_rec'), { observed: { rows: total, last_finished_at: null } });
  }
  const ageH = Math.max(0, (now.getTime() - Date.parse(last.finished_at)) / 3_600_000);
  if (!Number.isFinite(ageH)) throw new Error(`sync_jobs.finished_at is not a timestamp: ${last.finished_at}`);
  const hours = Math.round(ageH * 10) / 10;
  const observed = { rows: total, last_finished_at: last.finished_at, integration: last.integration, kind: last.kind, age_hours: hours, pass_hours: t.syncPassHours, warn_hours: t.syncWarnHours };
  if (ageH <= t.syncPassHours) return passed(msg('queues.sync.recent', { hours, integration: last.integration, kind: last.kind, at: last.finished_at }), observed);
  return problem(ageH <= t.syncWarnHours ? 'WARN' : 'FAIL', msg('queues.sync.stale', { hours, at: last.finished_at, limit: t.syncPassHours }), msg('queues.sync.stale_rec'), { observed });
}

/**
 * What a failed run recorded: the PULL sync keeps each table's error (code + catalogue message) in
 * `detail`; other writers only the `error` text, whose leading E_… code is then all that is named.
 */
function recordedFailure(detail: string | null, error: string | null): { code: string; reason: Message } {
  try {
    const d = JSON.parse(detail ?? 'null') as { tables?: Record<string, { error?: { code?: unknown; message?: unknown } }> } | null;
    for (const table of Object.values(d?.tables ?? {})) {
      const e = table.error;
      if (e && typeof e.code === 'string' && looksLikeMessage(e.message)) return { code: e.code, reason: e.message };
    }
  } catch {
    // not JSON: fall back to the error text
  }
  const code = /^(E_[A-Z0-9_]+)/.exec(error ?? '')?.[1] ?? 'E_SYNC_FAILED';
  return { code, reason: msg('queues.sync.failed_unknown') };
}
