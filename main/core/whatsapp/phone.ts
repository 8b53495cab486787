/**
 * Phone numbers as admins type them → the E.164 digits the Cloud API wants (no '+').
 * Turkish habits come first: `0532 123 45 67`, `532 123 45 67`, `+90 (532) 123-45-67`,
 * `0090 532…`. Other countries need their country code (`+49…`, `0049…`).
 */
import { AppError } from '../../../shared/errors.js';

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string; message_tr: string };

const fail = (message: string, message_tr: string): PhoneResult => ({ ok: false, message, message_tr });

export function tryNormalizePhone(input: unknown): PhoneResult {
  if (typeof input !== 'string' || input.trim() === '') return fail('enter a phone number', 'bir telefon numarası girin');
  const raw = input.trim();
  // Separators people type: spaces (incl. non-breaking), dashes, dots, slashes, parentheses.
  const compact = raw.replace(/[\s\u00a0\-./()]/g, '');
  if (!/^\+?\d+$/.test(compact)) {
    return fail(`"${raw}" contains characters that are not digits (allowed: digits, +, spaces, -, (, ))`, `"${raw}" rakam dışı karakter içeriyor (izin verilen: rakam, +, boşluk, -, (, ))`);
  }
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else if (/^0\d{10}$/.test(compact)) digits = `90${compact.slice(1)}`; // Turkish national: 0 + 10 digits
  else if (/^5\d{9}$/.test(compact)) digits = `90${compact}`; // Turkish mobile without the leading 0
  else if (compact.startsWith('0')) {
    return fail(`"${raw}" starts with 0 but is not a Turkish number (0 + 10 digits); add the country code (+CC…)`, `"${raw}" 0 ile başlıyor ama Türkiye numarası değil (0 + 10 rakam); ülke kodunu ekleyin (+CC…)`);
  } else digits = compact;

  if (digits.startsWith('0')) return fail(`"${raw}": a country code cannot start with 0`, `"${raw}": ülke kodu 0 ile başlayamaz`);
  if (digits.startsWith('90') && digits.length !== 12) {
    return fail(`"${raw}": a Turkish number has 10 digits after +90 (got ${digits.length - 2})`, `"${raw}": Türkiye numarasında +90'dan sonra 10 rakam olmalı (${digits.length - 2} rakam var)`);
  }
  if (digits.length < 8 || digits.length > 15) {
    return fail(`"${raw}": an international number has 8 to 15 digits including the country code (got ${digits.length})`, `"${raw}": uluslararası numara ülke koduyla 8-15 rakam olmalı (${digits.length} rakam var)`);
  }
  return { ok: true, e164: digits };
}

/** Normalise or throw E_VALIDATION (path `to`) with a message that says what to type. */
export function normalizePhone(input: unknown): string {
  const r = tryNormalizePhone(input);
  if (!r.ok) throw new AppError('E_VALIDATION', `Invalid phone number: ${r.message}`, [{ path: 'to', message: r.message }]);
  return r.e164;
}

/** For audit rows and results: `905321234567` → `90532***4567` (country + operator prefix, last 4). */
export function maskPhone(e164: string): string {
  const d = e164.replace(/\D/g, '');
  if (d.length >= 10) return `${d.slice(0, 5)}***${d.slice(-4)}`;
  if (d.length >= 6) return `${d.slice(0, 2)}***${d.slice(-2)}`;
  return '***';
}
