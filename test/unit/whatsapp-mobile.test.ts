// Where a message is sent: the number must be a valid mobile number by its country's plan
// (libphonenumber-js), after the Turkish typing habits are understood as before.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { tryMobileNumber } from '../../main/core/whatsapp/phone.js';

describe('tryMobileNumber', () => {
  it.each([
    ['0532 123 45 67', '905321234567'],
    ['05321234567', '905321234567'],
    ['532 123 45 67', '905321234567'],
    ['+90 (532) 123-45-67', '905321234567'],
    ['0090 532 123 45 67', '905321234567'],
    ['0505 123 45 67', '905051234567'],
    ['0555 987 65 43', '905559876543'],
    ['+49 151 2345 6789', '4915123456789'],
    // +1 cannot tell mobiles from landlines: FIXED_LINE_OR_MOBILE is accepted.
    ['+1 (201) 555-0123', '12015550123'],
  ])('%j is a mobile number → %s', async (input, e164) => {
    expect(await tryMobileNumber(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['0212 555 01 23', /not a mobile number/, /cep telefonu numarası değil/],
    ['+90 312 444 12 34', /not a mobile number/, /cep telefonu numarası değil/],
    ['+90 999 123 45 67', /not valid in its country’s numbering plan/, /numara planına göre geçerli değil/],
    ['+49 1234 5678', /not valid/, /geçerli değil/],
    // The typing rules still answer first, with their own words.
    ['0532 12', /starts with 0 but is not a Turkish number/, /0 ile başlıyor/],
  ])('%j is refused, saying why (without the number)', async (input, english, turkish) => {
    const r = await tryMobileNumber(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(translator('en').t(r.message)).toMatch(english);
    expect(translator('tr').t(r.message)).toMatch(turkish);
    expect(JSON.stringify(r)).not.toContain(input.replace(/\D/g, '').slice(-7));
  });
});
