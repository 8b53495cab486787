/**
 * How the UI reaches the core: IPC through the preload bridge in the desktop app, HTTP against
 * `optiplan360 serve` in a browser. Pages never know which (that is what lets the real UI be
 * tested in Chromium against serve). Both carry calls and the contract's events (job.*,
 * health.sample): over IPC through the bridge's `on`, over HTTP as server-sent events read with
 * fetch (EventSource cannot send the Authorization header), reconnecting with Last-Event-ID.
 */
import type { OptiplanBridge } from '../../shared/bridge.js';
import type { OpInput, OpName, OpOutput, OpResult } from '../../shared/contract.js';
import type { EventEnvelope } from '../../shared/events.js';
import type { ErrorBody } from '../../shared/errors.js';
import { EVENT_NAMES, EVENTS_ROUTE, httpRoute, isEventName } from './wire.js';

export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(typeof body.message === 'string' ? body.message : body.code);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.body.code;
  }
}

/** The input argument of `call`: optional exactly when the operation's input has no required field. */
export type CallArgs<N extends OpName> = Record<string, never> extends OpInput<N> ? [input?: OpInput<N>] : [input: OpInput<N>];

export type EventListener = (event: EventEnvelope) => void;

export interface Transport {
  readonly kind: 'ipc' | 'http';
  call<N extends OpName>(name: N, ...args: CallArgs<N>): Promise<OpOutput<N>>;
  /**
   * Every contract event from now on; returns the unsubscribe. `onConnected` runs each time the
   * stream (re)connects: what changed while it was down is then refetched by the caller.
   * Returns a no-op when this transport has no event stream (a browser without the run token).
   */
  subscribe(listener: EventListener, onConnected?: () => void): () => void;
}

/** The error body a transport makes itself (the server was not reached, a bad answer). */
function localError(code: ErrorBody['code'], technical: string): ErrorBody {
  return { code, message: { key: `errors.${code}.message` }, next_step: { key: `errors.${code}.next_step` }, details: [], technical_detail: technical } as unknown as ErrorBody;
}

function unwrap<N extends OpName>(result: OpResult<N>): OpOutput<N> {
  if (result.ok) return result.data;
  throw new ApiError(result.error);
}

/** One fan-out per transport: many listeners, one underlying stream, started on the first. */
class Fanout {
  private readonly listeners = new Set<EventListener>();
  private readonly connected = new Set<() => void>();
  private stop: (() => void) | null = null;

  constructor(private readonly start: (emit: EventListener, onConnected: () => void) => () => void) {}

  add(listener: EventListener, onConnected?: () => void): () => void {
    this.listeners.add(listener);
    if (onConnected) this.connected.add(onConnected);
    this.stop ??= this.start(
      (e) => {
        for (const l of [...this.listeners]) {
          try {
            l(e);
          } catch (err) {
            console.error('event listener failed', err);
          }
        }
      },
      () => this.connected.forEach((c) => c()),
    );
    return () => {
      this.listeners.delete(listener);
      if (onConnected) this.connected.delete(onConnected);
      if (this.listeners.size === 0) {
        this.stop?.();
        this.stop = null;
      }
    };
  }
}

export class IpcTransport implements Transport {
  readonly kind = 'ipc' as const;
  private readonly fanout: Fanout;

  constructor(private readonly bridge: OptiplanBridge) {
    this.fanout = new Fanout((emit, onConnected) => {
      const offs = EVENT_NAMES.map((name) => bridge.on(name, (e) => emit(e as EventEnvelope)));
      onConnected();
      return () => offs.forEach((off) => off());
    });
  }

  async call<N extends OpName>(name: N, ...args: CallArgs<N>): Promise<OpOutput<N>> {
    return unwrap(await this.bridge.invoke(name, args[0] ?? {}));
  }

  subscribe(listener: EventListener, onConnected?: () => void): () => void {
    return this.fanout.add(listener, onConnected);
  }
}

const TOKEN_KEY = 'optiplan360.token';
/** The console's own UI takes messages as `{key, params}` and renders them itself (main/server/localize.ts). */
const RAW_MESSAGES = { 'x-optiplan-messages': 'raw' };

export interface EventStreamOptions {
  /** First reconnect delay (ms); doubles up to 30 s. */
  retryMs?: number;
  fetch?: typeof fetch;
}

export class HttpTransport implements Transport {
  readonly kind = 'http' as const;
  private readonly fanout: Fanout;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string | null,
    private readonly streamOptions: EventStreamOptions = {},
  ) {
    this.fanout = new Fanout((emit, onConnected) => readEventStream(`${baseUrl}${EVENTS_ROUTE}`, token!, emit, onConnected, streamOptions));
  }

  async call<N extends OpName>(name: N, ...args: CallArgs<N>): Promise<OpOutput<N>> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...RAW_MESSAGES };
    // The run token goes with every call (reads need it too once the door asks for it); the
    // renderer knows operation names only, not the contract's schemas (they would bundle zod).
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${httpRoute(name)}`, { method: 'POST', headers, body: JSON.stringify(args[0] ?? {}) });
    } catch (err) {
      throw new ApiError(localError('E_INTERNAL', `the console server is not reachable: ${String(err)}`));
    }
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const err = (body as { error?: ErrorBody } | null)?.error;
      throw new ApiError(err ?? localError('E_INTERNAL', `HTTP ${res.status}`));
    }
    return body as OpOutput<N>;
  }

  subscribe(listener: EventListener, onConnected?: () => void): () => void {
    // The stream needs the run token; without it the pages keep their slow refetch.
    if (!this.token) return () => {};
    return this.fanout.add(listener, onConnected);
  }

  get hasToken(): boolean {
    return !!this.token;
  }
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

/**
 * The token serve printed arrives once in the URL (`/?token=…`, as with Jupyter). Keep it for
 * this tab only and take it out of the address bar, so it is not left in history or screenshots.
 */
export function takeTokenFromLocation(loc: Location, storage: Storage, history: History): string | null {
  const url = new URL(loc.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY);
}

export function createTransport(): Transport {
  const bridge = (window as unknown as { optiplan?: OptiplanBridge }).optiplan;
  if (bridge) return new IpcTransport(bridge);
  return new HttpTransport(window.location.origin, takeTokenFromLocation(window.location, window.sessionStorage, window.history));
}
