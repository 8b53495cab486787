/**
 * The WhatsApp outbox: notifications other systems enqueue (`optiplan360 whatsapp enqueue`, the
 * `whatsapp.enqueue` operation) wait in the `outbox` table (integration `whatsapp`) and are sent
 * by a processor running in the long-running doors (app, `serve`):
 *
 *  - enqueue runs the same checks as the test message that need no request (on, set up, a valid
 *    mobile number, a configured template, the right parameter count) and refuses at once;
 *  - each send waits for its slot from the SharedRateLimiter, so every process together keeps
 *    `rate_limits`;
 *  - a temporary failure (Meta's rate limits, 5xx, timeouts, network) is retried after
 *    retry_delay_seconds × backoff_multiplier^(n−1) (or Meta's Retry-After when longer) until
 *    `retry_settings.max_attempts` tries were made, then FAILED;
 *  - a permanent failure (the number, the template, the token, a policy block — see
 *    isRetryableReason) is FAILED at once and kept: the same request would be refused again;
 *  - a full local hour/day window is not a failure: the item waits until the window frees,
 *    without spending an attempt.
 * Items are claimed with a conditional UPDATE (QUEUED → PROCESSING) so two processors never
 * send one item twice. The payload keeps the recipient's number (needed to send); every text
 * written about an item (last_error, audit rows, results) has it masked or scrubbed.
 */
import type { Selectable } from 'kysely';
import { AppError, isAppError } from '../../../../shared/errors.js';
import { msg } from '../../../../shared/messages.js';
import type { WhatsappEnqueueInput, WhatsappEnqueueResult } from '../../../../shared/whatsapp-outbox.js';
import { safeAudit } from '../../audit/safe-audit.js';
import type { AuditWriter } from '../../audit/audit-types.js';
import { technicalText } from '../../checks/check-builders.js';
import type { OutboxTable } from '../../db/schema.js';
import { enqueueOutbox, OUTBOX_STATUS, type OutboxDb } from '../../mikro/outbox.js';
import type { ResolveContext } from '../../secrets/secret-ref.js';
import { scrubKnownValues } from '../../secrets/secret-patterns.js';
import { sendTemplateMessage } from '../graph-api.js';
import { GraphClient, type GraphClientOptions } from '../graph-client.js';
import { isRetryableReason, isWhatsappApiError } from '../graph-errors.js';
import { maskPhone } from '../phone.js';
import { NO_PACING, realClock, type Clock } from '../rate-limiter.js';
import { localPreflight } from '../send-preflight.js';
import type { RetrySettings } from '../settings-validate.js';
import type { EffectiveWhatsappSettings } from '../whatsapp-settings.js';
import { SEND_TEMPLATE_OPERATION, WHATSAPP_INTEGRATION } from './outbox-names.js';
import { paceKey, SharedRateLimiter } from './shared-rate-limiter.js';

export { SEND_TEMPLATE_OPERATION, WHATSAPP_INTEGRATION } from './outbox-names.js';
export const ENQUEUE_AUDIT_ACTION = 'WHATSAPP_ENQUEUED';

/** What an outbox item carries (JSON in outbox.payload). */
export interface WhatsappOutboxPayload {
  /** E.164 digits without '+'. */
  to: string;
  /** Key in whatsapp.json `templates`. */
  template: string;
  parameters: string[];
  /** The caller's own reference (order number…), shown with the item. */
  reference?: string;
}

type OutboxRow = Selectable<OutboxTable>;

/** Delay before the try after `failedAttempts` failures: retry_delay_seconds × multiplier^(n−1). */
export function outboxBackoffMs(failedAttempts: number, retry: RetrySettings): number {
  return retry.retry_delay_seconds * 1000 * retry.backoff_multiplier ** Math.max(0, failedAttempts - 1);
}

export interface EnqueueContext {
  db: OutboxDb;
  settings: EffectiveWhatsappSettings;
  actor: string;
  audit?: AuditWriter | null;
  now?: () => Date;
}

/** Check what can be checked without a request, then queue; a refusal throws AppError (nothing is queued). */
export async function enqueueWhatsapp(input: WhatsappEnqueueInput, ctx: EnqueueContext): Promise<WhatsappEnqueueResult> {
  const s = ctx.settings.settings;
  const parameters = input.parameters ?? [];
  const pre = await localPreflight(s, { to: input.to, template: input.template, parameters }, (reason) => msg('whatsapp.outbox.refused', { reason }));
  if (!pre.ok) {
    await safeAudit(ctx.audit, { action: ENQUEUE_AUDIT_ACTION, target: pre.target, result: 'failure', actor: ctx.actor, detail: pre.code, new_value: { template: String(input.template), parameter_count: parameters.length } });
    throw new AppError(pre.code, pre.message, [{ path: pre.code === 'E_VALIDATION' ? 'input' : 'whatsapp.json', message: pre.message }]);
  }
  const payload: WhatsappOutboxPayload = { to: pre.e164, template: pre.template.key, parameters: [...parameters], ...(input.reference ? { reference: input.reference } : {}) };
  const id = await enqueueOutbox(ctx.db, { integration: WHATSAPP_INTEGRATION, operation: SEND_TEMPLATE_OPERATION, payload, max_retries: s.retry_settings.max_attempts }, (ctx.now ?? (() => new Date()))());
  await safeAudit(ctx.audit, {
    action: ENQUEUE_AUDIT_ACTION,
    target: pre.target,
    result: 'success',
    actor: ctx.actor,
    detail: `outbox #${id} template=${pre.template.name}/${pre.template.language}`,
    new_value: { outbox_id: id, template: pre.template.key, parameter_count: parameters.length, ...(input.reference ? { reference: input.reference } : {}) },
  });
  return { id, status: 'QUEUED', to: pre.target, template: pre.template.key, message: msg('whatsapp.outbox.enqueued', { template: pre.template.key, to: pre.target, id }) };
}

export interface WhatsappOutboxDeps {
  db: OutboxDb;
  /** Read on every pass, so edits to whatsapp.json apply without a restart. */
  settings: () => EffectiveWhatsappSettings;
  secrets: ResolveContext;
  clientOptions?: GraphClientOptions;
  clock?: Clock;
}

export interface WhatsappOutboxSummary {
  processed: number;
  sent: number;
  retrying: number;
  failed: number;
  /** Put back for a full local hour/day window (no attempt spent). */
  waiting: number;
}

const parsePayload = (row: OutboxRow): WhatsappOutboxPayload | null => {
  try {
    const p = JSON.parse(row.payload) as Partial<WhatsappOutboxPayload> | null;
    return p && typeof p.to === 'string' && typeof p.template === 'string' ? { to: p.to, template: p.template, parameters: Array.isArray(p.parameters) ? p.parameters.map(String) : [] } : null;
  } catch {
    return null;
  }
};

/**
 * One pass: every due WhatsApp item, in id order, each paced by the shared limiter. `signal`
 * stops the pass between sends (an item waiting for its slot goes back to QUEUED untouched);
 * a request already under way is never cut off, since Meta may have taken it.
 */
export async function processWhatsappOutbox(deps: WhatsappOutboxDeps, opts: { limit?: number; signal?: AbortSignal } = {}): Promise<WhatsappOutboxSummary> {
  const summary: WhatsappOutboxSummary = { processed: 0, sent: 0, retrying: 0, failed: 0, waiting: 0 };
  const eff = deps.settings();
  const s = eff.settings;
  // Switched off or not set up: items wait (they were valid when queued; nothing is lost).
  if (!s.enabled || !s.configured) return summary;
  const clock = deps.clock ?? realClock;
  const iso = (ms = clock.now()) => new Date(ms).toISOString();
  const due = await deps.db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('integration', '=', WHATSAPP_INTEGRATION)
    .where('status', '=', OUTBOX_STATUS.QUEUED)
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', iso())]))
    .orderBy('id')
    .limit(opts.limit ?? 100)
    .execute();
  const pacer = new SharedRateLimiter(deps.db, paceKey(s.phone_number_id), s.rate_limits, clock);
  // The outbox owns retries (with its own backoff), so the client tries once.
  const client = new GraphClient(s, deps.secrets, { ...deps.clientOptions, clock, rateLimiter: NO_PACING, retry: { max_attempts: 1 } });
  const set = (id: number, values: Partial<Omit<OutboxRow, 'id'>>) => deps.db.kysely.updateTable('outbox').set({ ...values, updated_at: iso() }).where('id', '=', id).execute();

  for (const item of due) {
    if (opts.signal?.aborted) break;
    const claimed = await deps.db.kysely.updateTable('outbox').set({ status: OUTBOX_STATUS.PROCESSING, updated_at: iso() }).where('id', '=', item.id).where('status', '=', OUTBOX_STATUS.QUEUED).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue; // another process took it
    const payload = parsePayload(item);
    const t = payload ? s.templates[payload.template] : undefined;
    if (!payload || !t) {
      summary.processed++;
      summary.failed++;
      await set(item.id, { status: OUTBOX_STATUS.FAILED, attempts: item.attempts + 1, next_attempt_at: null, last_error_code: 'E_VALIDATION', last_error: payload ? `template ${payload.template} is no longer in whatsapp.json` : 'unreadable payload' });
      continue;
    }
    try {
      await pacer.acquire(opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) {
        await set(item.id, { status: OUTBOX_STATUS.QUEUED });
        break;
      }
      // A full local window: wait for it to free, without spending an attempt.
      const seconds = isWhatsappApiError(err) ? (err.retry_after_seconds ?? 60) : 60;
      summary.waiting++;
      await set(item.id, { status: OUTBOX_STATUS.QUEUED, next_attempt_at: iso(clock.now() + seconds * 1000), last_error_code: isAppError(err) ? err.code : 'E_INTERNAL', last_error: technicalText(err).slice(0, 2000) });
      continue;
    }
    summary.processed++;
    const attempts = item.attempts + 1;
    try {
      await sendTemplateMessage(client, { to: payload.to, name: t.name, language: t.language, bodyParameters: payload.parameters });
      summary.sent++;
      await set(item.id, { status: OUTBOX_STATUS.DONE, attempts, next_attempt_at: null });
    } catch (err) {
      const retryable = isWhatsappApiError(err) && isRetryableReason(err.reason);
      const failed = !retryable || attempts >= item.max_retries;
      const reason = isWhatsappApiError(err) ? err.reason : 'unknown';
      const wait = Math.max(outboxBackoffMs(attempts, s.retry_settings), isWhatsappApiError(err) && err.retry_after_seconds ? err.retry_after_seconds * 1000 : 0);
      await set(item.id, {
        status: failed ? OUTBOX_STATUS.FAILED : OUTBOX_STATUS.QUEUED,
        attempts,
        next_attempt_at: failed ? null : iso(clock.now() + wait),
        last_error_code: isAppError(err) ? err.code : 'E_INTERNAL',
        // Meta's words may quote the recipient: scrubbed, like every other text about an item.
        last_error: scrubKnownValues(`${reason}${retryable ? '' : ' (permanent)'}: ${technicalText(err)}`, [payload.to, maskPhone(payload.to)]).slice(0, 2000),
      });
      if (failed) summary.failed++;
      else summary.retrying++;
    }
  }
  return summary;
}

export interface WhatsappOutboxProcessorOptions extends WhatsappOutboxDeps {
  /** Pause between passes; default 5 s. */
  intervalMs?: number;
  /** A pass failed (database down, …): told once per distinct error until a pass succeeds. */
  onError?: (err: unknown) => void;
}

/** Drains the WhatsApp outbox in the long-running doors (app, serve): passes back to back, a pause when idle. */
export class WhatsappOutboxProcessor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<WhatsappOutboxSummary | null> | null = null;
  private readonly stopper = new AbortController();
  private lastError = '';
  private started = false;

  constructor(private readonly opts: WhatsappOutboxProcessorOptions) {}

  get isStarted(): boolean {
    return this.started;
  }

  /** Starts the loop; starting twice is a no-op. */
  start(): void {
    if (this.started || this.stopper.signal.aborted) return;
    this.started = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopper.signal.aborted) {
      const summary = await this.runOnce();
      if (this.stopper.signal.aborted) return;
      // Items processed: look again at once (more may be due); idle or failing: pause.
      if (summary && summary.processed + summary.waiting > 0) continue;
      await new Promise<void>((resolve) => {
        this.timer = setTimeout(resolve, this.opts.intervalMs ?? 5000);
        this.timer.unref();
        this.stopper.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
  }

  /** One pass (never two at once); null when it failed. */
  runOnce(): Promise<WhatsappOutboxSummary | null> {
    this.running ??= processWhatsappOutbox(this.opts, { signal: this.stopper.signal })
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

  /** Stops the loop and waits for a pass in progress (a send under way finishes). */
  async stop(): Promise<void> {
    this.stopper.abort();
    clearTimeout(this.timer);
    await this.running;
  }
}
