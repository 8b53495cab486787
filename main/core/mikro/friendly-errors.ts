/**
 * mssql / tedious failures → a stable code, a catalogue message and a hint (R-MIKRO-3).
 * The driver's own message is kept as `technical_detail` (for the audit log and support, never
 * in the sentence), masked of every secret we know about: the operators paste these into chats,
 * so a password must never appear.
 *
 * Error shapes (mssql 12 / tedious 19, checked against the TDS fake): mssql wraps tedious' error in
 * `originalError`; socket failures carry the OS error in `cause` (a refused port comes wrapped in an
 * AggregateError "Could not connect (sequence)" whose `errors` hold the ECONNREFUSED); login errors
 * are ELOGIN with the server's text; request errors carry the SQL Server error `number`.
 */
import { AppError, isAppError, type ErrorCode, type ErrorDetail } from '../../../shared/errors.js';
import type { Message } from '../../../shared/messages.js';
import { GUARD_REASON_CODES, guardReasonMessage, type GuardReasonCode } from './guard/index.js';
import { friendlyText, type FriendlyContext, type MikroTextKey } from './friendly-texts.js';
import { MIKRO_LOCK_TIMEOUT_MS } from './session-settings.js';
import { isOldTlsFailure } from './tls-policy.js';

export type { FriendlyContext } from './friendly-texts.js';

export interface FriendlyMikroError {
  code: ErrorCode;
  /** What happened, for people (catalogue `mikro.errors.<case>.message` or a guard reason). */
  message: Message;
  /** What to do next. */
  hint: Message;
  /** The driver's message (and its causes), masked of secrets: support only, never the sentence. */
  technical_detail: string;
  /** The socket / driver reason when known, e.g. ECONNREFUSED, ENOTFOUND, ELOGIN, 229. */
  reason?: string;
}

/** An AppError carrying the friendly texts; every failure leaving the Mikro module is one. */
export class MikroError extends AppError {
  readonly friendly: FriendlyMikroError;
  // No `cause`: the raw driver error is unmasked; its masked text is the technical detail.
  constructor(friendly: FriendlyMikroError, details: ErrorDetail[] = []) {
    super(friendly.code, friendly.message, details, {
      next_step: friendly.hint,
      ...(friendly.technical_detail ? { technical_detail: friendly.technical_detail } : {}),
    });
    this.name = 'MikroError';
    this.friendly = friendly;
  }
}

/** A MikroError for one of the catalogue cases (not configured, switched off, too long, …). */
export function mikroError(key: MikroTextKey, technical_detail = '', ctx: FriendlyContext = {}, extra: Record<string, string | number> = {}, details: ErrorDetail[] = []): MikroError {
  const t = friendlyText(key, ctx, extra);
  return new MikroError({ code: t.code, message: t.message, hint: t.hint, technical_detail }, details);
}

const MASK = '***';

/**
 * Replaces each secret (and its JSON-escaped / URL-encoded forms) and `password=…`/`pwd=…` pairs.
 * Secrets shorter than 3 characters are not masked: replacing them would garble every message,
 * and such a password offers no protection anyway.
 */
export function maskSecrets(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  let out = text;
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < 3) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join(MASK);
  return out
    .replace(/\b(password|pwd)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^;\s,}]+)/gi, `$1$2${MASK}`)
    .replace(/("password"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${MASK}"`);
}

interface Chain {
  codes: Set<string>;
  numbers: number[];
  messages: string[];
  names: Set<string>;
}

/** Flattens err → originalError → cause → AggregateError.errors (bounded, cycle-safe). */
function walk(err: unknown): Chain {
  const chain: Chain = { codes: new Set(), numbers: [], messages: [], names: new Set() };
  const seen = new Set<unknown>();
  const stack: unknown[] = [err];
  while (stack.length > 0 && seen.size < 20) {
    const e = stack.shift();
    if (e === null || e === undefined || seen.has(e)) continue;
    seen.add(e);
    if (typeof e !== 'object') {
      chain.messages.push(String(e));
      continue;
    }
    const o = e as { code?: unknown; number?: unknown; message?: unknown; name?: unknown; info?: { number?: unknown }; originalError?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === 'string') chain.codes.add(o.code);
    for (const n of [o.number, o.info?.number]) if (typeof n === 'number') chain.numbers.push(n);
    if (typeof o.message === 'string' && o.message && !chain.messages.includes(o.message)) chain.messages.push(o.message);
    if (typeof o.name === 'string') chain.names.add(o.name);
    stack.push(o.originalError, o.cause);
    if (Array.isArray(o.errors)) stack.push(...o.errors);
  }
  return chain;
}

const CERT_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|CERT_UNTRUSTED|CERT_REJECTED|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_.*)$/;
const SOCKET_REASONS = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'] as const;
const LOGIN_NUMBERS = new Set([18456, 18452, 18470, 18486, 18487, 18488, 4060, 4064]);
/** Lock request time out period exceeded: our own SET LOCK_TIMEOUT (session-settings.ts) ended the wait. */
const LOCK_TIMEOUT_NUMBER = 1222;

function build(key: MikroTextKey, ctx: FriendlyContext, detail: string, reason?: string, extra: Record<string, string | number> = {}): FriendlyMikroError {
  const t = friendlyText(key, ctx, extra);
  return { code: t.code, message: t.message, hint: t.hint, technical_detail: detail, ...(reason ? { reason } : {}) };
}

/** Maps any error a Mikro operation can throw. Never throws; never returns a secret. */
export function friendlyMikroError(err: unknown, ctx: FriendlyContext = {}): FriendlyMikroError {
  if (err instanceof MikroError) return err.friendly;
  const chain = walk(err);
  const detail = maskSecrets(chain.messages.join(' <- '), ctx.secrets).slice(0, 2000);
  const has = (c: string) => chain.codes.has(c);
  const anyMessage = (re: RegExp) => chain.messages.some((m) => re.test(m));

  if (isAppError(err)) {
    if (err.code === 'E_MIKRO_READ_ONLY') return guardFriendly(err, ctx);
    if (err.code === 'E_TIMEOUT') return build('timeout_query', ctx, detail, 'E_TIMEOUT');
    if (err.code === 'E_SECRET_NOT_FOUND' || err.code === 'E_KEYCHAIN_UNAVAILABLE' || err.code === 'E_CONFIG_INVALID') {
      return build(err.code === 'E_CONFIG_INVALID' ? 'password_ref_invalid' : 'secret_missing', ctx, detail, err.code);
    }
    if (err.code === 'E_MIKRO_NOT_CONFIGURED') return build('not_configured', ctx, detail);
  }

  // Old TLS first: OpenSSL/BoringSSL report it with ERR_SSL_* codes too, but it is no certificate problem.
  if (isOldTlsFailure(chain.codes, chain.messages)) return build('old_tls', ctx, detail, [...chain.codes].find((c) => c.startsWith('ERR_SSL_')) ?? 'OLD_TLS');
  if (has('E_CERT_PIN_MISMATCH')) return build('certificate_pin', ctx, detail, 'E_CERT_PIN_MISMATCH');
  if (has('E_CERT_PIN_NO_TLS')) return build('pin_no_tls', ctx, detail, 'E_CERT_PIN_NO_TLS');
  const certCode = [...chain.codes].find((c) => CERT_CODES.test(c));
  if (certCode || (!chain.names.has('RequestError') && anyMessage(/self[- ]signed|certificate/i))) return build('certificate', ctx, detail, certCode ?? 'CERTIFICATE');
  if (has('EENCRYPT')) return build('encryption_required', ctx, detail, 'EENCRYPT');

  const loginNumber = chain.numbers.find((n) => LOGIN_NUMBERS.has(n));
  if (has('ELOGIN') || loginNumber !== undefined) {
    // tedious keeps only the server's text of a login error (no number, and the state is always 1).
    if (loginNumber === 4064 || anyMessage(/cannot open user default database/i)) return build('default_database', ctx, detail, 'ELOGIN');
    if (loginNumber === 4060 || anyMessage(/cannot open database/i)) return build('database_unavailable', ctx, detail, 'ELOGIN');
    if (ctx.authentication === 'ntlm') return build('login_failed_windows', ctx, detail, 'ELOGIN');
    const user = ctx.username?.trim() ?? '';
    if (/^[^\\\s]+\\[^\\\s]+$/.test(user)) return build('sql_login_looks_windows', ctx, detail, 'ELOGIN', { username: user });
    return build('login_failed', ctx, detail, 'ELOGIN');
  }
  if (has('EINSTLOOKUP')) return build('instance', ctx, detail, 'EINSTLOOKUP');
  if (has('ETIMEOUT')) {
    // A connect timeout naming `host\INSTANCE` means the SQL Browser (UDP 1434) never answered.
    if (ctx.instance && anyMessage(/^Failed to connect to .*\\/)) return build('instance', ctx, detail, 'EINSTLOOKUP');
    return chain.names.has('RequestError') ? build('timeout_query', ctx, detail, 'ETIMEOUT') : build('timeout_connect', ctx, detail, 'ETIMEOUT');
  }
  const socket = SOCKET_REASONS.find((c) => has(c));
  if (socket === 'ECONNREFUSED') return build('refused', ctx, detail, socket);
  if (socket === 'ENOTFOUND' || socket === 'EAI_AGAIN') return build('unknown_host', ctx, detail, socket);
  if (socket === 'EHOSTUNREACH' || socket === 'ENETUNREACH') return build('no_route', ctx, detail, socket);
  if (socket === 'ETIMEDOUT') return build('timeout_connect', ctx, detail, socket);
  if (socket || has('ESOCKET') || has('ECONNCLOSED')) return build('connection_lost', ctx, detail, socket ?? 'ESOCKET');

  const number = chain.numbers[0];
  if (number === LOCK_TIMEOUT_NUMBER) return build('lock_timeout', ctx, detail, String(number), { timeout: MIKRO_LOCK_TIMEOUT_MS });
  if (number === 229 || number === 230 || number === 297 || number === 300) return build('permission_denied', ctx, detail, String(number));
  if (number === 208) return build('invalid_object', ctx, detail, '208');
  if (number !== undefined) return build('query_failed', ctx, detail, String(number));
  if (chain.names.has('ConnectionError')) return build('connection_lost', ctx, detail, [...chain.codes][0]);
  return build('query_failed', ctx, detail, [...chain.codes][0]);
}

/** The guard's refusal, with its reasonCode kept in `reason` and the guard's own catalogue text. */
function guardFriendly(err: AppError, ctx: FriendlyContext): FriendlyMikroError {
  const given = err.details[0]?.message;
  const reasonCode: GuardReasonCode = typeof given === 'string' && (GUARD_REASON_CODES as readonly string[]).includes(given) ? (given as GuardReasonCode) : 'NOT_SELECT';
  const t = friendlyText('read_only', ctx);
  return {
    code: 'E_MIKRO_READ_ONLY',
    message: guardReasonMessage(reasonCode),
    hint: t.hint,
    technical_detail: maskSecrets(err.technicalDetail ?? err.message, ctx.secrets),
    reason: reasonCode,
  };
}

/** `friendlyMikroError` as a throwable MikroError (details keep the guard's reasonCode). */
export function toMikroError(err: unknown, ctx: FriendlyContext = {}): MikroError {
  if (err instanceof MikroError) return err;
  const friendly = friendlyMikroError(err, ctx);
  const details = isAppError(err) && err.code === 'E_MIKRO_READ_ONLY' ? err.details : friendly.reason ? [{ path: 'mikro', message: friendly.reason }] : [];
  return new MikroError(friendly, details);
}
