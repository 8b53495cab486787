import { describe, expect, it } from 'vitest';
import { mapGraphError, parseRetryAfter } from '../../main/core/whatsapp/graph-errors.js';
import { bodyPlaceholders, validateBodyParameters } from '../../main/core/whatsapp/template-params.js';

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
    [400, { code: 80007 }, false, 'E_WHATSAPP_RATE_LIMITED', 'rate_limited'],
    [400, { code: 130429 }, true, 'E_WHATSAPP_RATE_LIMITED', 'rate_limited'],
    [400, { code: 131026 }, true, 'E_WHATSAPP_SEND_FAILED', 'undeliverable'],
    [400, { code: 131047 }, true, 'E_WHATSAPP_SEND_FAILED', 'reengagement'],
    [400, { code: 131051 }, true, 'E_WHATSAPP_SEND_FAILED', 'unsupported_type'],
    [400, { code: 132000 }, true, 'E_WHATSAPP_SEND_FAILED', 'template_params'],
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
    expect(e.message).toMatch(/^WhatsApp: /);
    expect(e.message_tr).toMatch(/^WhatsApp: /);
    if (error) expect(e.fbtrace_id).toBe('TRACE1');
  });

  it('texts are specific: expired vs invalid, 24-hour window, undeliverable', () => {
    expect(mapGraphError(401, { error: { code: 190, error_subcode: 463 } }).message).toMatch(/expired/);
    expect(mapGraphError(401, { error: { code: 190, error_subcode: 467 } }).message).toMatch(/invalid/);
    expect(mapGraphError(400, { error: { code: 131047 } }, { isSend: true }).message).toMatch(/24 hours/);
    expect(mapGraphError(400, { error: { code: 131047 } }, { isSend: true }).message_tr).toMatch(/24 saat/);
    expect(mapGraphError(400, { error: { code: 131026 } }, { isSend: true }).message).toMatch(/could not be delivered/);
  });

  it('known secrets are scrubbed from Meta texts', () => {
    const e = mapGraphError(400, { error: { code: 100, message: 'bad token SECRET-VALUE-123 given' } }, { secrets: ['SECRET-VALUE-123'] });
    expect(e.message).not.toContain('SECRET-VALUE-123');
    expect(e.message).toContain('[redacted]');
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
    expect(bodyPlaceholders([{ type: 'BODY', text: '{{2}} {{3}}' }])).toMatchObject({ count: null, problem: expect.stringMatching(/without gaps/) });
  });

  it('checks the count (when known) and each value', () => {
    expect(validateBodyParameters('order_ready', 2, ['Ayşe', 'S-1001']).ok).toBe(true);
    expect(validateBodyParameters('order_ready', 2, ['Ayşe'])).toMatchObject({ ok: false, message: expect.stringMatching(/expects 2 body parameters \(\{\{1\}\}, \{\{2\}\}\), but 1 was given/) });
    expect(validateBodyParameters('x', 0, ['a'])).toMatchObject({ ok: false, message: expect.stringMatching(/no body parameters/) });
    expect(validateBodyParameters('x', null, ['a', 'b', 'c']).ok).toBe(true);
    expect(validateBodyParameters('x', 1, [' '])).toMatchObject({ ok: false, message: expect.stringMatching(/\{\{1\}\} is empty/) });
    expect(validateBodyParameters('x', 1, ['a\nb'])).toMatchObject({ ok: false, message: expect.stringMatching(/new lines/) });
    expect(validateBodyParameters('x', 1, ['a'.repeat(1025)])).toMatchObject({ ok: false, message: expect.stringMatching(/1024/) });
  });
});
