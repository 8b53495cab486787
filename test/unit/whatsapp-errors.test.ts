import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { mapGraphError, parseRetryAfter } from '../../main/core/whatsapp/graph-errors.js';
import { bodyPlaceholders, validateBodyParameters } from '../../main/core/whatsapp/template-params.js';

const tr = (m: Message) => translator('tr').t(m);
const en = (m: Message) => translator('en').t(m);

describe('Meta error objects → stable codes', () => {
  const table: Array<[number, { code: number; error_subcode?: number } | null, boolean, string, string]> = [
    [401, { code: 190, error_subcode: 463 }, false, 'E_WHATSAPP_TOKEN_INVALID', 'token_expired'],
    [401, { code: 190, error_subcode: 467 }, false, 'E_WHATSAPP_TOKEN_INVALID', 'token_invalid'],
    [401, { code: 190 }, false, 'E_WHATSAPP_TOKEN_INVALID', 'token_invalid'],
    [403, { code: 10 }, false, 'E_WHATSAPP_PERMISSION', 'permission'],
    [403, { code: 200 }, false, 'E_WHATSAPP_PERMISSION', 'permission'],
    [400, { code: 3 }, false, 'E_WHATSAPP_PERMISSION', 'permission'],
    [400, { code: 100, error_subcode: 33 }, false, 'E_WHATSAPP_PERMISSION', 'object_not_found'],
    [400, { code: 4 }, false, 'E_WHATSAPP_RATE_LIMITED', 'rate_limited'],
    [400, { code: 80007 }, false, 'E_WHATSAPP_RATE_LIMITED', 'waba_rate_limited'],
    [400, { code: 130429 }, true, 'E_WHATSAPP_RATE_LIMITED', 'throughput'],
    [400, { code: 131026 }, true, 'E_WHATSAPP_SEND_FAILED', 'undeliverable'],
    [400, { code: 131047 }, true, 'E_WHATSAPP_SEND_FAILED', 'reengagement'],
    [400, { code: 131051 }, true, 'E_WHATSAPP_SEND_FAILED', 'unsupported_type'],
    [400, { code: 132000 }, true, 'E_WHATSAPP_SEND_FAILED', 'template_param_count'],
    [404, { code: 132001 }, true, 'E_WHATSAPP_SEND_FAILED', 'template_missing'],
    [400, { code: 131999 }, true, 'E_WHATSAPP_SEND_FAILED', 'send_failed'],
    [503, { code: 2 }, false, 'E_WHATSAPP_UNREACHABLE', 'server_error'],
    [502, null, false, 'E_WHATSAPP_UNREACHABLE', 'server_error'],
    [429, null, false, 'E_WHATSAPP_RATE_LIMITED', 'rate_limited'],
    [401, null, false, 'E_WHATSAPP_TOKEN_INVALID', 'token_invalid'],
    [418, null, false, 'E_INTERNAL', 'unknown'],
    [418, null, true, 'E_WHATSAPP_SEND_FAILED', 'send_failed'],
  ];
  it.each(table)('HTTP %i %j (send=%s) → %s / %s', (status, error, isSend, code, reason) => {
    const e = mapGraphError(status, error ? { error: { message: 'm', fbtrace_id: 'TRACE1', ...error } } : '<html>Bad gateway</html>', { isSend });
    expect(e).toMatchObject({ code, reason, http_status: status });
    // Our sentence by reason, in both catalogues; Meta's words, code and trace only as technical detail.
    expect(e.text.key).toBe(`whatsapp.errors.${reason}`);
    for (const lang of ['tr', 'en'] as const) {
      expect(translator(lang).has(e.text.key)).toBe(true);
      expect(translator(lang).has(e.nextStep.key), e.nextStep.key).toBe(true);
      expect(translator(lang).t(e.text)).not.toMatch(/TRACE1|\bm\b/);
    }
    expect(e.technicalDetail).toContain(`HTTP ${status}`);
    if (error) {
      expect(e.fbtrace_id).toBe('TRACE1');
      expect(e.technicalDetail).toMatch(new RegExp(`Meta code ${error.code}.*Meta: m; fbtrace_id TRACE1`));
    }
  });

  it('texts are specific: expired vs invalid, 24-hour window, undeliverable, retry-after seconds, 5xx status', () => {
    expect(en(mapGraphError(401, { error: { code: 190, error_subcode: 463 } }).text)).toBe('The WhatsApp access token has expired.');
    expect(tr(mapGraphError(401, { error: { code: 190, error_subcode: 463 } }).text)).toBe('WhatsApp erişim token’ının süresi dolmuş.');
    expect(en(mapGraphError(401, { error: { code: 190, error_subcode: 467 } }).text)).toMatch(/invalid/);
    expect(en(mapGraphError(400, { error: { code: 131047 } }, { isSend: true }).text)).toMatch(/24 hours/);
    expect(tr(mapGraphError(400, { error: { code: 131047 } }, { isSend: true }).text)).toMatch(/24 saatten fazla/);
    expect(en(mapGraphError(400, { error: { code: 131026 } }, { isSend: true }).text)).toMatch(/could not be delivered/);
    expect(tr(mapGraphError(400, { error: { code: 131030 } }, { isSend: true }).text)).toMatch(/izin listesindeki alıcılara/);
    expect(tr(mapGraphError(404, { error: { code: 132001 } }, { isSend: true }).text)).toBe('Şablon bu dilde yok veya onaylanmamış.');
    expect(tr(mapGraphError(429, null, { retryAfterSeconds: 30 }).text)).toBe('Meta bu hesaba hız sınırı uyguluyor; 30 sn sonra yeniden deneyin.');
    expect(en(mapGraphError(429, null, { retryAfterSeconds: 30 }).text)).toBe('Meta is rate limiting this account; try again in 30 s.');
    expect(en(mapGraphError(502, null).text)).toBe('The Graph API answered with a server error (HTTP 502).');
    expect(tr(mapGraphError(401, { error: { code: 190 } }).nextStep)).toMatch(/yeni bir sistem kullanıcısı token’ı/);
  });

  it('known secrets are scrubbed from Meta texts', () => {
    const e = mapGraphError(400, { error: { code: 100, message: 'bad token SECRET-VALUE-123 given' } }, { secrets: ['SECRET-VALUE-123'] });
    expect(`${e.message} ${e.technicalDetail}`).not.toContain('SECRET-VALUE-123');
    expect(e.technicalDetail).toContain('[redacted]');
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2025-01-01T10:00:00Z');
  it.each([
    ['1', 1],
    ['120', 120],
    ['0', 0],
    ['Wed, 01 Jan 2025 10:00:30 GMT', 30],
    ['Wed, 01 Jan 2025 09:00:00 GMT', 0],
    ['soon', null],
    [null, null],
  ])('%j → %j s', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('template body parameters', () => {
  it('counts {{n}} in a BODY definition, or the parameters of a send-form component', () => {
    expect(bodyPlaceholders([{ type: 'HEADER', text: '{{1}}' }, { type: 'BODY', text: 'Merhaba {{1}}, sipariş {{2}} hazır; {{1}}' }])).toMatchObject({ count: 2, problem: null });
    expect(bodyPlaceholders([{ type: 'body', parameters: [{ type: 'text', text: 'a' }] }])).toMatchObject({ count: 1 });
    expect(bodyPlaceholders([{ type: 'BODY', text: 'no params' }])).toMatchObject({ count: 0 });
    expect(bodyPlaceholders([{ type: 'BUTTONS' }])).toMatchObject({ count: 0 });
    expect(bodyPlaceholders(undefined)).toMatchObject({ count: null });
    const gap = bodyPlaceholders([{ type: 'BODY', text: '{{2}} {{3}}' }]);
    expect(gap.count).toBeNull();
    expect(en(gap.problem!)).toBe('body placeholders must be numbered {{1}}…{{n}} without gaps (found: {{2}}, {{3}}).');
    expect(tr(gap.problem!)).toBe('gövde yer tutucuları boşluksuz {{1}}…{{n}} biçiminde numaralanmalı (bulunan: {{2}}, {{3}}).');
  });

  it('checks the count (when known) and each value', () => {
    const text = (r: ReturnType<typeof validateBodyParameters>) => (r.ok ? 'ok' : en(r.message));
    expect(validateBodyParameters('order_ready', 2, ['Ayşe', 'S-1001']).ok).toBe(true);
    expect(text(validateBodyParameters('order_ready', 2, ['Ayşe']))).toBe('Template “order_ready” expects 2 body parameter(s) ({{1}}, {{2}}), but 1 given.');
    const one = validateBodyParameters('order_ready', 2, ['Ayşe']);
    expect(one.ok ? '' : tr(one.message)).toBe('“order_ready” şablonu 2 gövde parametresi bekliyor ({{1}}, {{2}}), 1 verildi.');
    expect(text(validateBodyParameters('x', 0, ['a']))).toMatch(/expects no body parameters/);
    expect(validateBodyParameters('x', null, ['a', 'b', 'c']).ok).toBe(true);
    expect(text(validateBodyParameters('x', 1, [' ']))).toBe('Parameter {{1}} is empty.');
    expect(text(validateBodyParameters('x', 1, ['a\nb']))).toMatch(/line breaks/);
    expect(text(validateBodyParameters('x', 1, ['a'.repeat(1025)]))).toMatch(/1024/);
  });
});
