/**
 * A fake Meta Graph API on loopback for the WhatsApp tests (real TCP, node:http).
 * Endpoints: GET /{ver}/{phone_number_id} (fields incl. health_status and
 * whatsapp_business_manager_messaging_limit), GET /{ver}/{waba_id}/message_templates (cursor
 * paging, `name` filter), POST /{ver}/{phone_number_id}/messages (language needs `policy`;
 * PAUSED/DISABLED/missing templates answer 132015/132016/132001), GET /{ver}/debug_token.
 * Meta's error bodies for each mapped code are in meta-errors.ts. Every call the console makes is
 * first checked against Meta's OpenAPI description (openapi-graph.ts) and refused as Graph would
 * (400, Meta's error shape) when it does not match, so no test passes with a body Meta refuses.
 * Every request is recorded (method, path, query, headers, body, time) so tests can assert what
 * was sent, how often, how far apart, and that the token travelled only in Authorization.
 * Switches live on `state` and may be changed between or during tests.
 */
import http from 'node:http';
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import { route } from './routes.js';

export interface FakeTemplate {
  name: string;
  language: string;
  status: string;
  category?: string;
  /** Body parameter count the fake enforces on sends (Meta's 132000); default 0. */
  bodyParams?: number;
  /** A FLAGGED template's coming disable date (ISO); listed as `disable_info.disable_date` (seconds). */
  disableDate?: string;
}

export interface FakeHealthEntity {
  entity_type: string;
  id: string;
  can_send_message: 'AVAILABLE' | 'LIMITED' | 'BLOCKED';
  errors?: Array<{ error_code: number; error_description: string; possible_solution: string }>;
}

/** `health_status` as Meta reports it on the phone number: overall = worst entity. */
export function healthStatus(entities: FakeHealthEntity[]): { can_send_message: string; entities: FakeHealthEntity[] } {
  const rank = { AVAILABLE: 0, LIMITED: 1, BLOCKED: 2 } as const;
  const worst = entities.reduce<FakeHealthEntity['can_send_message']>((w, e) => (rank[e.can_send_message] > rank[w] ? e.can_send_message : w), 'AVAILABLE');
  return { can_send_message: worst, entities };
}

export const HEALTHY_ENTITIES = (phoneId: string, wabaId: string): FakeHealthEntity[] => [
  { entity_type: 'PHONE_NUMBER', id: phoneId, can_send_message: 'AVAILABLE' },
  { entity_type: 'WABA', id: wabaId, can_send_message: 'AVAILABLE' },
  { entity_type: 'BUSINESS', id: '880011223344', can_send_message: 'AVAILABLE' },
  { entity_type: 'APP', id: '1122334455', can_send_message: 'AVAILABLE' },
];

export interface MetaError {
  message: string;
  type?: string;
  code: number;
  error_subcode?: number;
  error_data?: { messaging_product?: string; details: string };
  fbtrace_id?: string;
}

/** A canned answer for the next `count` requests whose path matches `path` (default: any). */
export interface FakeFailure {
  status: number;
  count: number;
  path?: RegExp;
  headers?: Record<string, string>;
  error?: MetaError;
}

export interface GraphFakeState {
  token: string;
  /** Even with the right token: 'expired' → 190/463, 'invalid' → 190/467. */
  tokenError: null | 'expired' | 'invalid';
  phoneNumberId: string;
  wabaId: string;
  phone: {
    display_phone_number: string; verified_name: string; quality_rating: string; code_verification_status: string; name_status: string; status: string;
    /** Omitted (undefined) = Meta does not report it. */
    health_status?: ReturnType<typeof healthStatus>;
    /** The portfolio's limit: TIER_250 | TIER_2K | TIER_10K | TIER_100K | TIER_UNLIMITED. */
    whatsapp_business_manager_messaging_limit?: string;
    /** Deprecated by Meta; the fake still has it so a client asking for it would be noticed. */
    messaging_limit_tier?: string;
  };
  templates: FakeTemplate[];
  pageSize: number;
  failures: FakeFailure[];
  /** Accept the connection, read the request, never answer. */
  hang: boolean | RegExp;
  /** POST /messages answers 400 with this error. */
  sendError: MetaError | null;
  /** Phone-number fields this Graph does not know: asking for one answers (#100), as Graph does. */
  unknownFields: string[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The raw URL as received (path + query). */
  url: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface GraphFake {
  baseUrl: string;
  port: number;
  state: GraphFakeState;
  requests: RecordedRequest[];
  /** Sent messages (parsed bodies of successful POST /messages). */
  sent: unknown[];
  close(): Promise<void>;
}

export function defaultState(overrides: Partial<GraphFakeState> = {}): GraphFakeState {
  return {
    token: 'fake-token',
    tokenError: null,
    phoneNumberId: '106540352242922',
    wabaId: '102290129340398',
    phone: {
      display_phone_number: '+90 212 555 01 23', verified_name: 'OptiPlan Test', quality_rating: 'GREEN', code_verification_status: 'VERIFIED', name_status: 'APPROVED', status: 'CONNECTED',
      health_status: healthStatus(HEALTHY_ENTITIES('106540352242922', '102290129340398')),
      whatsapp_business_manager_messaging_limit: 'TIER_10K',
      messaging_limit_tier: 'TIER_10K',
    },
    templates: [
      { name: 'order_ready_notification', language: 'tr', status: 'APPROVED', category: 'UTILITY', bodyParams: 2 },
      { name: 'delivery_reminder', language: 'tr', status: 'APPROVED', category: 'UTILITY' },
      { name: 'order_completed', language: 'tr', status: 'APPROVED', category: 'UTILITY' },
    ],
    pageSize: 25,
    failures: [],
    hang: false,
    sendError: null,
    unknownFields: [],
    ...overrides,
  };
}

export async function startGraphFake(overrides: Partial<GraphFakeState> = {}): Promise<GraphFake> {
  const state = defaultState(overrides);
  const requests: RecordedRequest[] = [];
  const sent: unknown[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://fake');
      const rec: RecordedRequest = {
        method: req.method ?? 'GET',
        path: u.pathname,
        url: req.url ?? '/',
        query: Object.fromEntries(u.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at,
      };
      requests.push(rec);
      const hang = state.hang === true || (state.hang instanceof RegExp && state.hang.test(rec.path));
      if (hang) return; // the socket stays open until the client gives up or close() destroys it
      const answer = route(state, rec, sent);
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    state,
    requests,
    sent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
