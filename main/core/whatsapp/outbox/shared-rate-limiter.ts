/**
 * `rate_limits` shared by every process of the console (app, `serve`, CLI) through the app
 * database (migration 0005), with the rules of the in-process MessageRateLimiter: sends spaced
 * evenly, 1 / messages_per_second apart, and the hour and day windows refused locally once full
 * (E_WHATSAPP_RATE_LIMITED with the seconds until a send is free).
 *
 * A slot is reserved in one short transaction that starts by writing the sender's row, so it
 * holds that row's lock (PostgreSQL) or the database's write lock (SQLite, WAL; the other
 * process waits in busy_timeout) until it commits: two processes never get the same slot. The
 * window counts are read inside the same transaction; a full window rolls the reservation back.
 * The caller then sleeps until its slot. Spacing is rounded up to whole milliseconds, so the
 * pace never exceeds the configured rate.
 */
import { sql } from 'kysely';
import { msg } from '../../../../shared/messages.js';
import type { OutboxDb } from '../../mikro/outbox.js';
import { WhatsappApiError } from '../graph-errors.js';
import { realClock, type Clock, type SendPacer } from '../rate-limiter.js';
import type { RateLimits } from '../settings-validate.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The pace key of a sender: one per phone number (Meta counts throughput per number). */
export const paceKey = (phoneNumberId: string | null): string => `whatsapp:${phoneNumberId ?? 'unset'}`;

export class SharedRateLimiter implements SendPacer {
  constructor(
    private readonly db: OutboxDb,
    private readonly key: string,
    private readonly limits: RateLimits,
    private readonly clock: Clock = realClock,
  ) {}

  get spacingMs(): number {
    return Math.ceil(1000 / this.limits.messages_per_second);
  }

  /** Reserve the next slot across processes, then wait for it. */
  async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const slot = await this.reserve();
    const wait = slot - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait, signal);
  }

  /** The slot (ms since epoch) this send may start at; throws when an hour or day window is full. */
  reserve(): Promise<number> {
    const spacing = this.spacingMs;
    return this.db.kysely.transaction().execute(async (trx) => {
      const now = Math.floor(this.clock.now());
      const updated_at = new Date(now).toISOString();
      // Writing first takes the lock for the whole transaction (see above).
      await trx.insertInto('whatsapp_rate_slots').values({ key: this.key, next_slot_ms: 0, updated_at }).onConflict((oc) => oc.column('key').doNothing()).execute();
      const row = await trx
        .updateTable('whatsapp_rate_slots')
        .set({ next_slot_ms: sql<number>`(CASE WHEN next_slot_ms > ${now} THEN next_slot_ms ELSE ${now} END) + ${spacing}`, updated_at })
        .where('key', '=', this.key)
        .returning('next_slot_ms')
        .executeTakeFirstOrThrow();
      const slot = Number(row.next_slot_ms) - spacing;
      await this.refuseIfFull(trx, slot, HOUR, this.limits.messages_per_hour, 'messages_per_hour');
      await this.refuseIfFull(trx, slot, DAY, this.limits.messages_per_day, 'messages_per_day');
      await trx.insertInto('whatsapp_rate_events').values({ key: this.key, at_ms: slot }).execute();
      await trx.deleteFrom('whatsapp_rate_events').where('key', '=', this.key).where('at_ms', '<=', now - DAY).execute();
      return slot;
    });
  }

  /** The reserved send slots of this sender from `sinceMs` on, oldest first (tests and benches read the pace). */
  async slots(sinceMs = 0): Promise<number[]> {
    const rows = await this.db.kysely.selectFrom('whatsapp_rate_events').select('at_ms').where('key', '=', this.key).where('at_ms', '>=', sinceMs).orderBy('at_ms').execute();
    return rows.map((r) => Number(r.at_ms));
  }

  private async refuseIfFull(trx: OutboxDb['kysely'], slot: number, windowMs: number, limit: number, name: string): Promise<void> {
    const r = await trx
      .selectFrom('whatsapp_rate_events')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('at_ms').as('oldest')])
      .where('key', '=', this.key)
      .where('at_ms', '>', slot - windowMs)
      .executeTakeFirst();
    if (Number(r?.n ?? 0) < limit) return;
    const retry = Math.max(1, Math.ceil((Number(r?.oldest ?? slot) + windowMs - slot) / 1000));
    throw new WhatsappApiError({
      reason: 'rate_limited',
      retry_after_seconds: retry,
      text: msg('whatsapp.errors.local_limit', { limit: name, max: limit, seconds: retry }),
      technical: `shared local limit rate_limits.${name} (${limit}) reached`,
    });
  }
}

/**
 * The shared pace when the database can keep it, else the process's own (database down, or
 * migration 0005 not applied yet): a test message must not fail because the pace table is
 * missing. A full window (WhatsappApiError) is a refusal, never a reason to fall back.
 */
export class PreferSharedPacer implements SendPacer {
  constructor(
    private readonly shared: SendPacer,
    private readonly local: SendPacer,
    private readonly onFallback?: (err: unknown) => void,
  ) {}

  async acquire(signal?: AbortSignal): Promise<void> {
    try {
      await this.shared.acquire(signal);
    } catch (err) {
      if (err instanceof WhatsappApiError || signal?.aborted) throw err;
      this.onFallback?.(err);
      await this.local.acquire(signal);
    }
  }
}
