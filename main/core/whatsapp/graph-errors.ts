/**
 * Meta Graph API errors → the stable WhatsApp codes (R-WA-2). Meta answers
 * `{error:{message,type,code,error_subcode,error_data:{details},fbtrace_id}}`; the mapping is
 * built on `code` (and the subcode for 190/100) — never on `message`/`title`, which Meta rewords —
 * and `error_data.details` (Meta's specifics: which parameter, which limit) travels with the
 * error for support. Scripts and support notes key on our codes and on `reason`. The sentence a person reads is ours, from the
 * catalogue by reason (`whatsapp.errors.<reason>`), with a next step; Meta's own message, code,
 * subcode and fbtrace_id go to `technical_detail`, scrubbed of every known secret value.
 */
import { AppError, type ErrorCode } from '../../../shared/errors.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { msg, type Message } from '../../../shared/messages.js';
import { scrubKnownValues } from '../secrets/secret-patterns.js';

export type WhatsappErrorReason =
  | 'token_expired' | 'token_invalid' | 'permission' | 'object_not_found' | 'rate_limited'
  | 'undeliverable' | 'reengagement' | 'unsupported_type' | 'template_params' | 'template_missing'
  | 'template_paused' | 'template_disabled' | 'recipient_not_allowed' | 'invalid_parameter' | 'send_failed'
  | 'throughput' | 'pair_rate_limited' | 'waba_rate_limited' | 'ecosystem_limited' | 'policy_blocked'
  | 'template_param_count' | 'template_text_too_long' | 'template_format_policy' | 'template_param_format'
  | 'server_error' | 'timeout' | 'network' | 'unknown';

export interface MetaErrorObject {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  /** Meta's `error_data.details`: the specifics (which parameter, which limit), in Meta's words. */
  details?: string;
  fbtrace_id?: string;
}

type NextKind =
  | 'token' | 'permission' | 'rate_limited' | 'template' | 'recipient' | 'recipient_number' | 'reengagement' | 'unreachable' | 'settings'
  | 'pair_rate' | 'ecosystem' | 'policy' | 'template_params' | 'template_text' | 'template_format' | 'unsupported_type' | null;

const REASONS: Record<WhatsappErrorReason, { code: ErrorCode; next: NextKind }> = {
  token_expired: { code: 'E_WHATSAPP_TOKEN_INVALID', next: 'token' },
  token_invalid: { code: 'E_WHATSAPP_TOKEN_INVALID', next: 'token' },
  permission: { code: 'E_WHATSAPP_PERMISSION', next: 'permission' },
  object_not_found: { code: 'E_WHATSAPP_PERMISSION', next: 'settings' },
  rate_limited: { code: 'E_WHATSAPP_RATE_LIMITED', next: 'rate_limited' },
  undeliverable: { code: 'E_WHATSAPP_SEND_FAILED', next: 'recipient_number' },
  reengagement: { code: 'E_WHATSAPP_SEND_FAILED', next: 'reengagement' },
  unsupported_type: { code: 'E_WHATSAPP_SEND_FAILED', next: 'unsupported_type' },
  template_params: { code: 'E_WHATSAPP_SEND_FAILED', next: 'template_params' },
  throughput: { code: 'E_WHATSAPP_RATE_LIMITED', next: 'rate_limited' },
  pair_rate_limited: { code: 'E_WHATSAPP_RATE_LIMITED', next: 'pair_rate' },
  waba_rate_limited: { code: 'E_WHATSAPP_RATE_LIMITED', next: 'rate_limited' },
  ecosystem_limited: { code: 'E_WHATSAPP_SEND_FAILED', next: 'ecosystem' },
  policy_blocked: { code: 'E_WHATSAPP_PERMISSION', next: 'policy' },
  template_param_count: { code: 'E_WHATSAPP_SEND_FAILED', next: 'template_params' },
  template_text_too_long: { code: 'E_WHATSAPP_SEND_FAILED', next: 'template_text' },
  template_format_policy: { code: 'E_WHATSAPP_SEND_FAILED', next: 'template_format' },
  template_param_format: { code: 'E_WHATSAPP_SEND_FAILED', next: 'template_params' },
  template_missing: { code: 'E_WHATSAPP_SEND_FAILED', next: 'template' },
  template_paused: { code: 'E_WHATSAPP_SEND_FAILED', next: 'template' },
  template_disabled: { code: 'E_WHATSAPP_SEND_FAILED', next: 'template' },
  recipient_not_allowed: { code: 'E_WHATSAPP_SEND_FAILED', next: 'recipient' },
  invalid_parameter: { code: 'E_WHATSAPP_SEND_FAILED', next: null },
  send_failed: { code: 'E_WHATSAPP_SEND_FAILED', next: null },
  server_error: { code: 'E_WHATSAPP_UNREACHABLE', next: 'unreachable' },
  timeout: { code: 'E_WHATSAPP_UNREACHABLE', next: 'unreachable' },
  network: { code: 'E_WHATSAPP_UNREACHABLE', next: 'unreachable' },
  unknown: { code: 'E_INTERNAL', next: null },
};

/** The code a reason maps to (scripts key on it). */
export const codeForReason = (reason: WhatsappErrorReason): ErrorCode => REASONS[reason].code;

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 131048]);

/**
 * Failures worth trying again later (the outbox backs off and retries these); every other
 * reason is permanent: the same request would be refused the same way.
 */
const RETRYABLE: ReadonlySet<WhatsappErrorReason> = new Set(['rate_limited', 'throughput', 'pair_rate_limited', 'waba_rate_limited', 'server_error', 'timeout', 'network']);
export const isRetryableReason = (reason: WhatsappErrorReason): boolean => RETRYABLE.has(reason);
const PERMISSION_CODES = new Set([3, 10, 131005]);

/** Meta error code (+ subcode, HTTP status) → reason. */
export function reasonFor(status: number, e: MetaErrorObject | null, isSend: boolean): WhatsappErrorReason {
  const code = e?.code;
  if (code === 190 || code === 102) return e?.error_subcode === 463 ? 'token_expired' : 'token_invalid';
  if (code !== undefined && (PERMISSION_CODES.has(code) || (code >= 200 && code <= 299))) return 'permission';
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return 'rate_limited';
  switch (code) {
    case 100: return e?.error_subcode === 33 ? 'object_not_found' : 'invalid_parameter';
    case 368: return 'policy_blocked';
    case 80007: return 'waba_rate_limited';
    case 130429: return 'throughput';
    case 131056: return 'pair_rate_limited';
    case 131049: return 'ecosystem_limited';
    case 131026: return 'undeliverable';
    case 131047: return 'reengagement';
    case 131051: return 'unsupported_type';
    case 131008: case 131009: return 'template_params';
    case 132000: return 'template_param_count';
    case 132005: return 'template_text_too_long';
    case 132007: return 'template_format_policy';
    case 132012: return 'template_param_format';
    case 132001: return 'template_missing';
    case 132015: return 'template_paused';
    case 132016: return 'template_disabled';
    case 131030: return 'recipient_not_allowed';
    case 1: case 2: return 'server_error';
  }
  if (code !== undefined && code >= 131000 && code <= 135000) return 'send_failed';
  if (status === 401) return 'token_invalid';
  if (status === 403) return 'permission';
  if (status === 404) return 'object_not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return isSend ? 'send_failed' : 'unknown';
}

export interface WhatsappErrorInfo {
  reason: WhatsappErrorReason;
  http_status?: number | null;
  meta?: MetaErrorObject | null;
  retry_after_seconds?: number | null;
  attempts?: number;
  /** Where the request went (host only), for the unreachable texts. */
  host?: string;
  /** The bound that ran out (timeout reason). */
  timeout_ms?: number;
  /** A more specific sentence than the reason's own (a local limit, a cancelled call, a check deadline). */
  text?: Message;
  /** Raw transport words (ECONNREFUSED…), for technical_detail only. */
  technical?: string;
}

/** The sentence for a reason, from what is known about the failure. */
function reasonText(info: WhatsappErrorInfo): Message {
  if (info.text) return info.text;
  const status = info.http_status ?? null;
  switch (info.reason) {
    case 'rate_limited':
    case 'throughput':
    case 'waba_rate_limited':
      return info.retry_after_seconds != null
        ? msg(`whatsapp.errors.${info.reason}_retry` as MessageKey, { seconds: info.retry_after_seconds })
        : msg(`whatsapp.errors.${info.reason}` as MessageKey);
    case 'server_error':
      return msg('whatsapp.errors.server_error', { status: status ?? '5xx' });
    case 'unknown':
      return msg('whatsapp.errors.unknown', { status: status ?? '?' });
    case 'timeout':
      return msg('whatsapp.errors.timeout', { host: info.host ?? 'graph.facebook.com', timeout: info.timeout_ms ?? 0 });
    case 'network':
      return msg('whatsapp.errors.network', { host: info.host ?? 'graph.facebook.com' });
    default:
      return msg(`whatsapp.errors.${info.reason}` as MessageKey);
  }
}

/**
 * An AppError with the Graph specifics support needs (reason, HTTP status, Meta code, fbtrace_id).
 * `text` is our sentence; `technicalDetail` carries Meta's words (scrubbed) and the attempts.
 */
export class WhatsappApiError extends AppError {
  readonly reason: WhatsappErrorReason;
  readonly http_status: number | null;
  readonly meta_code: number | null;
  readonly meta_subcode: number | null;
  readonly fbtrace_id: string | null;
  /** Meta's `error_data.details` (scrubbed), when it sent one. */
  readonly meta_details: string | null;
  readonly retry_after_seconds: number | null;
  readonly attempts: number;

  constructor(info: WhatsappErrorInfo, secrets: readonly string[] = []) {
    const { code, next } = REASONS[info.reason];
    const scrub = (s: string) => scrubKnownValues(s, secrets);
    const meta = info.meta ?? null;
    const fbtrace = meta?.fbtrace_id ? scrub(meta.fbtrace_id) : null;
    const technical = [
      info.http_status ? `HTTP ${info.http_status}` : null,
      info.attempts && info.attempts > 1 ? `after ${info.attempts} attempts` : null,
      meta?.code !== undefined ? `Meta code ${meta.code}${meta.error_subcode !== undefined ? `/${meta.error_subcode}` : ''}` : null,
      meta?.message ? `Meta: ${scrub(meta.message).slice(0, 300)}` : null,
      meta?.details ? `details: ${scrub(meta.details).slice(0, 500)}` : null,
      fbtrace ? `fbtrace_id ${fbtrace}` : null,
      info.technical ? scrub(info.technical) : null,
    ].filter(Boolean).join('; ');
    super(code, reasonText(info), [
      { path: 'reason', message: info.reason },
      ...(fbtrace ? [{ path: 'fbtrace_id', message: fbtrace }] : []),
      ...(meta?.code !== undefined ? [{ path: 'meta_code', message: String(meta.code) }] : []),
      ...(info.retry_after_seconds != null ? [{ path: 'retry_after_seconds', message: String(info.retry_after_seconds) }] : []),
    ], { ...(technical ? { technical_detail: technical } : {}), ...(next ? { next_step: msg(`whatsapp.next.${next}` as MessageKey) } : {}) });
    this.name = 'WhatsappApiError';
    this.reason = info.reason;
    this.http_status = info.http_status ?? null;
    this.meta_code = meta?.code ?? null;
    this.meta_subcode = meta?.error_subcode ?? null;
    this.fbtrace_id = fbtrace;
    this.meta_details = meta?.details ? scrub(meta.details).slice(0, 500) : null;
    this.retry_after_seconds = info.retry_after_seconds ?? null;
    this.attempts = info.attempts ?? 1;
  }
}

export function isWhatsappApiError(e: unknown): e is WhatsappApiError {
  return e instanceof WhatsappApiError;
}

/** Pull Meta's error object out of a parsed body, tolerating missing or odd fields. */
export function metaErrorOf(body: unknown): MetaErrorObject | null {
  const e = (body as { error?: unknown } | null)?.error;
  if (!e || typeof e !== 'object') return null;
  const o = e as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
  const out: MetaErrorObject = {};
  if (typeof o.message === 'string') out.message = o.message;
  if (typeof o.type === 'string') out.type = o.type;
  const code = num(o.code);
  if (code !== undefined) out.code = code;
  const sub = num(o.error_subcode);
  if (sub !== undefined) out.error_subcode = sub;
  const details = (o.error_data as { details?: unknown } | null | undefined)?.details;
  if (typeof details === 'string' && details !== '') out.details = details;
  if (typeof o.fbtrace_id === 'string') out.fbtrace_id = o.fbtrace_id;
  return out;
}

/** An HTTP answer that is not 2xx → the mapped error. */
export function mapGraphError(status: number, body: unknown, opts: { isSend?: boolean; retryAfterSeconds?: number | null; attempts?: number; secrets?: readonly string[] } = {}): WhatsappApiError {
  const meta = metaErrorOf(body);
  const reason = reasonFor(status, meta, opts.isSend ?? false);
  return new WhatsappApiError({ reason, http_status: status, meta, retry_after_seconds: opts.retryAfterSeconds ?? null, attempts: opts.attempts ?? 1 }, opts.secrets ?? []);
}

/**
 * `Retry-After` → seconds: an integer number of seconds or an HTTP date. Unreadable → null.
 * A date in the past → 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}
