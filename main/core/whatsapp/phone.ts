/**
 * Phone numbers as admins type them → the E.164 digits the Cloud API wants (no '+').
 * Turkish habits come first: `0532 123 45 67`, `532 123 45 67`, `+90 (532) 123-45-67`,
 * `0090 532…`. Other countries need their country code (`+49…`, `0049…`).
 *
 * Phone numbers are personal data: no text (message, audit row, result) carries one unmasked.
 * The reasons for refusing an input do not quote it; `maskPhone` is the only shape shown.
 */
import { AppError } from '../../../shared/errors.js';
import { msg, type Message } from '../../../shared/messages.js';

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: Message };

const fail = (message: Message): PhoneResult => ({ ok: false, message });

export function tryNormalizePhone(input: unknown): PhoneResult {
  if (typeof input !== 'string' || input.trim() === '') return fail(msg('whatsapp.phone_input.empty'));
  const raw = input.trim();
  // Separators people type: spaces (incl. non-breaking), dashes, dots, slashes, parentheses.
  const compact = raw.replace(/[\s\u00a0\-./()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return fail(msg('whatsapp.phone_input.characters'));
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else if (/^0\d{10}$/.test(compact)) digits = `90${compact.slice(1)}`; // Turkish national: 0 + 10 digits
  else if (/^5\d{9}$/.test(compact)) digits = `90${compact}`; // Turkish mobile without the leading 0
  else if (compact.startsWith('0')) return fail(msg('whatsapp.phone_input.leading_zero'));
  else digits = compact;

  if (digits.startsWith('0')) return fail(msg('whatsapp.phone_input.country_zero'));
  if (digits.startsWith('90') && digits.length !== 12) return fail(msg('whatsapp.phone_input.turkish_length', { count: digits.length - 2 }));
  if (digits.length < 8 || digits.length > 15) return fail(msg('whatsapp.phone_input.length', { count: digits.length }));
  return { ok: true, e164: digits };
}

/**
 * Where a message is sent (test message, outbox): the typed number normalised as above, then
 * checked against its country's numbering plan by libphonenumber-js (full metadata, so the
 * line type is known) — it must be valid and a mobile number (FIXED_LINE_OR_MOBILE counts:
 * some plans, e.g. +1, cannot tell them apart). A landline like 0212 555 01 23 is refused
 * before any request: WhatsApp runs on mobile numbers. The metadata (about 300 kB) is loaded
 * here, when a number is checked, not by everything that masks one (redact.ts): a CLI start
 * (`health`) never reads it (bench/cli.bench.ts).
 */
export async function tryMobileNumber(input: unknown): Promise<PhoneResult> {
  const r = tryNormalizePhone(input);
  if (!r.ok) return r;
  const { parsePhoneNumberFromString } = await import('libphonenumber-js/max');
  const parsed = parsePhoneNumberFromString(`+${r.e164}`);
  if (!parsed?.isValid()) return fail(msg('whatsapp.phone_input.not_valid'));
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return fail(msg('whatsapp.phone_input.not_mobile'));
  return { ok: true, e164: parsed.number.slice(1) };
}

/** Normalise or throw E_VALIDATION (path `to`) with a message that says what to type. */
export function normalizePhone(input: unknown): string {
  const r = tryNormalizePhone(input);
  if (!r.ok) throw new AppError('E_VALIDATION', msg('whatsapp.test.invalid_phone', { reason: r.message }), [{ path: 'to', message: r.message }]);
  return r.e164;
}

/**
 * The only shape a phone number is shown in. Turkish numbers keep the operator prefix and the
 * last two digits (`905321234567` → `+90 532 *** ** 67`); others the first four digits and the
 * last two (`+4915 *** ** 89`); anything shorter than 8 digits is fully hidden.
 */
export function maskPhone(number: string): string {
  const d = number.replace(/\D/g, '');
  if (d.startsWith('90') && d.length === 12) return `+90 ${d.slice(2, 5)} *** ** ${d.slice(-2)}`;
  if (d.length >= 8) return `+${d.slice(0, 4)} *** ** ${d.slice(-2)}`;
  return '***';
}
