// Each WhatsApp check's PASS / WARN / FAIL paths against the fake Graph API over real TCP.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { runWhatsappChecks, type WhatsappCheck, type WhatsappCheckContext } from '../../main/core/whatsapp/index.js';
import type { SecretStore } from '../../main/core/secrets/secret-store.js';
import type { GraphFake } from '../fakes/graph/server.js';
import { CANARY_TOKEN, graphFake, secrets, settingsFor } from '../fakes/graph/harness.js';

const ctx = (extra: Partial<WhatsappCheckContext> = {}): WhatsappCheckContext => ({ secrets: secrets(), timeoutMs: 1000, clientOptions: { delayScale: 0.05 }, ...extra });
const byName = (checks: WhatsappCheck[]) => Object.fromEntries(checks.map((c) => [c.name, c]));
const statuses = (checks: WhatsappCheck[]) => Object.fromEntries(checks.map((c) => [c.name, c.status]));
async function run(f: GraphFake | null, overrides: Record<string, unknown> = {}, c = ctx(), environment = 'development') {
  const checks = await runWhatsappChecks(settingsFor(f, overrides, environment), c);
  for (const k of checks) {
    expect(k.detail_tr, k.name).toBeTruthy();
    expect(typeof k.duration_ms).toBe('number');
    if (k.status === 'PASS') expect(k.recommendation).toBeNull();
    else expect(k.recommendation && k.recommendation_tr, k.name).toBeTruthy();
  }
  expect(JSON.stringify(checks)).not.toContain(CANARY_TOKEN);
  return checks;
}

describe('WhatsApp checks against the fake Graph API', () => {
  it('all green → every check PASS', async () => {
    const f = await graphFake();
    const checks = await run(f);
    expect(statuses(checks)).toEqual({
      whatsapp_config: 'PASS',
      whatsapp_api_reachable: 'PASS',
      whatsapp_token: 'PASS',
      whatsapp_phone_number: 'PASS',
      whatsapp_templates: 'PASS',
      whatsapp_webhook_verify_token: 'PASS',
    });
    expect(byName(checks).whatsapp_token!.detail).toMatch(/OptiPlan Test/);
    expect(byName(checks).whatsapp_templates!.detail).toMatch(/All 3 configured template\(s\) are APPROVED/);
  });

  it('not configured → only whatsapp_config WARN with the setup step, and no request', async () => {
    const f = await graphFake();
    const checks = await run(f, { phone_number_id: '' });
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: 'whatsapp_config', status: 'WARN', recommendation: expect.stringMatching(/phone_number_id/), recommendation_tr: expect.stringMatching(/phone_number_id/) });
    expect(f.requests).toHaveLength(0);
  });

  it('expired token → whatsapp_token FAIL with playbook step 1; the API still counts as reachable', async () => {
    const f = await graphFake({ tokenError: 'expired' });
    const c = byName(await run(f));
    expect(c.whatsapp_token).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/^Token expired/), recommendation: expect.stringMatching(/playbook step 1/), recommendation_tr: expect.stringMatching(/Olay planı adım 1/) });
    expect(c.whatsapp_token!.detail_tr).toMatch(/Token süresi dolmuş/);
    expect(c.whatsapp_api_reachable!.status).toBe('PASS');
    expect(c.whatsapp_phone_number).toMatchObject({ status: 'WARN', detail: expect.stringMatching(/^Not checked/) });
    expect(c.whatsapp_templates).toMatchObject({ status: 'WARN', detail: expect.stringMatching(/^Not checked/) });
  });

  it('a wrong token → whatsapp_token FAIL "invalid"', async () => {
    const f = await graphFake();
    const c = byName(await run(f, {}, ctx({ secrets: secrets({ WA_TOKEN: 'EAAGsomeOtherTokenValue0123456789' }) })));
    expect(c.whatsapp_token).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/^Token invalid/) });
  });

  it('missing permission (code 10) → whatsapp_token FAIL naming the permissions', async () => {
    const f = await graphFake({ failures: [{ status: 403, count: 99, error: { message: '(#10) Application does not have permission for this action', code: 10 } }] });
    const c = byName(await run(f));
    expect(c.whatsapp_token).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/whatsapp_business_messaging/) });
    expect(c.whatsapp_templates!.status).toBe('FAIL');
    expect(c.whatsapp_api_reachable!.status).toBe('PASS');
  });

  it('the token secret is missing → whatsapp_token FAIL naming the reference, and nothing is sent', async () => {
    const f = await graphFake();
    const c = byName(await run(f, {}, ctx({ secrets: { env: {}, store: null } })));
    expect(c.whatsapp_token).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/ENV:WA_TOKEN/), recommendation: expect.stringMatching(/WA_TOKEN/) });
    expect(c.whatsapp_api_reachable!.status).toBe('WARN');
    expect(f.requests).toHaveLength(0);
  });

  it('a literal token in whatsapp.json → config FAIL, token FAIL, and the literal is never sent', async () => {
    const f = await graphFake();
    const checks = await run(f, { access_token: CANARY_TOKEN });
    const c = byName(checks);
    expect(c.whatsapp_config).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/whatsapp\.json access_token: holds a literal value/) });
    expect(c.whatsapp_token!.status).toBe('FAIL');
    expect(f.requests).toHaveLength(0);
  });

  it.each([
    [{ quality_rating: 'YELLOW' }, 'WARN', /YELLOW/],
    [{ quality_rating: 'RED' }, 'FAIL', /RED/],
    [{ quality_rating: 'UNKNOWN' }, 'PASS', /quality UNKNOWN/],
    [{ name_status: 'PENDING_REVIEW' }, 'WARN', /display name status PENDING_REVIEW/],
    [{ name_status: 'DECLINED' }, 'FAIL', /DECLINED/],
    [{ status: 'FLAGGED' }, 'WARN', /number status FLAGGED/],
    [{ status: 'BANNED' }, 'FAIL', /BANNED/],
  ])('phone number %j → %s', async (phone, status, detail) => {
    const f = await graphFake();
    Object.assign(f.state.phone, phone);
    const c = byName(await run(f));
    expect(c.whatsapp_phone_number).toMatchObject({ status, detail: expect.stringMatching(detail) });
  });

  it('templates: PENDING → WARN; REJECTED, PAUSED, missing and wrong language → FAIL naming each (across pages)', async () => {
    const filler = Array.from({ length: 30 }, (_, i) => ({ name: `filler_${i}`, language: 'tr', status: 'APPROVED' }));
    const f = await graphFake({ pageSize: 10, templates: [...filler, { name: 'order_ready_notification', language: 'tr', status: 'PENDING' }, { name: 'delivery_reminder', language: 'tr', status: 'APPROVED' }, { name: 'order_completed', language: 'tr', status: 'APPROVED' }] });
    expect(byName(await run(f)).whatsapp_templates).toMatchObject({ status: 'WARN', detail: expect.stringMatching(/order_ready \(order_ready_notification\/tr\): PENDING/), recommendation: expect.stringMatching(/playbook step 3/) });
    expect(f.requests.filter((r) => r.path.endsWith('/message_templates')).length).toBe(4);

    f.state.templates = [
      { name: 'order_ready_notification', language: 'tr', status: 'REJECTED' },
      { name: 'delivery_reminder', language: 'en_US', status: 'APPROVED' },
      { name: 'shipping_note', language: 'tr', status: 'PAUSED' },
    ];
    const more = { templates: { order_ready: { name: 'order_ready_notification', language: 'tr' }, delivery_reminder: { name: 'delivery_reminder', language: 'tr' }, order_completed: { name: 'order_completed', language: 'tr' }, shipping: { name: 'shipping_note', language: 'tr' } } };
    const t = byName(await run(f, more)).whatsapp_templates!;
    expect(t.status).toBe('FAIL');
    expect(t.detail).toMatch(/4 of 4 template\(s\) not usable/);
    expect(t.detail).toMatch(/order_ready \(order_ready_notification\/tr\): REJECTED/);
    expect(t.detail).toMatch(/delivery_reminder \(delivery_reminder\/tr\): exists only in en_US/);
    expect(t.detail).toMatch(/order_completed \(order_completed\/tr\): missing/);
    expect(t.detail).toMatch(/shipping \(shipping_note\/tr\): PAUSED/);
    expect(t.recommendation_tr).toMatch(/Olay planı adım 3/);
  });

  it('no WABA id → templates WARN (not checked)', async () => {
    const f = await graphFake();
    expect(byName(await run(f, { business_account_id: '' })).whatsapp_templates).toMatchObject({ status: 'WARN', detail: expect.stringMatching(/business_account_id/) });
  });

  it('persistent 503 → reachable FAIL (server error) with playbook step 2; the token is "not verified", not "invalid"', async () => {
    const f = await graphFake({ failures: [{ status: 503, count: 99 }] });
    const c = byName(await run(f));
    expect(c.whatsapp_api_reachable).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/^Meta server error \(HTTP 503\)/), recommendation: expect.stringMatching(/metastatus\.com/), recommendation_tr: expect.stringMatching(/Olay planı adım 2.*metastatus\.com/) });
    expect(c.whatsapp_token).toMatchObject({ status: 'WARN', detail: expect.stringMatching(/could not be verified/) });
  });

  it('a hung API → reachable FAIL (timeout), and the run finishes within its bound', async () => {
    const f = await graphFake({ hang: true });
    const started = performance.now();
    const c = byName(await run(f, {}, ctx({ timeoutMs: 400 })));
    expect(c.whatsapp_api_reachable).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/^Timeout/) });
    expect(c.whatsapp_token!.status).toBe('WARN');
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('nothing listening → reachable FAIL (network error)', async () => {
    const c = byName(await run(null, { base_url: 'http://127.0.0.1:9' }));
    expect(c.whatsapp_api_reachable).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/^Network error/) });
  });

  it('429 beyond the cap → reachable WARN (rate limited)', async () => {
    const f = await graphFake({ failures: [{ status: 429, count: 99, headers: { 'Retry-After': '600' }, error: { message: 'Rate limited', code: 80007 } }] });
    const c = byName(await run(f));
    expect(c.whatsapp_api_reachable).toMatchObject({ status: 'WARN', detail: expect.stringMatching(/rate limited/) });
  });

  it('a hung keychain cannot stall the run: every check ends within its own deadline', async () => {
    const f = await graphFake();
    const never = () => new Promise<never>(() => {});
    const store: SecretStore = { backend: 'hung', get: never, set: never, delete: never, list: never, status: never };
    const started = performance.now();
    const checks = await run(f, { access_token: 'VAULT:whatsapp_access_token', webhook_verify_token: 'VAULT:whatsapp_webhook_verify' }, ctx({ secrets: { env: {}, store }, checkTimeoutMs: 500 }));
    const c = byName(checks);
    expect(c.whatsapp_api_reachable).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/did not finish within 0.5 s/) });
    expect(c.whatsapp_webhook_verify_token).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/Did not finish within 0.5 s/) });
    expect(f.requests).toHaveLength(0);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
