// Meta's error codes over real TCP: each answer of the Graph fake (META_ERRORS, Meta's shape with
// error_data.details) → our code, reason, sentence and next step in both languages, built on the
// code (the fake's titles are Meta's terse ones and never reach the sentence). And the test
// message refuses, before the send, a template that is not APPROVED, a wrong parameter count and
// a number that is not a mobile one.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { isRetryableReason, sendTestMessage, type TestMessageContext, type WhatsappErrorReason } from '../../main/core/whatsapp/index.js';
import { META_ERRORS, sendFailure, type MetaErrorCode } from '../fakes/graph/meta-errors.js';
import type { GraphFake } from '../fakes/graph/server.js';
import { graphFake, memoryAudit, secrets, settingsFor } from '../fakes/graph/harness.js';

const tr = (m: Message) => translator('tr').t(m);
const en = (m: Message) => translator('en').t(m);
const context = (f: GraphFake | null, overrides: Record<string, unknown> = {}): TestMessageContext => ({
  settings: settingsFor(f, overrides), secrets: secrets(), actor: 'admin@pc (test)', audit: memoryAudit(),
  clientOptions: { delayScale: 0.01, maxRetryAfterMs: 0 }, now: () => new Date('2026-12-03T09:00:00Z'),
});

const EXPECTED: Array<[MetaErrorCode, string, WhatsappErrorReason, boolean]> = [
  [190, 'E_WHATSAPP_TOKEN_INVALID', 'token_expired', false],
  [368, 'E_WHATSAPP_PERMISSION', 'policy_blocked', false],
  [80007, 'E_WHATSAPP_RATE_LIMITED', 'waba_rate_limited', true],
  [130429, 'E_WHATSAPP_RATE_LIMITED', 'throughput', true],
  [131026, 'E_WHATSAPP_SEND_FAILED', 'undeliverable', false],
  [131030, 'E_WHATSAPP_SEND_FAILED', 'recipient_not_allowed', false],
  [131047, 'E_WHATSAPP_SEND_FAILED', 'reengagement', false],
  [131049, 'E_WHATSAPP_SEND_FAILED', 'ecosystem_limited', false],
  [131051, 'E_WHATSAPP_SEND_FAILED', 'unsupported_type', false],
  [131056, 'E_WHATSAPP_RATE_LIMITED', 'pair_rate_limited', true],
  [132000, 'E_WHATSAPP_SEND_FAILED', 'template_param_count', false],
  [132001, 'E_WHATSAPP_SEND_FAILED', 'template_missing', false],
  [132005, 'E_WHATSAPP_SEND_FAILED', 'template_text_too_long', false],
  [132007, 'E_WHATSAPP_SEND_FAILED', 'template_format_policy', false],
  [132012, 'E_WHATSAPP_SEND_FAILED', 'template_param_format', false],
  [132015, 'E_WHATSAPP_SEND_FAILED', 'template_paused', false],
  [132016, 'E_WHATSAPP_SEND_FAILED', 'template_disabled', false],
];

describe('Meta error codes over HTTP', () => {
  it('covers every code the issue names', () => {
    expect(EXPECTED.map(([c]) => c).sort()).toEqual(Object.keys(META_ERRORS).map(Number).sort());
  });

  it.each(EXPECTED)('%s → %s / %s (retry later: %s), our words, Meta’s details in technical detail', async (code, appCode, reason, retryable) => {
    const f = await graphFake({ failures: [sendFailure(code, 99)] });
    const r = await sendTestMessage({ to: '0532 123 45 67', template: 'delivery_reminder' }, context(f));
    expect(r).toMatchObject({ success: false, code: appCode, reason });
    expect(isRetryableReason(reason)).toBe(retryable);
    const meta = META_ERRORS[code];
    expect(r.technical_detail).toContain(`Meta code ${code}`);
    expect(r.technical_detail).toContain(`details: ${meta.error_data!.details}`);
    // The sentence is ours in each language, never Meta's title.
    for (const text of [tr(r.message), en(r.message)]) expect(text).not.toContain(meta.message);
    expect(tr(r.message)).toMatch(/^Test mesajı gönderilemedi: /);
    expect(r.next_step).toBeDefined();
    expect(tr(r.next_step!)).not.toBe(en(r.next_step!));
    expect(JSON.stringify(r)).not.toContain('905321234567');
  });

  it('the words follow the code, not the title: the same title with another code reads differently', async () => {
    const title = 'Something went wrong';
    const a = await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, context(await graphFake({ sendError: { message: title, code: 131047 } })));
    const b = await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, context(await graphFake({ sendError: { message: title, code: 131026 } })));
    expect(en(a.message)).toMatch(/24 hours/);
    expect(en(b.message)).toMatch(/could not be delivered/);
    expect(tr(a.next_step!)).toBe('Müşteriye onaylı bir şablon gönderin.');
  });
});

describe('the test message is refused before the send', () => {
  it.each(['PAUSED', 'REJECTED', 'DISABLED', 'PENDING', 'IN_APPEAL', 'PENDING_DELETION', 'LIMIT_EXCEEDED', 'FLAGGED'])('a %s template: refused naming its status, no message sent', async (status) => {
    const f = await graphFake();
    f.state.templates.find((t) => t.name === 'delivery_reminder')!.status = status;
    const r = await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, context(f));
    expect(r).toMatchObject({ success: false, code: 'E_VALIDATION', template_status: status });
    expect(en(r.message)).toMatch(/^Template “delivery_reminder” \(delivery_reminder\/tr\) cannot be sent: its status at Meta is .+ \(only approved templates are sent\)\.$/);
    expect(tr(r.message)).toMatch(/gönderilemez: Meta’daki durumu .+ \(yalnızca onaylı şablonlar gönderilir\)\.$/);
    expect(tr(r.message)).not.toContain(status);
    expect(f.requests.filter((q) => q.method === 'POST')).toHaveLength(0);
  });

  it('the status read asks only for that template, by name', async () => {
    const f = await graphFake();
    f.state.templates.find((t) => t.name === 'delivery_reminder')!.status = 'PAUSED';
    const r = await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, context(f));
    expect(tr(r.message)).toMatch(/durumu duraklatıldı/);
    expect(f.requests).toHaveLength(1);
    expect(f.requests[0]!.query).toMatchObject({ name: 'delivery_reminder', fields: 'name,status,language,category' });
  });

  it('a landline, an invalid number or a wrong parameter count: refused with no request at all', async () => {
    const f = await graphFake();
    const landline = await sendTestMessage({ to: '0212 555 01 23', template: 'delivery_reminder' }, context(f));
    expect(landline).toMatchObject({ success: false, code: 'E_VALIDATION' });
    expect(en(landline.message)).toBe('Invalid phone number: the number is not a mobile number (WhatsApp messages go to mobile numbers).');
    const invalid = await sendTestMessage({ to: '+90 999 123 45 67', template: 'delivery_reminder' }, context(f));
    expect(tr(invalid.message)).toBe('Geçersiz telefon numarası: numara, ülkesinin numara planına göre geçerli değil.');
    const params = await sendTestMessage({ to: '05321234567', template: 'order_ready', parameters: ['only one'] }, context(f));
    expect(en(params.message)).toMatch(/expects 2 body parameter/);
    expect(f.requests).toHaveLength(0);
  });

  it('an APPROVED template is sent with Meta’s language object (code + deterministic policy)', async () => {
    const f = await graphFake();
    const r = await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, context(f));
    expect(r.success).toBe(true);
    expect(f.sent).toEqual([expect.objectContaining({ template: { name: 'delivery_reminder', language: { policy: 'deterministic', code: 'tr' } } })]);
  });
});
