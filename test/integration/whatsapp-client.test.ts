// GraphClient against the fake Graph API over real TCP: retries, Retry-After, timeouts, pacing,
// paging, and where the token goes. Delays are scaled down; timing bounds are generous lower bounds.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { getPhoneNumber, listMessageTemplates, sendTemplateMessage } from '../../main/core/whatsapp/graph-api.js';
import { GraphClient, type GraphClientOptions } from '../../main/core/whatsapp/graph-client.js';
import type { WhatsappApiError } from '../../main/core/whatsapp/graph-errors.js';
import type { GraphFake } from '../fakes/graph/server.js';
import { CANARY_TOKEN, graphFake, recordedOutsideAuth, secrets, settingsFor } from '../fakes/graph/harness.js';

function client(f: GraphFake | null, overrides: Record<string, unknown> = {}, opts: GraphClientOptions = {}): GraphClient {
  return new GraphClient(settingsFor(f, overrides).settings, secrets(), { delayScale: 0.1, ...opts });
}
const gaps = (f: GraphFake) => f.requests.slice(1).map((r, i) => r.at - f.requests[i]!.at);
async function failure(p: Promise<unknown>): Promise<WhatsappApiError> {
  try {
    await p;
  } catch (e) {
    return e as WhatsappApiError;
  }
  throw new Error('expected a failure');
}

describe('GraphClient against the fake Graph API', () => {
  it('looks up the phone number with the token only in the Authorization header', async () => {
    const f = await graphFake();
    const info = await getPhoneNumber(client(f));
    expect(info).toMatchObject({ display_phone_number: '+90 212 555 01 23', verified_name: 'OptiPlan Test', quality_rating: 'GREEN', status: 'CONNECTED' });
    expect(f.requests).toHaveLength(1);
    const r = f.requests[0]!;
    expect(r).toMatchObject({ method: 'GET', path: `/v26.0/${f.state.phoneNumberId}` });
    // health_status and the portfolio's messaging limit; never the deprecated messaging_limit_tier.
    expect(r.query.fields).toBe('display_phone_number,verified_name,quality_rating,code_verification_status,name_status,status,health_status,whatsapp_business_manager_messaging_limit');
    expect(r.query.fields).not.toContain('messaging_limit_tier');
    expect(info).toMatchObject({ messaging_limit: 'TIER_10K', health: { can_send_message: 'AVAILABLE', entities: expect.arrayContaining([expect.objectContaining({ entity_type: 'WABA', can_send_message: 'AVAILABLE' })]) } });
    expect(r.headers.authorization).toBe(`Bearer ${CANARY_TOKEN}`);
    expect(recordedOutsideAuth(f)).not.toContain(CANARY_TOKEN);
  });

  it('500 twice then OK → 3 requests, with backoff gaps of at least the scaled delays (100 ms, 200 ms)', async () => {
    const f = await graphFake({ failures: [{ status: 500, count: 2 }] });
    const info = await getPhoneNumber(client(f));
    expect(info.quality_rating).toBe('GREEN');
    expect(f.requests).toHaveLength(3);
    const [g1, g2] = gaps(f);
    expect(g1).toBeGreaterThanOrEqual(95);
    expect(g2).toBeGreaterThanOrEqual(195);
  });

  it('503 on every attempt → E_WHATSAPP_UNREACHABLE (server_error) after max_attempts', async () => {
    const f = await graphFake({ failures: [{ status: 503, count: 99 }] });
    const e = await failure(getPhoneNumber(client(f)));
    expect(e).toMatchObject({ code: 'E_WHATSAPP_UNREACHABLE', reason: 'server_error', http_status: 503, attempts: 3 });
    expect(e.text).toEqual({ key: 'whatsapp.errors.server_error', params: { status: 503 } });
    expect(e.technicalDetail).toMatch(/HTTP 503; after 3 attempts/);
    expect(f.requests).toHaveLength(3);
  });

  it('429 with Retry-After: 1 → the next request comes about 1 s later (not scaled), then succeeds', async () => {
    const f = await graphFake({ failures: [{ status: 429, count: 1, headers: { 'Retry-After': '1' }, error: { message: 'Too many calls', code: 4 } }] });
    await getPhoneNumber(client(f));
    expect(f.requests).toHaveLength(2);
    expect(gaps(f)[0]).toBeGreaterThanOrEqual(950);
  });

  it('429 with Retry-After as an HTTP date is honoured', async () => {
    const at = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000); // a whole second, 1-2 s ahead
    const f = await graphFake({ failures: [{ status: 429, count: 1, headers: { 'Retry-After': at.toUTCString() } }] });
    await getPhoneNumber(client(f));
    expect(f.requests).toHaveLength(2);
    expect(gaps(f)[0]).toBeGreaterThanOrEqual(900);
  });

  it('a Retry-After above the cap is not waited for: E_WHATSAPP_RATE_LIMITED at once, with retry_after_seconds', async () => {
    const f = await graphFake({ failures: [{ status: 429, count: 5, headers: { 'Retry-After': '120' }, error: { message: 'Rate limit hit', code: 130429 } }] });
    const started = performance.now();
    const e = await failure(getPhoneNumber(client(f, {}, { maxRetryAfterMs: 5000 })));
    expect(e).toMatchObject({ code: 'E_WHATSAPP_RATE_LIMITED', retry_after_seconds: 120 });
    expect(f.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('an expired token (190/463) is an auth error, not retried, told apart from unreachable', async () => {
    const f = await graphFake({ tokenError: 'expired' });
    const e = await failure(getPhoneNumber(client(f)));
    expect(e).toMatchObject({ code: 'E_WHATSAPP_TOKEN_INVALID', reason: 'token_expired', meta_code: 190, meta_subcode: 463, http_status: 401 });
    expect(e.fbtrace_id).toMatch(/^AbCdTrace/);
    expect(f.requests).toHaveLength(1);
  });

  it('a hang is cut by the per-attempt timeout; a read is retried, a send is not', async () => {
    const f = await graphFake({ hang: true });
    const started = performance.now();
    const e = await failure(getPhoneNumber(client(f, {}, { timeoutMs: 300 })));
    expect(e).toMatchObject({ code: 'E_WHATSAPP_UNREACHABLE', reason: 'timeout' });
    expect(e.text).toMatchObject({ key: 'whatsapp.errors.timeout', params: { timeout: 300 } });
    expect(e.technicalDetail).toMatch(/no answer within 300 ms/);
    expect(f.requests).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(15_000);

    const sendErr = await failure(sendTemplateMessage(client(f, {}, { timeoutMs: 300 }), { to: '905321234567', name: 'delivery_reminder', language: 'tr' }));
    expect(sendErr).toMatchObject({ code: 'E_WHATSAPP_UNREACHABLE', reason: 'timeout' });
    expect(f.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a refused connection is a network error (E_WHATSAPP_UNREACHABLE), not an auth error', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const e = await failure(getPhoneNumber(client(null, { base_url: `http://127.0.0.1:${port}` })));
    expect(e).toMatchObject({ code: 'E_WHATSAPP_UNREACHABLE', reason: 'network' });
    expect(e.text).toEqual({ key: 'whatsapp.errors.network', params: { host: `127.0.0.1:${port}` } });
    expect(e.technicalDetail).toMatch(/ECONNREFUSED/);
    expect(e.message).not.toContain(CANARY_TOKEN);
  });

  it('messages_per_second = 2 → 5 sends are spread over at least ~2 s', async () => {
    const f = await graphFake();
    const c = client(f, { rate_limits: { messages_per_second: 2, messages_per_hour: 1000, messages_per_day: 10000 } });
    const started = performance.now();
    const ids = await Promise.all(Array.from({ length: 5 }, () => sendTemplateMessage(c, { to: '905321234567', name: 'delivery_reminder', language: 'tr' })));
    expect(new Set(ids.map((x) => x.message_id)).size).toBe(5);
    expect(f.requests).toHaveLength(5);
    expect(f.requests[4]!.at - f.requests[0]!.at).toBeGreaterThanOrEqual(1900);
    for (const g of gaps(f)) expect(g).toBeGreaterThanOrEqual(450);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('the hourly limit is enforced locally: the third send is refused without a request', async () => {
    const f = await graphFake();
    const c = client(f, { rate_limits: { messages_per_second: 50, messages_per_hour: 2, messages_per_day: 10 } });
    const msg = { to: '905321234567', name: 'delivery_reminder', language: 'tr' };
    await sendTemplateMessage(c, msg);
    await sendTemplateMessage(c, msg);
    const e = await failure(sendTemplateMessage(c, msg));
    expect(e).toMatchObject({ code: 'E_WHATSAPP_RATE_LIMITED', reason: 'rate_limited' });
    expect(e.text).toMatchObject({ key: 'whatsapp.errors.local_limit', params: { limit: 'messages_per_hour', max: 2 } });
    expect(f.requests).toHaveLength(2);
  });

  it('follows template paging by cursor and never the `next` URL (which may carry access_token)', async () => {
    const templates = Array.from({ length: 7 }, (_, i) => ({ name: `t_${i}`, language: 'tr', status: 'APPROVED' }));
    const f = await graphFake({ templates, pageSize: 3 });
    const list = await listMessageTemplates(client(f), { pageSize: 3 });
    expect(list.map((t) => t.name)).toEqual(templates.map((t) => t.name));
    expect(f.requests).toHaveLength(3);
    expect(f.requests.map((r) => r.query.after ?? null)).toEqual([null, expect.any(String), expect.any(String)]);
    expect(f.requests.every((r) => r.query.fields === 'name,status,language,category' && !('access_token' in r.query))).toBe(true);
  });

  it('a caller that gives up while a send waits for its rate-limit slot gets the mapped timeout, and nothing is sent', async () => {
    const f = await graphFake();
    const c = client(f, { rate_limits: { messages_per_second: 0.5, messages_per_hour: 1000, messages_per_day: 10000 } });
    const msg = { to: '905321234567', name: 'delivery_reminder', language: 'tr' };
    await sendTemplateMessage(c, msg);
    const e = await failure(sendTemplateMessage(c, msg, { signal: AbortSignal.timeout(200) }));
    expect(e).toMatchObject({ code: 'E_WHATSAPP_UNREACHABLE', reason: 'timeout' });
    expect(f.requests).toHaveLength(1);
  });

  it('a stored token with a trailing line break is trimmed; one with a line break inside is refused without echoing it', async () => {
    const f = await graphFake();
    const s = settingsFor(f).settings;
    await getPhoneNumber(new GraphClient(s, secrets({ WA_TOKEN: `${CANARY_TOKEN}\n` })));
    expect(f.requests[0]!.headers.authorization).toBe(`Bearer ${CANARY_TOKEN}`);
    const broken = `${CANARY_TOKEN.slice(0, 20)}\n${CANARY_TOKEN.slice(20)}`;
    const e = await failure(getPhoneNumber(new GraphClient(s, secrets({ WA_TOKEN: broken }))));
    expect(e).toMatchObject({ code: 'E_CONFIG_INVALID', text: { key: 'whatsapp.errors.token_chars', params: { ref: 'ENV:WA_TOKEN' } } });
    expect(translator('en').t(e.text)).toMatch(/^The secret ENV:WA_TOKEN contains characters that cannot be sent in an HTTP header/);
    expect(`${e.message} ${e.stack}`).not.toContain(CANARY_TOKEN.slice(0, 20));
    expect(f.requests).toHaveLength(1);
  });
});
