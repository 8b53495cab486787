import { afterEach, describe, expect, it, vi } from 'vitest';
import { HealthService } from '../../main/core/health/health-service.js';
import { createThrowawayDb, viaHostPort, type ThrowawayDb } from '../helpers/pg.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

let tc: TestCore | undefined;
let pgDb: ThrowawayDb | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  await tc?.cleanup();
  await proxy?.close();
  await pgDb?.drop();
  tc = pgDb = proxy = undefined;
});

/** Poll `fn` until it returns true, at most `ms`. Not a timing assertion: a bound on waiting. */
async function eventually(fn: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`condition not met within ${ms} ms`);
}

describe('health', () => {
  it('SQLite: healthy with engine, latency and schema state; degraded while migrations are pending', async () => {
    tc = await openTestCore();
    const before = await tc.core.health.check();
    expect(before.components.database).toMatchObject({ status: 'healthy', engine: 'sqlite' });
    expect(before.components.database.migrations?.pending).toBeGreaterThan(0);
    expect(before.status).toBe('degraded');
    expect(before.overall).toBe(before.status);

    await tc.core.migrations.up();
    const r = await tc.core.health.check();
    expect(r).toMatchObject({ status: 'healthy', overall: 'healthy', database: 'healthy', service: 'OPTIPLAN360 API' });
    expect(r.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof r.components.database.latency_ms).toBe('number');
    expect(r.components.mikro.status).toBe('not_configured');
    expect(Date.now() - Date.parse(r.timestamp)).toBeLessThan(60_000);
  });

  it('PostgreSQL: healthy, with the password never in the reported target', async () => {
    pgDb = await createThrowawayDb();
    const withPassword = pgDb.url.replace('postgres@', 'postgres:canary-pg-secret@');
    tc = await openTestCore({ url: withPassword, auto_migrate_on_startup: true });
    await tc.core.startAutoMigrate();
    const r = await tc.core.health.check();
    expect(r.status).toBe('healthy');
    expect(r.components.database.engine).toBe('postgres');
    expect(JSON.stringify(r)).not.toContain('canary-pg-secret');
  });

  it('a refused PostgreSQL URL is unhealthy (and the core still opens)', async () => {
    tc = await openTestCore({ url: 'postgres://postgres@127.0.0.1:1/none', ping_timeout_seconds: 2 });
    const r = await tc.core.health.check();
    expect(r.status).toBe('unhealthy');
    expect(r.database).toBe('unhealthy');
    expect(r.components.database.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('concurrent probes share the one check in flight; the next probe checks again', async () => {
    tc = await openTestCore();
    const [a, b] = await Promise.all([tc.core.health.check(), tc.core.health.check()]);
    expect(a).toBe(b);
    const c = await tc.core.health.check();
    expect(c).not.toBe(a);
  });

  it('survives connection loss (refused, then silently dropped packets) and recovers without restart', async () => {
    pgDb = await createThrowawayDb();
    proxy = await startTcpProxy('127.0.0.1', 5432);
    tc = await openTestCore({ url: viaHostPort(pgDb.url, '127.0.0.1', proxy.port), ping_timeout_seconds: 1 });
    await tc.core.migrations.up();
    expect((await tc.core.health.check()).status).toBe('healthy');

    proxy.setMode('refuse');
    expect((await tc.core.health.check()).status).toBe('unhealthy');
    proxy.setMode('forward');
    await eventually(async () => (await tc!.core.health.check()).status === 'healthy', 10_000);

    proxy.setMode('blackhole');
    const dropped = await tc.core.health.check();
    expect(dropped.status).toBe('unhealthy');
    expect(dropped.components.database.error).toMatch(/did not answer|timeout/i);
    proxy.setMode('forward');
    await eventually(async () => (await tc!.core.health.check()).status === 'healthy', 10_000);
  });

  it('starts while the database is unreachable and applies migrations once it is reachable', async () => {
    pgDb = await createThrowawayDb();
    proxy = await startTcpProxy('127.0.0.1', 5432);
    proxy.setMode('refuse');
    tc = await openTestCore(
      { url: viaHostPort(pgDb.url, '127.0.0.1', proxy.port), auto_migrate_on_startup: true, ping_timeout_seconds: 1 },
      { migrateRetryMs: 200 },
    );
    const first = await tc.core.startAutoMigrate();
    expect(first.state).toBe('waiting_for_database');
    expect((await tc.core.health.check()).status).toBe('unhealthy');
    proxy.setMode('forward');
    await eventually(async () => tc!.core.autoMigrate.state === 'done', 10_000);
    const r = await tc.core.health.check();
    expect(r.status).toBe('healthy');
    expect(r.components.database.migrations?.pending).toBe(0);
  });

  it('a hung integration probe is cut at its bound; a probe that needs the database is skipped while it is down', async () => {
    tc = await openTestCore({ url: 'postgres://postgres@127.0.0.1:1/none', ping_timeout_seconds: 1 });
    const h = new HealthService({ db: tc.core.db, migrations: tc.core.migrations, pingTimeoutMs: 1000, version: '0', componentTimeoutMs: 200 });
    const dbProbe = vi.fn(async () => ({ status: 'healthy' as const }));
    h.setProbe('mikro', () => new Promise(() => undefined));
    h.setProbe('backup', dbProbe, { needsDatabase: true });
    const r = await h.check();
    expect(r.components.mikro).toMatchObject({ status: 'unhealthy', error: expect.stringMatching(/mikro did not answer within 200 ms/) });
    expect(r.components.backup).toMatchObject({ status: 'unhealthy', error: expect.stringContaining('database is unavailable') });
    expect(dbProbe).not.toHaveBeenCalled();
  });

  it('auto_migrate_on_startup: false is honoured', async () => {
    tc = await openTestCore({ auto_migrate_on_startup: false });
    const state = await tc.core.startAutoMigrate();
    expect(state).toMatchObject({ enabled: false, state: 'idle' });
    expect((await tc.core.migrations.status()).current).toBeNull();
  });

  it('an invalid system_config.json is reported by health, naming the file and the path', async () => {
    tc = await openTestCore({ auto_migrate_on_startup: 'yes' });
    const r = await tc.core.health.check();
    expect(r.status).toBe('unhealthy');
    expect(r.components.database.error).toMatch(/system_config\.json.*database\.auto_migrate_on_startup/);
  });
});
