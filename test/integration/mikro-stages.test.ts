// The staged connection test against the TDS fake (TCP, UDP SQL Server Browser) and real tedious:
// where each failure stops, what each stage names, and the live progress through the job.
import { describe, expect, it, vi } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { MIKRO_STAGE_NAMES, type MikroStageProgress, type MikroTestResult } from '../../shared/mikro.js';
import { testMikroConnection } from '../../main/core/mikro/test-connection.js';
import { SERVER_FACTS_SQL } from '../../main/core/mikro/server-facts.js';
import { CANARY, MemoryAudit, NO_SECRETS, TEST_ACTOR, closedPort, expectNoCanary, fake, onCleanup, testForm } from './mikro-helpers.js';
import { startFullBacklogListener } from '../fakes/tds/full-backlog.js';

const actor = TEST_ACTOR;
const noSecrets = NO_SECRETS;
const tr = translator('tr');
const en = translator('en');
const form = (f: { host: string; port: number }, extra: Record<string, unknown> = {}) => testForm(f, { encrypt: false, ...extra });

function expectStopsAt(r: MikroTestResult, name: string): void {
  const names = r.stages!.map((s) => s.name);
  expect(names).toEqual(MIKRO_STAGE_NAMES.slice(0, MIKRO_STAGE_NAMES.indexOf(name as never) + 1));
  expect(r.stages!.at(-1)!.status).toBe('FAIL');
  expect(r.stages!.slice(0, -1).every((s) => s.status !== 'FAIL')).toBe(true);
  for (const s of r.stages!) {
    expect(typeof s.duration_ms).toBe('number');
    expect(s.duration_ms).toBeGreaterThanOrEqual(0);
    expect(tr.t(s.detail)).not.toBe(s.detail.key); // a catalogue text in both languages
    expect(en.t(s.detail)).not.toBe(s.detail.key);
  }
}

describe('staged connection test', () => {
  it('all nine stages pass in order against a working server, each with a duration; progress is live', async () => {
    const f = await fake({ serverVersion: '15.0.4345' });
    const seen: MikroStageProgress[] = [];
    const r = await testMikroConnection(form(f, { encrypt: true, certificate_fingerprint: undefined }), { actor, audit: new MemoryAudit(), secrets: noSecrets, onStage: (p) => seen.push(p) });
    expect(r.success).toBe(true);
    expect(r.stages!.map((s) => s.name)).toEqual([...MIKRO_STAGE_NAMES]);
    expect(seen.map((p) => [p.index, p.total, p.stage.name])).toEqual(MIKRO_STAGE_NAMES.map((n, i) => [i, 9, n]));
    expect(r.stages!.find((s) => s.name === 'prelogin')!.facts).toMatchObject({ product: 'SQL Server 2019 (15.0.4345)', encryption: 'NOT_SUP' });
    expect(r.stages!.find((s) => s.name === 'browser')!.status).toBe('SKIP');
    expect(r.stages!.find((s) => s.name === 'database')!.status).toBe('PASS');
  });

  it('after the stages, one statement reads the server facts with @@VERSION (no query of their own for version or build)', async () => {
    const facts = { product_version: '13.0.6300.2', product_level: 'SP3', update_level: '', edition: 'Standard Edition (64-bit)', engine_edition: 2, server_collation: 'Turkish_CI_AS', database_collation: 'Turkish_CI_AS', version: 'Microsoft SQL Server 2016 (SP3) - 13.0.6300.2 (X64)' };
    const f = await fake({
      answer: (sql) => (sql === SERVER_FACTS_SQL ? { columns: Object.keys(facts).map((name) => ({ name, type: name === 'engine_edition' ? 'int' : 'nvarchar' })), rows: [Object.values(facts)] } : undefined),
    });
    const r = await testMikroConnection(form(f), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(r).toMatchObject({ success: true, product_version: '13.0.6300.2', server_version: 'Microsoft SQL Server 2016 (SP3) - 13.0.6300.2 (X64)', server: { product: expect.stringContaining('SQL Server 2016'), edition: 'Standard Edition (64-bit)' } });
    expect(f.statements.filter((st) => /@@VERSION|SERVERPROPERTY/i.test(st))).toEqual([SERVER_FACTS_SQL]);
    // A server that does not answer the facts: @@VERSION is asked on its own, the test still says which server it is.
    const bare = await fake({ serverVersion: '16.0.4135', answer: (sql) => (sql === SERVER_FACTS_SQL ? { error: { number: 229, message: 'permission denied', class: 14 } } : undefined) });
    const r2 = await testMikroConnection(form(bare), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(r2).toMatchObject({ success: true, product_version: '16.0.4135' });
    expect(r2.server_version).toMatch(/^Microsoft SQL Server 2022/);
    expect(bare.statements).toContain('SELECT @@VERSION AS version');
  });

  it('a refused port stops at tcp (service stopped / TCP/IP off / wrong port)', async () => {
    const port = await closedPort();
    const r = await testMikroConnection(form({ host: '127.0.0.1', port }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expectStopsAt(r, 'tcp');
    expect(r.stages!.at(-1)!.detail.key).toBe('mikro.stages.tcp.refused');
    expect(tr.t(r.stages!.at(-1)!.next_step!)).toMatch(/TCP\/IP/);
    expect(r.stages!.at(-1)!.technical_detail).toMatch(/ECONNREFUSED/);
  });

  it('a port whose SYNs are dropped (a full accept queue, as behind a dropping firewall) stops at tcp: timeout, firewall and its fix', async () => {
    const l = await startFullBacklogListener();
    onCleanup(() => l.close());
    expect(l.queued).toBeGreaterThan(0); // the kernel queued connections, then started dropping SYNs
    const r = await testMikroConnection(form(l, { timeout_seconds: 1 }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expectStopsAt(r, 'tcp');
    expect(r).toMatchObject({ success: false, code: 'E_MIKRO_TIMEOUT' });
    const tcp = r.stages!.at(-1)!;
    expect(tcp.detail.key).toBe('mikro.stages.tcp.timeout');
    expect(tr.t(tcp.detail)).toMatch(new RegExp(`127\\.0\\.0\\.1:${l.port} 1 sn içinde yanıt vermedi: büyük olasılıkla bir güvenlik duvarı`));
    expect(en.t(tcp.detail)).toMatch(/most likely a firewall/);
    expect(tr.t(tcp.next_step!)).toMatch(/Güvenlik Duvarı → Gelen Kuralları/);
    expect(en.t(r.hint!)).toMatch(/firewall/i);
    expect(tcp.technical_detail).toMatch(/ETIMEDOUT/);
  });

  it('a silent listener (accepts, never answers PRELOGIN) stops at prelogin with a timeout', async () => {
    const f = await fake({ mode: 'hang-after-accept' });
    const r = await testMikroConnection(form(f, { timeout_seconds: 1 }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expectStopsAt(r, 'prelogin');
    expect(r).toMatchObject({ code: 'E_MIKRO_TIMEOUT' });
  });

  it('an unknown host stops at dns', async () => {
    const r = await testMikroConnection(form({ host: 'no-such-mikro-server.invalid', port: 1433 }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expectStopsAt(r, 'dns');
    expect(en.t(r.stages!.at(-1)!.detail)).toMatch(/no-such-mikro-server\.invalid.*unknown host/);
  });

  it('a missing instance stops at browser, listing the instances the Browser returned; a listed one is found and used', async () => {
    const f = await fake({ browser: { instances: [{ name: 'SQLEXPRESS' }, { name: 'MIKRO2', port: 1 }] } });
    const ctx = { actor, audit: new MemoryAudit(), secrets: noSecrets, browserPort: f.browserPort! };
    const missing = await testMikroConnection(form(f, { instance: 'MIKRO' }), ctx);
    expectStopsAt(missing, 'browser');
    expect(missing).toMatchObject({ code: 'E_MIKRO_INSTANCE' });
    expect(tr.t(missing.stages!.at(-1)!.detail)).toMatch(/“MIKRO” örneği bu sunucuda yok.*SQLEXPRESS.*MIKRO2/);

    const found = await testMikroConnection(form(f, { host: `${f.host}\\sqlexpress`, port: undefined }), ctx);
    expect(found.success).toBe(true);
    expect(found.stages!.find((s) => s.name === 'browser')).toMatchObject({ status: 'PASS', facts: { port: f.port } });
    expect(f.logins.length).toBeGreaterThan(0);
  });

  it('a login failure stops at login, after prelogin named the server version as a product', async () => {
    const f = await fake({ serverVersion: '11.0.7001', login: (l) => ({ ok: false, number: 18456, message: `Login failed for user '${l.user}'.`, class: 14 }) });
    const r = await testMikroConnection(form(f), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expectStopsAt(r, 'login');
    expect(r).toMatchObject({ code: 'E_MIKRO_LOGIN_FAILED' });
    const prelogin = r.stages!.find((s) => s.name === 'prelogin')!;
    expect(prelogin.facts).toMatchObject({ product: 'SQL Server 2012 SP4 (11.0.7001)' });
    expect(tr.t(prelogin.detail)).toContain('SQL Server 2012 SP4 (11.0.7001)');
    expectNoCanary(r);
  });

  it('a database the login cannot open: login PASS, database FAIL', async () => {
    const f = await fake({ login: () => ({ ok: false, number: 4060, message: 'Cannot open database "X" requested by the login. The login failed.', class: 11 }) });
    const r = await testMikroConnection(form(f), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expectStopsAt(r, 'database');
    expect(r.stages!.find((s) => s.name === 'login')!.status).toBe('PASS');
  });

  it('a server string with both a port and an instance stops at parse; nothing is contacted', async () => {
    const f = await fake();
    const r = await testMikroConnection(form(f, { host: `${f.host}\\MIKRO,${f.port}` }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expectStopsAt(r, 'parse');
    expect(r).toMatchObject({ code: 'E_VALIDATION' });
    expect(f.connections).toBe(0);
  });

  it('Cancel stops the test: the running stage ends FAIL (cancelled), nothing after it runs', async () => {
    const f = await fake({ mode: 'hang-after-accept' });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = testMikroConnection(form(f, { timeout_seconds: 30 }), {
      actor,
      audit: new MemoryAudit(),
      secrets: noSecrets,
      signal: controller.signal,
      onStage: (p) => {
        seen.push(p.stage.name);
        if (p.stage.name === 'tcp') controller.abort();
      },
    });
    const r = await run;
    expect(r.success).toBe(false);
    expect(r.stages!.at(-1)).toMatchObject({ name: 'prelogin', status: 'FAIL', detail: { key: 'mikro.stages.cancelled' } });
    expect(seen).toEqual(['parse', 'dns', 'browser', 'tcp', 'prelogin']);
  });
});

describe('mikro.test as a job', () => {
  it('emits one job.progress per stage ({ stage, index, total }); mikro.cancelTest stops a running test', async () => {
    const { openTestCore } = await import('../helpers/core.js');
    const tc = await openTestCore();
    try {
      await tc.core.migrations.up();
      const f = await fake();
      const progress: MikroStageProgress[] = [];
      const stop = tc.core.events.subscribe((e) => {
        if (e.name === 'job.progress' && e.data.op === 'mikro.test') progress.push(e.data.progress as MikroStageProgress);
      });
      const ctx = tc.core.context('ipc');
      const r = await tc.core.invoke('mikro.test', { host: f.host, port: f.port, database: 'MikroDB', username: 'u', password: CANARY, encrypt: false }, ctx);
      expect(r.success).toBe(true);
      expect(progress.map((p) => p.stage.name)).toEqual([...MIKRO_STAGE_NAMES]);
      expect(progress.every((p, i) => p.index === i && p.total === MIKRO_STAGE_NAMES.length)).toBe(true);
      expect(r.stages).toEqual(progress.map((p) => p.stage));

      // A server that never answers PRELOGIN, a long timeout: Cancel ends it at once.
      const hung = await fake({ mode: 'hang-after-accept' });
      expect(await tc.core.invoke('mikro.cancelTest', {}, ctx)).toEqual({ cancelled: false });
      const running = tc.core.invoke('mikro.test', { host: hung.host, port: hung.port, database: 'MikroDB', username: 'u', password: CANARY, encrypt: false, timeout_seconds: 60 }, ctx);
      await vi.waitFor(() => expect(progress.some((p) => p.stage.name === 'tcp' && p.index === 3 && progress.indexOf(p) >= MIKRO_STAGE_NAMES.length)).toBe(true));
      expect(await tc.core.invoke('mikro.cancelTest', {}, ctx)).toEqual({ cancelled: true });
      const cancelled = await running;
      expect(cancelled).toMatchObject({ success: false });
      expect(cancelled.stages!.at(-1)).toMatchObject({ name: 'prelogin', detail: { key: 'mikro.stages.cancelled' } });
      stop();
    } finally {
      await tc.cleanup();
    }
  });
});
