// The live webhook verify-token handshake (R-WA-3) against a tiny local webhook server.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { checkWebhookHandshake, runWhatsappChecks } from '../../main/core/whatsapp/index.js';
import { CANARY_VERIFY, graphFake, secrets, settingsFor, webhookFake } from '../fakes/graph/harness.js';
import type { WebhookMode } from '../fakes/graph/webhook.js';

async function handshake(mode: WebhookMode, serverToken = CANARY_VERIFY, timeoutMs = 2000) {
  const hook = await webhookFake(mode, serverToken);
  const s = settingsFor(null, { webhook_url: hook.url }).settings;
  const check = await checkWebhookHandshake(s, { secrets: secrets(), timeoutMs });
  expect(check).not.toBeNull();
  const text = JSON.stringify(check);
  expect(text).not.toContain(CANARY_VERIFY);
  expect(text).not.toMatch(/hub\.verify_token=(?!…)/); // only the "…" of the recommendation
  return { check: check!, hook };
}

describe('webhook handshake check', () => {
  it('a webhook that echoes the challenge → PASS; it received subscribe, the token and a numeric challenge', async () => {
    const { check, hook } = await handshake('echo');
    expect(check).toMatchObject({ name: 'whatsapp_webhook_handshake', status: 'PASS', recommendation: null });
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]!.query).toMatchObject({ 'hub.mode': 'subscribe', 'hub.verify_token': CANARY_VERIFY, 'hub.challenge': expect.stringMatching(/^\d+$/) });
  });

  it('a webhook holding a different token answers 403 → FAIL naming the mismatch', async () => {
    const { check } = await handshake('echo', 'some-other-verify-token-on-the-server-side-123');
    expect(check).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/refused the verify token \(HTTP 403\)/), detail_tr: expect.stringMatching(/reddetti/) });
  });

  it.each([
    ['wrong', /did not echo the challenge exactly/],
    ['json', /did not echo the challenge exactly/],
    ['forbidden', /HTTP 403/],
    ['redirect', /redirects \(HTTP 302\)/],
  ] as const)('%s → FAIL', async (mode, detail) => {
    const { check } = await handshake(mode);
    expect(check).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(detail), recommendation: expect.stringMatching(/exactly the challenge/) });
  });

  it('a hung webhook → FAIL after the timeout (bounded)', async () => {
    const started = performance.now();
    const { check } = await handshake('hang', CANARY_VERIFY, 300);
    expect(check).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/no answer within 0.3 s/) });
    expect(performance.now() - started).toBeLessThan(10_000);
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
