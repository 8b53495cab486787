// The live webhook verify-token handshake (R-WA-3) against a tiny local webhook server.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { checkWebhookHandshake, runWhatsappChecks } from '../../main/core/whatsapp/index.js';
import { CANARY_VERIFY, expectWellFormed, graphFake, readCheck, secrets, settingsFor, webhookFake } from '../fakes/graph/harness.js';
import type { WebhookMode } from '../fakes/graph/webhook.js';

async function handshake(mode: WebhookMode, serverToken = CANARY_VERIFY, timeoutMs = 2000) {
  const hook = await webhookFake(mode, serverToken);
  const s = settingsFor(null, { webhook_url: hook.url }).settings;
  const check = await checkWebhookHandshake(s, { secrets: secrets(), timeoutMs });
  expect(check).not.toBeNull();
  expectWellFormed(check!);
  const text = JSON.stringify(check);
  expect(text).not.toContain(CANARY_VERIFY);
  expect(text).not.toMatch(/hub\.verify_token=(?!…)/); // only the "…" of the recommendation
  return { check: check!, hook, tr: readCheck(check!, 'tr'), en: readCheck(check!, 'en') };
}

describe('webhook handshake check', () => {
  it('a webhook that echoes the challenge → PASS; it received subscribe, the token and a numeric challenge', async () => {
    const { check, hook, tr } = await handshake('echo');
    expect(check).toMatchObject({ name: 'whatsapp_webhook_handshake', status: 'PASS', recommendation: null });
    const shown = `${new URL(hook.url).origin}${new URL(hook.url).pathname}`;
    expect(tr.detail).toBe(`${shown} adresindeki webhook, yapılandırılan doğrulama token’ı için gönderilen sınama değerini (hub.challenge) doğru döndürdü.`);
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]!.query).toMatchObject({ 'hub.mode': 'subscribe', 'hub.verify_token': CANARY_VERIFY, 'hub.challenge': expect.stringMatching(/^\d+$/) });
  });

  it('a webhook holding a different token answers 403 → FAIL naming the mismatch', async () => {
    const { check, tr, en } = await handshake('echo', 'some-other-verify-token-on-the-server-side-123');
    expect(check.status).toBe('FAIL');
    expect(en.detail).toMatch(/refused the verify token \(HTTP 403\)/);
    expect(tr.detail).toMatch(/doğrulama token’ını reddetti \(HTTP 403\)/);
  });

  it.each([
    ['wrong', /did not echo the challenge \(hub\.challenge\) exactly/],
    ['json', /did not echo the challenge \(hub\.challenge\) exactly/],
    ['forbidden', /HTTP 403/],
    ['redirect', /redirects \(HTTP 302\)/],
  ] as const)('%s → FAIL', async (mode, detail) => {
    const { check, en, tr } = await handshake(mode);
    expect(check.status).toBe('FAIL');
    expect(en.detail).toMatch(detail);
    expect(en.recommendation).toMatch(/exactly the hub\.challenge value/);
    expect(tr.recommendation).toMatch(/yalnızca hub\.challenge değeriyle/);
  });

  it('a hung webhook → FAIL after the timeout (bounded)', async () => {
    const started = performance.now();
    const { check, en, tr } = await handshake('hang', CANARY_VERIFY, 300);
    expect(check.status).toBe('FAIL');
    expect(en.detail).toMatch(/gave no answer within 300 ms/);
    expect(tr.detail).toMatch(/300 ms içinde yanıt vermedi/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('the verify token cannot be read → SKIP naming the verify-token check, and nothing is sent', async () => {
    const hook = await webhookFake('echo');
    const s = settingsFor(null, { webhook_url: hook.url }).settings;
    const check = (await checkWebhookHandshake(s, { secrets: { env: {}, store: null } }))!;
    expectWellFormed(check);
    expect(check).toMatchObject({ status: 'SKIP', skipped_because: 'whatsapp_webhook_verify_token' });
    expect(readCheck(check, 'tr').detail).toBe('Webhook doğrulama token’ı okunamadığı için atlandı (“Webhook doğrulama token’ı” kontrolüne bakın).');
    expect(hook.requests).toHaveLength(0);
  });

  it('no webhook_url → no handshake check; with one, runWhatsappChecks includes it', async () => {
    expect(await checkWebhookHandshake(settingsFor(null).settings, { secrets: secrets() })).toBeNull();
    const f = await graphFake();
    const hook = await webhookFake('echo');
    const checks = await runWhatsappChecks(settingsFor(f, { webhook_url: hook.url }), { secrets: secrets(), timeoutMs: 2000 });
    expect(checks.at(-1)).toMatchObject({ name: 'whatsapp_webhook_handshake', status: 'PASS' });
    expect(checks.every((c) => c.status === 'PASS')).toBe(true);
  });
});
