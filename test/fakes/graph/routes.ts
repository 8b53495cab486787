/** The fake Graph API's answers; see server.ts for the switches. Shapes follow Meta's documentation. */
import { invalidParameter } from './meta-errors.js';
import { checkRequest, operationOf } from './openapi-graph.js';
import type { GraphFakeState, MetaError, RecordedRequest } from './server.js';

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

let traceCounter = 0;
let messageCounter = 0;

export function metaError(status: number, e: Omit<MetaError, 'fbtrace_id'> & { fbtrace_id?: string }): Answer {
  return { status, body: { error: { type: 'OAuthException', fbtrace_id: `AbCdTrace${++traceCounter}`, ...e } } };
}

function auth(state: GraphFakeState, req: RecordedRequest): Answer | null {
  const header = req.headers.authorization;
  if (header !== `Bearer ${state.token}`) {
    return metaError(401, { message: 'Invalid OAuth access token - Cannot parse access token', code: 190, error_subcode: 467 });
  }
  if (state.tokenError === 'expired') {
    return metaError(401, { message: 'Error validating access token: Session has expired on Monday, 01-Jan-24 10:00:00 PST.', code: 190, error_subcode: 463 });
  }
  if (state.tokenError === 'invalid') {
    return metaError(401, { message: 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.', code: 190, error_subcode: 467 });
  }
  return null;
}

function failure(state: GraphFakeState, req: RecordedRequest): Answer | null {
  const f = state.failures.find((x) => x.count > 0 && (!x.path || x.path.test(req.path)));
  if (!f) return null;
  f.count--;
  const body = f.error ? { error: { fbtrace_id: `AbCdTrace${++traceCounter}`, ...f.error } } : f.status >= 500 ? { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, fbtrace_id: `AbCdTrace${++traceCounter}` } } : { error: { message: 'Rate limited', code: 4 } };
  return { status: f.status, body, ...(f.headers ? { headers: f.headers } : {}) };
}

const notFound = (id: string) => metaError(400, { message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, type: 'GraphMethodException', code: 100, error_subcode: 33 });

/**
 * Every call the console makes, checked against Meta's OpenAPI description (openapi-graph.ts)
 * and refused the way Graph refuses it: an id it cannot load → 100/33, a field the node does not
 * have → (#100) nonexisting field, anything else → (#100) naming the parameter.
 */
function refusedByDescription(req: RecordedRequest): Answer | null {
  const op = operationOf(req.method, req.path);
  if (!op) return null;
  let body: unknown;
  if (op === 'send') {
    try {
      body = JSON.parse(req.body);
    } catch {
      return metaError(400, { message: '(#100) Invalid JSON', code: 100 });
    }
  }
  // Graph serves any User-Agent: the description's pattern for it is checked in the tests of the
  // client (graph-openapi.test.ts), not held against a request here.
  const { 'user-agent': _agent, ...headers } = req.headers;
  const v = checkRequest(op, { path: req.path, query: req.query, headers, body });
  if (v.ok) return null;
  if (v.parts.path) return notFound(req.path.split('/').filter(Boolean)[1] ?? '');
  if (v.parts.fields) return metaError(400, { message: `(#100) Tried accessing nonexisting field (${v.unknownFields[0]}) on node type (${op === 'templates' ? 'WhatsAppMessageTemplate' : 'WhatsAppBusinessPhoneNumber'})`, code: 100 });
  const { http, ...error } = invalidParameter(Object.values(v.parts).join('; '));
  return metaError(http, error);
}

export function route(state: GraphFakeState, req: RecordedRequest, sent: unknown[]): Answer {
  const fail = failure(state, req);
  if (fail) return fail;
  const denied = auth(state, req);
  if (denied) return denied;
  const parts = req.path.split('/').filter(Boolean);
  const [version, id, edge] = parts;
  if (!version || !/^v\d+\.\d+$/.test(version)) return metaError(400, { message: 'Unknown path components', code: 2500 });
  const refused = refusedByDescription(req);
  if (refused) return refused;
  if (req.method === 'GET' && id === 'debug_token') {
    return { status: 200, body: { data: { is_valid: state.tokenError === null, scopes: ['whatsapp_business_messaging', 'whatsapp_business_management'], expires_at: 0 } } };
  }
  if (req.method === 'GET' && id && !edge) {
    if (id !== state.phoneNumberId) return notFound(id);
    const fields = (req.query.fields ?? 'id').split(',');
    const unknown = fields.find((x) => state.unknownFields.includes(x));
    if (unknown) return metaError(400, { message: `(#100) Tried accessing nonexisting field (${unknown}) on node type (WhatsAppBusinessPhoneNumber)`, code: 100 });
    const all: Record<string, unknown> = { id, ...state.phone };
    return { status: 200, body: Object.fromEntries(Object.entries(all).filter(([k]) => k === 'id' || fields.includes(k))) };
  }
  if (req.method === 'GET' && edge === 'message_templates') {
    if (id !== state.wabaId) return notFound(id ?? '');
    const limit = Math.min(Number(req.query.limit ?? state.pageSize) || state.pageSize, state.pageSize);
    const start = req.query.after ? Number(Buffer.from(req.query.after, 'base64url').toString()) : 0;
    // Graph's `name` filter matches names containing the text.
    const listed = req.query.name ? state.templates.filter((t) => t.name.includes(req.query.name!)) : state.templates;
    const page = listed.slice(start, start + limit).map((t, i) => ({
      name: t.name, language: t.language, status: t.status, category: t.category ?? 'UTILITY', id: String(9000 + start + i),
      ...(t.disableDate ? { disable_info: { disable_date: Math.floor(Date.parse(t.disableDate) / 1000) } } : {}),
    }));
    const end = start + page.length;
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(end) } };
    // Like Graph, `next` carries a full URL; the client must not follow it blindly.
    if (end < listed.length) paging.next = `https://graph.facebook.com/${version}/${id}/message_templates?access_token=SHOULD-NOT-BE-FOLLOWED&limit=${limit}&after=${cursor(end)}`;
    return { status: 200, body: { data: page, paging } };
  }
  if (req.method === 'POST' && edge === 'messages') {
    if (id !== state.phoneNumberId) return notFound(id ?? '');
    if (state.sendError) return metaError(400, state.sendError);
    let msg: { messaging_product?: string; to?: string; type?: string; template?: { name?: string; language?: { code?: string; policy?: string }; components?: Array<{ type?: string; parameters?: unknown[] }> } };
    try {
      msg = JSON.parse(req.body);
    } catch {
      return metaError(400, { message: '(#100) Invalid JSON', code: 100 });
    }
    if (msg.messaging_product !== 'whatsapp' || !/^\d{8,15}$/.test(msg.to ?? '')) return metaError(400, { message: '(#100) Invalid parameter', code: 100 });
    // The body's shape (language.policy, components…) was checked against Meta's description above.
    const t = state.templates.find((x) => x.name === msg.template?.name && x.language === msg.template?.language?.code);
    if (t?.status === 'PAUSED') return metaError(400, { message: '(#132015) Template is Paused', code: 132015, error_data: { messaging_product: 'whatsapp', details: 'The template is paused due to low quality.' } });
    if (t?.status === 'DISABLED') return metaError(400, { message: '(#132016) Template is Disabled', code: 132016, error_data: { messaging_product: 'whatsapp', details: 'The template is disabled.' } });
    if (!t || t.status !== 'APPROVED') return metaError(404, { message: '(#132001) Template name does not exist in the translation', code: 132001 });
    const given = msg.template?.components?.find((c) => c.type === 'body')?.parameters?.length ?? 0;
    if (given !== (t.bodyParams ?? 0)) return metaError(400, { message: '(#132000) Number of parameters does not match the expected number of params', code: 132000 });
    sent.push(msg);
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: msg.to, wa_id: msg.to }], messages: [{ id: `wamid.HBgMOTA1MzIxMjM0NTY3FQIAERgS${++messageCounter}` }] } };
  }
  return metaError(400, { message: 'Unsupported request', code: 100 });
}
