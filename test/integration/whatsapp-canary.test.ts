// The access token (and the other WhatsApp secrets) must appear ONLY in the Authorization header:
// never in results, thrown errors, audit rows, console output, or the URLs/bodies the fake saw —
// even when Meta's own error text echoes it back.
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createWhatsappHealthProbe, getPhoneNumber, GraphClient, runWhatsappChecks, sendTestMessage, type WhatsappCheckContext,
} from '../../main/core/whatsapp/index.js';
import type { GraphFake } from '../fakes/graph/server.js';
import { CANARY_APP_SECRET, CANARY_TOKEN, CANARY_VERIFY, graphFake, memoryAudit, recordedOutsideAuth, secrets, settingsFor, webhookFake } from '../fakes/graph/harness.js';

const CANARIES = [CANARY_TOKEN, CANARY_VERIFY, CANARY_APP_SECRET];
let output: string[] = [];

beforeEach(() => {
  output = [];
  const capture = (...args: unknown[]) => void output.push(args.map((a) => inspect(a, { depth: 6 })).join(' '));
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation(capture);
  const write = (chunk: unknown) => (output.push(String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(write as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(write as typeof process.stderr.write);
});
afterEach(() => vi.restoreAllMocks());

/** Everything about an error a log line or a response could carry. */
const dumpError = (e: unknown) => `${inspect(e, { depth: 8, showHidden: true })} ${JSON.stringify(e)} ${(e as Error)?.stack ?? ''}`;

function expectNoCanary(text: string, where: string) {
  for (const c of CANARIES) expect(text.includes(c), `${where} contains a secret`).toBe(false);
}

function expectTokenOnlyInAuthHeader(f: GraphFake) {
  expect(f.requests.length).toBeGreaterThan(0);
  for (const r of f.requests) expect(r.headers.authorization).toBe(`Bearer ${CANARY_TOKEN}`);
  expectNoCanary(recordedOutsideAuth(f), 'the fake’s recorded URLs, bodies or other headers');
}

describe('canary secrets never leak', () => {
  it('through checks, test messages, health, thrown errors and audit rows, across success and failure paths', async () => {
    const echoing = { message: `Invalid OAuth access token - ${CANARY_TOKEN} is not valid`, code: 190, error_subcode: 467 };
    const scenarios: Array<Parameters<typeof graphFake>[0]> = [
      {},
      { tokenError: 'expired' },
      { failures: [{ status: 503, count: 99 }] },
      { failures: [{ status: 401, count: 99, error: echoing }] },
      { failures: [{ status: 429, count: 99, headers: { 'Retry-After': '300' } }] },
      { sendError: { message: `(#131026) undeliverable for token ${CANARY_TOKEN}`, code: 131026 } },
      { hang: true },
    ];
    const audit = memoryAudit();
    const collected: unknown[] = [];
    const hook = await webhookFake('echo');
    for (const sc of scenarios) {
      const f = await graphFake(sc);
      const eff = settingsFor(f, { webhook_url: hook.url });
      const ctx: WhatsappCheckContext = { secrets: secrets(), timeoutMs: 300, clientOptions: { delayScale: 0.01 } };
      collected.push(await runWhatsappChecks(eff, ctx));
      collected.push(await sendTestMessage({ to: '0532 123 45 67', template: 'order_ready', parameters: ['Ayşe', 'S-1'] }, { settings: eff, secrets: secrets(), actor: 'admin@pc', audit, clientOptions: { delayScale: 0.01, timeoutMs: 300 } }));
      collected.push(await createWhatsappHealthProbe(() => eff, { secrets: secrets(), timeoutMs: 300 })());
      try {
        collected.push(await getPhoneNumber(new GraphClient(eff.settings, secrets(), { timeoutMs: 300, delayScale: 0.01 })));
      } catch (e) {
        expectNoCanary(dumpError(e), 'a thrown error');
        collected.push((e as Error).message);
      }
      expectTokenOnlyInAuthHeader(f);
    }
    expectNoCanary(JSON.stringify(collected), 'results');
    expectNoCanary(JSON.stringify(audit.rows), 'audit rows');
    expect(audit.rows.map((r) => r.target)).toEqual(Array(scenarios.length).fill('+90 532 *** ** 67'));
    expectNoCanary(output.join('\n'), 'console/stdout/stderr');
    // Meta's echoed text was kept, with the token replaced.
    expect(JSON.stringify(collected)).toContain('[redacted]');
    // The verify token went to the webhook (that is the protocol), and only there.
    expect(hook.requests.every((r) => r.query['hub.verify_token'] === CANARY_VERIFY)).toBe(true);
  });

  it('a literal token in the config is never sent anywhere, and never printed', async () => {
    const f = await graphFake();
    const eff = settingsFor(f, { access_token: CANARY_TOKEN });
    const results = [
      await runWhatsappChecks(eff, { secrets: secrets(), timeoutMs: 300 }),
      await sendTestMessage({ to: '05321234567', template: 'delivery_reminder' }, { settings: eff, secrets: secrets(), actor: 'a' }),
      await createWhatsappHealthProbe(() => eff, { secrets: secrets() })(),
      eff,
    ];
    expect(f.requests).toHaveLength(0);
    expectNoCanary(JSON.stringify(results), 'results');
    expectNoCanary(output.join('\n'), 'console/stdout/stderr');
  });
});
