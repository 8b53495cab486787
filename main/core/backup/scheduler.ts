/**
 * The daily backup while the app or `serve` runs (R-BAK-3): at `schedule.time` (HH:MM, local
 * time). A slot missed while nothing was running is caught up once at start, when the last good
 * backup is older than the last slot. The timer never sleeps longer than a minute, so a laptop
 * waking from sleep or a clock change is noticed promptly; timers are unref'd so the scheduler
 * never keeps a CLI process alive. The clock is injectable for tests.
 */
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';

export interface SchedulerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export type ScheduleTrigger = 'schedule' | 'catch_up';

export interface BackupSchedulerOptions {
  /** HH:MM, 24 h, local time. */
  time: string;
  enabled?: boolean;
  run: (trigger: ScheduleTrigger) => Promise<unknown>;
  /** When the last successful backup finished, or null when there is none. */
  lastGoodAt: () => Promise<Date | null>;
  clock?: SchedulerClock;
  /** A failed or refused (E_BUSY) run; the scheduler carries on with the next slot. */
  onError?: (err: unknown) => void;
  /** Longest single wait. */
  maxSleepMs?: number;
}

function parseTime(time: string): [number, number] {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!m) {
    throw new AppError('E_CONFIG_INVALID', msg('backup.errors.bad_time'), [{ path: 'backup_config.json schedule.time', message: msg('backup.errors.bad_time') }], {
      technical_detail: `schedule.time must be HH:MM (24 h), got ${JSON.stringify(time)}`,
    });
  }
  return [Number(m[1]), Number(m[2])];
}

/** The latest slot at or before `t` (local time; DST handled by Date). */
export function lastSlot(t: number, time: string): Date {
  const [h, min] = parseTime(time);
  const d = new Date(t);
  const slot = new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, min, 0, 0);
  if (slot.getTime() > t) slot.setDate(slot.getDate() - 1);
  return slot;
}

/** The first slot strictly after `t`. */
export function nextSlot(t: number, time: string): Date {
  const [h, min] = parseTime(time);
  const d = new Date(t);
  const slot = new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, min, 0, 0);
  if (slot.getTime() <= t) slot.setDate(slot.getDate() + 1);
  return slot;
}

export class BackupScheduler {
  private readonly clock: SchedulerClock;
  private timer: unknown = null;
  private next: Date | null = null;
  private stopped = true;
  private active: Promise<void> | null = null;

  constructor(private readonly opts: BackupSchedulerOptions) {
    this.clock = opts.clock ?? systemClock;
    parseTime(opts.time); // a bad time fails at construction, not at 2 am
  }

  /** Start: catch up a missed slot if needed, then wait for the next one. Resolves after the catch-up. */
  async start(): Promise<void> {
    if (!this.stopped || this.opts.enabled === false) return;
    this.stopped = false;
    const now = this.clock.now();
    this.next = nextSlot(now, this.opts.time);
    let last: Date | null = null;
    try {
      last = await this.opts.lastGoodAt();
    } catch (err) {
      this.opts.onError?.(err);
    }
    if (!this.stopped && (last === null || last.getTime() < lastSlot(now, this.opts.time).getTime())) {
      await this.runOnce('catch_up');
    }
    this.arm();
  }

  /** When the next scheduled run is due; null when stopped or disabled. */
  nextRunAt(): Date | null {
    return this.stopped ? null : this.next;
  }

  /** A run in progress finishes; no new one starts. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The run in progress, if any (lets `close()` wait for it). */
  idle(): Promise<void> {
    return this.active ?? Promise.resolve();
  }

  private async runOnce(trigger: ScheduleTrigger): Promise<void> {
    const run = (async () => {
      try {
        await this.opts.run(trigger);
      } catch (err) {
        this.opts.onError?.(err);
      }
    })();
    this.active = run;
    await run;
    this.active = null;
  }

  private arm(): void {
    if (this.stopped || !this.next) return;
    const wait = Math.max(0, Math.min(this.next.getTime() - this.clock.now(), this.opts.maxSleepMs ?? 60_000));
    const handle = this.clock.setTimeout(() => void this.tick(), wait);
    (handle as { unref?: () => void } | null)?.unref?.();
    this.timer = handle;
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.stopped || !this.next) return;
    const now = this.clock.now();
    if (now >= this.next.getTime()) {
      // However many slots a sleep skipped, run once and move to the first slot after now.
      await this.runOnce('schedule');
      this.next = nextSlot(Math.max(this.clock.now(), this.next.getTime()), this.opts.time);
    }
    this.arm();
  }
}
