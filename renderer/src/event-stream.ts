/**
 * The console's event stream over HTTP (`GET /api/events`, server-sent events read with fetch:
 * EventSource cannot send the Authorization header), reconnecting with Last-Event-ID. Its own
 * module, loaded by HttpTransport when the first page subscribes: live updates start after the
 * first paint, so this code is not part of the initial download.
 */
import type { EventEnvelope } from '../../shared/events.js';
import { isEventName, RAW_MESSAGES } from './wire.js';

export type EventListener = (event: EventEnvelope) => void;

export interface EventStreamOptions {
  /** First reconnect delay (ms); doubles up to 30 s. */
  retryMs?: number;
  fetch?: typeof fetch;
}

/**
 * Read `GET /api/events` with fetch until stopped: parse the SSE frames, remember the last id,
 * and on any break reconnect with `Last-Event-ID` (backing off up to 30 s). A 401/403 stops for
 * good (a wrong token will not become right). Returns the stop.
 */
export function readEventStream(url: string, token: string, emit: EventListener, onConnected: () => void, opts: EventStreamOptions = {}): () => void {
  const doFetch = opts.fetch ?? fetch;
  const firstDelay = opts.retryMs ?? 1_000;
  let delay = firstDelay;
  let lastId: string | null = null;
  let stopped = false;
  let abort = new AbortController();
  let wake: (() => void) | null = null;

  const loop = async () => {
    while (!stopped) {
      abort = new AbortController();
      try {
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...RAW_MESSAGES };
        if (lastId) headers['last-event-id'] = lastId;
        const res = await doFetch(url, { headers, signal: abort.signal, cache: 'no-store' });
        if (res.status === 401 || res.status === 403) return;
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        delay = firstDelay;
        onConnected();
        const parser = new SseParser((frame) => {
          if (frame.id) lastId = frame.id;
          if (!isEventName(frame.event)) return;
          let data: unknown;
          try {
            data = JSON.parse(frame.data);
          } catch {
            return;
          }
          emit({ id: frame.id ?? '', name: frame.event, at: '', data } as EventEnvelope);
        });
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.push(decoder.decode(value, { stream: true }));
        }
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delay);
      });
      wake = null;
      delay = Math.min(delay * 2, 30_000);
    }
  };
  void loop();
  return () => {
    stopped = true;
    abort.abort();
    wake?.();
  };
}

export interface SseFrame {
  id: string | null;
  event: string;
  data: string;
}

/** The text/event-stream format (WHATWG HTML §9.2): fields per line, a blank line ends a frame. */
export class SseParser {
  private buffer = '';
  private id: string | null = null;
  private event = '';
  private data: string[] = [];

  constructor(private readonly onFrame: (frame: SseFrame) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, nl);
      const sep = this.buffer.startsWith('\r\n', nl) ? 2 : 1;
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (sep === 1 && this.buffer[nl] === '\r' && nl === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(nl + sep);
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === '') {
      if (this.data.length > 0) this.onFrame({ id: this.id, event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return; // a comment (the heartbeat)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }
}
