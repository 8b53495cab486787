/**
 * Outbox processing (R-MIKRO-5, the older backend's rules):
 *  - a permanent error (E_MIKRO_READ_ONLY) → FAILED at once, attempts+1, never retried, and
 *    never re-queued by "retry all" (the older backend re-queued these, forever failing);
 *  - any other error → retried after `2^n × 30 s` (n = attempts before this one: 30 s, 60 s,
 *    120 s, …) until `attempts` reaches `max_retries` (default 5), then FAILED.
 * Items are claimed with a conditional UPDATE (QUEUED → PROCESSING), so two processors (the app
 * and `serve`, each started by Core.startBackground through `OutboxProcessor`) never run the same
 * item twice. P1 has no write-back, so the Mikro handlers only ever end an item FAILED with
 * E_MIKRO_READ_ONLY: still worth running, since a queue nobody drains grows silently and hides
 * that something tried to write.
 */
import type { Selectable } from 'kysely';
import { isAppError } from '../../../shared/errors.js';
import type { OutboxTable } from '../db/schema.js';
import type { MikroCallContext, OutboxDb } from './mikro-context.js';
import type { MikroClientFactory } from './client-factory.js';
import { PUSH_KINDS, type MikroSyncService } from './push-guard.js';

export type { OutboxDb } from './mikro-context.js';

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

export async function enqueueOutbox(db: OutboxDb, item: EnqueueInput, now: Date = new Date()): Promise<number> {
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
  /** Only these items (the push-guard probe processes its own items and nothing else). */
  ids?: readonly number[];
}

export interface ProcessSummary {
  processed: number;
  done: number;
  retrying: number;
  failed: number;
}

export async function processOutbox(db: OutboxDb, opts: ProcessOptions): Promise<ProcessSummary> {
  const now = opts.now ?? (() => new Date());
  const summary: ProcessSummary = { processed: 0, done: 0, retrying: 0, failed: 0 };
  const keys = Object.keys(opts.handlers);
  if (keys.length === 0) return summary;
  const nowIso = now().toISOString();
  if (opts.ids && opts.ids.length === 0) return summary;
  let dueQuery = db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('status', '=', OUTBOX_STATUS.QUEUED)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', nowIso)]));
  if (opts.ids) dueQuery = dueQuery.where('id', 'in', [...opts.ids]);
  const due = await dueQuery.orderBy('id').limit(opts.limit ?? 100).execute();

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
export async function retryAll(db: OutboxDb, opts: { integration?: string; now?: () => Date } = {}): Promise<RetryAllResult> {
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

/** Builds the Mikro handlers; the push-guard check swaps in variants (tests) through this type. */
export type MikroHandlersBuilder = (sync: MikroSyncService, ctx: MikroCallContext, clients: MikroClientFactory) => Record<string, OutboxHandler>;

/**
 * Outbox handlers for Mikro pushes: each goes to the push guard, which refuses it (permanent).
 * They are handed the client factory the app uses, as a write-back would be; in P1 they must
 * never call it (the push-guard check counts what goes through it).
 */
export const mikroOutboxHandlers: MikroHandlersBuilder = (sync, ctx) => {
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
};

export interface OutboxProcessorOptions {
  db: OutboxDb;
  handlers: () => Record<string, OutboxHandler>;
  /** Between runs; default 30 s (the backoff base). */
  intervalMs?: number;
  /** A run failed (database down, …): told once per distinct error until a run succeeds. */
  onError?: (err: unknown) => void;
}

/** Drains the outbox on a timer in the long-running doors (app, serve); unref'd, stoppable. */
export class OutboxProcessor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ProcessSummary | null> | null = null;
  private lastError = '';
  private stopped = false;

  constructor(private readonly opts: OutboxProcessorOptions) {}

  get started(): boolean {
    return this.timer !== undefined;
  }

  /** Runs once now, then every `intervalMs`. Starting twice is a no-op. */
  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.runOnce(), this.opts.intervalMs ?? BACKOFF_BASE_MS);
    this.timer.unref();
    void this.runOnce();
  }

  /** One pass (never two at once); null when it failed. */
  runOnce(): Promise<ProcessSummary | null> {
    this.running ??= processOutbox(this.opts.db, { handlers: this.opts.handlers() })
      .then((summary) => {
        this.lastError = '';
        return summary;
      })
      .catch((err: unknown) => {
        const text = err instanceof Error ? err.message : String(err);
        if (text !== this.lastError) this.opts.onError?.(err);
        this.lastError = text;
        return null;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
