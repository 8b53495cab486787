// What the Graph client sends and how it reads the answers, checked against Meta's published
// OpenAPI description (v23.0, ../shared/reference/meta-openapi/) with ajv 2020. The client talks
// to a stub fetch here (the logic under test is the request it builds and the parsing); the
// same checks over real TCP against the Graph fake are in test/integration/graph-openapi.test.ts.
// Where the description is older than Meta's documentation, the test names the difference
// (test/fakes/graph/OPENAPI-DIFFERENCES.md).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { BASE_PHONE_FIELDS, getPhoneNumber, listMessageTemplates, PHONE_FIELDS, sendTemplateMessage, templateComponents, type TemplateMessage } from '../../main/core/whatsapp/graph-api.js';
import { GraphClient } from '../../main/core/whatsapp/graph-client.js';
import { mapGraphError } from '../../main/core/whatsapp/graph-errors.js';
import { secrets, settingsFor } from '../fakes/graph/harness.js';
import { checkMessageBody, checkRequest, checkResponse, mappedMessageSchema, operationOf, requestExample, responseExamples, type OperationName } from '../fakes/graph/openapi-graph.js';
import { difference, OPENAPI_DIFFERENCES } from '../fakes/graph/openapi-differences.js';
import { metaOpenApi } from '../fakes/graph/openapi.js';

interface Sent { method: string; url: URL; headers: Record<string, string>; body: unknown }

/** A GraphClient whose fetch records the request and answers from `answer` (JSON, status 200 unless given). */
function stubClient(answer: (req: Sent) => { status?: number; body: unknown }) {
  const sent: Sent[] = [];
  const fetchStub = (async (input: string | URL, init?: RequestInit) => {
    const req: Sent = { method: init?.method ?? 'GET', url: new URL(String(input)), headers: Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v])), body: init?.body ? JSON.parse(String(init.body)) : undefined };
    sent.push(req);
    const a = answer(req);
    return new Response(JSON.stringify(a.body), { status: a.status ?? 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const client = new GraphClient(settingsFor(null).settings, secrets(), { fetch: fetchStub, delayScale: 0.001, retry: { max_attempts: 1 } });
  return { client, sent };
}

/** A recorded request against the operation it is, as the fake checks it. */
function check(req: Sent) {
  const op = operationOf(req.method, req.url.pathname);
  expect(op, `${req.method} ${req.url.pathname}`).not.toBeNull();
  return checkRequest(op!, { path: req.url.pathname, query: Object.fromEntries(req.url.searchParams), headers: req.headers, body: req.body });
}

const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '905321234567', type: 'template' };
const lang = { policy: 'deterministic', code: 'tr' };
const template = (t: Record<string, unknown>) => ({ ...base, template: { name: 'order_ready_notification', language: lang, ...t } });

const SENDS: Array<[string, Omit<TemplateMessage, 'to' | 'name' | 'language'>]> = [
  ['no components', {}],
  ['body text parameters', { bodyParameters: ['Ayşe Yılmaz', 'S-1001'] }],
  ['a text header', { headerParameters: [{ type: 'text', text: 'Sipariş' }] }],
  ['an image header by link', { headerParameters: [{ type: 'image', link: 'https://example.com/fis.jpg' }] }],
  ['a document header by media id', { headerParameters: [{ type: 'document', id: '1234567890' }] }],
  ['a URL button and a quick reply', { buttons: [{ sub_type: 'url', index: 0, value: 'S-1001' }, { sub_type: 'quick_reply', index: 1, value: 'IPTAL' }] }],
  ['header, body and buttons together', { headerParameters: [{ type: 'video', link: 'https://example.com/v.mp4' }], bodyParameters: ['a'], buttons: [{ sub_type: 'quick_reply', index: 9, value: 'X' }] }],
];

describe('requests the client builds validate against Meta’s description', () => {
  it.each(SENDS)('template message with %s: the whole request (path, headers, body) validates', async (_label, extra) => {
    const { client, sent } = stubClient(() => ({ body: { messaging_product: 'whatsapp', contacts: [{ input: '905321234567', wa_id: '905321234567' }], messages: [{ id: 'wamid.X' }] } }));
    await sendTemplateMessage(client, { to: '905321234567', name: 'order_ready_notification', language: 'tr', ...extra });
    const v = check(sent[0]!);
    expect(v.details).toBe('');
    expect(v.ok).toBe(true);
    expect(sent[0]!.headers['content-type']).toBe('application/json');
    expect((sent[0]!.body as { template: { language: unknown } }).template.language).toEqual(lang);
  });

  it('no components are sent when there is nothing to fill in; buttons get a string index and lower-case sub_type', () => {
    expect(templateComponents({})).toEqual([]);
    expect(templateComponents({ buttons: [{ sub_type: 'url', index: 2, value: 'x' }] })).toEqual([{ type: 'button', sub_type: 'url', index: '2', parameters: [{ type: 'text', text: 'x' }] }]);
  });

  it('the phone-number lookup (with its fields, and the fallback without the newer ones) validates', async () => {
    let first = true;
    const { client, sent } = stubClient(() => {
      if (first) {
        first = false;
        return { status: 400, body: { error: { message: '(#100) Tried accessing nonexisting field (health_status)', type: 'OAuthException', code: 100 } } };
      }
      return { body: { id: '106540352242922', quality_rating: 'GREEN' } };
    });
    await getPhoneNumber(client);
    expect(sent.map((r) => r.url.searchParams.get('fields'))).toEqual([PHONE_FIELDS, BASE_PHONE_FIELDS]);
    for (const r of sent) expect(check(r).details).toBe('');
  });

  it('the template listing, page after page, validates (limit, after, name: difference template-paging)', async () => {
    expect(difference('template-paging').handling).toContain('limit');
    const { client, sent } = stubClient((req) => {
      const after = req.url.searchParams.get('after');
      return after ? { body: { data: [{ name: 'b', status: 'APPROVED', language: 'tr', category: 'UTILITY' }], paging: { cursors: { before: 'MQ', after: 'Mg' } } } } : { body: { data: [{ name: 'a', status: 'PAUSED', language: 'tr' }], paging: { cursors: { before: 'MA', after: 'MQ' }, next: 'https://graph.facebook.com/x' } } };
    });
    const rows = await listMessageTemplates(client, { pageSize: 1, name: 'order' });
    expect(rows.map((r) => r.name)).toEqual(['a', 'b']);
    expect(sent).toHaveLength(2);
    for (const r of sent) expect(check(r).details).toBe('');
  });

  it('a User-Agent in the shape the description asks for (fetch alone would send "node")', async () => {
    const { client, sent } = stubClient(() => ({ body: { id: '1' } }));
    await getPhoneNumber(client);
    expect(sent[0]!.headers['user-agent']).toMatch(/^OptiPlan360-Console\/\d+\.\d+\.\d+$/);
    expect(check({ ...sent[0]!, headers: { ...sent[0]!.headers, 'user-agent': 'node' } }).parts.header).toMatch(/user-agent/);
  });
});

describe('bodies Meta would refuse are refused', () => {
  const refusals: Array<[string, unknown, RegExp]> = [
    ['language without policy (the console’s old body)', template({ language: { code: 'tr' } }), /template\[language\]\[policy\] is required/],
    ['a policy other than deterministic', template({ language: { policy: 'fallback', code: 'tr' } }), /template\[language\]\[policy\]/],
    ['no language code', template({ language: { policy: 'deterministic' } }), /template\[language\]\[code\] is required/],
    ['no template name', { ...base, template: { language: lang } }, /template\[name\] is required/],
    ['a text parameter without text', template({ components: [{ type: 'body', parameters: [{ type: 'text' }] }] }), /template\[components\]\[0\]\[parameters\]\[0\]\[text\] is required/],
    ['a header with no parameters', template({ components: [{ type: 'header', parameters: [] }] }), /template\[components\]\[0\]\[parameters\]/],
    ['a button index as a number', template({ components: [{ type: 'button', sub_type: 'url', index: 0, parameters: [{ type: 'text', text: 'x' }] }] }), /\[index\] must be string/],
    ['a button without sub_type', template({ components: [{ type: 'button', index: '0', parameters: [{ type: 'text', text: 'x' }] }] }), /\[sub_type\] is required/],
    ['a quick reply parameter of an unknown type', template({ components: [{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'url', text: 'x' }] }] }), /\[type\] must be equal to one of the allowed values: payload, text/],
    ['an image header with neither id nor link', template({ components: [{ type: 'header', parameters: [{ type: 'image', image: {} }] }] }), /image/],
    ['a component type Meta does not know', template({ components: [{ type: 'footer' }] }), /\[type\] must be equal to one of the allowed values: header, body, button/],
    ['no messaging_product', { ...template({}), messaging_product: undefined }, /messaging_product is required/],
    ['an unknown message type', { ...base, type: 'sms' }, /Param type must be equal to one of the allowed values/],
  ];
  it.each(refusals)('%s', (_label, body, why) => {
    const v = checkMessageBody(JSON.parse(JSON.stringify(body)));
    expect(v.ok).toBe(false);
    expect(v.details).toMatch(why);
  });

  it('`Message` is a oneOf with a discriminator: the body goes to the mapped schema, which names the problem', () => {
    expect(mappedMessageSchema('template')).toBe('TemplateMessage');
    expect(mappedMessageSchema('sms')).toBeNull();
    // ajv over the published oneOf only says "no branch matched", with the errors of all eleven
    // message types mixed in; the mapped schema says what is wrong with the template.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ ...metaOpenApi(), $id: 'raw' });
    const plain = ajv.compile({ $ref: 'raw#/components/schemas/Message' });
    const bad = template({ language: { code: 'tr' } });
    expect(plain(bad)).toBe(false);
    expect(plain.errors?.some((e) => e.keyword === 'oneOf')).toBe(true);
    expect(new Set(plain.errors?.map((e) => e.schemaPath.split('/')[3])).size).toBeGreaterThan(3);
    const mapped = checkMessageBody(bad);
    expect(mapped.errors.map((e) => `${e.instancePath} ${e.keyword}`)).toEqual(['/template/language required']);
    expect(checkMessageBody(template({})).ok).toBe(true);
  });

  it('the phone lookup refuses a field the phone number does not have, a non-numeric id, a bad version, an undeclared query parameter', () => {
    const h = { authorization: 'Bearer x' };
    expect(checkRequest('phoneNumber', { path: '/v26.0/106540352242922', query: { fields: 'quality_rating,colour' }, headers: h }).unknownFields).toEqual(['colour']);
    expect(checkRequest('phoneNumber', { path: '/v26.0/abc', query: {}, headers: h }).parts.path).toMatch(/Phone-Number-ID/);
    expect(checkRequest('phoneNumber', { path: '/26.0/106540352242922', query: {}, headers: h }).parts.path).toMatch(/Version/);
    expect(checkRequest('phoneNumber', { path: '/v26.0/106540352242922', query: { access_token: 'x' }, headers: h }).parts.query).toMatch(/access_token is not a valid parameter/);
    expect(checkRequest('templates', { path: '/v26.0/1/message_templates', query: { limit: '0' }, headers: h }).parts.query).toMatch(/limit/);
    expect(checkRequest('send', { path: '/v26.0/1/messages', query: {}, headers: {}, body: template({}) }).parts.header).toMatch(/authorization is required; Param content-type is required/);
  });
});

describe('where the description is older than Meta’s documentation (OPENAPI-DIFFERENCES.md)', () => {
  const phone = (extra: Record<string, unknown>) => checkResponse('phoneNumber', { id: '1', quality_rating: 'GREEN', ...extra });

  it('button-index: the description’s pattern refuses index "0"; the documented 0–9 is accepted, "10" and "," are not', () => {
    expect(String(((metaOpenApi().components.schemas.ButtonComponent!.allOf as Array<{ properties?: { index?: { pattern?: string } } }>)[1]!.properties!.index!.pattern))).toBe('^[2-6, 11-14]$');
    const button = (index: string) => checkMessageBody(template({ components: [{ type: 'button', sub_type: 'url', index, parameters: [{ type: 'text', text: 'x' }] }] }));
    for (const i of ['0', '7', '9']) expect(button(i).ok, i).toBe(true);
    for (const i of ['10', ',', ' ']) expect(button(i).ok, i).toBe(false);
  });

  it('quality-rating: UNKNOWN and NA are both accepted; other values are not', () => {
    expect(phone({ quality_rating: 'UNKNOWN' }).ok).toBe(true);
    expect(phone({ quality_rating: 'NA' }).ok).toBe(true);
    expect(phone({ quality_rating: 'BLUE' }).ok).toBe(false);
  });

  it('health-status: on the phone number with AVAILABLE / LIMITED / BLOCKED per entity', () => {
    expect(difference('health-status').description_says).toMatch(/Flow/);
    const entity = { entity_type: 'WABA', id: '1', can_send_message: 'LIMITED', errors: [{ error_code: 141010, error_description: 'x', possible_solution: 'y' }] };
    expect(phone({ health_status: { can_send_message: 'LIMITED', entities: [entity] } }).ok).toBe(true);
    expect(phone({ health_status: { can_send_message: 'MAYBE', entities: [] } }).ok).toBe(false);
    expect(phone({ health_status: { entities: [] } }).ok).toBe(false);
  });

  it('messaging-limit: the portfolio tiers (TIER_2K, not the per-number TIER_1K/TIER_50)', () => {
    expect(phone({ whatsapp_business_manager_messaging_limit: 'TIER_2K' }).ok).toBe(true);
    expect(phone({ whatsapp_business_manager_messaging_limit: 'TIER_1K' }).ok).toBe(false);
    expect(PHONE_FIELDS).not.toContain('messaging_limit_tier');
  });

  it('phone-fields: status, health_status and the messaging limit may be asked for', () => {
    const v = checkRequest('phoneNumber', { path: '/v26.0/106540352242922', query: { fields: PHONE_FIELDS }, headers: { authorization: 'Bearer x' } });
    expect(v.unknownFields).toEqual([]);
  });

  it('template-status: PAUSED, IN_APPEAL, PENDING_DELETION, LIMIT_EXCEEDED are statuses; FLAGGED is not', () => {
    const list = (status: string) => checkResponse('templates', { data: [{ name: 'a', status, language: 'tr' }], paging: { cursors: { after: 'x' } } });
    for (const s of ['APPROVED', 'PAUSED', 'IN_APPEAL', 'PENDING_DELETION', 'LIMIT_EXCEEDED', 'DISABLED']) expect(list(s).ok, s).toBe(true);
    expect(list('FLAGGED').ok).toBe(false);
  });

  it('error-data: error_data.details is part of Meta’s error and must be text', () => {
    const e = (error_data: unknown) => checkResponse('error', { error: { message: 'm', type: 'OAuthException', code: 131026, error_data } });
    expect(e({ messaging_product: 'whatsapp', details: 'Message undeliverable' }).ok).toBe(true);
    expect(e({ messaging_product: 'whatsapp', details: 42 }).ok).toBe(false);
    expect(e({ messaging_product: 'whatsapp' }).ok).toBe(false);
  });

  it('api-version: the description says v23.0; requests at v26.0 validate against it', () => {
    expect(metaOpenApi().info.version).toBe('v23.0');
    expect(checkRequest('phoneNumber', { path: '/v26.0/106540352242922', query: {}, headers: { authorization: 'Bearer x' } }).ok).toBe(true);
  });

  it('example-catalog-template: the description’s own catalog example does not validate against its TemplateMessage', () => {
    const v = checkMessageBody(requestExample('send', 'Send Catalog Template Message'));
    expect(v.ok).toBe(false);
    expect(v.details).toMatch(/template\[language\]\[policy\] is required/);
    expect(v.details).toMatch(/\[index\] must be string/);
  });

  it('OPENAPI-DIFFERENCES.md has a row for every difference the validators know', () => {
    const doc = readFileSync(new URL('../fakes/graph/OPENAPI-DIFFERENCES.md', import.meta.url), 'utf8');
    for (const d of OPENAPI_DIFFERENCES) expect(doc, d.id).toContain(`| \`${d.id}\` |`);
  });
});

describe('the client reads the answers the description carries as examples', () => {
  const examples = (op: OperationName, status: string) => Object.entries(responseExamples(op, status));

  it('every phone-number example validates and is read field by field', async () => {
    const list = examples('phoneNumber', '200');
    expect(list.length).toBeGreaterThanOrEqual(4);
    for (const [name, value] of list) {
      expect(checkResponse('phoneNumber', value).ok, name).toBe(true);
      const { client } = stubClient(() => ({ body: value }));
      const info = await getPhoneNumber(client);
      const v = value as Record<string, string>;
      expect(info, name).toMatchObject({ id: v.id, display_phone_number: v.display_phone_number, verified_name: v.verified_name, quality_rating: v.quality_rating, name_status: v.name_status ?? null, code_verification_status: v.code_verification_status ?? null, health: null, messaging_limit: null });
    }
  });

  it('the template-list example validates and is read (name, language, status, category)', async () => {
    const [[, value]] = examples('templates', '200') as [[string, { data: Array<Record<string, string>> }]];
    expect(checkResponse('templates', value).details).toBe('');
    const { client } = stubClient(() => ({ body: value }));
    const rows = await listMessageTemplates(client);
    expect(rows).toEqual(value.data.map((t) => ({ name: t.name, language: t.language, status: t.status, category: t.category, disable_date: null })));
  });

  it('the message-sent example validates and gives the message id', async () => {
    const [, value] = examples('send', '200').find(([k]) => k === 'Example response')!;
    expect(checkResponse('send', value).ok).toBe(true);
    const { client } = stubClient(() => ({ body: value }));
    const sent = await sendTemplateMessage(client, { to: '16505551234', name: 'x', language: 'en_US' });
    expect(sent.message_id).toBe((value as { messages: Array<{ id: string }> }).messages[0]!.id);
  });

  it('every error example of the phone lookup validates as GraphAPIError and maps on its code', () => {
    const expected: Record<string, string> = { invalid_token: 'token_expired', expired_token: 'token_expired', missing_token: 'token_invalid', insufficient_permissions: 'permission', rate_limit_exceeded: 'rate_limited', invalid_fields: 'invalid_parameter' };
    let seen = 0;
    for (const status of ['400', '401', '403', '404', '422', '429', '500']) {
      for (const [name, value] of examples('phoneNumber', status)) {
        expect(checkResponse('error', value).ok, name).toBe(true);
        const e = mapGraphError(Number(status), value);
        const meta = (value as { error: { code: number; fbtrace_id?: string } }).error;
        expect(e.meta_code, name).toBe(meta.code);
        expect(e.fbtrace_id, name).toBe(meta.fbtrace_id ?? null);
        if (expected[name]) expect(e.reason, name).toBe(expected[name]);
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(15);
  });
});
