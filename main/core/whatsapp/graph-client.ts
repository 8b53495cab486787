/**
 * A small Graph API client for WhatsApp Cloud API (R-WA-2).
 *  - base_url and api_version from the settings (tests point base_url at a loopback fake);
 *  - the bearer token is resolved from its VAULT:/ENV: reference on first use and lives only in a
 *    private field and the Authorization header: never in URLs, bodies, errors or results;
 *  - every attempt is bounded by AbortSignal.timeout;
 *  - 5xx retried with backoff per `retry_settings`; 429 honours Retry-After (seconds or an HTTP
 *    date) up to a cap, beyond which it gives up at once rather than stall the caller;
 *  - network failures and timeouts are retried for reads only (a POST that may have reached Meta
 *    is not repeated, except when the connection was refused outright);
 *  - POSTs to /messages wait for a slot from the rate limiter.
 */
import { performance } from 'node:perf_hooks';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import { productVersion } from '../product.js';
import { resolveSecretValue, type ResolveContext } from '../secrets/secret-ref.js';
import { mapGraphError, parseRetryAfter, WhatsappApiError } from './graph-errors.js';
import { MessageRateLimiter, realClock, type Clock, type SendPacer } from './rate-limiter.js';
import type { RetrySettings } from './settings-validate.js';
import type { WhatsappSettings } from './whatsapp-settings.js';

export interface GraphClientOptions {
  /** Replaces global fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** Per attempt; default settings.request_timeout_seconds. */
  timeoutMs?: number;
  /** Overrides parts of settings.retry_settings. */
  retry?: Partial<RetrySettings>;
  /** Multiplies every backoff delay (tests use e.g. 0.01). Retry-After is Meta's instruction and is not scaled. */
  delayScale?: number;
  /** Cap for one backoff wait; default 30 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails with E_WHATSAPP_RATE_LIMITED. Default 60 s. */
  maxRetryAfterMs?: number;
  clock?: Clock;
  /** Share one limiter between clients of a process; default: one per client from settings.rate_limits. */
  rateLimiter?: SendPacer;
}

export interface GraphResponse<T> {
  status: number;
  data: T;
  attempts: number;
  latency_ms: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

type Query = Record<string, string | number | undefined>;

/**
 * Meta's description asks for `name/x.y.z` (fetch would say `node`); a pre-release suffix is
 * left out because the pattern allows only the three numbers.
 */
let userAgent: string | null = null;
const USER_AGENT = (): string => (userAgent ??= `OptiPlan360-Console/${/^\d+\.\d+\.\d+/.exec(productVersion())?.[0] ?? '0.0.0'}`);

const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class GraphClient {
  readonly limiter: SendPacer;
  private readonly fetchImpl: typeof fetch;
  private readonly clock: Clock;
  private tokenPromise: Promise<string> | null = null;
  /** Known secret values to scrub from any text that leaves the client. */
  #secrets: string[] = [];

  constructor(
    readonly settings: WhatsappSettings,
    private readonly secretsCtx: ResolveContext,
    private readonly opts: GraphClientOptions = {},
  ) {
    this.fetchImpl = opts.fetch ?? globalThis.fetch;
    this.clock = opts.clock ?? realClock;
    this.limiter = opts.rateLimiter ?? new MessageRateLimiter(settings.rate_limits, this.clock);
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs ?? this.settings.request_timeout_seconds * 1000;
  }

  get retry(): RetrySettings {
    return { ...this.settings.retry_settings, ...this.opts.retry };
  }

  /** Resolved once; forgotten after a token error so a replaced token is picked up on the next call. */
  private token(): Promise<string> {
    if (!this.tokenPromise) {
      const ref = this.settings.access_token_ref;
      this.tokenPromise = (async () => {
        if (!ref) throw new AppError('E_WHATSAPP_NOT_CONFIGURED', msg('whatsapp.errors.no_token_ref'), [], { technical_detail: 'whatsapp.json access_token is not a VAULT:/ENV: reference' });
        const raw = (await resolveSecretValue(ref, 'whatsapp.access_token', this.secretsCtx))!;
        // A token pasted with a trailing line break is common; anything else outside visible ASCII
        // would make fetch throw an error whose message quotes the header, token included.
        const value = raw.trim();
        this.#secrets = [raw, value];
        if (!/^[\x21-\x7e]+$/.test(value)) {
          throw new AppError('E_CONFIG_INVALID', msg('whatsapp.errors.token_chars', { ref }), [], { technical_detail: `${ref}: characters outside visible ASCII` });
        }
        return value;
      })();
      this.tokenPromise.catch(() => (this.tokenPromise = null));
    }
    return this.tokenPromise;
  }

  /** `/{api_version}/{segments…}`; segments are ids and edges, each URL-encoded. */
  url(segments: readonly string[], query: Query = {}): string {
    const u = new URL(`${this.settings.base_url}/${this.settings.api_version}/${segments.map(encodeURIComponent).join('/')}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  get<T = unknown>(segments: readonly string[], query: Query = {}, opts: RequestOptions = {}): Promise<GraphResponse<T>> {
    return this.request<T>('GET', segments, query, undefined, opts);
  }

  post<T = unknown>(segments: readonly string[], body: unknown, opts: RequestOptions = {}): Promise<GraphResponse<T>> {
    return this.request<T>('POST', segments, {}, body, opts);
  }

  private async request<T>(method: 'GET' | 'POST', segments: readonly string[], query: Query, body: unknown, opts: RequestOptions): Promise<GraphResponse<T>> {
    const token = await this.token();
    const url = this.url(segments, query);
    const isSend = method === 'POST' && segments[segments.length - 1] === 'messages';
    const retry = this.retry;
    const max = Math.max(1, Math.floor(retry.max_attempts));
    for (let attempt = 1; ; attempt++) {
      if (isSend) await this.guard(this.limiter.acquire(opts.signal), attempt, opts.signal);
      const signal = opts.signal ? AbortSignal.any([AbortSignal.timeout(this.timeoutMs), opts.signal]) : AbortSignal.timeout(this.timeoutMs);
      const started = performance.now();
      let status: number;
      let data: unknown;
      let retryAfter: string | null;
      try {
        const res = await this.fetchImpl(url, {
          method,
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', 'User-Agent': USER_AGENT(), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal,
        });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        const text = await res.text();
        data = parseJson(text);
      } catch (err) {
        const failure = this.transportError(err, attempt, opts.signal);
        const mayRetry = method === 'GET' || NEVER_SENT_CODES.has(causeCode(err) ?? '');
        if (mayRetry && !opts.signal?.aborted && attempt < max) {
          await this.guard(this.clock.sleep(this.backoff(attempt, retry), opts.signal), attempt, opts.signal);
          continue;
        }
        throw failure;
      }
      const latency_ms = Math.round((performance.now() - started) * 10) / 10;
      if (status >= 200 && status < 300) return { status, data: data as T, attempts: attempt, latency_ms };

      const retryAfterSeconds = status === 429 ? parseRetryAfter(retryAfter, this.clock.now()) : null;
      const error = mapGraphError(status, data, { isSend, retryAfterSeconds, attempts: attempt, secrets: this.#secrets });
      if (error.code === 'E_WHATSAPP_TOKEN_INVALID') this.tokenPromise = null;
      if (attempt < max && (status >= 500 || status === 429)) {
        const wait = status === 429 && retryAfterSeconds !== null ? retryAfterSeconds * 1000 : this.backoff(attempt, retry);
        if (status === 429 && wait > (this.opts.maxRetryAfterMs ?? 60_000)) throw error;
        await this.guard(this.clock.sleep(wait, opts.signal), attempt, opts.signal);
        continue;
      }
      throw error;
    }
  }

  /** Delay before attempt n+1: retry_delay_seconds × backoff_multiplier^(n-1), scaled and capped. */
  backoff(failedAttempt: number, retry: RetrySettings = this.retry): number {
    const ms = retry.retry_delay_seconds * 1000 * retry.backoff_multiplier ** (failedAttempt - 1) * (this.opts.delayScale ?? 1);
    return Math.min(ms, this.opts.maxDelayMs ?? 30_000);
  }

  /** A wait cut short by the caller's signal becomes the same mapped timeout error as a request. */
  private async guard(p: Promise<void>, attempt: number, outer?: AbortSignal): Promise<void> {
    try {
      await p;
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw this.transportError(err, attempt, outer);
    }
  }

  private transportError(err: unknown, attempts: number, outer?: AbortSignal): WhatsappApiError {
    const name = (err as { name?: string } | null)?.name;
    const host = new URL(this.settings.base_url).host;
    if (name === 'TimeoutError' || (name === 'AbortError' && outer?.aborted)) {
      const cancelled = outer?.aborted && name !== 'TimeoutError';
      return new WhatsappApiError(
        cancelled
          ? { reason: 'timeout', attempts, host, text: msg('whatsapp.errors.cancelled', { host }), technical: `${name}: cancelled by the caller` }
          : { reason: 'timeout', attempts, host, timeout_ms: this.timeoutMs, technical: `${name}: no answer within ${this.timeoutMs} ms` },
        this.#secrets,
      );
    }
    const cause = (err as { cause?: { message?: unknown } } | null)?.cause;
    const what = causeCode(err) ?? (typeof cause?.message === 'string' ? `${(err as Error).message}: ${cause.message}` : (err as Error)?.message) ?? 'network error';
    return new WhatsappApiError({ reason: 'network', attempts, host, technical: `${what} connecting to ${host}` }, this.#secrets);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return { non_json: text.slice(0, 200) };
  }
}

/** undici puts the system error code on `cause` (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET…). */
function causeCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
