import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { maskPhone, normalizePhone, tryNormalizePhone } from '../../main/core/whatsapp/phone.js';

describe('phone normalisation to E.164 digits', () => {
  const valid: [string, string][] = [
    ['0532 123 45 67', '905321234567'],
    ['05321234567', '905321234567'],
    ['532 123 45 67', '905321234567'],
    ['+90 532 123 45 67', '905321234567'],
    ['+90 (532) 123-45-67', '905321234567'],
    ['0090 532 123 45 67', '905321234567'],
    ['90 532 123 4567', '905321234567'],
    ['0 (532) 123 45 67', '905321234567'],
    ['0212 555 01 23', '902125550123'],
    ['+49 151 2345 6789', '4915123456789'],
    ['0049-151-23456789', '4915123456789'],
    ['+1 (415) 555-0134', '14155550134'],
    ['  +90\u00a0532.123.45.67  ', '905321234567'],
  ];
  it.each(valid)('%j → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  const invalid: [unknown, RegExp, RegExp][] = [
    ['', /enter a phone number/, /bir telefon numarası girin/],
    [null, /enter a phone number/, /bir telefon numarası girin/],
    ['0532 123 45', /starts with 0 but is not a Turkish number/, /0 ile başlıyor ama Türkiye numarası değil/],
    ['+90 532 123 45', /10 digits after \+90 \(this one has 8\)/, /\+90’dan sonra 10 rakam olmalı \(8 rakam var\)/],
    ['+90 532 123 45 678', /10 digits after \+90/, /10 rakam olmalı \(11 rakam var\)/],
    ['0532-ABC-45-67', /not digits/, /rakam dışı/],
    ['+0532 123 45 67', /country code cannot start with 0/, /ülke kodu 0 ile başlayamaz/],
    ['12345', /8 to 15 digits/, /8–15 rakam/],
    ['+1234567890123456', /8 to 15 digits/, /8–15 rakam/],
    ['0532 123 45 67 ext 12', /not digits/, /rakam dışı/],
    ['++905321234567', /not digits/, /rakam dışı/],
  ];
  it.each(invalid)('%j is refused, without quoting the number', (input, english, turkish) => {
    const r = tryNormalizePhone(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(translator('en').t(r.message)).toMatch(english);
      expect(translator('tr').t(r.message)).toMatch(turkish);
      if (typeof input === 'string' && input) expect(JSON.stringify(r)).not.toContain(input.replace(/\D/g, '').slice(0, 7) || input);
    }
    expect(() => normalizePhone(input)).toThrow(expect.objectContaining({ code: 'E_VALIDATION', details: [expect.objectContaining({ path: 'to' })] }));
  });

  it('masks numbers for every text: +90 532 *** ** 67', () => {
    expect(maskPhone('905321234567')).toBe('+90 532 *** ** 67');
    expect(maskPhone('+90 212 555 01 23')).toBe('+90 212 *** ** 23');
    expect(maskPhone('4915123456789')).toBe('+4915 *** ** 89');
    expect(maskPhone('12345678')).toBe('+1234 *** ** 78');
    expect(maskPhone('12345')).toBe('***');
  });
});
