// "Send a test message" (R-WA-4) against the fake Graph API: message id or mapped error, audited.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { sendTestMessage, type TestMessageContext } from '../../main/core/whatsapp/index.js';
import type { GraphFake } from '../fakes/graph/server.js';
import { CANARY_TOKEN, graphFake, memoryAudit, secrets, settingsFor } from '../fakes/graph/harness.js';

const tr = (m: Message) => translator('tr').t(m);
const en = (m: Message) => translator('en').t(m);

function context(f: GraphFake | null, overrides: Record<string, unknown> = {}, extra: Partial<TestMessageContext> = {}) {
  const audit = memoryAudit();
  const ctx: TestMessageContext = { settings: settingsFor(f, overrides), secrets: secrets(), actor: 'admin@pc (test)', audit, clientOptions: { delayScale: 0.05 }, now: () => new Date('2025-03-01T09:00:00Z'), ...extra };
  return { ctx, audit };
}

describe('sendTestMessage', () => {
  it('sends the configured template with body parameters to the normalised number; returns messages[0].id; audits with a masked target', async () => {
    const f = await graphFake();
    const { ctx, audit } = context(f);
    const r = await sendTestMessage({ to: '0532 123 45 67', template: 'order_ready', parameters: ['Ayşe Yılmaz', 'S-1001'] }, ctx);
    expect(r).toMatchObject({ success: true, to: '+90 532 *** ** 67', template: 'order_ready_notification', language: 'tr', message_id: expect.stringMatching(/^wamid\./), sent_at: '2025-03-01T09:00:00.000Z' });
    expect(tr(r.message)).toBe(`Test mesajı +90 532 *** ** 67 numarasına gönderildi (mesaj kimliği ${r.message_id}).`);
    expect(en(r.message)).toBe(`Test message sent to +90 532 *** ** 67 (message id ${r.message_id}).`);
    expect(f.sent).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '905321234567',
        type: 'template',
        template: { name: 'order_ready_notification', language: { policy: 'deterministic', code: 'tr' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ayşe Yılmaz' }, { type: 'text', text: 'S-1001' }] }] },
      },
    ]);
    // The template's status is read first (only APPROVED is sent), then the message is sent.
    expect(f.requests[0]).toMatchObject({ method: 'GET', path: `/v26.0/${f.state.wabaId}/message_templates`, query: expect.objectContaining({ name: 'order_ready_notification' }) });
    expect(f.requests[1]).toMatchObject({ method: 'POST', path: `/v26.0/${f.state.phoneNumberId}/messages` });
    expect(audit.rows).toEqual([
      expect.objectContaining({ action: 'WHATSAPP_TEST_SENT', target: '+90 532 *** ** 67', result: 'success', actor: 'admin@pc (test)', detail: expect.stringContaining(r.message_id!) }),
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain('905321234567');
    expect(JSON.stringify(r)).not.toMatch(/123 ?45|1234567/);
    expect(JSON.stringify(audit.rows)).not.toContain('Ayşe');
  });

  it('a template without parameters is sent without components', async () => {
    const f = await graphFake();
    const { ctx } = context(f);
    const r = await sendTestMessage({ to: '+90 532 123 45 67', template: 'delivery_reminder' }, ctx);
    expect(r.success).toBe(true);
    expect((f.sent[0] as { template: Record<string, unknown> }).template).not.toHaveProperty('components');
  });

  it.each([
    [{ to: '0532 12', template: 'order_ready', parameters: ['a', 'b'] }, /^Invalid phone number: the number starts with 0 but is not a Turkish number/, /^Geçersiz telefon numarası: numara 0 ile başlıyor/, '(invalid number)'],
    [{ to: '05321234567', template: 'nope' }, /^Unknown template “nope”; configured: order_ready, delivery_reminder and order_completed\.$/, /^Bilinmeyen şablon “nope”; tanımlı olanlar: order_ready, delivery_reminder ve order_completed\.$/, '+90 532 *** ** 67'],
    [{ to: '05321234567', template: 'order_ready', parameters: ['only one'] }, /expects 2 body parameter\(s\) \(\{\{1\}\}, \{\{2\}\}\), but 1 given/, /2 gövde parametresi bekliyor \(\{\{1\}\}, \{\{2\}\}\), 1 verildi/, '+90 532 *** ** 67'],
    [{ to: '05321234567', template: 'order_ready', parameters: ['a', ''] }, /Parameter \{\{2\}\} is empty/, /\{\{2\}\} parametresi boş/, '+90 532 *** ** 67'],
  ])('%j → E_VALIDATION before any request, audited as a failure', async (input, english, turkish, target) => {
    const f = await graphFake();
    const { ctx, audit } = context(f);
    const r = await sendTestMessage(input, ctx);
    expect(r).toMatchObject({ success: false, code: 'E_VALIDATION' });
    expect(en(r.message)).toMatch(english);
    expect(tr(r.message)).toMatch(turkish);
    expect(JSON.stringify(r)).not.toContain(input.to);
    expect(f.requests).toHaveLength(0);
    expect(audit.rows).toEqual([expect.objectContaining({ action: 'WHATSAPP_TEST_SENT', result: 'failure', target })]);
  });

  it.each([
    [{ message: '(#131026) Message undeliverable', code: 131026 }, 'undeliverable', /could not be delivered/, /teslim edilemedi/],
    [{ message: '(#131047) Re-engagement message', code: 131047 }, 'reengagement', /24 hours/, /24 saatten fazla/],
    [{ message: '(#131051) Unsupported message type', code: 131051 }, 'unsupported_type', /not supported/, /desteklenmiyor/],
  ])('Meta send error %j → E_WHATSAPP_SEND_FAILED (%s) with our text; Meta’s in technical detail', async (sendError, reason, english, turkish) => {
    const f = await graphFake({ sendError });
    const { ctx, audit } = context(f);
    const r = await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, ctx);
    expect(r).toMatchObject({ success: false, code: 'E_WHATSAPP_SEND_FAILED', reason, fbtrace_id: expect.stringMatching(/^AbCdTrace/) });
    expect(en(r.message)).toMatch(/^The test message was not sent: /);
    expect(en(r.message)).toMatch(english);
    expect(tr(r.message)).toMatch(/^Test mesajı gönderilemedi: /);
    expect(tr(r.message)).toMatch(turkish);
    expect(r.technical_detail).toContain(sendError.message);
    expect(r.technical_detail).toMatch(/fbtrace_id AbCdTrace/);
    expect(r.next_step).toBeDefined();
    expect(en(r.message)).not.toContain(sendError.message);
    expect(f.requests.map((q) => q.method)).toEqual(['GET', 'POST']);
    expect(audit.rows[0]).toMatchObject({ result: 'failure', detail: expect.stringMatching(/^E_WHATSAPP_SEND_FAILED/) });
  });

  it('a template the WABA does not have is refused before the send; without a WABA id Meta’s 132001 and 132000 are told apart', async () => {
    const f = await graphFake();
    f.state.templates = f.state.templates.filter((t) => t.name !== 'order_completed');
    const { ctx } = context(f);
    const missing = await sendTestMessage({ to: '05321234567', template: 'order_completed' }, ctx);
    expect(missing).toMatchObject({ success: false, code: 'E_VALIDATION', template_status: 'missing' });
    expect(en(missing.message)).toBe('Template “order_completed” (order_completed/tr) was not found at Meta.');
    expect(f.requests.map((q) => q.method)).toEqual(['GET']);
    // No WABA id: the status cannot be read, so Meta's answer to the send is mapped.
    const { ctx: noWaba } = context(f, { business_account_id: '' });
    expect(await sendTestMessage({ to: '05321234567', template: 'order_completed' }, noWaba)).toMatchObject({ code: 'E_WHATSAPP_SEND_FAILED', reason: 'template_missing' });
    // Without configured components the count is not known locally, so Meta's answer is mapped.
    const { ctx: ctx2 } = context(f, { templates: { order_ready: { name: 'order_ready_notification', language: 'tr' } } });
    expect(await sendTestMessage({ to: '05321234567', template: 'order_ready', parameters: ['x'] }, ctx2)).toMatchObject({ code: 'E_WHATSAPP_SEND_FAILED', reason: 'template_param_count' });
  });

  it('an expired token → E_WHATSAPP_TOKEN_INVALID; a 500 then OK is retried and succeeds', async () => {
    const f = await graphFake({ tokenError: 'expired' });
    const { ctx } = context(f);
    expect(await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, ctx)).toMatchObject({ success: false, code: 'E_WHATSAPP_TOKEN_INVALID', reason: 'token_expired' });

    const g = await graphFake({ failures: [{ status: 500, count: 1, path: /\/messages$/ }] });
    const { ctx: ctx2 } = context(g);
    expect(await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, ctx2)).toMatchObject({ success: true, attempts: 2 });
    expect(g.requests.map((q) => q.method)).toEqual(['GET', 'POST', 'POST']);
  });

  it('not configured → E_WHATSAPP_NOT_CONFIGURED; an audit failure is reported, the send still stands', async () => {
    const { ctx } = context(null, { phone_number_id: '' });
    const nc = await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, ctx);
    expect(nc).toMatchObject({ success: false, code: 'E_WHATSAPP_NOT_CONFIGURED' });
    expect(tr(nc.message)).toBe('WhatsApp kurulmadı: phone_number_id boş; test mesajı gönderilmedi.');

    const f = await graphFake();
    const { ctx: ctx2 } = context(f, {}, { audit: { record: async () => Promise.reject(new Error('audit database is down')) } });
    const r = await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, ctx2);
    expect(r).toMatchObject({ success: true, audit_error: 'audit database is down' });
    expect(JSON.stringify(r)).not.toContain(CANARY_TOKEN);
  });
});
