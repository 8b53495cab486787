/** People's formats: tr-TR and en-GB numbers, sizes, durations, percentages and times. */
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatDuration, formatList, formatNumber, formatPercent, formatRelative } from '../../shared/i18n/format.js';
import { chooseLang, translator } from '../../shared/i18n/translator.js';
import { AppError } from '../../shared/errors.js';
import { msg } from '../../shared/messages.js';

describe('formatting for people', () => {
  it('numbers and sizes: Turkish decimal comma, English decimal point', () => {
    expect(formatNumber('tr', 1234.5, 1)).toBe('1.234,5');
    expect(formatNumber('en', 1234.5, 1)).toBe('1,234.5');
    expect(formatBytes('tr', 20 * 1024)).toBe('20,0 KB');
    expect(formatBytes('en', 1.5 * 1024 ** 3)).toBe('1.5 GB');
    expect(formatBytes('tr', 512)).toBe('512 B');
  });

  it('durations: ms below a second, seconds, minutes, hours', () => {
    expect(formatDuration('tr', 0.4)).toBe('0,4 ms');
    expect(formatDuration('en', 0.4)).toBe('0.4 ms');
    expect(formatDuration('tr', 250)).toBe('250 ms');
    expect(formatDuration('tr', 2000)).toBe('2 sn');
    expect(formatDuration('tr', 2500)).toBe('2,5 sn');
    expect(formatDuration('en', 2500)).toBe('2.5 s');
    expect(formatDuration('tr', 17 * 60_000)).toBe('17 dk');
    expect(formatDuration('tr', 3 * 3_600_000)).toBe('3 sa');
  });

  it('percent: "%100" in Turkish, "100%" in English', () => {
    expect(formatPercent('tr', 1)).toBe('%100');
    expect(formatPercent('en', 0.125)).toBe('12.5%');
  });

  it('dates in local time with the zone; relative times in words', () => {
    expect(formatDateTime('tr', '2026-12-02T14:03:00Z', 'Europe/Istanbul')).toBe('02.12.2026 17:03 GMT+3');
    expect(formatDateTime('en', '2026-12-02T14:03:00Z', 'UTC')).toMatch(/^02\/12\/2026, 14:03 UTC$/);
    const now = new Date('2026-12-02T17:20:00Z');
    expect(formatRelative('tr', '2026-12-02T17:03:00Z', now)).toBe('17 dakika önce');
    expect(formatRelative('en', '2026-12-02T17:03:00Z', now)).toBe('17 minutes ago');
    expect(formatList('tr', ['a', 'b', 'c'])).toBe('a, b ve c');
  });

  it('catalogue placeholders use the formatters (a timeout of 2,5 sn)', () => {
    expect(translator('tr').text('common.check_timeout', { timeout: 2500 })).toBe('Kontrol 2,5 sn içinde bitmedi.');
    expect(translator('en').text('common.check_timeout', { timeout: 2500 })).toBe('The check did not finish within 2.5 s.');
  });

  it('nested messages are translated before they are interpolated', () => {
    const m = msg('errors.validation.field', { field: 'Port', reason: msg('errors.validation.too_big', { maximum: 65535 }) });
    expect(translator('tr').t(m)).toBe('“Port” alanı: en fazla 65.535 olabilir');
    expect(translator('en').t(m)).toBe('“Port”: must be at most 65,535');
  });

  it('an error body localizes to one language and keeps raw text only as technical detail', () => {
    const body = new AppError('E_BUSY', 'backup.run is running').toBody();
    expect(translator('tr').localize(body)).toEqual({
      code: 'E_BUSY',
      message: 'Bu işlem zaten çalışıyor.',
      next_step: 'Bitmesini bekleyin; sonucu aynı ekranda görünecek.',
      details: [],
      technical_detail: 'backup.run is running',
    });
    expect(translator('en').localize(body).message).toBe('This operation is already running.');
  });

  it('Accept-Language picks the first of tr/en by weight; unknown falls back', () => {
    expect(chooseLang(undefined, 'en-US,en;q=0.9,tr;q=0.8')).toBe('en');
    expect(chooseLang(undefined, 'de-DE,tr;q=0.5,en;q=0.4')).toBe('tr');
    expect(chooseLang(undefined, 'de-DE', 'en')).toBe('en');
    expect(chooseLang('tr', 'en')).toBe('tr');
    expect(chooseLang(undefined, 'tr;q=0,en;q=0.1')).toBe('en');
  });
});
