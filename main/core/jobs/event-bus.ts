/**
 * The core's event bus (R-JOBS): a typed emitter over the contract's events (shared/events.ts)
 * with a ring buffer of the last events, so a door that reconnects (SSE `Last-Event-ID`) gets
 * what it missed. Ids are `<boot>-<seq>`: ordered within one process run, and a reconnect to a
 * restarted process (another boot) is recognised and gets the whole buffer.
 *
 * Guarantees: a listener that throws never reaches the emitter (a broken window must not fail a
 * backup); events are delivered to every listener in emission order; payloads are validated in
 * development and tests (an event that does not match its schema is a bug in the emitter).
 */
import crypto from 'node:crypto';
import { EVENT_SCHEMAS, type EventEnvelope, type EventName, type EventPayload } from '../../../shared/events.js';

export type EventListener = (event: EventEnvelope) => void;

export interface EventBusOptions {
  /** How many events replay keeps (default 200). */
  bufferSize?: number;
  /** Check each payload against its schema (default: not in production). */
  validate?: boolean;
  onListenerError?: (err: unknown) => void;
}

export class EventBus {
  readonly boot = crypto.randomBytes(4).toString('hex');
  private seq = 0;
  private readonly buffer: EventEnvelope[] = [];
  private readonly listeners = new Set<EventListener>();
  private readonly size: number;
  private readonly validate: boolean;

  constructor(private readonly opts: EventBusOptions = {}) {
    this.size = opts.bufferSize ?? 200;
    this.validate = opts.validate ?? process.env.NODE_ENV !== 'production';
  }

  emit<N extends EventName>(name: N, data: EventPayload<N>): EventEnvelope<N> {
    if (this.validate) EVENT_SCHEMAS[name].parse(data);
    const event = { id: `${this.boot}-${++this.seq}`, name, at: new Date().toISOString(), data } as unknown as EventEnvelope;
    this.buffer.push(event);
    if (this.buffer.length > this.size) this.buffer.shift();
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (err) {
        this.opts.onListenerError?.(err);
      }
    }
    return event as EventEnvelope<N>;
  }

  /** Every event from now on; returns the unsubscribe. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * The buffered events after `lastId` (a `Last-Event-ID`). An id of another boot, or one older
   * than the buffer, replays the whole buffer; an unknown id of this boot replays what is newer.
   */
  since(lastId: string | undefined | null): EventEnvelope[] {
    if (!lastId) return [];
    const m = /^([0-9a-f]+)-(\d+)$/.exec(lastId.trim());
    if (!m || m[1] !== this.boot) return [...this.buffer];
    const n = Number(m[2]);
    return this.buffer.filter((e) => Number(e.id.slice(this.boot.length + 1)) > n);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
