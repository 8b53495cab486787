/**
 * What counts as a secret (R-CFG-5, R-CFG-6): secret-bearing keys, values that look like
 * credentials whatever their key, and what is merely a placeholder. One place, used by the
 * plain-text scan, the audit log's redaction and report redaction.
 */
import { parseSecretRef } from './secret-ref.js';

/** Keys whose values are secrets: password, token, secret, access_token, app_secret, verify token, … */
const SECRET_KEY = /(pass(word|wd)?|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|connection[_-]?string|conn[_-]?str|dsn)$/i;
/** `*_ref` keys hold references by contract; `*_id`/`*_name` keys are identifiers, not secrets. */
const NOT_SECRET_KEY = /(_ref|_id|_name|_path|_length|_hours|_minutes|_attempts|_type|_namespace)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key);
}

/** Obvious placeholders: `<password>`, `${VAR}`, `CHANGE_ME`, `your_token_here`, `***`, empty. */
export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v === '') return true;
  if (/^<[^<>]*>$/.test(v) || /^\$\{[^}]*\}$/.test(v) || /^%[A-Z0-9_]+%$/i.test(v)) return true;
  if (/^\*+$/.test(v) || /^x{3,}$/i.test(v) || /^\.{3,}$/.test(v)) return true;
  return /^(change[_-]?me|changeit|replace[_-]?me|placeholder|todo|tbd|none|null|your[_-].*|set[_-]?me|<redacted>|\[redacted\])$/i.test(v);
}

/** A URL or ADO-style connection string carrying a password that is not a placeholder. */
export function credentialInConnectionString(value: string): boolean {
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^:/@\s]*):([^@\s]+)@/i.exec(value.trim());
  if (url) return !isPlaceholder(decodeSafe(url[2]!)) && !parseSecretRef(url[2]);
  const ado = /(?:^|;)\s*(password|pwd)\s*=\s*([^;]+)/i.exec(value);
  return !!ado && !isPlaceholder(ado[2]!) && !parseSecretRef(ado[2]!.trim());
}

/** Values that are secrets whatever key holds them. */
export function looksLikeSecretValue(value: string): 'meta_token' | 'credential_url' | 'jwt' | 'private_key' | null {
  const v = value.trim();
  if (/^EAA[A-Za-z0-9]{30,}$/.test(v)) return 'meta_token';
  if (/^eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/.test(v)) return 'jwt';
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v)) return 'private_key';
  if (credentialInConnectionString(v)) return 'credential_url';
  return null;
}

/** Whether a config value at `key` is a literal secret (not a reference, not a placeholder). */
export function isLiteralSecret(key: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (parseSecretRef(value) || isPlaceholder(value)) return false;
  if (looksLikeSecretValue(value)) return true;
  if (!isSecretKey(key)) return false;
  // A connection string without a password is not a secret (`postgresql://<user>@host/db`).
  if (/connection|conn[_-]?str|dsn/i.test(key)) return credentialInConnectionString(value);
  return true;
}

export const REDACTED = '[redacted]';

/**
 * A deep copy with every secret replaced: values under secret keys (unless a reference or a
 * placeholder), values that look like credentials, and passwords inside URLs.
 */
export function redactSecrets(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (isLiteralSecret(key, value)) return credentialInConnectionString(value) ? redactUrlPassword(value) : REDACTED;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactSecrets(v, k)]));
  }
  return value;
}

/** `scheme://user:pw@host` → `scheme://user:[redacted]@host`; `Password=x;` → `Password=[redacted];`. */
export function redactUrlPassword(value: string): string {
  return value
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):([^@\s]+)@/i, `$1:${REDACTED}@`)
    .replace(/((?:^|;)\s*(?:password|pwd)\s*=\s*)([^;]+)/gi, `$1${REDACTED}`);
}

/** Replace every occurrence of known secret values in free text (driver messages, reports). */
export function scrubKnownValues(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(REDACTED);
  return out;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
