/**
 * The fleet view (issue 18): two consoles (two data folders) on one PostgreSQL see each other
 * with their statuses; one that stopped turns silent once its last sign of life is older than
 * the threshold; the history stays capped; a failed fleet write never fails the console's own
 * health; with SQLite the list explains that the fleet needs the shared PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_CAP } from '../../main/core/fleet/fleet-service.js';
import { runCli } from '../helpers/cli.js';
import { openTestCore, TEST_AUDIT_KEY, TEST_AUDIT_KEY_ENV, type TestCore } from '../helpers/core.js';
import { createThrowawayDb, withPg, type ThrowawayDb } from '../helpers/pg.js';

let pgDb: ThrowawayDb;
let a: TestCore;
let b: TestCore;

async function openConsole(name: string): Promise<TestCore> {
  const t = await openTestCore({ url: pgDb.url }, { env: { OPTIPLAN_CONSOLE_NAME: name, OPTIPLAN_FLEET_SILENT_SECONDS: '600' } });
  await t.core.migrateUp('test');
  await t.core.fleet.start();
  return t;
}

beforeAll(async () => {
  pgDb = await createThrowawayDb('optiplan_fleet');
  a = await openConsole('ATOLYE-PC-1');
  b = await openConsole('OFIS-PC-2');
  await a.core.invoke('health.get', {}, a.core.context('cli'));
  await b.core.invoke('health.get', {}, b.core.context('cli'));
  // B runs diagnostics (quick checks only): the run's status lands in its fleet row.
  await b.core.invoke('diagnostics.run', { only: ['system', 'database'] }, b.core.context('cli'));
}, 120_000);

afterAll(async () => {
  await a?.cleanup();
  await b?.cleanup().catch(() => undefined);
  await pgDb?.drop();
});

describe('fleet on the shared PostgreSQL', () => {
  it('each console sees both, with user, version, health and diagnostics status; itself marked', async () => {
    for (const [me, other] of [[a, 'OFIS-PC-2'], [b, 'ATOLYE-PC-1']] as const) {
      const v = await me.core.invoke('fleet.list', {}, me.core.context('ipc'));
      expect(v.available).toBe(true);
      expect(v.engine).toBe('postgres');
      expect(v.consoles.map((c) => c.name)).toEqual(['ATOLYE-PC-1', 'OFIS-PC-2']);
      const self = v.consoles.find((c) => c.self)!;
      expect(self.name).toBe(v.self_name);
      expect(v.consoles.find((c) => c.name === other)!.self).toBe(false);
      for (const c of v.consoles) {
        expect(c.health_status).toBe('healthy');
        expect(c.version).toBe(me.core.version);
        expect(c.user.length).toBeGreaterThan(0);
        expect(['ok', 'warn', 'fail']).toContain(c.state);
      }
    }
    const v = await a.core.invoke('fleet.list', { history: 5 }, a.core.context('ipc'));
    const ofis = v.consoles.find((c) => c.name === 'OFIS-PC-2')!;
    expect(ofis.diagnostics_status).toMatch(/^(PASS|WARN|FAIL)$/);
    expect(ofis.history!.map((h) => h.kind)).toEqual(['diagnostics', 'health', 'start']);
    expect(v.consoles.find((c) => c.name === 'ATOLYE-PC-1')!.diagnostics_status).toBeNull();
  });

  it('failing checks of a diagnostics run are listed and make the console fail', async () => {
    await b.core.fleet.noteDiagnostics('FAIL', ['backup_recency', 'mikro_connection']);
    const v = await a.core.invoke('fleet.list', {}, a.core.context('ipc'));
    const ofis = v.consoles.find((c) => c.name === 'OFIS-PC-2')!;
    expect(ofis.failing_checks).toEqual(['backup_recency', 'mikro_connection']);
    expect(ofis.state).toBe('fail');
  });

  it('the CLI lists both in Turkish, and --json carries the same view', async () => {
    const env = { [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY, OPTIPLAN_CONSOLE_NAME: 'ATOLYE-PC-1' };
    const human = await runCli(['fleet', 'list', '--data-dir', a.dataDir], env);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/^2 konsol/);
    expect(human.stdout).toMatch(/ATOLYE-PC-1 {2}sağlıklı {2}son görülme .*\(bu konsol\)/);
    expect(human.stdout).toContain('sorunlu kontroller: backup_recency ve mikro_connection');
    const json = await runCli(['fleet', 'list', '--json', '--data-dir', a.dataDir], env);
    expect((JSON.parse(json.stdout) as { consoles: { name: string }[] }).consoles.map((c) => c.name)).toEqual(['ATOLYE-PC-1', 'OFIS-PC-2']);
  }, 60_000);

  it('a console that stopped turns silent once its last sign of life is older than the threshold', async () => {
    await b.cleanup();
    // Stopped twenty minutes ago (the threshold is ten): its row is as it left it, only older.
    const old = new Date(Date.now() - 20 * 60_000).toISOString();
    await withPg(pgDb.url, (c) => c.query(`UPDATE consoles SET last_seen = $1 WHERE name = 'OFIS-PC-2'`, [old]));
    await a.core.fleet.noteDiagnostics('PASS', []);
    const v = await a.core.invoke('fleet.list', {}, a.core.context('ipc'));
    expect(v.consoles.find((c) => c.name === 'OFIS-PC-2')!.state).toBe('silent');
    expect(v.consoles.find((c) => c.name === 'ATOLYE-PC-1')!.state).toBe('ok');
    expect(v.silent_after_seconds).toBe(600);
  });

  it('the history stays capped per console', async () => {
    for (let i = 0; i < HISTORY_CAP + 10; i++) await a.core.fleet.noteDiagnostics('PASS', []);
    const rows = await withPg(pgDb.url, (c) => c.query<{ n: string }>(`SELECT count(*) AS n FROM console_history WHERE console = 'ATOLYE-PC-1'`));
    expect(Number(rows.rows[0]!.n)).toBe(HISTORY_CAP);
  }, 60_000);

  it('a fleet write that fails never fails the console’s own health', async () => {
    await withPg(pgDb.url, (c) => c.query('ALTER TABLE consoles RENAME TO consoles_away'));
    try {
      a.core.health.forget();
      const health = await a.core.invoke('health.get', {}, a.core.context('cli'));
      expect(health.components.database.status).toBe('healthy');
      await expect(a.core.fleet.noteDiagnostics('WARN', [])).resolves.toBeUndefined();
      const v = await a.core.invoke('fleet.list', {}, a.core.context('ipc'));
      expect(v.available).toBe(false);
      expect(v.reason?.key).toBe('fleet.not_migrated');
    } finally {
      await withPg(pgDb.url, (c) => c.query('ALTER TABLE consoles_away RENAME TO consoles'));
    }
  });
});

describe('fleet with SQLite', () => {
  it('writes nothing and explains that the fleet needs the shared PostgreSQL (core and CLI)', async () => {
    const t = await openTestCore();
    try {
      await t.core.migrateUp('test');
      await t.core.fleet.start();
      await t.core.invoke('health.get', {}, t.core.context('cli'));
      const v = await t.core.invoke('fleet.list', {}, t.core.context('ipc'));
      expect(v).toMatchObject({ engine: 'sqlite', available: false, reason: { key: 'fleet.sqlite' }, consoles: [] });
      const rows = await t.core.db.kysely.selectFrom('consoles').selectAll().execute();
      expect(rows).toEqual([]);
      const cli = await runCli(['fleet', 'list', '--data-dir', t.dataDir], { [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY });
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain('Konsollar görünümü ortak PostgreSQL veritabanı gerektirir');
    } finally {
      t.core.fleet.stop();
      await t.cleanup();
    }
  }, 60_000);
});
