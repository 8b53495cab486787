// The WhatsApp outbox on a real SQLite file (and PostgreSQL), against the Graph fake over TCP:
// enqueue checks and refusals, retries on retry_settings' backoff (on a clock the test moves),
// Meta's Retry-After, permanent failures kept FAILED, exhausted tries, a full local window, the
// queue checks measuring the rows, and the processor the app and `serve` start (Core.startBackground)
// draining what `optiplan360 whatsapp enqueue` queued from another process.
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import type { Core } from '../../main/core/core.js';
import { queueChecks } from '../../main/core/diagnostics/checks/queues.js';
import type { Clock } from '../../main/core/whatsapp/rate-limiter.js';
import { enqueueWhatsapp, outboxBackoffMs, processWhatsappOutbox } from '../../main/core/whatsapp/outbox/whatsapp-outbox.js';
import { paceKey, SharedRateLimiter } from '../../main/core/whatsapp/outbox/shared-rate-limiter.js';
import { runCli } from '../helpers/cli.js';
import { openTestCore, TEST_AUDIT_KEY, TEST_AUDIT_KEY_ENV } from '../helpers/core.js';
import { createThrowawayDb } from '../helpers/pg.js';
import { writeConfig } from '../helpers/temp.js';
import { sendFailure } from '../fakes/graph/meta-errors.js';
import type { GraphFake } from '../fakes/graph/server.js';
import { env, graphFake, memoryAudit, secrets, settingsFor, whatsappJson } from '../fakes/graph/harness.js';

const tr = (m: Message) => translator('tr').t(m);
const en = (m: Message) => translator('en').t(m);
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A clock the test moves; sleeping moves it too (the pace waits without real time passing). */
function testClock(startIso = '2026-12-03T09:00:00Z'): Clock & { t: number; set(iso: string | number): void } {
  const c = {
    t: Date.parse(startIso),
    now: () => c.t,
    sleep: async (ms: number) => void (c.t += Math.max(0, ms)),
    set: (v: string | number) => void (c.t = typeof v === 'number' ? v : Date.parse(v)),
  };
  return c;
}

async function migratedCore(url?: string): Promise<{ core: Core; dataDir: string }> {
  const tc = await openTestCore(url ? { url } : {}, { env: env() });
  cleanups.push(() => tc.cleanup());
  await tc.core.migrations.up();
  return { core: tc.core, dataDir: tc.dataDir };
}

const RETRY = { max_attempts: 4, retry_delay_seconds: 2, backoff_multiplier: 3 };

async function setup(f: GraphFake, overrides: Record<string, unknown> = {}, url?: string) {
  const { core, dataDir } = await migratedCore(url);
  const eff = settingsFor(f, { retry_settings: RETRY, ...overrides });
  const clock = testClock();
  const audit = memoryAudit();
  const deps = { db: core.db, settings: () => eff, secrets: secrets(), clock };
  const enqueue = (to: string, template = 'delivery_reminder', parameters?: string[]) => enqueueWhatsapp({ to, template, ...(parameters ? { parameters } : {}) }, { db: core.db, settings: eff, actor: 'erp@host via cli', audit, now: () => new Date(clock.t) });
  const rows = () => core.db.kysely.selectFrom('outbox').selectAll().where('integration', '=', 'whatsapp').orderBy('id').execute();
  const pass = () => processWhatsappOutbox(deps);
  return { core, dataDir, eff, clock, audit, deps, enqueue, rows, pass };
}

/** What the diagnostics runner hands a check. */
const RUN = { signal: new AbortController().signal, timeoutMs: 5000 };
const posts = (f: GraphFake) => f.requests.filter((r) => r.method === 'POST');

describe('whatsapp enqueue', () => {
  it('queues a checked notification: the number normalised in the payload, masked everywhere it is shown', async () => {
    const f = await graphFake();
    const s = await setup(f);
    const r = await s.enqueue('0532 123 45 67', 'order_ready', ['Ayşe', 'S-1001']);
    expect(r).toMatchObject({ status: 'QUEUED', to: '+90 532 *** ** 67', template: 'order_ready', id: expect.any(Number) });
    expect(tr(r.message)).toBe(`“order_ready” şablonu +90 532 *** ** 67 numarasına gönderilmek üzere giden kutusuna alındı (kayıt ${r.id}).`);
    expect(en(r.message)).toBe(`Template “order_ready” to +90 532 *** ** 67 was put in the outbox (item ${r.id}).`);
    const [row] = await s.rows();
    expect(row).toMatchObject({ operation: 'send_template', status: 'QUEUED', attempts: 0, max_retries: RETRY.max_attempts });
    expect(JSON.parse(row!.payload)).toEqual({ to: '905321234567', template: 'order_ready', parameters: ['Ayşe', 'S-1001'] });
    expect(s.audit.rows).toEqual([expect.objectContaining({ action: 'WHATSAPP_ENQUEUED', result: 'success', target: '+90 532 *** ** 67' })]);
    expect(JSON.stringify(s.audit.rows)).not.toMatch(/905321234567|Ayşe/);
    expect(f.requests).toHaveLength(0);
  });

  it.each([
    [{ to: '0212 555 01 23' }, 'E_VALIDATION', /not a mobile number/],
    [{ to: '05321234567', template: 'nope' }, 'E_VALIDATION', /Unknown template “nope”/],
    [{ to: '05321234567', template: 'order_ready', parameters: ['one'] }, 'E_VALIDATION', /expects 2 body parameter/],
    [{ to: '05321234567', overrides: { enabled: false } }, 'E_WHATSAPP_NOT_CONFIGURED', /switched off/],
    [{ to: '05321234567', overrides: { phone_number_id: '' } }, 'E_WHATSAPP_NOT_CONFIGURED', /not set up/],
  ])('%j is refused at once (%s): nothing queued, the refusal audited', async (input, code, english) => {
    const f = await graphFake();
    const s = await setup(f, (input as { overrides?: Record<string, unknown> }).overrides);
    const p = s.enqueue(input.to, (input as { template?: string }).template, (input as { parameters?: string[] }).parameters);
    await expect(p).rejects.toMatchObject({ code });
    const err = (await p.then(() => null, (e: unknown) => e)) as { text: Message };
    expect(en(err.text)).toMatch(/^The notification was not queued: /);
    expect(en(err.text)).toMatch(english);
    expect(tr(err.text)).toMatch(/^Bildirim kuyruğa alınmadı: /);
    expect(await s.rows()).toEqual([]);
    expect(s.audit.rows).toEqual([expect.objectContaining({ action: 'WHATSAPP_ENQUEUED', result: 'failure' })]);
  });
});

describe('the outbox processor', () => {
  it('temporary failures are retried after retry_delay_seconds × backoff_multiplier^(n−1), then sent', async () => {
    const f = await graphFake({ failures: [sendFailure(130429, 2)] });
    const s = await setup(f);
    const t0 = s.clock.t;
    await s.enqueue('05321234567');
    expect(await s.pass()).toMatchObject({ processed: 1, retrying: 1 });
    let [row] = await s.rows();
    expect(row).toMatchObject({ status: 'QUEUED', attempts: 1, last_error_code: 'E_WHATSAPP_RATE_LIMITED', next_attempt_at: new Date(t0 + 2000).toISOString() });
    expect(row!.last_error).toMatch(/^throughput: .*Meta code 130429/);
    // Not due a millisecond early.
    s.clock.set(t0 + 1999);
    expect(await s.pass()).toMatchObject({ processed: 0 });
    s.clock.set(t0 + 2000);
    expect(await s.pass()).toMatchObject({ processed: 1, retrying: 1 });
    [row] = await s.rows();
    expect(row).toMatchObject({ attempts: 2, next_attempt_at: new Date(t0 + 2000 + 6000).toISOString() });
    s.clock.set(t0 + 8000);
    expect(await s.pass()).toMatchObject({ processed: 1, sent: 1 });
    [row] = await s.rows();
    expect(row).toMatchObject({ status: 'DONE', attempts: 3, next_attempt_at: null });
    expect(posts(f)).toHaveLength(3);
    expect([1, 2, 3].map((n) => outboxBackoffMs(n, RETRY))).toEqual([2000, 6000, 18000]);
  });

  it('Meta’s Retry-After wins when it is longer than the backoff', async () => {
    // Graph says when to come back on a 429 (Retry-After, here 30 s > the 2 s backoff).
    const f = await graphFake({ failures: [{ ...sendFailure(80007, 1, { 'Retry-After': '30' }), status: 429 }] });
    const s = await setup(f);
    await s.enqueue('05321234567');
    await s.pass();
    const [row] = await s.rows();
    expect(row).toMatchObject({ status: 'QUEUED', attempts: 1, next_attempt_at: new Date(s.clock.t + 30_000).toISOString() });
  });

  it('a permanent failure is FAILED at once and kept: never sent again; the number scrubbed from the error', async () => {
    const f = await graphFake({ failures: [sendFailure(131026, 99)] });
    const s = await setup(f);
    await s.enqueue('05321234567');
    expect(await s.pass()).toMatchObject({ processed: 1, failed: 1 });
    for (let i = 0; i < 3; i++) {
      s.clock.set(s.clock.t + 86_400_000);
      expect(await s.pass()).toMatchObject({ processed: 0 });
    }
    const [row] = await s.rows();
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1, last_error_code: 'E_WHATSAPP_SEND_FAILED' });
    expect(row!.last_error).toMatch(/^undeliverable \(permanent\): /);
    expect(row!.last_error).not.toContain('905321234567');
    expect(posts(f)).toHaveLength(1);
    const check = await queueChecks(s.core.diagnostics.context('t@h', { integrations: [] })).find((c) => c.name === 'outbox_failed')!.run(RUN);
    expect(check).toMatchObject({ status: 'WARN', observed: { failed: 1, permanent: 1, by_integration: { whatsapp: 1 } } });
    expect(tr(check.detail)).toMatch(/^1 başarısız giden kutusu \(outbox\) kaydı \(whatsapp ×1; E_WHATSAPP_SEND_FAILED ×1\); 1 tanesi kalıcı/);
  });

  it('a temporary failure that never clears is FAILED after max_attempts tries (not counted as permanent)', async () => {
    const f = await graphFake({ failures: [{ status: 503, count: 99, path: /\/messages$/ }] });
    const s = await setup(f, { retry_settings: { max_attempts: 3, retry_delay_seconds: 1, backoff_multiplier: 2 } });
    await s.enqueue('05321234567');
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      await s.pass();
      const [row] = await s.rows();
      seen.push(`${row!.status}/${row!.attempts}`);
      s.clock.set(s.clock.t + 60_000);
    }
    expect(seen).toEqual(['QUEUED/1', 'QUEUED/2', 'FAILED/3', 'FAILED/3', 'FAILED/3']);
    expect(posts(f)).toHaveLength(3);
    const check = await queueChecks(s.core.diagnostics.context('t@h', { integrations: [] })).find((c) => c.name === 'outbox_failed')!.run(RUN);
    expect(check.observed).toMatchObject({ failed: 1, permanent: 0 });
  });

  it('a full local hour window: the item waits for it to free without spending an attempt', async () => {
    const f = await graphFake();
    const s = await setup(f, { rate_limits: { messages_per_second: 10, messages_per_hour: 2, messages_per_day: 100 } });
    for (let i = 0; i < 3; i++) await s.enqueue('05321234567');
    expect(await s.pass()).toMatchObject({ sent: 2, waiting: 1 });
    const third = (await s.rows())[2]!;
    expect(third).toMatchObject({ status: 'QUEUED', attempts: 0, last_error_code: 'E_WHATSAPP_RATE_LIMITED' });
    expect(Date.parse(third.next_attempt_at!) - s.clock.t).toBeGreaterThan(3_500_000);
    expect(posts(f)).toHaveLength(2);
  });

  it('switched off: items wait, nothing is requested', async () => {
    const f = await graphFake();
    const s = await setup(f);
    await s.enqueue('05321234567');
    const off = { ...s.deps, settings: () => settingsFor(f, { enabled: false }) };
    expect(await processWhatsappOutbox(off)).toMatchObject({ processed: 0 });
    expect((await s.rows())[0]).toMatchObject({ status: 'QUEUED' });
    expect(f.requests).toHaveLength(0);
  });
});

describe('queue checks measure the outbox', () => {
  it('queue_backlog: due items untouched for 10 minutes WARN (nothing drains them); drained → PASS', async () => {
    const f = await graphFake();
    const s = await setup(f);
    await s.enqueue('05321234567');
    const ctxAt = (ms: number) => ({ ...s.core.diagnostics.context('t@h', { integrations: [] }), now: () => new Date(ms) });
    const backlog = (ms: number) => queueChecks(ctxAt(ms)).find((c) => c.name === 'queue_backlog')!.run(RUN);
    expect((await backlog(s.clock.t + 9 * 60_000)).status).toBe('PASS');
    const stalled = await backlog(s.clock.t + 11 * 60_000);
    expect(stalled).toMatchObject({ status: 'WARN', observed: { outbox_stalled: 1 } });
    expect(tr(stalled.detail)).toMatch(/^Giden kutusunda 1 kayıt 10 dakikadan uzun süredir işlenmeyi bekliyor/);
    expect(en(stalled.recommendation!)).toMatch(/optiplan360 serve/);
    await s.pass();
    expect((await backlog(s.clock.t + 11 * 60_000)).status).toBe('PASS');
  });

  it('outbox_failed: more than 5 failed WhatsApp items FAIL', async () => {
    const f = await graphFake({ failures: [sendFailure(131051, 99)] });
    const s = await setup(f);
    for (let i = 0; i < 6; i++) await s.enqueue('05321234567');
    await s.pass();
    const check = await queueChecks(s.core.diagnostics.context('t@h', { integrations: [] })).find((c) => c.name === 'outbox_failed')!.run(RUN);
    expect(check).toMatchObject({ status: 'FAIL', observed: { failed: 6, permanent: 6 } });
  });
});

describe('the processor of the long-running doors', () => {
  it('`optiplan360 whatsapp enqueue` queues from its own process; Core.startBackground (app, serve) sends it', async () => {
    const f = await graphFake();
    const { core, dataDir } = await migratedCore();
    writeConfig(dataDir, 'whatsapp.json', whatsappJson(f));
    const cli = await runCli(['whatsapp', 'enqueue', '--to', '0532 123 45 67', '--template', 'order_ready', '--param', 'Ayşe', 'S-1', '--reference', 'SIP-1001', '--data-dir', dataDir], { ...env(), [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY });
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^Kuyruğa alındı: “order_ready” şablonu \+90 532 \*\*\* \*\* 67 numarasına gönderilmek üzere giden kutusuna alındı \(kayıt \d+\)\.$/m);
    const refused = await runCli(['whatsapp', 'enqueue', '--to', '0212 555 01 23', '--template', 'order_ready', '--lang', 'en', '--data-dir', dataDir], { ...env(), [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY });
    expect(refused.code).toBe(1);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/not a mobile number/);
    expect(f.requests).toHaveLength(0);
    const queued = await core.db.kysely.selectFrom('outbox').select('payload').executeTakeFirstOrThrow();
    expect(JSON.parse(queued.payload)).toMatchObject({ reference: 'SIP-1001', template: 'order_ready' });

    await core.startBackground();
    await expect.poll(() => f.sent.length, { timeout: 15_000 }).toBe(1);
    expect(f.sent[0]).toMatchObject({ to: '905321234567', template: { name: 'order_ready_notification', language: { policy: 'deterministic', code: 'tr' } } });
    await expect.poll(async () => (await core.db.kysely.selectFrom('outbox').select('status').executeTakeFirst())?.status, { timeout: 5_000 }).toBe('DONE');
  }, 60_000);

  it('the operation through the dispatcher, and the shared pace, on PostgreSQL', async () => {
    const pgDb = await createThrowawayDb('optiplan_wa_outbox');
    cleanups.push(() => pgDb.drop());
    const f = await graphFake();
    const { core, dataDir } = await migratedCore(pgDb.url);
    writeConfig(dataDir, 'whatsapp.json', whatsappJson(f, { rate_limits: { messages_per_second: 4, messages_per_hour: 1000, messages_per_day: 10000 } }));
    for (let i = 0; i < 3; i++) await core.invoke('whatsapp.enqueue', { to: '+90 532 123 45 67', template: 'delivery_reminder' }, core.context('http'));
    const clock = testClock();
    const eff = core.whatsapp.effective();
    expect(await processWhatsappOutbox({ db: core.db, settings: () => eff, secrets: secrets(), clock })).toMatchObject({ sent: 3 });
    const slots = await new SharedRateLimiter(core.db, paceKey(eff.settings.phone_number_id), eff.settings.rate_limits, clock).slots();
    expect(slots.slice(1).map((t, i) => t - slots[i]!)).toEqual([250, 250]);
    expect((await core.db.kysely.selectFrom('outbox').select('status').execute()).map((r) => r.status)).toEqual(['DONE', 'DONE', 'DONE']);
  }, 60_000);

  it('test messages keep the same shared pace: their slot is reserved in the database; without the tables they pace in-process', async () => {
    const f = await graphFake();
    const { core, dataDir } = await migratedCore();
    writeConfig(dataDir, 'whatsapp.json', whatsappJson(f));
    expect(await core.whatsapp.sendTest({ to: '05321234567', template: 'delivery_reminder' }, 'admin@pc via ipc')).toMatchObject({ success: true });
    const events = await core.db.kysely.selectFrom('whatsapp_rate_events').selectAll().execute();
    expect(events).toHaveLength(1);

    const tc = await openTestCore({}, { env: env() });
    cleanups.push(() => tc.cleanup());
    writeConfig(tc.dataDir, 'whatsapp.json', whatsappJson(f));
    // Not migrated: the pace table is missing, the test message is still sent.
    expect(await tc.core.whatsapp.sendTest({ to: '05321234567', template: 'delivery_reminder' }, 'admin@pc via ipc')).toMatchObject({ success: true });
  }, 60_000);
});
