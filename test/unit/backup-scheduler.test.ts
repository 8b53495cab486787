// The daily schedule (R-BAK-3) with a fake clock: slots, catch-up once at start, a run per slot
// even across a long sleep, stop(), unref'd timers, refused runs not stopping the schedule.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { BackupScheduler, lastSlot, nextSlot, type SchedulerClock, type ScheduleTrigger } from '../../main/core/backup/scheduler.js';

/** Local-time instant (the schedule is in local time). */
const at = (y: number, mo: number, d: number, h: number, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();

class FakeClock implements SchedulerClock {
  timers: { fn: () => void; due: number; id: number; unrefd: boolean }[] = [];
  private id = 0;
  constructor(public t: number) {}
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const timer = { fn, due: this.t + ms, id: ++this.id, unrefd: false };
    this.timers.push(timer);
    return { id: timer.id, unref: () => (timer.unrefd = true) };
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== (h as { id: number }).id);
  };
  /** Move time forward, firing due timers in order (and letting their async work settle). */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      const next = this.timers.sort((a, b) => a.due - b.due)[0];
      if (!next || next.due > end) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.due);
      next.fn();
    }
    this.t = end;
    await new Promise((r) => setImmediate(r));
  }
}

function make(clock: FakeClock, lastGood: Date | null, over: Partial<ConstructorParameters<typeof BackupScheduler>[0]> = {}) {
  const runs: { trigger: ScheduleTrigger; at: number }[] = [];
  const errors: unknown[] = [];
  const s = new BackupScheduler({
    time: '02:00',
    clock,
    lastGoodAt: async () => lastGood,
    run: async (trigger) => {
      runs.push({ trigger, at: clock.now() });
      lastGood = new Date(clock.now());
    },
    onError: (e) => errors.push(e),
    ...over,
  });
  return { s, runs, errors };
}

describe('slots', () => {
  it('lastSlot / nextSlot in local time', () => {
    expect(lastSlot(at(2025, 3, 10, 1, 59), '02:00').getTime()).toBe(at(2025, 3, 9, 2));
    expect(lastSlot(at(2025, 3, 10, 2, 0), '02:00').getTime()).toBe(at(2025, 3, 10, 2));
    expect(nextSlot(at(2025, 3, 10, 2, 0), '02:00').getTime()).toBe(at(2025, 3, 11, 2));
    expect(nextSlot(at(2025, 12, 31, 23, 30), '23:45').getTime()).toBe(at(2025, 12, 31, 23, 45));
    expect(nextSlot(at(2025, 12, 31, 23, 50), '23:45').getTime()).toBe(at(2026, 1, 1, 23, 45));
    expect(() => new BackupScheduler({ time: '2:00', run: async () => undefined, lastGoodAt: async () => null })).toThrow(/HH:MM/);
  });
});

describe('BackupScheduler', () => {
  it('catches up once at start when the last good backup is older than the last slot, then runs daily', async () => {
    const clock = new FakeClock(at(2025, 3, 10, 9));
    const { s, runs } = make(clock, new Date(at(2025, 3, 9, 1))); // before today's 02:00 slot
    await s.start();
    expect(runs).toEqual([{ trigger: 'catch_up', at: at(2025, 3, 10, 9) }]);
    expect(s.nextRunAt()!.getTime()).toBe(at(2025, 3, 11, 2));
    expect(clock.timers.every((t) => t.unrefd)).toBe(true);
    await clock.advance(at(2025, 3, 11, 2) - clock.now() - 1);
    expect(runs).toHaveLength(1);
    await clock.advance(1);
    expect(runs.at(-1)).toEqual({ trigger: 'schedule', at: at(2025, 3, 11, 2) });
    expect(s.nextRunAt()!.getTime()).toBe(at(2025, 3, 12, 2));
    await clock.advance(24 * 3600_000);
    expect(runs.map((r) => r.trigger)).toEqual(['catch_up', 'schedule', 'schedule']);
    s.stop();
    expect(s.nextRunAt()).toBeNull();
    expect(clock.timers).toEqual([]);
    await clock.advance(3 * 24 * 3600_000);
    expect(runs).toHaveLength(3);
  });

  it('no catch-up when the last good backup is newer than the last slot; also catches up when there is none', async () => {
    const clock = new FakeClock(at(2025, 3, 10, 9));
    const fresh = make(clock, new Date(at(2025, 3, 10, 2, 5)));
    await fresh.s.start();
    expect(fresh.runs).toEqual([]);
    fresh.s.stop();
    const none = make(new FakeClock(at(2025, 3, 10, 9)), null);
    await none.s.start();
    expect(none.runs.map((r) => r.trigger)).toEqual(['catch_up']);
    none.s.stop();
  });

  it('after a long sleep (timers late, several slots missed) runs once, then resumes at the next slot', async () => {
    const clock = new FakeClock(at(2025, 3, 10, 9));
    const { s, runs } = make(clock, new Date(at(2025, 3, 10, 3)));
    await s.start();
    // The machine sleeps three days: no timer fires until it wakes.
    const pending = clock.timers.splice(0);
    clock.t = at(2025, 3, 13, 8);
    pending[0]!.fn();
    await clock.advance(0);
    expect(runs).toEqual([{ trigger: 'schedule', at: at(2025, 3, 13, 8) }]);
    expect(s.nextRunAt()!.getTime()).toBe(at(2025, 3, 14, 2));
    s.stop();
  });

  it('a refused (E_BUSY) or failing run is reported and the schedule carries on', async () => {
    const clock = new FakeClock(at(2025, 3, 10, 1, 59));
    let n = 0;
    const { s, errors } = make(clock, new Date(at(2025, 3, 9, 3)), {
      run: async () => {
        n++;
        throw new AppError('E_BUSY', 'A backup job is already running');
      },
    });
    await s.start();
    await clock.advance(60_000);
    expect(n).toBe(1);
    expect(errors).toEqual([expect.objectContaining({ code: 'E_BUSY' })]);
    expect(s.nextRunAt()!.getTime()).toBe(at(2025, 3, 11, 2));
    await clock.advance(24 * 3600_000);
    expect(n).toBe(2);
    s.stop();
  });

  it('disabled: start does nothing', async () => {
    const clock = new FakeClock(at(2025, 3, 10, 9));
    const { s, runs } = make(clock, null, { enabled: false });
    await s.start();
    expect(runs).toEqual([]);
    expect(s.nextRunAt()).toBeNull();
    expect(clock.timers).toEqual([]);
  });
});
