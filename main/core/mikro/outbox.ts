/**
 * Outbox processing (R-MIKRO-5, the older backend's rules):
 *  - a permanent error (E_MIKRO_READ_ONLY) → FAILED at once, attempts+1, never retried, and
 *    never re-queued by "retry all" (the older backend re-queued these, forever failing);
 *  - any other error → retried after `2^n × 30 s` (n = attempts before this one: 30 s, 60 s,
 *    120 s, …) until `attempts` reaches `max_retries` (default 5), then FAILED.
 * Items are claimed with a conditional UPDATE (QUEUED → PROCESSING), so two processors (the app
 * and `serve`) never run the same item twice.
 */
import { isAppError } from '../../../shared/errors.js';
import type { AppDatabase } from '../db/app-database.js';
import type { OutboxTable } from '../db/schema.js';
import type { Selectable } from 'kysely';
import type { MikroCallContext } from './mikro-context.js';
import { PUSH_KINDS, type MikroSyncService } from './push-guard.js';

export const OUTBOX_STATUS = { QUEUED: 'QUEUED', PROCESSING: 'PROCESSING', DONE: 'DONE', FAILED: 'FAILED' } as const;
export const PERMANENT_ERROR_CODES: ReadonlySet<string> = new Set(['E_MIKRO_READ_ONLY']);
export const BACKOFF_BASE_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 5;

export type OutboxRow = Selectable<OutboxTable>;
export type OutboxHandlerResult = { success: true } | { success: false; code: string; error: string };
export type OutboxHandler = (item: OutboxRow) => Promise<OutboxHandlerResult>;

/** Delay before the next try after `previousAttempts` tries have already failed. */
export function backoffMs(previousAttempts: number): number {
  return 2 ** Math.max(0, previousAttempts) * BACKOFF_BASE_MS;
}

export const handlerKey = (integration: string, operation: string): string => `${integration}:${operation}`;

export interface EnqueueInput {
  integration: string;
  operation: string;
  payload: unknown;
  max_retries?: number;
}

export async function enqueueOutbox(db: AppDatabase, item: EnqueueInput, now: Date = new Date()): Promise<number> {
  const ts = now.toISOString();
  const row = await db.kysely
    .insertInto('outbox')
    .values({
      created_at: ts,
      updated_at: ts,
      integration: item.integration,
      operation: item.operation,
      payload: JSON.stringify(item.payload ?? null),
      status: OUTBOX_STATUS.QUEUED,
      attempts: 0,
      max_retries: item.max_retries ?? DEFAULT_MAX_RETRIES,
      next_attempt_at: null,
      last_error_code: null,
      last_error: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface ProcessOptions {
  /** `integration:operation` → handler. Items without a handler are left for another processor. */
  handlers: Record<string, OutboxHandler>;
  now?: () => Date;
  limit?: number;
}

export interface ProcessSummary {
  processed: number;
  done: number;
  retrying: number;
  failed: number;
}

export async function processOutbox(db: AppDatabase, opts: ProcessOptions): Promise<ProcessSummary> {
  const now = opts.now ?? (() => new Date());
  const summary: ProcessSummary = { processed: 0, done: 0, retrying: 0, failed: 0 };
  const keys = Object.keys(opts.handlers);
  if (keys.length === 0) return summary;
  const nowIso = now().toISOString();
  const due = await db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('status', '=', OUTBOX_STATUS.QUEUED)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', nowIso)]))
    .orderBy('id')
    .limit(opts.limit ?? 100)
    .execute();

  for (const item of due) {
    const handler = opts.handlers[handlerKey(item.integration, item.operation)];
    if (!handler) continue;
    const claimed = await db.kysely
      .updateTable('outbox')
      .set({ status: OUTBOX_STATUS.PROCESSING, updated_at: now().toISOString() })
      .where('id', '=', item.id)
      .where('status', '=', OUTBOX_STATUS.QUEUED)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue; // another processor took it

    let outcome: OutboxHandlerResult;
    try {
      outcome = await handler(item);
    } catch (err) {
      outcome = { success: false, code: isAppError(err) ? err.code : 'E_INTERNAL', error: (err as Error)?.message ?? String(err) };
    }
    summary.processed++;
    const attempts = item.attempts + 1;
    const at = now();
    if (outcome.success) {
      await db.kysely.updateTable('outbox').set({ status: OUTBOX_STATUS.DONE, attempts, updated_at: at.toISOString(), next_attempt_at: null }).where('id', '=', item.id).execute();
      summary.done++;
      continue;
    }
    const permanent = PERMANENT_ERROR_CODES.has(outcome.code);
    const exhausted = attempts >= item.max_retries;
    const failed = permanent || exhausted;
    await db.kysely
      .updateTable('outbox')
      .set({
        status: failed ? OUTBOX_STATUS.FAILED : OUTBOX_STATUS.QUEUED,
        attempts,
        updated_at: at.toISOString(),
        next_attempt_at: failed ? null : new Date(at.getTime() + backoffMs(item.attempts)).toISOString(),
        last_error_code: outcome.code,
        last_error: outcome.error.slice(0, 2000),
      })
      .where('id', '=', item.id)
      .execute();
    if (failed) summary.failed++;
    else summary.retrying++;
  }
  return summary;
}

export interface RetryAllResult {
  requeued: number;
  /** FAILED items left alone because their error is permanent (E_MIKRO_READ_ONLY). */
  skipped_permanent: number;
}

/** "Retry all": FAILED → QUEUED with a fresh retry budget, except permanent failures. */
export async function retryAll(db: AppDatabase, opts: { integration?: string; now?: () => Date } = {}): Promise<RetryAllResult> {
  const ts = (opts.now ?? (() => new Date()))().toISOString();
  const permanent = [...PERMANENT_ERROR_CODES];
  let q = db.kysely
    .updateTable('outbox')
    .set({ status: OUTBOX_STATUS.QUEUED, attempts: 0, next_attempt_at: null, updated_at: ts })
    .where('status', '=', OUTBOX_STATUS.FAILED)
    .where((eb) => eb.or([eb('last_error_code', 'is', null), eb('last_error_code', 'not in', permanent)]));
  if (opts.integration) q = q.where('integration', '=', opts.integration);
  const updated = await q.executeTakeFirst();
  let sq = db.kysely
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', OUTBOX_STATUS.FAILED)
    .where('last_error_code', 'in', permanent);
  if (opts.integration) sq = sq.where('integration', '=', opts.integration);
  const skipped = await sq.executeTakeFirst();
  return { requeued: Number(updated.numUpdatedRows), skipped_permanent: Number(skipped?.n ?? 0) };
}

/** Outbox handlers for Mikro pushes: each goes to the push guard, which refuses it (permanent). */
export function mikroOutboxHandlers(sync: MikroSyncService, ctx: MikroCallContext): Record<string, OutboxHandler> {
  const handlers: Record<string, OutboxHandler> = {};
  for (const kind of PUSH_KINDS) {
    handlers[handlerKey('mikro', `push_${kind}`)] = async (item) => {
      let payload: unknown = null;
      try {
        payload = JSON.parse(item.payload);
      } catch {
        // Unparseable payloads are refused all the same.
      }
      const id = (payload as { id?: string | number } | null)?.id ?? `outbox:${item.id}`;
      return sync.push(kind, id, payload, ctx);
    };
  }
  return handlers;
}
