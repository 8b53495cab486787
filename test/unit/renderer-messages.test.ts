/**
 * The renderer's message rendering (renderer/src/i18n/messages.ts, renderer/src/errors.ts) with
 * an i18next instance set up as the renderer's: UI texts and the core catalogues side by side,
 * nested Message params translated first, and errors read as message + fields + next step with
 * everything raw kept apart as technical detail.
 */
import i18next, { type i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ui as enUi } from '../../shared/i18n/en/ui.js';
import { addFormatters, MESSAGE_NS, MESSAGE_RESOURCES, translator } from '../../shared/i18n/translator.js';
import { ui as trUi } from '../../shared/i18n/tr/ui.js';
import { msg } from '../../shared/messages.js';
import { AppError } from '../../shared/errors.js';
import { readableError } from '../../renderer/src/errors.js';
import { translateMessage } from '../../renderer/src/i18n/messages.js';
import { ApiError } from '../../renderer/src/transport.js';

let inst: i18n;
type TFn = Parameters<typeof translateMessage>[0];
const tFn = (): TFn => inst.t.bind(inst) as unknown as TFn;
const has = (key: string) => inst.exists(key, { ns: MESSAGE_NS });

beforeAll(async () => {
  inst = i18next.createInstance();
  await inst.init({
    lng: 'tr',
    resources: { tr: { translation: trUi, [MESSAGE_NS]: MESSAGE_RESOURCES.tr[MESSAGE_NS] }, en: { translation: enUi, [MESSAGE_NS]: MESSAGE_RESOURCES.en[MESSAGE_NS] } },
    ns: ['translation', MESSAGE_NS],
    defaultNS: 'translation',
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  } as Parameters<typeof inst.init>[0]);
  addFormatters(inst);
});

const fieldError = msg('errors.validation.field', { field: msg('fields.host'), reason: msg('errors.validation.too_small_string', { minimum: 1 }) });

describe('renderer messages', () => {
  it('translates a Message like the shared translator does, nested params first, in both languages', async () => {
    for (const lang of ['tr', 'en'] as const) {
      await inst.changeLanguage(lang);
      const shared = translator(lang);
      expect(translateMessage(tFn(), fieldError)).toBe(shared.t(fieldError));
      expect(translateMessage(tFn(), msg('common.check_timeout', { timeout: 2500 }))).toBe(shared.t(msg('common.check_timeout', { timeout: 2500 })));
      // UI texts and messages live side by side: the same instance answers both.
      expect(inst.t('overview.heading')).toBe(lang === 'tr' ? 'Sistem Sağlığı' : 'System health');
    }
    await inst.changeLanguage('tr');
    expect(translateMessage(tFn(), fieldError)).toContain('Sunucu');
    expect(translateMessage(tFn(), msg('common.check_timeout', { timeout: 2500 }))).toContain('2,5 sn');
    expect(translateMessage(tFn(), 'already a sentence')).toBe('already a sentence');
    expect(translateMessage(tFn(), null)).toBe('');
  });

  it('a param named like an i18next option cannot switch namespace or language', async () => {
    await inst.changeLanguage('tr');
    const sneaky = { key: 'common.not_checked', params: { reason: 'x', ns: 'translation', lng: 'en' } } as unknown as Parameters<typeof translateMessage>[1];
    expect(translateMessage(tFn(), sneaky)).toBe(translator('tr').text('common.not_checked', { reason: 'x' }));
  });

  it('an error body reads as its message, the fields it names and its next step; raw text is technical', async () => {
    const body = new AppError('E_VALIDATION', undefined, [
      { path: 'host', message: fieldError },
      { path: 'port', message: 'Too small: expected number to be >=1' },
    ], { technical_detail: 'zod: 2 issues' }).toBody();
    const e = readableError(new ApiError(body), has);
    expect(e.code).toBe('E_VALIDATION');
    expect(e.message.key).toBe('errors.E_VALIDATION.message');
    expect(e.next_step.key).toBe('errors.E_VALIDATION.next_step');
    expect(e.details).toEqual([{ path: 'host', message: fieldError }]);
    expect(e.technical).toEqual(['E_VALIDATION', 'port: Too small: expected number to be >=1', 'zod: 2 issues']);
    for (const lang of ['tr', 'en'] as const) {
      await inst.changeLanguage(lang);
      const sentence = [e.message, ...e.details.map((d) => d.message), e.next_step].map((m) => translateMessage(tFn(), m)).join(' ');
      expect(sentence).not.toMatch(/E_VALIDATION|Too small|zod/);
      expect(sentence).toContain(lang === 'tr' ? 'Sunucu' : translator('en').text('fields.host'));
    }
  });

  it('text that is not a Message (a transport’s own words, an unknown code, a thrown Error) falls back to the catalogue', () => {
    const fromTransport = readableError(new ApiError({ code: 'E_INTERNAL', message: 'the console server is not reachable', details: [] } as never), has);
    expect(fromTransport.message.key).toBe('errors.E_INTERNAL.message');
    expect(fromTransport.next_step.key).toBe('errors.E_INTERNAL.next_step');
    expect(fromTransport.technical).toContain('the console server is not reachable');

    const unknown = readableError(new ApiError({ code: 'E_SOMETHING_NEW', message: { key: 'no.such.key' }, details: [] } as never), has);
    expect(unknown.code).toBe('E_INTERNAL');
    expect(unknown.technical[0]).toBe('E_SOMETHING_NEW');

    const thrown = readableError(new TypeError('x is undefined'), has);
    expect(thrown.message.key).toBe('errors.E_INTERNAL.message');
    expect(thrown.technical).toEqual(['E_INTERNAL', 'x is undefined']);

    // A result that carries an error body (a backup's verify_error) reads the same way.
    const carried = readableError(new AppError('E_BUSY').toBody(), has);
    expect(carried.code).toBe('E_BUSY');
    expect(carried.message.key).toBe('errors.E_BUSY.message');
  });
});
