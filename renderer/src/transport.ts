/**
 * How the UI reaches the core: IPC through the preload bridge in the desktop app, HTTP against
 * `optiplan360 serve` in a browser. Pages never know which (that is what lets the real UI be
 * tested in Chromium against serve).
 */
import type { OptiplanBridge } from '../../shared/bridge.js';
import { contract, httpRoute, type OpName, type OpOutput, type OpResult } from '../../shared/contract.js';
import type { ErrorBody } from '../../shared/errors.js';

export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.body.code;
  }
}

export interface Transport {
  readonly kind: 'ipc' | 'http';
  call<N extends OpName>(name: N, input?: unknown): Promise<OpOutput<N>>;
}

function unwrap<N extends OpName>(result: OpResult<N>): OpOutput<N> {
  if (result.ok) return result.data;
  throw new ApiError(result.error);
}

export class IpcTransport implements Transport {
  readonly kind = 'ipc' as const;
  constructor(private readonly bridge: OptiplanBridge) {}
  async call<N extends OpName>(name: N, input: unknown = {}): Promise<OpOutput<N>> {
    return unwrap(await this.bridge.invoke(name, input));
  }
}

const TOKEN_KEY = 'optiplan360.token';

export class HttpTransport implements Transport {
  readonly kind = 'http' as const;
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | null,
  ) {}

  async call<N extends OpName>(name: N, input: unknown = {}): Promise<OpOutput<N>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (contract[name].mutates && this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${httpRoute(name)}`, { method: 'POST', headers, body: JSON.stringify(input) });
    } catch {
      throw new ApiError({ code: 'E_INTERNAL', message: 'the console server is not reachable', details: [] });
    }
    const body = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const err = (body as { error?: ErrorBody } | null)?.error;
      throw new ApiError(err ?? { code: 'E_INTERNAL', message: `HTTP ${res.status}`, details: [] });
    }
    return body as OpOutput<N>;
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
