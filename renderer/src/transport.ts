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
import type { EventListener, EventStreamOptions } from './event-stream.js';
import { EVENT_NAMES, EVENTS_ROUTE, httpRoute, RAW_MESSAGES } from './wire.js';

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

export type { EventListener };

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

export class HttpTransport implements Transport {
  readonly kind = 'http' as const;
  private readonly fanout: Fanout;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string | null,
    private readonly streamOptions: EventStreamOptions = {},
  ) {
    // The stream reader is fetched when the first page subscribes (after the first paint), not in the initial download.
    this.fanout = new Fanout((emit, onConnected) => {
      let stop: (() => void) | null = null;
      let stopped = false;
      void import('./event-stream.js').then(({ readEventStream }) => {
        if (!stopped) stop = readEventStream(`${baseUrl}${EVENTS_ROUTE}`, token!, emit, onConnected, streamOptions);
      });
      return () => {
        stopped = true;
        stop?.();
      };
    });
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
