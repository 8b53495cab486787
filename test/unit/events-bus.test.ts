// The core's event bus (main/core/jobs/event-bus.ts): ordered ids, the replay ring buffer, a
// throwing listener isolated from the emitter, payloads checked against the contract's schemas.
import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../main/core/jobs/event-bus.js';
import { EVENT_NAMES, isEventName } from '../../shared/events.js';

const sample = (n: number) => ({ timestamp: `t${n}`, status: 'healthy' as const, database_latency_ms: n });

describe('EventBus', () => {
  it('numbers events in order and replays after a Last-Event-ID from its ring buffer', () => {
    const bus = new EventBus({ bufferSize: 5 });
    const ids = Array.from({ length: 8 }, (_, i) => bus.emit('health.sample', sample(i)).id);
    expect(ids.map((id) => id.split('-')[0])).toEqual(Array(8).fill(bus.boot));
    expect(ids.map((id) => Number(id.split('-')[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(bus.since(ids[5]).map((e) => e.id)).toEqual(ids.slice(6));
    expect(bus.since(ids[7])).toEqual([]);
    // Older than the buffer, or another boot's id: everything buffered (the last 5).
    expect(bus.since(ids[0]).map((e) => e.id)).toEqual(ids.slice(3));
    expect(bus.since('00000000-3').map((e) => e.id)).toEqual(ids.slice(3));
    expect(bus.since(undefined)).toEqual([]);
  });

  it('a throwing listener neither reaches the emitter nor stops the others', () => {
    const onListenerError = vi.fn();
    const bus = new EventBus({ onListenerError });
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('broken window');
    });
    const off = bus.subscribe((e) => seen.push(e.name));
    expect(() => bus.emit('health.sample', sample(1))).not.toThrow();
    expect(seen).toEqual(['health.sample']);
    expect(onListenerError).toHaveBeenCalledOnce();
    off();
    bus.emit('health.sample', sample(2));
    expect(seen).toHaveLength(1);
    expect(bus.listenerCount).toBe(1);
  });

  it('checks payloads against the contract schema', () => {
    const bus = new EventBus({ validate: true });
    expect(() => bus.emit('job.started', { job_id: 1 } as never)).toThrow();
    expect(EVENT_NAMES).toEqual(['job.started', 'job.progress', 'job.finished', 'health.sample']);
    expect(isEventName('toString')).toBe(false);
  });
});
