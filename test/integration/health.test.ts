import { afterEach, describe, expect, it, vi } from 'vitest';
import { HealthService } from '../../main/core/health/health-service.js';
import { createServer } from '../../main/server/server.js';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { createThrowawayDb, viaHostPort, type ThrowawayDb } from '../helpers/pg.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { runCli } from '../helpers/cli.js';
import { writeConfig } from '../helpers/temp.js';
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

const say = (m: Message | undefined) => ({ tr: m ? translator('tr').t(m) : '', en: m ? translator('en').t(m) : '' });

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
    const db = r.components.database;
    expect(db).toMatchObject({ message: { key: 'database.errors.unavailable' }, technical_detail: expect.stringMatching(/ECONNREFUSED/) });
    expect(say(db.message)).toEqual({ tr: 'PostgreSQL veritabanına ulaşılamıyor.', en: 'Cannot reach the PostgreSQL database.' });
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
    expect(dropped.components.database).toMatchObject({ message: { key: 'database.errors.no_answer' }, technical_detail: expect.stringMatching(/did not answer|timeout/i) });
    expect(say(dropped.components.database.message).tr).toBe('PostgreSQL veritabanı zamanında yanıt vermedi.');
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
    expect(r.components.mikro).toMatchObject({ status: 'unhealthy', message: { key: 'database.errors.timeout' } });
    expect(say(r.components.mikro.message)).toEqual({ tr: 'Mikro 200 ms içinde yanıt vermedi.', en: 'Mikro did not answer within 200 ms.' });
    expect(r.components.backup).toMatchObject({ status: 'unhealthy', message: { key: 'health.errors.needs_database' } });
    expect(say(r.components.backup.message).tr).toBe('Kontrol edilmedi: uygulama veritabanına ulaşılamıyor.');
    expect(dbProbe).not.toHaveBeenCalled();
  });

  it('a switched-off integration is `disabled` even while the database is down, is never probed, and the overall status ignores it', async () => {
    tc = await openTestCore();
    await tc.core.migrations.up();
    const h = new HealthService({ db: tc.core.db, migrations: tc.core.migrations, pingTimeoutMs: 1000, version: '0' });
    const probe = vi.fn(async () => ({ status: 'unhealthy' as const }));
    h.setProbe('backup', probe, { needsDatabase: true, disabled: () => true });
    h.setProbe('whatsapp', async () => ({ status: 'disabled' }));
    const r = await h.check();
    expect(r.components.backup).toMatchObject({ status: 'disabled', message: { key: 'common.skipped_disabled' } });
    expect(say(r.components.backup.message).tr).toBe('Yedekleme kapalı ("enabled": false) olduğu için atlandı.');
    expect(r.components.whatsapp.status).toBe('disabled');
    expect(r.status).toBe('healthy');
    expect(probe).not.toHaveBeenCalled();

    // The same switch through the core: backup_config.json "enabled": false.
    const down = await openTestCore({ url: 'postgres://postgres@127.0.0.1:1/none', ping_timeout_seconds: 1 });
    try {
      writeConfig(down.dataDir, 'backup_config.json', { enabled: false });
      const off = await down.core.health.check();
      expect(off.status).toBe('unhealthy'); // the database is down, whatever backups say
      expect(off.components.backup.status).toBe('disabled');
    } finally {
      await down.cleanup();
    }
    writeConfig(tc.dataDir, 'backup_config.json', { enabled: false });
    const healthy = await tc.core.health.check();
    expect(healthy.components.backup.status).toBe('disabled');
    expect(healthy.status).toBe('healthy');
  });

  it('CLI health: catalogue text in Turkish by default (tr-TR latency, local time with zone), --lang en, --json localized', async () => {
    tc = await openTestCore();
    await tc.core.migrations.up();
    writeConfig(tc.dataDir, 'backup_config.json', { enabled: false });
    const d = tc.dataDir;
    const tr = await runCli(['health', '--data-dir', d]);
    expect(tr.code).toBe(0);
    expect(tr.stdout).toMatch(/^OptiPlan360 \S+ — sağlıklı \(\d\d\.\d\d\.\d{4} \d\d:\d\d \S+\)\n/);
    expect(tr.stdout).toMatch(/Veritabanı: sağlıklı — sqlite:.*gecikme \d+(,\d)? ms/);
    expect(tr.stdout).toContain('Yedekleme: kapalı  Yedekleme kapalı ("enabled": false) olduğu için atlandı.');
    expect(tr.stdout).toContain('Mikro: kurulmadı');
    const en = await runCli(['health', '--lang', 'en', '--data-dir', d]);
    expect(en.stdout).toMatch(/^OptiPlan360 \S+ — healthy \(\d\d\/\d\d\/\d{4}, \d\d:\d\d \S+\)\n/);
    expect(en.stdout).toContain('Backups: switched off');
    const json = JSON.parse((await runCli(['health', '--json', '--lang', 'en', '--data-dir', d])).stdout) as { status: string; components: { backup: { status: string; message: string } } };
    // The runbook's keys keep their machine values; the component message is text in the one language.
    expect(json).toMatchObject({ status: 'healthy', components: { backup: { status: 'disabled', message: 'Skipped because Backups is switched off ("enabled": false).' } } });
  });

  it('GET /health: the runbook keys keep their machine values in every language; component messages follow Accept-Language, raw on request', async () => {
    tc = await openTestCore({ url: 'postgres://postgres:http-health-pw@127.0.0.1:1/none', ping_timeout_seconds: 1 });
    const server = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: 'health-test-token-0123456789abcdef' });
    try {
      await server.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
      const get = async (headers: Record<string, string>) => {
        const res = await fetch(`${base}/health`, { headers });
        expect(res.status).toBe(503);
        return (await res.json()) as { status: string; overall: string; database: string; service: string; components: { database: { message: unknown; technical_detail: string }; backup: { message: unknown } } };
      };
      const tr = await get({ 'accept-language': 'tr-TR,tr;q=0.9' });
      const en = await get({ 'accept-language': 'en-GB,en;q=0.9' });
      for (const body of [tr, en]) expect(body).toMatchObject({ status: 'unhealthy', overall: 'unhealthy', database: 'unhealthy', service: 'OPTIPLAN360 API' });
      expect(tr.components.database.message).toBe('PostgreSQL veritabanına ulaşılamıyor.');
      expect(en.components.database.message).toBe('Cannot reach the PostgreSQL database.');
      expect(en.components.database.technical_detail).toMatch(/ECONNREFUSED/);
      expect(tr.components.backup.message).toBe('Kontrol edilmedi: uygulama veritabanına ulaşılamıyor.');
      const raw = await get({ 'x-optiplan-messages': 'raw' });
      expect(raw.components.database.message).toEqual({ key: 'database.errors.unavailable', params: { engine: 'PostgreSQL' } });
      expect(JSON.stringify([tr, en, raw])).not.toContain('http-health-pw');
    } finally {
      await server.close();
    }
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
    expect(r.components.database.technical_detail).toMatch(/system_config\.json.*database\.auto_migrate_on_startup/);
    expect(r.components.database.message?.key).toMatch(/^config\./);
    expect(say(r.components.database.message).tr).toContain('system_config.json');
  });
});
