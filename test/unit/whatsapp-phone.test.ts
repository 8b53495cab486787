import { describe, expect, it } from 'vitest';
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

  const invalid: [unknown, RegExp][] = [
    ['', /enter a phone number/],
    [null, /enter a phone number/],
    ['0532 123 45', /starts with 0 but is not a Turkish number/],
    ['+90 532 123 45', /10 digits after \+90/],
    ['+90 532 123 45 678', /10 digits after \+90/],
    ['0532-ABC-45-67', /not digits/],
    ['+0532 123 45 67', /country code cannot start with 0/],
    ['12345', /8 to 15 digits/],
    ['+1234567890123456', /8 to 15 digits/],
    ['0532 123 45 67 ext 12', /not digits/],
    ['++905321234567', /not digits/],
  ];
  it.each(invalid)('%j is refused', (input, message) => {
    const r = tryNormalizePhone(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(message);
      expect(r.message_tr.length).toBeGreaterThan(0);
    }
    expect(() => normalizePhone(input)).toThrow(expect.objectContaining({ code: 'E_VALIDATION', details: [expect.objectContaining({ path: 'to' })] }));
  });

  it('masks numbers for audit rows and results', () => {
    expect(maskPhone('905321234567')).toBe('90532***4567');
    expect(maskPhone('4915123456789')).toBe('49151***6789');
    expect(maskPhone('12345678')).toBe('12***78');
  });
});
