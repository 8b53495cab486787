/**
 * Meta Graph API errors → the stable WhatsApp codes (R-WA-2). Meta answers
 * `{error:{message,type,code,error_subcode,fbtrace_id}}`; scripts and support notes key on our
 * codes and on `reason`, never on Meta's wording. Messages name what to do, in English and
 * Turkish, and never contain the token (every Meta text is scrubbed of known secret values).
 */
import { AppError, type ErrorCode } from '../../../shared/errors.js';
import { scrubKnownValues } from '../secrets/secret-patterns.js';

export type WhatsappErrorReason =
  | 'token_expired' | 'token_invalid' | 'permission' | 'object_not_found' | 'rate_limited'
  | 'undeliverable' | 'reengagement' | 'unsupported_type' | 'template_params' | 'template_missing'
  | 'template_paused' | 'template_disabled' | 'recipient_not_allowed' | 'invalid_parameter' | 'send_failed'
  | 'server_error' | 'timeout' | 'network' | 'unknown';

export interface MetaErrorObject {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  fbtrace_id?: string;
}

interface ReasonText {
  code: ErrorCode;
  en: string;
  tr: string;
}

const TEXT: Record<WhatsappErrorReason, ReasonText> = {
  token_expired: { code: 'E_WHATSAPP_TOKEN_INVALID', en: 'the access token has expired', tr: 'erişim token\'ının süresi dolmuş' },
  token_invalid: { code: 'E_WHATSAPP_TOKEN_INVALID', en: 'the access token is invalid (revoked, logged out or malformed)', tr: 'erişim token\'ı geçersiz (iptal edilmiş, oturum kapatılmış veya hatalı)' },
  permission: { code: 'E_WHATSAPP_PERMISSION', en: 'the token lacks a permission (whatsapp_business_messaging / whatsapp_business_management) or access to this WhatsApp account', tr: 'token\'ın yetkisi eksik (whatsapp_business_messaging / whatsapp_business_management) veya bu WhatsApp hesabına erişimi yok' },
  object_not_found: { code: 'E_WHATSAPP_PERMISSION', en: 'the phone_number_id or business_account_id does not exist or this token cannot see it', tr: 'phone_number_id veya business_account_id yok ya da bu token onu göremiyor' },
  rate_limited: { code: 'E_WHATSAPP_RATE_LIMITED', en: 'Meta is rate limiting this account; wait and retry', tr: 'Meta bu hesabı hız sınırına takmış; bekleyip yeniden deneyin' },
  undeliverable: { code: 'E_WHATSAPP_SEND_FAILED', en: 'the message could not be delivered (the number may not use WhatsApp, or has not accepted the latest terms)', tr: 'mesaj teslim edilemedi (numara WhatsApp kullanmıyor veya güncel koşulları kabul etmemiş olabilir)' },
  reengagement: { code: 'E_WHATSAPP_SEND_FAILED', en: 'more than 24 hours since the customer last wrote: only an approved template may be sent', tr: 'müşterinin son mesajından bu yana 24 saatten fazla geçti: yalnızca onaylı şablon gönderilebilir' },
  unsupported_type: { code: 'E_WHATSAPP_SEND_FAILED', en: 'this message type is not supported', tr: 'bu mesaj türü desteklenmiyor' },
  template_params: { code: 'E_WHATSAPP_SEND_FAILED', en: 'the template parameters do not match the approved template (count or format)', tr: 'şablon parametreleri onaylı şablonla uyuşmuyor (sayı veya biçim)' },
  template_missing: { code: 'E_WHATSAPP_SEND_FAILED', en: 'the template does not exist in this language, or is not approved', tr: 'şablon bu dilde yok veya onaylı değil' },
  template_paused: { code: 'E_WHATSAPP_SEND_FAILED', en: 'the template is paused by Meta because of low quality', tr: 'şablon düşük kalite nedeniyle Meta tarafından duraklatılmış' },
  template_disabled: { code: 'E_WHATSAPP_SEND_FAILED', en: 'the template is disabled by Meta', tr: 'şablon Meta tarafından devre dışı bırakılmış' },
  recipient_not_allowed: { code: 'E_WHATSAPP_SEND_FAILED', en: 'the recipient is not allowed for this number (test numbers may only message their allowed list)', tr: 'alıcıya bu numaradan mesaj gönderilemez (test numaraları yalnızca izin listesine yazabilir)' },
  invalid_parameter: { code: 'E_WHATSAPP_SEND_FAILED', en: 'Meta refused a parameter of the request', tr: 'Meta isteğin bir parametresini reddetti' },
  send_failed: { code: 'E_WHATSAPP_SEND_FAILED', en: 'Meta refused the message', tr: 'Meta mesajı reddetti' },
  server_error: { code: 'E_WHATSAPP_UNREACHABLE', en: 'the Graph API answered with a server error', tr: 'Graph API sunucu hatası döndürdü' },
  timeout: { code: 'E_WHATSAPP_UNREACHABLE', en: 'the Graph API did not answer in time', tr: 'Graph API zamanında yanıt vermedi' },
  network: { code: 'E_WHATSAPP_UNREACHABLE', en: 'the Graph API could not be reached (network, DNS, proxy or TLS)', tr: 'Graph API\'ye ulaşılamadı (ağ, DNS, proxy veya TLS)' },
  unknown: { code: 'E_INTERNAL', en: 'the Graph API returned an unexpected error', tr: 'Graph API beklenmeyen bir hata döndürdü' },
};

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80007, 130429, 131048, 131056]);
const PERMISSION_CODES = new Set([3, 10, 131005]);

/** Meta error code (+ subcode, HTTP status) → reason. */
export function reasonFor(status: number, e: MetaErrorObject | null, isSend: boolean): WhatsappErrorReason {
  const code = e?.code;
  if (code === 190 || code === 102) return e?.error_subcode === 463 ? 'token_expired' : 'token_invalid';
  if (code !== undefined && (PERMISSION_CODES.has(code) || (code >= 200 && code <= 299))) return 'permission';
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return 'rate_limited';
  switch (code) {
    case 100: return e?.error_subcode === 33 ? 'object_not_found' : 'invalid_parameter';
    case 131026: return 'undeliverable';
    case 131047: return 'reengagement';
    case 131051: return 'unsupported_type';
    case 131008: case 131009: case 132000: case 132005: case 132007: case 132012: return 'template_params';
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
  /** Extra words for the message (e.g. the network error code), English and Turkish. */
  note?: string;
  note_tr?: string;
}

/** An AppError with the Graph specifics support needs (fbtrace_id) and a Turkish message. */
export class WhatsappApiError extends AppError {
  readonly reason: WhatsappErrorReason;
  readonly message_tr: string;
  readonly http_status: number | null;
  readonly meta_code: number | null;
  readonly meta_subcode: number | null;
  readonly fbtrace_id: string | null;
  readonly retry_after_seconds: number | null;
  readonly attempts: number;

  constructor(info: WhatsappErrorInfo, secrets: readonly string[] = []) {
    const t = TEXT[info.reason];
    const scrub = (s: string) => scrubKnownValues(s, secrets);
    const meta = info.meta ?? null;
    const metaPart = (label: string) =>
      meta?.code !== undefined
        ? ` (${label} ${meta.code}${meta.error_subcode !== undefined ? `/${meta.error_subcode}` : ''}${meta.message ? `: ${scrub(meta.message).slice(0, 300)}` : ''})`
        : info.http_status ? ` (HTTP ${info.http_status})` : '';
    const note = info.note ? ` — ${scrub(info.note)}` : '';
    const noteTr = (info.note_tr ?? info.note) ? ` — ${scrub(info.note_tr ?? info.note ?? '')}` : '';
    const tries = info.attempts && info.attempts > 1 ? ` after ${info.attempts} attempts` : '';
    const triesTr = info.attempts && info.attempts > 1 ? ` (${info.attempts} deneme sonrası)` : '';
    super(t.code, `WhatsApp: ${t.en}${tries}${metaPart('Meta code')}${note}`, [
      { path: 'reason', message: info.reason },
      ...(meta?.fbtrace_id ? [{ path: 'fbtrace_id', message: scrub(meta.fbtrace_id) }] : []),
      ...(info.retry_after_seconds != null ? [{ path: 'retry_after_seconds', message: String(info.retry_after_seconds) }] : []),
    ]);
    this.name = 'WhatsappApiError';
    this.reason = info.reason;
    this.message_tr = `WhatsApp: ${t.tr}${triesTr}${metaPart('Meta kodu')}${noteTr}`;
    this.http_status = info.http_status ?? null;
    this.meta_code = meta?.code ?? null;
    this.meta_subcode = meta?.error_subcode ?? null;
    this.fbtrace_id = meta?.fbtrace_id ? scrub(meta.fbtrace_id) : null;
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
