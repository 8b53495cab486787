/**
 * The older backend's four queue checks, with its thresholds kept so scripts reading them see the
 * same verdicts: outbox_failed (0 / 1–5 / >5), unresolved_errors (≤3 / 4–10 / >10),
 * queue_backlog (outbox and inbox QUEUED ≤ 50 each). last_sync_recency now checks the age
 * (the older one only checked that a sync existed).
 */
import { sql } from 'kysely';
import { OUTBOX_STATUS, PERMANENT_ERROR_CODES } from '../../mikro/outbox.js';
import type { DiagnosticsContext } from '../context.js';
import { stepsFor } from '../playbook.js';
import { pass, problem, type CheckDefinition, type CheckOutcome } from '../registry.js';

export interface QueueThresholds {
  /** outbox FAILED: 0 PASS, 1..outboxFailedWarnMax WARN, more FAIL. */
  outboxFailedWarnMax: number;
  /** unresolved integration errors: ≤ PassMax PASS, ≤ WarnMax WARN, more FAIL. */
  unresolvedPassMax: number;
  unresolvedWarnMax: number;
  /** outbox QUEUED and inbox QUEUED, each. */
  backlogMax: number;
  /** Age of the last successful sync: ≤ pass PASS, ≤ warn WARN, older FAIL. */
  syncPassHours: number;
  syncWarnHours: number;
}

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

export function queueChecks(ctx: DiagnosticsContext): CheckDefinition[] {
  const t = { ...DEFAULT_THRESHOLDS, ...ctx.thresholds };
  const now = ctx.now ?? (() => new Date());
  return [
    { name: 'outbox_failed', category: 'queues', run: () => guarded('outbox', () => outboxFailed(ctx, t)) },
    { name: 'unresolved_errors', category: 'queues', run: () => guarded('integration_errors', () => unresolvedErrors(ctx, t)) },
    { name: 'queue_backlog', category: 'queues', run: () => guarded('outbox/inbox', () => queueBacklog(ctx, t)) },
    { name: 'last_sync_recency', category: 'queues', run: () => guarded('sync_jobs', () => lastSyncRecency(ctx, t, now())) },
  ];
}

/** A table that does not exist yet means "schema not migrated", which has its own fix. */
async function guarded(table: string, fn: () => Promise<CheckOutcome>): Promise<CheckOutcome> {
  try {
    return await fn();
  } catch (err) {
    const msg = (err as Error)?.message ?? String(err);
    if (/no such table|relation .* does not exist/i.test(msg)) {
      return problem('WARN', {
        en: `The ${table} table does not exist yet: the schema is not migrated.`,
        tr: `${table} tablosu henüz yok: şema migrate edilmemiş.`,
        rec_en: 'Run: optiplan360 migrate up',
        rec_tr: 'Çalıştırın: optiplan360 migrate up',
      }, { steps: stepsFor('migrations') });
    }
    throw err;
  }
}

async function count(ctx: DiagnosticsContext, table: 'outbox' | 'inbox', status: string): Promise<number> {
  const r = await ctx.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('status', '=', status).executeTakeFirst();
  // PostgreSQL returns count(*) as a bigint string.
  return Number(r?.n ?? 0);
}

async function outboxFailed(ctx: DiagnosticsContext, t: QueueThresholds): Promise<CheckOutcome> {
  const rows = await ctx.db.kysely
    .selectFrom('outbox')
    .select(['last_error_code', (eb) => eb.fn.countAll().as('n')])
    .where('status', '=', OUTBOX_STATUS.FAILED)
    .groupBy('last_error_code')
    .execute();
  const byCode = Object.fromEntries(rows.map((r) => [r.last_error_code ?? '(none)', Number(r.n)]));
  const failed = rows.reduce((s, r) => s + Number(r.n), 0);
  const permanent = rows.filter((r) => r.last_error_code && PERMANENT_ERROR_CODES.has(r.last_error_code)).reduce((s, r) => s + Number(r.n), 0);
  const data = { failed, permanent, by_code: byCode };
  if (failed === 0) return pass('No failed outbox items.', 'Başarısız outbox kaydı yok.', data);
  const codes = Object.entries(byCode).map(([c, n]) => `${c} ×${n}`).join(', ');
  return problem(
    failed > t.outboxFailedWarnMax ? 'FAIL' : 'WARN',
    {
      en: `${failed} failed outbox item(s) (${codes}); ${permanent} permanent (not retried).`,
      tr: `${failed} başarısız outbox kaydı (${codes}); ${permanent} tanesi kalıcı (yeniden denenmez).`,
      rec_en: 'Read last_error of the failed items; fix the cause, then "retry all" (permanent E_MIKRO_READ_ONLY items stay failed by design).',
      rec_tr: 'Başarısız kayıtların last_error alanını okuyun; nedeni giderip "tümünü yeniden dene" kullanın (kalıcı E_MIKRO_READ_ONLY kayıtları bilerek başarısız kalır).',
    },
    { data },
  );
}

async function unresolvedErrors(ctx: DiagnosticsContext, t: QueueThresholds): Promise<CheckOutcome> {
  const rows = await ctx.db.kysely
    .selectFrom('integration_errors')
    .select(['integration', (eb) => eb.fn.countAll().as('n')])
    .where('resolved_at', 'is', null)
    .groupBy('integration')
    .execute();
  const byIntegration = Object.fromEntries(rows.map((r) => [r.integration, Number(r.n)]));
  const n = rows.reduce((s, r) => s + Number(r.n), 0);
  const data = { unresolved: n, by_integration: byIntegration };
  const list = Object.entries(byIntegration).map(([k, v]) => `${k} ×${v}`).join(', ');
  if (n <= t.unresolvedPassMax) {
    return pass(`${n} unresolved integration error(s)${list ? ` (${list})` : ''}.`, `${n} çözülmemiş entegrasyon hatası${list ? ` (${list})` : ''}.`, data);
  }
  return problem(
    n > t.unresolvedWarnMax ? 'FAIL' : 'WARN',
    {
      en: `${n} unresolved integration errors (${list}).`,
      tr: `${n} çözülmemiş entegrasyon hatası (${list}).`,
      rec_en: 'Review them by integration, fix the cause, then mark them resolved.',
      rec_tr: 'Entegrasyona göre inceleyin, nedeni giderin, sonra çözüldü olarak işaretleyin.',
    },
    { data },
  );
}

async function queueBacklog(ctx: DiagnosticsContext, t: QueueThresholds): Promise<CheckOutcome> {
  const [outbox, inbox] = await Promise.all([count(ctx, 'outbox', OUTBOX_STATUS.QUEUED), count(ctx, 'inbox', 'QUEUED')]);
  const data = { outbox_queued: outbox, inbox_queued: inbox, max: t.backlogMax };
  if (outbox <= t.backlogMax && inbox <= t.backlogMax) {
    return pass(`Queues drained: outbox ${outbox}, inbox ${inbox} queued (limit ${t.backlogMax} each).`, `Kuyruklar normal: outbox ${outbox}, inbox ${inbox} bekleyen (sınır her biri için ${t.backlogMax}).`, data);
  }
  return problem(
    'WARN',
    {
      en: `Queue backlog: outbox ${outbox}, inbox ${inbox} queued (limit ${t.backlogMax} each).`,
      tr: `Kuyruk birikmesi: outbox ${outbox}, inbox ${inbox} bekleyen (sınır her biri için ${t.backlogMax}).`,
      rec_en: 'Check that the queue processor is running and the target integration is reachable.',
      rec_tr: 'Kuyruğu işleyen servisin çalıştığını ve hedef entegrasyonun erişilebilir olduğunu kontrol edin.',
    },
    { data },
  );
}

async function lastSyncRecency(ctx: DiagnosticsContext, t: QueueThresholds, now: Date): Promise<CheckOutcome> {
  const last = await ctx.db.kysely
    .selectFrom('sync_jobs')
    .select(['integration', 'kind', 'finished_at'])
    .where('status', 'in', [...SYNC_SUCCESS_STATUSES])
    .where('finished_at', 'is not', null)
    .orderBy(sql`finished_at`, 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last?.finished_at) {
    return problem('WARN', {
      en: 'No successful sync has been recorded yet.',
      tr: 'Henüz başarılı bir senkronizasyon kaydı yok.',
      rec_en: 'Run a first sync once Mikro is configured.',
      rec_tr: 'Mikro yapılandırıldıktan sonra ilk senkronizasyonu çalıştırın.',
    }, { data: { last_finished_at: null } });
  }
  const ageH = Math.max(0, (now.getTime() - Date.parse(last.finished_at)) / 3_600_000);
  const age = Math.round(ageH * 10) / 10;
  const data = { last_finished_at: last.finished_at, integration: last.integration, kind: last.kind, age_hours: age, pass_hours: t.syncPassHours, warn_hours: t.syncWarnHours };
  if (!Number.isFinite(ageH)) throw new Error(`sync_jobs.finished_at is not a timestamp: ${last.finished_at}`);
  if (ageH <= t.syncPassHours) {
    return pass(`Last successful sync ${age} h ago (${last.integration} ${last.kind}, ${last.finished_at}).`, `Son başarılı senkronizasyon ${age} saat önce (${last.integration} ${last.kind}, ${last.finished_at}).`, data);
  }
  return problem(
    ageH <= t.syncWarnHours ? 'WARN' : 'FAIL',
    {
      en: `Last successful sync ${age} h ago (${last.finished_at}); expected within ${t.syncPassHours} h.`,
      tr: `Son başarılı senkronizasyon ${age} saat önce (${last.finished_at}); ${t.syncPassHours} saat içinde olmalıydı.`,
      rec_en: 'Look at the latest sync runs and their errors; check the Mikro connection.',
      rec_tr: 'Son senkronizasyonları ve hatalarını inceleyin; Mikro bağlantısını kontrol edin.',
    },
    { data },
  );
}
