// An emptied (0-byte), deleted or replaced SQLite app database after backups is not a fresh
// install: migrate up, serve's auto-migrate and every use refuse to start a new chain silently
// and say how to restore the latest verified backup; --accept-fresh-database is the deliberate way.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { translator } from '../../shared/i18n/translator.js';
import { runCli } from '../helpers/cli.js';
import { CLI_ENV, faultDataDir } from './faults-helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const TR = translator('tr');
const cli = (dir: string, ...args: string[]) => runCli([...args, '--data-dir', dir], CLI_ENV);

async function withBackups(): Promise<{ dir: string; db: string; backup: string }> {
  const dir = faultDataDir(cleanups);
  expect((await cli(dir, 'migrate', 'up')).code).toBe(0);
  const r = await cli(dir, 'backup', 'run', '--verify', '--json');
  expect(r.code, r.stderr).toBe(0);
  const run = JSON.parse(r.stdout) as { file_path: string; verify?: { status: string } };
  expect(run.verify?.status).toBe('ok');
  return { dir, db: path.join(dir, 'optiplan360.sqlite'), backup: run.file_path };
}

function empty(db: string): void {
  for (const f of [`${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  fs.writeFileSync(db, '');
}

describe('a lost SQLite app database', { timeout: 300_000 }, () => {
  it('0 bytes after backups: migrate up and audit verify refuse, naming the latest verified backup and how to restore it', async () => {
    const { dir, db, backup } = await withBackups();
    empty(db);
    const up = await cli(dir, 'migrate', 'up');
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('E_DB_UNAVAILABLE');
    expect(up.stderr).toMatch(/boş \(0 bayt\)/);
    expect(up.stderr).toContain(backup); // the verified backup to restore
    expect(up.stderr).toContain('--accept-fresh-database');
    expect(fs.statSync(db).size).toBe(0); // no schema was created
    const verify = await cli(dir, 'audit', 'verify');
    expect(verify.code).toBe(1); // not "intact": there is nothing to check
    const health = await cli(dir, 'health', '--json');
    expect(JSON.parse(health.stdout)).toMatchObject({ status: 'unhealthy', components: { database: { status: 'unhealthy' } } });
  });

  it('serve’s auto-migrate does not recreate a deleted file; restoring the backup brings the history back', async () => {
    const { dir, db, backup } = await withBackups();
    const before = await cli(dir, 'audit', 'list', '--json');
    const rowsBefore = (JSON.parse(before.stdout) as { total: number }).total;
    fs.rmSync(db);
    for (const f of [`${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    const core = await Core.open({ dataDir: dir, env: { ...process.env, ...CLI_ENV }, migrateRetryMs: 50 });
    cleanups.push(() => core.close());
    const state = await core.startAutoMigrate();
    expect(state.state).toBe('waiting_for_database');
    const report = await core.invoke('health.get', {}, core.context('http'));
    expect(report.status).toBe('unhealthy');
    expect(TR.t(report.components.database.message!)).toMatch(/SQLite veritabanı .* yok, ama bu veritabanının .* 1 yedeği var/);
    expect(fs.existsSync(db)).toBe(false);
    await core.close();

    // The operator follows the advice: the backup's file in place of the database.
    fs.writeFileSync(db, zlib.gunzipSync(fs.readFileSync(backup)));
    const verify = await cli(dir, 'audit', 'verify');
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    const after = JSON.parse((await cli(dir, 'audit', 'list', '--json')).stdout) as { total: number };
    // The snapshot holds what was there when the backup began (its own BACKUP_RUN row came after).
    expect(after.total).toBeGreaterThanOrEqual(1);
    expect(after.total).toBeLessThan(rowsBefore);
  });

  it('a database replaced by an empty schema (fewer audit rows than the backup holds) is refused too', async () => {
    const { dir, db } = await withBackups();
    // A second backup holds the first one's audit rows: more than a fresh schema has.
    expect((await cli(dir, 'backup', 'run')).code).toBe(0);
    fs.rmSync(db);
    for (const f of [`${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
    // Someone recreates the schema by hand (another tool, an older version): tables, but no history.
    const other = faultDataDir(cleanups);
    expect((await cli(other, 'migrate', 'up')).code).toBe(0);
    fs.copyFileSync(path.join(other, 'optiplan360.sqlite'), db);
    const up = await cli(dir, 'migrate', 'up');
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(/yedekteki denetim kaydının gerisinde/);
  });

  it('--accept-fresh-database starts a new database on purpose, audited; without backups a fresh install needs no flag', async () => {
    const { dir, db } = await withBackups();
    empty(db);
    const fresh = await cli(dir, 'migrate', 'up', '--accept-fresh-database');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).toContain('Boş veritabanıyla başlama kaydedildi');
    const list = JSON.parse((await cli(dir, 'audit', 'list', '--json')).stdout) as { rows: { action: string }[] };
    expect(list.rows.map((r) => r.action)).toContain('DATABASE_FRESH_START');
    // Later runs need no flag again.
    expect((await cli(dir, 'migrate', 'up')).code).toBe(0);

    const clean = faultDataDir(cleanups);
    expect((await cli(clean, 'migrate', 'up')).code).toBe(0);
  });
});
