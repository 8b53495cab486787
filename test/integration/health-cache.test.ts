// Health probes (issue 13): the Graph API and Mikro answers are cached 30 s with `checked_at`,
// the database ping never is; /health/live and /health/ready. Real serve on loopback, the Graph
// fake recording every request, a TCP listener counting connections as the Mikro server.
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthService } from '../../main/core/health/health-service.js';
import { createServer } from '../../main/server/server.js';
import type { HealthReport, OtherComponent } from '../../shared/health.js';
import { CANARY_TOKEN, graphFake, whatsappJson } from '../fakes/graph/harness.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { createThrowawayDb, viaHostPort, type ThrowawayDb } from '../helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { writeConfig } from '../helpers/temp.js';

const TOKEN = 'health-cache-token-0123456789abcdef';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(database: Record<string, unknown> = {}): Promise<{ tc: TestCore; app: FastifyInstance; base: string }> {
  const tc = await openTestCore(database, { env: { WA_TOKEN: CANARY_TOKEN, MIKRO_PW: 'pw' } });
  cleanups.push(() => tc.cleanup());
  const app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: TOKEN });
  await app.listen({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => app.close());
  return { tc, app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

const health = async (base: string): Promise<{ status: number; body: HealthReport }> => {
  const res = await fetch(`${base}/health`);
  return { status: res.status, body: (await res.json()) as HealthReport };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A "Mikro server" that accepts and drops connections, counting them. */
async function countingServer(): Promise<{ port: number; connections: () => number }> {
  let n = 0;
  const srv = net.createServer((s) => {
    n++;
    s.destroy();
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise((r) => srv.close(r)));
  return { port: (srv.address() as net.AddressInfo).port, connections: () => n };
}

describe('external health probes are cached', () => {
  it('20 /health calls in two seconds make at most 2 Graph API calls; checked_at says when Meta was asked', async () => {
    const f = await graphFake();
    const { tc, base } = await serve();
    await tc.core.migrations.up();
    writeConfig(tc.dataDir, 'whatsapp.json', whatsappJson(f));
    const answers: HealthReport[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await health(base);
      expect(r.status).toBe(200);
      answers.push(r.body);
      await sleep(100);
    }
    expect(answers[0]!.components.whatsapp.status).toBe('healthy');
    expect(f.requests.length).toBeGreaterThan(0);
    expect(f.requests.length).toBeLessThanOrEqual(2);
    const checked = new Set(answers.map((a) => a.components.whatsapp.checked_at));
    expect(checked.size).toBe(1);
    expect(Date.parse([...checked][0]!)).toBeLessThanOrEqual(Date.parse(answers[19]!.timestamp));
    // The database was pinged by every call (its own latency each time, not a copy).
    expect(answers.every((a) => typeof a.components.database.latency_ms === 'number')).toBe(true);
    expect(new Set(answers.map((a) => a.timestamp)).size).toBe(20);
  });

  it('saving the settings asks again at once', async () => {
    const f = await graphFake();
    const { tc, base } = await serve();
    writeConfig(tc.dataDir, 'whatsapp.json', whatsappJson(f));
    const first = await health(base);
    const asked = f.requests.length;
    expect((await health(base)).body.components.whatsapp.checked_at).toBe(first.body.components.whatsapp.checked_at);
    expect(f.requests.length).toBe(asked);
    f.state.phone.quality_rating = 'YELLOW';
    writeConfig(tc.dataDir, 'whatsapp.json', whatsappJson(f, { api_version: 'v21.0', default_language: 'tr' }));
    const after = await health(base);
    expect(f.requests.length).toBeGreaterThan(asked);
    expect(after.body.components.whatsapp.status).toBe('degraded');
  });

  it('the database ping is never cached: an outage shows in the very next /health while WhatsApp stays cached', async () => {
    const f = await graphFake();
    const pgDb: ThrowawayDb = await createThrowawayDb('optiplan_hcache');
    cleanups.push(() => pgDb.drop());
    const proxy: TcpProxy = await startTcpProxy('127.0.0.1', 5432);
    cleanups.push(() => proxy.close());
    const { tc, base } = await serve({ url: viaHostPort(pgDb.url, '127.0.0.1', proxy.port), ping_timeout_seconds: 1 });
    await tc.core.migrations.up();
    writeConfig(tc.dataDir, 'whatsapp.json', whatsappJson(f));
    expect((await health(base)).status).toBe(200);
    const asked = f.requests.length;
    proxy.setMode('refuse');
    const down = await health(base);
    expect(down.status).toBe(503);
    expect(down.body.components.database.status).toBe('unhealthy');
    expect(f.requests.length).toBe(asked);
    proxy.setMode('forward');
    expect((await health(base)).status).toBe(200);
  });

  it('after the cache time the probe runs again; a failing probe is cached too (a dead peer is not asked on every poll)', async () => {
    const tc = await openTestCore();
    cleanups.push(() => tc.cleanup());
    await tc.core.migrations.up();
    let clock = 1_000_000;
    let calls = 0;
    let answer: OtherComponent = { status: 'unhealthy' };
    const service = new HealthService({ db: tc.core.db, migrations: tc.core.migrations, pingTimeoutMs: 2_000, version: 't', now: () => clock });
    service.setProbe('mikro', async () => {
      calls++;
      return answer;
    });
    const a = await service.check();
    await service.check();
    expect(calls).toBe(1);
    expect(a.components.mikro).toMatchObject({ status: 'unhealthy', checked_at: new Date(1_000_000).toISOString() });
    clock += 29_999;
    await service.check();
    expect(calls).toBe(1);
    answer = { status: 'healthy' };
    clock += 2;
    const b = await service.check();
    expect(calls).toBe(2);
    expect(b.components.mikro).toMatchObject({ status: 'healthy', checked_at: new Date(1_000_000 + 30_001).toISOString() });
  });

  it('the schema state is read on every check while behind head, and reused once at head (the ping still every time)', async () => {
    const tc = await openTestCore();
    cleanups.push(() => tc.cleanup());
    let clock = 5_000_000;
    let reads = 0;
    let pings = 0;
    const runner = tc.core.migrations;
    const counting = Object.assign(Object.create(runner) as typeof runner, { status: () => (reads++, runner.status()) });
    const db = Object.assign(Object.create(tc.core.db) as typeof tc.core.db, { ping: (ms: number) => (pings++, tc.core.db.ping(ms)) });
    const service = new HealthService({ db, migrations: counting, pingTimeoutMs: 2_000, version: 't', now: () => clock });
    expect((await service.check()).components.database.migrations?.pending).toBeGreaterThan(0);
    await service.check();
    expect(reads).toBe(2);
    await runner.up();
    expect((await service.check()).components.database.migrations?.pending).toBe(0);
    await service.check();
    await service.check();
    expect(reads).toBe(3);
    expect(pings).toBe(5);
    clock += 30_001;
    await service.check();
    expect(reads).toBe(4);
  });

  it('GET /api/v1/mikro/health is cached the same way, in its older shape, with x-checked-at', async () => {
    const mikro = await countingServer();
    const { tc, base } = await serve();
    writeConfig(tc.dataDir, 'mikro_connection.json', { host: '127.0.0.1', port: mikro.port, database: 'MikroDB', username: 'optiplan_ro', password: 'ENV:MIKRO_PW', timeout_seconds: 2, encrypt: false });
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${base}/api/v1/mikro/health`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 'error' });
      expect(body).not.toHaveProperty('checked_at');
      seen.add(res.headers.get('x-checked-at') ?? '');
    }
    expect(seen.size).toBe(1);
    expect(mikro.connections()).toBeGreaterThan(0);
    expect(mikro.connections()).toBeLessThanOrEqual(2);
  });
});

describe('/health/live and /health/ready', () => {
  it('live answers without the database; ready needs the database and the schema at head', async () => {
    const { tc, base } = await serve();
    const live = await fetch(`${base}/health/live`);
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toBe('no-store');
    expect(await live.json()).toMatchObject({ status: 'alive', version: tc.core.version });

    const behind = await fetch(`${base}/health/ready`);
    expect(behind.status).toBe(503);
    expect(await behind.json()).toMatchObject({ status: 'not_ready', message: expect.stringMatching(/^Hazır değil: bekleyen migration sayısı \d+\.$/) });
    await tc.core.migrations.up();
    const ready = await fetch(`${base}/health/ready`, { headers: { 'accept-language': 'en' } });
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: { status: 'healthy' } });
  });

  it('ready is 503 and live 200 while the database is unreachable', async () => {
    const { base } = await serve({ url: 'postgres://postgres@127.0.0.1:1/none', ping_timeout_seconds: 1 });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`, { headers: { 'accept-language': 'en' } });
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', database: { status: 'unhealthy' } });
  });
});

describe('the backup probe is kept a few seconds', () => {
  it('reused within backupCacheMs, asked again after it, when this process records a backup (forget) or when the schema moves', async () => {
    const tc = await openTestCore();
    cleanups.push(() => tc.cleanup());
    let clock = 2_000_000;
    let calls = 0;
    const service = new HealthService({ db: tc.core.db, migrations: tc.core.migrations, pingTimeoutMs: 2_000, version: 't', now: () => clock, backupCacheMs: 5_000 });
    service.setProbe('backup', async () => (calls++, { status: 'healthy' }), { needsDatabase: true });
    await service.check();
    expect(calls).toBe(1);
    // Behind head the schema is read every time; migrating changes it: the backup rows are read again.
    await tc.core.migrations.up();
    await service.check();
    expect(calls).toBe(2);
    await service.check();
    clock += 4_999;
    const kept = await service.check();
    expect(calls).toBe(2);
    expect(kept.components.backup).toEqual({ status: 'healthy' });
    clock += 1;
    await service.check();
    expect(calls).toBe(3);
    service.forget('backup');
    await service.check();
    expect(calls).toBe(4);
  });

  it('through the core: a backup run of this process shows in the very next check', async () => {
    const tc = await openTestCore();
    cleanups.push(() => tc.cleanup());
    await tc.core.migrations.up();
    expect((await tc.core.health.check()).components.backup.status).toBe('not_configured');
    expect((await tc.core.health.check()).components.backup.status).toBe('not_configured');
    await tc.core.invoke('backup.run', { verify: false }, tc.core.context('cli'));
    expect((await tc.core.health.check()).components.backup.status).toBe('healthy');
  });
});
