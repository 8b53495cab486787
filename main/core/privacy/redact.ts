/**
 * Personal data out of what the console writes (KVKK, issue 13): phone numbers, e-mail addresses,
 * tax numbers (VKN, 10 digits) and Turkish identity numbers (TCKN, 11 digits) and customer titles
 * ("cari unvan") are masked wherever text reaches a log line, an audit row, a report or the
 * support bundle. One function for every sink, so a kind added here is masked everywhere:
 *
 *   logs   — the logger's streamWrite hook (main/core/logging/logger.ts) → redactPersonalText
 *   audit  — AuditLog before hashing (target, detail, values) → redactPersonal / …Text
 *   reports, support bundle — redactForOutput (secrets and personal data together)
 *
 * VKN and TCKN are recognised by their check digits, so ids, counts and timestamps are not
 * masked by accident (about one random 10-digit number in ten still passes the VKN check; a
 * masked number in a log costs less than a tax number in one). Masks keep the kind readable:
 * `+90 532 *** ** 67`, `a***@***.com.tr`, `**********` (VKN), `***********` (TCKN), `Ö*** LTD. ŞTİ.`.
 */
import { looksLikeMessage } from '../../../shared/messages.js';
import { redactSecrets, redactUrlPassword, REDACTED, scrubKnownValues } from '../secrets/secret-patterns.js';
import { parseSecretRef } from '../secrets/secret-ref.js';
import { maskPhone } from '../whatsapp/phone.js';

/** Keys whose values are customer titles or names (Mikro `cari_unvan1`, our own `customer_title`). */
const TITLE_KEY = /^(?:cari[_-]?)?(?:unvan|ünvan)\d*$|^customer[_-]?(?:title|name)$|^company[_-]?name$|^cari[_-]?(?:ad|adi|adı|isim)$/i;

export function isPersonalTitleKey(key: string): boolean {
  return TITLE_KEY.test(key);
}

/** TCKN: 11 digits, no leading zero, two check digits. */
export function isTckn(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const d = [...digits].map(Number);
  const odd = d[0]! + d[2]! + d[4]! + d[6]! + d[8]!;
  const even = d[1]! + d[3]! + d[5]! + d[7]!;
  if ((((odd * 7 - even) % 10) + 10) % 10 !== d[9]) return false;
  return d.slice(0, 10).reduce((a, b) => a + b, 0) % 10 === d[10];
}

/** VKN: 10 digits with the Revenue Administration's check digit. */
export function isVkn(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  const first9 = [...digits.slice(0, 9)].reverse();
  first9.forEach((ch, idx) => {
    const i = idx + 1;
    const c1 = (Number(ch) + i) % 10;
    if (c1) sum += (c1 * 2 ** i) % 9 || 9;
  });
  return (10 - (sum % 10)) % 10 === Number(digits[9]);
}

/** `user@host` right after `scheme://` is a connection target, not an address. */
const EMAIL = /(?<![\p{L}\p{N}._%+-])(?<!\/\/)([\p{L}\p{N}._%+-]+)@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*?)\.(\p{L}{2,}(?:\.\p{L}{2})?)(?![\p{L}\p{N}-])/gu;
/** Turkish numbers: +90 / 0090 / 90 / 0 then an area or mobile code; or a bare mobile 5xx. */
const PHONE_TR = /(?<![\p{L}\p{N}+_])(?:(?:\+\s?90|0090|90|0)[\s.-]?\(?[2-5]\d{2}\)?|\(?5\d{2}\)?)[\s.-]?\d{3}[\s.-]?\d{2}[\s.-]?\d{2}(?![\p{L}\p{N}_])/gu;
/** Other countries, written with their + prefix. */
const PHONE_INTL = /(?<![\p{L}\p{N}_])\+[1-9]\d{0,2}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?![\p{L}\p{N}_])/gu;
const LONE_DIGITS = /(?<![\p{L}\p{N}_.:/-])(\d{10,11})(?![\p{L}\p{N}_]|[.:]\d)/gu;
/** Legal forms that end a Turkish company title. */
const LEGAL_FORM = String.raw`(?:LTD\.?\s*ŞT[İI]\.?|L[İI]M[İI]TED\s+Ş[İI]RKET[İI]|A\.\s?Ş\.?|ANON[İI]M\s+Ş[İI]RKET[İI]|KOLL\.?\s*Ş[İI]T?\.?)`;
const TITLE = new RegExp(String.raw`(?<![\p{L}\p{N}])((?:[\p{Lu}\p{N}][\p{L}\p{N}&'’-]*\.?\s+){1,10}?)(${LEGAL_FORM})(?![\p{L}])`, 'gu');
/** `"cari_unvan1": "…"` inside JSON text (log lines, serialised audit values). */
const TITLE_JSON = /("(?:cari[_-]?)?(?:unvan|ünvan)\d*"|"customer[_-]?(?:title|name)"|"company[_-]?name"|"cari[_-]?(?:ad|adi|adı|isim)")(\s*:\s*)"((?:[^"\\]|\\.)*)"/giu;

function maskEmail(_m: string, local: string, _domain: string, tld: string): string {
  return `${[...local][0] ?? ''}***@***.${tld}`;
}

function maskTrPhone(m: string): string {
  let d = m.replace(/\D/g, '');
  if (d.startsWith('0090')) d = d.slice(2);
  else if (d.startsWith('0')) d = `90${d.slice(1)}`;
  else if (d.length === 10) d = `90${d}`;
  return maskPhone(d);
}

function maskIntlPhone(m: string): string {
  const n = m.replace(/\D/g, '').length;
  return n >= 8 && n <= 15 ? maskPhone(m) : m;
}

/** `ÖRNEK MOBİLYA` → `Ö***` (the first letter keeps a list scannable, the rest is gone). */
export function maskTitle(title: string): string {
  const t = title.trim();
  return t === '' ? t : `${[...t][0]}***`;
}

/** Any legal form at all: without one TITLE cannot match (same letters, same case). */
const ANY_LEGAL_FORM = new RegExp(LEGAL_FORM, 'u');

/**
 * EMAIL applied only to the whitespace-delimited words that hold an `@`. The same result as
 * `text.replace(EMAIL, …)` — a match has no whitespace and its look-arounds read at most two
 * characters inside the word, or the whitespace beside it — without trying EMAIL's Unicode
 * classes at every position of a long text (a support bundle's 20 MiB of logs, every log line).
 */
function maskEmails(text: string): string {
  let at = text.indexOf('@');
  if (at < 0) return text;
  let out = '';
  let done = 0;
  while (at >= 0) {
    let start = at;
    while (start > done && !/\s/.test(text[start - 1]!)) start--;
    let end = at + 1;
    while (end < text.length && !/\s/.test(text[end]!)) end++;
    out += text.slice(done, start) + text.slice(start, end).replace(EMAIL, maskEmail);
    done = end;
    at = text.indexOf('@', end);
  }
  return out + text.slice(done);
}

/** Personal data masked in one text (any language, JSON or prose). */
export function redactPersonalText(text: string): string {
  if (text.length < 7) return text;
  let out = text.includes('"') ? text.replace(TITLE_JSON, (_m, k: string, sep: string, v: string) => `${k}${sep}"${maskTitle(v)}"`) : text;
  out = maskEmails(out).replace(PHONE_TR, maskTrPhone);
  if (out.includes('+')) out = out.replace(PHONE_INTL, maskIntlPhone);
  out = out.replace(LONE_DIGITS, (m, d: string) => (d.length === 11 ? (isTckn(d) ? '*'.repeat(11) : m) : isVkn(d) ? '*'.repeat(10) : m));
  // The title pattern is costly (up to ten words tried before every capital letter): only when a legal form is there.
  return ANY_LEGAL_FORM.test(out) ? out.replace(TITLE, (_m, _words: string, form: string) => `${[..._words.trim()][0]}*** ${form}`) : out;
}

/**
 * A deep copy with `text(string, key)` applied to every string, title keys masked whole; object
 * keys kept, and a message's key kept too (it names a catalogue entry, never data — only its
 * parameters can carry any).
 */
function mapStrings(value: unknown, text: (s: string) => string): unknown {
  const walk = (v: unknown, k: string): unknown => {
    if (typeof v === 'string') return isPersonalTitleKey(k) ? maskTitle(v) : text(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, k));
    if (looksLikeMessage(v)) return v.params ? { key: v.key, params: walk(v.params, '') } : { key: v.key };
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([kk, x]) => [kk, walk(x, kk)]));
    return v;
  };
  return walk(value, '');
}

/** A deep copy with personal data masked: titles by key, every string by pattern. */
export function redactPersonal<T>(value: T): T {
  return mapStrings(value, redactPersonalText) as T;
}

/** URLs with a password anywhere in a text (`redactUrlPassword` only looks at the start). */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):([^@\s/]+)@/gi;

/** Secrets (patterns and known values) and personal data out of one text. */
export function scrubText(text: string, known: readonly string[]): string {
  const urls = text.replace(URL_PASSWORD, (m, head: string, pw: string) => (pw === REDACTED || pw === '***' || parseSecretRef(pw) ? m : `${head}:${REDACTED}@`));
  return redactPersonalText(scrubKnownValues(redactUrlPassword(urls), known));
}

/**
 * What may leave the process (reports, exports, the support bundle): a deep copy with secrets
 * replaced (secret keys, credential-looking values, passwords in URLs, the known values) and
 * personal data masked. Object keys and message keys are kept as they are.
 */
export function redactForOutput<T>(value: T, known: readonly string[]): T {
  return mapStrings(redactSecrets(value), (t) => scrubText(t, known)) as T;
}
