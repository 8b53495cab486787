/**
 * The sync schedule while the app or `serve` runs: a tick at most every minute asks for the
 * interval (0 = off: Mikro switched off, not set up, or `sync.interval_minutes: 0`) and runs a sync
 * when the newest one (any process, from sync_jobs) started at least that long ago. One run at a
 * time; a failed run is reported and the next tick carries on. Timers are unref'd so the schedule
 * never keeps a process alive.
 */
export interface SyncSchedulerOptions {
  /** The interval in ms now; 0 = no scheduled runs. */
  intervalMs: () => number;
  lastStartedAt: () => Promise<Date | null>;
  run: () => Promise<unknown>;
  onError: (err: unknown) => void;
  /** How often the schedule looks (default 60 s). */
  tickMs?: number;
}

export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private stopped = false;
  /** Runs started by this scheduler (tests read it). */
  runs = 0;

  constructor(private readonly opts: SyncSchedulerOptions) {}

  /** The first look is one tick after the start: a starting app or `serve` has enough to do. */
  start(): void {
    this.stopped = false;
    this.arm(this.opts.tickMs ?? 60_000);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      const interval = this.opts.intervalMs();
      if (interval > 0) {
        const last = await this.opts.lastStartedAt();
        if (!last || Date.now() - last.getTime() >= interval) {
          this.runs++;
          await this.opts.run();
        }
      }
    } catch (err) {
      this.opts.onError(err);
    } finally {
      this.busy = false;
      this.arm(this.opts.tickMs ?? 60_000);
    }
  }
}
