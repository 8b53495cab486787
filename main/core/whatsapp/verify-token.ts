/**
 * Webhook verify token strength (R-WA-3). Meta sends the token back to our webhook on every
 * subscription handshake; a guessable one lets anyone subscribe a webhook to our endpoint, and one
 * shared with another secret leaks that secret to whoever operates the webhook. Rules: at least 32
 * characters, not a placeholder, not a default or common value, not low-variety (`aaaa…`,
 * `abcabc…`), and different from every other configured secret.
 */
import { msg, type Message } from '../../../shared/messages.js';
import { isPlaceholder } from '../secrets/secret-patterns.js';

export const MIN_VERIFY_TOKEN_LENGTH = 32;

/** Defaults seen in tutorials, templates and the older backend (compared case-insensitively, separators ignored). */
const COMMON = [
  'verify_token', 'verifytoken', 'my_verify_token', 'webhook_verify', 'webhook_verify_token', 'whatsapp_webhook_verify',
  'whatsapp_verify_token', 'hub_verify_token', 'meta_verify_token', 'fb_verify_token', 'token', 'secret', 'password',
  'changeme', 'test', 'testing', 'optiplan', 'optiplan360', '123456', '12345678', 'qwerty', 'default', 'admin', 'hello',
];
const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const COMMON_SQUASHED = new Set(COMMON.map(squash));

export interface WeakReason {
  code: 'placeholder' | 'default' | 'short' | 'low_variety' | 'reused';
  message: Message;
}

export interface OtherSecret {
  /** What it is, for the message (`whatsapp.verify_token.other.*`: access token, app secret, database password). */
  label: Message;
  value: string;
}

/** Why a token is weak; empty = strong. Messages never include the token or the other secrets. */
export function assessVerifyToken(token: string, others: readonly OtherSecret[] = []): WeakReason[] {
  const out: WeakReason[] = [];
  const t = token.trim();
  if (isPlaceholder(t)) out.push({ code: 'placeholder', message: msg('whatsapp.verify_token.weak_reason.placeholder') });
  const sq = squash(t);
  const looksDefault = COMMON_SQUASHED.has(sq) || [...COMMON_SQUASHED].some((c) => c.length >= 6 && sq.startsWith(c) && /^\d*$/.test(sq.slice(c.length)));
  if (!isPlaceholder(t) && looksDefault) out.push({ code: 'default', message: msg('whatsapp.verify_token.weak_reason.default') });
  if (t.length < MIN_VERIFY_TOKEN_LENGTH) {
    out.push({ code: 'short', message: msg('whatsapp.verify_token.weak_reason.short', { length: t.length, min: MIN_VERIFY_TOKEN_LENGTH }) });
  }
  if (t.length >= 1 && lowVariety(t)) out.push({ code: 'low_variety', message: msg('whatsapp.verify_token.weak_reason.low_variety') });
  for (const o of others) {
    if (o.value && o.value.trim() === t) out.push({ code: 'reused', message: msg('whatsapp.verify_token.weak_reason.reused', { other: o.label }) });
  }
  return out;
}

/** Fewer than 8 distinct characters, or the whole token is one short unit repeated. */
function lowVariety(t: string): boolean {
  if (new Set(t).size < 8) return true;
  for (let unit = 1; unit <= t.length / 2; unit++) {
    if (t.length % unit === 0 && t.slice(0, unit).repeat(t.length / unit) === t) return true;
  }
  return false;
}
