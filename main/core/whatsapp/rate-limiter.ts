/**
 * Outgoing-message pacing per `rate_limits` (R-WA-1). Sends are spaced evenly
 * (1 / messages_per_second apart) rather than burst from a token bucket: Meta counts throughput
 * per second and per recipient pair, and an even pace never trips 130429 where a burst can.
 * The hour and day limits are sliding windows; once one is full a send is refused locally
 * (E_WHATSAPP_RATE_LIMITED) instead of queueing for up to a day.
 *
 * In-memory and per instance: share one limiter between the clients of one process. Across
 * processes (app, `serve`, CLI) the pace is kept in the app database by SharedRateLimiter
 * (outbox/shared-rate-limiter.ts), which has the same rules.
 */
import { msg } from '../../../shared/messages.js';
import { WhatsappApiError } from './graph-errors.js';
import type { RateLimits } from './settings-validate.js';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What a send waits on for its slot: in-process (MessageRateLimiter) or shared (SharedRateLimiter). */
export interface SendPacer {
  acquire(signal?: AbortSignal): Promise<void>;
}

/** For callers that pace sends themselves before calling the client (the outbox processor). */
export const NO_PACING: SendPacer = { acquire: async () => {} };

export const realClock: Clock = { now: () => Date.now(), sleep: abortableSleep };

const HOUR = 3_600_000;
const DAY = 86_400_000;

export class MessageRateLimiter implements SendPacer {
  private nextSlot = 0;
  /** Start times of sends in the last day, oldest first. */
  private readonly sent: number[] = [];

  constructor(
    private readonly limits: Pick<RateLimits, 'messages_per_second'> & Partial<RateLimits>,
    private readonly clock: Clock = realClock,
  ) {}

  /** Milliseconds between two sends. */
  get spacingMs(): number {
    return 1000 / this.limits.messages_per_second;
  }

  /**
   * Wait for this send's slot. The slot is reserved before waiting, so concurrent callers queue
   * in call order instead of all waking at once.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    this.prune(now);
    this.refuseIfFull(now, HOUR, this.limits.messages_per_hour, 'messages_per_hour');
    this.refuseIfFull(now, DAY, this.limits.messages_per_day, 'messages_per_day');
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.spacingMs;
    this.sent.push(slot);
    if (slot > now) await this.clock.sleep(slot - now, signal);
  }

  private prune(now: number): void {
    while (this.sent.length > 0 && this.sent[0]! <= now - DAY) this.sent.shift();
  }

  private refuseIfFull(now: number, windowMs: number, limit: number | undefined, name: string): void {
    if (limit === undefined) return;
    const inWindow = this.sent.filter((t) => t > now - windowMs);
    if (inWindow.length < limit) return;
    const freeAt = inWindow[inWindow.length - limit]! + windowMs;
    const retry = Math.max(1, Math.ceil((freeAt - now) / 1000));
    throw new WhatsappApiError({
      reason: 'rate_limited',
      retry_after_seconds: retry,
      text: msg('whatsapp.errors.local_limit', { limit: name, max: limit, seconds: retry }),
      technical: `local limit rate_limits.${name} (${limit}) reached`,
    });
  }
}
