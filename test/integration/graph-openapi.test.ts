// Over real TCP: every request the console makes to the Graph fake is checked against Meta's
// published OpenAPI description, the fake refuses what the description refuses (400, Meta's error
// shape, the parameter named in error_data.details) and its own answers match the description's
// response schemas. Differences to Meta's documentation: test/fakes/graph/OPENAPI-DIFFERENCES.md.
import { describe, expect, it } from 'vitest';
import { getPhoneNumber, listMessageTemplates, sendTemplateMessage } from '../../main/core/whatsapp/graph-api.js';
import { GraphClient } from '../../main/core/whatsapp/graph-client.js';
import { isWhatsappApiError } from '../../main/core/whatsapp/graph-errors.js';
import { sendTestMessage } from '../../main/core/whatsapp/test-message.js';
import { CANARY_TOKEN, graphFake, memoryAudit, secrets, settingsFor } from '../fakes/graph/harness.js';
import { META_ERRORS, sendFailure, type MetaErrorCode } from '../fakes/graph/meta-errors.js';
import { checkRequest, checkResponse, operationOf } from '../fakes/graph/openapi-graph.js';
import type { GraphFake, RecordedRequest } from '../fakes/graph/server.js';

const client = (f: GraphFake) => new GraphClient(settingsFor(f).settings, secrets(), { delayScale: 0.001 });

function checkRecorded(r: RecordedRequest) {
  const op = operationOf(r.method, r.path);
  expect(op, `${r.method} ${r.path}`).not.toBeNull();
  return checkRequest(op!, { path: r.path, query: r.query, headers: r.headers, body: r.body ? JSON.parse(r.body) : undefined });
}

const headers = { Authorization: `Bearer ${CANARY_TOKEN}`, 'Content-Type': 'application/json', 'User-Agent': 'OptiPlan360-Console/0.1.0' };
async function raw(f: GraphFake, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${f.baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: (await res.json()) as { error?: { code: number; error_subcode?: number; message: string; error_data?: { details: string } } } & Record<string, unknown> };
}

const template = (t: Record<string, unknown>) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '905321234567', type: 'template', template: { name: 'delivery_reminder', language: { policy: 'deterministic', code: 'tr' }, ...t } });

describe('the console’s requests to the Graph fake, against Meta’s description', () => {
  it('lookup, every template page, sends with header/body/buttons and the test message: every request validates', async () => {
    const f = await graphFake({ pageSize: 1 });
    const c = client(f);
    await getPhoneNumber(c);
    expect((await listMessageTemplates(c)).length).toBe(3);
    await sendTemplateMessage(c, { to: '905321234567', name: 'order_ready_notification', language: 'tr', bodyParameters: ['Ayşe', 'S-1'], headerParameters: [{ type: 'image', link: 'https://example.com/a.jpg' }], buttons: [{ sub_type: 'url', index: 0, value: 'S-1' }, { sub_type: 'quick_reply', index: 1, value: 'TAMAM' }] });
    await sendTemplateMessage(c, { to: '905321234567', name: 'delivery_reminder', language: 'tr' });
    const r = await sendTestMessage({ to: '0532 123 45 67', template: 'order_ready', parameters: ['Ayşe', 'S-1001'] }, { settings: settingsFor(f), secrets: secrets(), actor: 'test@host', audit: memoryAudit() });
    expect(r.success).toBe(true);
    expect(f.sent).toHaveLength(3);
    expect(f.requests.filter((x) => x.path.endsWith('/message_templates')).length).toBeGreaterThanOrEqual(3);
    for (const req of f.requests) expect(checkRecorded(req).details, `${req.method} ${req.url}`).toBe('');
  });

  it('a Graph without the newer fields: both lookups validate and the second asks only for described ones', async () => {
    const f = await graphFake({ unknownFields: ['health_status'] });
    const info = await getPhoneNumber(client(f));
    expect(info.quality_rating).toBe('GREEN');
    expect(f.requests).toHaveLength(2);
    for (const req of f.requests) expect(checkRecorded(req).ok).toBe(true);
  });
});

describe('the fake refuses what the description refuses', () => {
  it.each([
    ['language without policy', template({ language: { code: 'tr' } }), 'template[language][policy]'],
    ['a button index as a number', template({ components: [{ type: 'button', sub_type: 'url', index: 0, parameters: [{ type: 'text', text: 'x' }] }] }), 'template[components][0][index]'],
    ['a header with no parameters', template({ components: [{ type: 'header', parameters: [] }] }), 'template[components][0][parameters]'],
    ['no recipient_type', { ...template({}), recipient_type: undefined }, 'recipient_type'],
  ])('%s → 400, Meta’s error shape, nothing sent', async (_label, body, param) => {
    const f = await graphFake();
    const res = await raw(f, 'POST', `/v26.0/${f.state.phoneNumberId}/messages`, body);
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe(100);
    expect(res.body.error?.error_data?.details).toContain(param);
    expect(checkResponse('error', res.body).details).toBe('');
    expect(f.sent).toEqual([]);
  });

  it('through the client: a button index past 9 is refused by the fake and mapped as an invalid parameter naming it', async () => {
    const f = await graphFake();
    const err = await sendTemplateMessage(client(f), { to: '905321234567', name: 'delivery_reminder', language: 'tr', buttons: [{ sub_type: 'quick_reply', index: 10, value: 'x' }] }).catch((e: unknown) => e);
    expect(isWhatsappApiError(err) && err.reason).toBe('invalid_parameter');
    expect(isWhatsappApiError(err) && err.meta_details).toContain('template[components][0][index]');
    expect(f.sent).toEqual([]);
  });

  it('a field the phone number does not have → (#100) nonexisting field; an id that is not a number → 100/33; an undeclared query parameter → (#100)', async () => {
    const f = await graphFake();
    const field = await raw(f, 'GET', `/v26.0/${f.state.phoneNumberId}?fields=quality_rating,colour`);
    expect([field.status, field.body.error?.code, field.body.error?.message]).toEqual([400, 100, expect.stringContaining('nonexisting field (colour)')]);
    const id = await raw(f, 'GET', '/v26.0/not-a-number');
    expect([id.status, id.body.error?.code, id.body.error?.error_subcode]).toEqual([400, 100, 33]);
    const query = await raw(f, 'GET', `/v26.0/${f.state.wabaId}/message_templates?page=2`);
    expect([query.status, query.body.error?.code, query.body.error?.error_data?.details]).toEqual([400, 100, expect.stringContaining('page is not a valid parameter')]);
    for (const r of [field, id, query]) expect(checkResponse('error', r.body).ok).toBe(true);
  });
});

describe('the fake’s answers match the description’s response schemas', () => {
  it('phone number (with health_status and the portfolio limit), template pages, message sent', async () => {
    const f = await graphFake({ pageSize: 2 });
    const phone = await raw(f, 'GET', `/v26.0/${f.state.phoneNumberId}?fields=display_phone_number,verified_name,quality_rating,code_verification_status,name_status,health_status,whatsapp_business_manager_messaging_limit`);
    expect(phone.body).toHaveProperty('health_status');
    expect(checkResponse('phoneNumber', phone.body).details).toBe('');
    const page = await raw(f, 'GET', `/v26.0/${f.state.wabaId}/message_templates?fields=name,status,language,category&limit=2`);
    expect(page.body).toHaveProperty('paging.next');
    expect(checkResponse('templates', page.body).details).toBe('');
    const sent = await raw(f, 'POST', `/v26.0/${f.state.phoneNumberId}/messages`, template({}));
    expect(sent.status).toBe(200);
    expect(checkResponse('send', sent.body).details).toBe('');
  });

  it('FLAGGED and PAUSED templates are listed with documented statuses', async () => {
    const f = await graphFake({ templates: [{ name: 'a', language: 'tr', status: 'APPROVED', disableDate: '2027-01-01T00:00:00Z' }, { name: 'b', language: 'tr', status: 'PAUSED' }] });
    const page = await raw(f, 'GET', `/v26.0/${f.state.wabaId}/message_templates?fields=name,status,language,category`);
    expect(checkResponse('templates', page.body).details).toBe('');
  });

  it('every error the fake can give is a GraphAPIError with error_data.details where Meta sends it', async () => {
    const f = await graphFake();
    for (const code of Object.keys(META_ERRORS).map(Number) as MetaErrorCode[]) {
      f.state.failures = [sendFailure(code)];
      const res = await raw(f, 'POST', `/v26.0/${f.state.phoneNumberId}/messages`, template({}));
      expect(res.body.error?.code, String(code)).toBe(code);
      expect(checkResponse('error', res.body).details, String(code)).toBe('');
    }
    f.state.failures = [];
    f.state.tokenError = 'expired';
    expect(checkResponse('error', (await raw(f, 'GET', `/v26.0/${f.state.phoneNumberId}`)).body).ok).toBe(true);
    f.state.tokenError = null;
    const missing = await raw(f, 'POST', `/v26.0/${f.state.phoneNumberId}/messages`, template({ name: 'no_such_template' }));
    expect(missing.status).toBe(404);
    expect(checkResponse('error', missing.body).ok).toBe(true);
  });
});

describe('what the fake does not hold against a request', () => {
  it('any User-Agent is served (Graph does); the client’s own agent matches the description (unit test)', async () => {
    const f = await graphFake();
    const res = await fetch(`${f.baseUrl}/v26.0/${f.state.phoneNumberId}?fields=quality_rating`, { headers: { Authorization: `Bearer ${CANARY_TOKEN}`, 'User-Agent': 'curl' } });
    expect(res.status).toBe(200);
    expect(checkRecorded(f.requests[0]!).parts.header).toMatch(/user-agent/);
  });
});
