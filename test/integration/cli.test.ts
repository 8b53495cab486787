import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../main/core/migrations/index.js';
import { runCli } from '../helpers/cli.js';
import { createThrowawayDb, type ThrowawayDb } from '../helpers/pg.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

let tmp: ReturnType<typeof tempDir> | undefined;
let pgDb: ThrowawayDb | undefined;
afterEach(async () => {
  tmp?.remove();
  await pgDb?.drop();
  tmp = pgDb = undefined;
});

function dataDir(database: Record<string, unknown> = {}): string {
  tmp = tempDir();
  writeConfig(tmp.dir, 'system_config.json', { database: { auto_migrate_on_startup: false, ...database } });
  return tmp.dir;
}

describe('optiplan360 CLI', () => {
  it('migrate status → up → status, and health --json, with documented exit codes', async () => {
    const d = dataDir();
    const before = await runCli(['migrate', 'status', '--json', '--data-dir', d]);
    expect(before.code).toBe(1);
    expect(JSON.parse(before.stdout)).toMatchObject({ engine: 'sqlite', current: null, at_head: false });

    const up = await runCli(['migrate', 'up', '--data-dir', d]);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/uygulandı: 0001 operational_tables/); // Turkish by default (--lang en: applied …)

    const after = await runCli(['migrate', 'status', '--json', '--data-dir', d]);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ at_head: true });

    const health = await runCli(['health', '--json', '--data-dir', d]);
    expect(health.code).toBe(0);
    expect(JSON.parse(health.stdout)).toMatchObject({ status: 'healthy', database: 'healthy', components: { database: { engine: 'sqlite' } } });
    // The data folder holds the database, the seeded config and the log.
    expect(fs.existsSync(path.join(d, 'optiplan360.sqlite'))).toBe(true);
    expect(fs.readdirSync(path.join(d, 'logs')).some((f) => f.endsWith('.log'))).toBe(true);
  });

  it('OPTIPLAN_DATA_DIR selects the data folder when no flag is given', async () => {
    const d = dataDir();
    const r = await runCli(['migrate', 'up', '--json'], { OPTIPLAN_DATA_DIR: d });
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(d, 'optiplan360.sqlite'))).toBe(true);
  });

  it('health exits 1 when the database is unreachable, with the reason', async () => {
    const d = dataDir({ ping_timeout_seconds: 1 });
    const r = await runCli(['health', '--data-dir', d], { DATABASE_URL: 'postgres://postgres:canary-cli-pw@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/— sağlıksız \(/);
    expect(r.stdout).toMatch(/ECONNREFUSED|connect/i);
    expect(r.stdout + r.stderr).not.toContain('canary-cli-pw');
  });

  it('two `migrate up` processes at once on one SQLite file: each migration applied once', async () => {
    const d = dataDir();
    const [a, b] = await Promise.all([runCli(['migrate', 'up', '--json', '--data-dir', d]), runCli(['migrate', 'up', '--json', '--data-dir', d])]);
    const applied: string[] = [];
    for (const r of [a, b]) {
      if (r.code === 0) applied.push(...(JSON.parse(r.stdout) as { applied: { version: string }[] }).applied.map((x) => x.version));
      else expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'E_MIGRATION_LOCKED' } });
    }
    expect(applied.sort()).toEqual(MIGRATIONS.map((m) => m.version));
    const status = await runCli(['migrate', 'status', '--json', '--data-dir', d]);
    expect(JSON.parse(status.stdout).applied).toHaveLength(MIGRATIONS.length);
  });

  it('works against PostgreSQL through DATABASE_URL', async () => {
    pgDb = await createThrowawayDb();
    const d = dataDir();
    const up = await runCli(['migrate', 'up', '--json', '--data-dir', d], { DATABASE_URL: pgDb.url });
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout).status).toMatchObject({ engine: 'postgres', at_head: true });
  });

  it('--help and --version exit 0; unknown flags and verbs exit 64 with a usage hint', async () => {
    const help = await runCli(['health', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--json/);
    expect(help.stdout).toMatch(/--data-dir/);
    expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const bad = await runCli(['health', '--bogus']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/unknown option '--bogus'/);
    expect((await runCli(['frobnicate'])).code).toBe(64);
  });
});
