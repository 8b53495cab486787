// The backup checks (R-DIAG-1) and health probe against a real SQLite app database with run rows
// written directly, and an injected clock for the recency boundaries (26 h / 72 h).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackupCheck } from '../../main/core/backup/index.js';
import { auditRows, config, service, sqliteApp, type AppDb, type Cleanup } from '../integration/backup-helpers.js';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const NOW = new Date('2025-05-20T12:00:00Z');
const H = 3600_000;
const ago = (h: number) => new Date(NOW.getTime() - h * H).toISOString();

async function addRun(app: AppDb, hoursAgo: number, over: Record<string, unknown> = {}) {
  await app.db.kysely
    .insertInto('backup_runs')
    .values({ started_at: ago(hoursAgo + 0.1), finished_at: ago(hoursAgo), status: 'success', engine: 'sqlite', trigger: 'schedule', ...over })
    .execute();
}

async function check(app: AppDb, name: string, over: Parameters<typeof service>[1] = {}): Promise<BackupCheck> {
  const all = await service(app, { now: () => NOW, ...over }).checks();
  expect(all.map((c) => c.name)).toEqual(['backup_config', 'backup_tool', 'backup_recency', 'backup_verify']);
  for (const c of all) {
    expect(c.duration_ms).toBeGreaterThanOrEqual(0);
    if (c.status !== 'PASS') expect(c.detail_tr && c.recommendation && c.recommendation_tr, JSON.stringify(c)).toBeTruthy();
  }
  return all.find((c) => c.name === name)!;
}

describe('backup_recency', () => {
  it('none → FAIL with the step to run one; < 26 h PASS, < 72 h WARN, else FAIL', async () => {
    const app = await sqliteApp(cleanups);
    expect(await check(app, 'backup_recency')).toMatchObject({ status: 'FAIL', detail: 'No successful backup yet.', recommendation: expect.stringContaining('optiplan360 backup run') });
    await addRun(app, 1, { status: 'failed' }); // failed runs do not count
    expect((await check(app, 'backup_recency')).status).toBe('FAIL');
    await addRun(app, 73);
    expect(await check(app, 'backup_recency')).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/73 h ago.*older than 72 h/) });
    await addRun(app, 27);
    expect(await check(app, 'backup_recency')).toMatchObject({ status: 'WARN', detail: expect.stringMatching(/27 h ago.*older than 26 h/), detail_tr: expect.stringContaining('saatten eski') });
    await addRun(app, 25);
    expect(await check(app, 'backup_recency')).toMatchObject({ status: 'PASS', recommendation: null, detail: expect.stringContaining('25 h ago') });
  });

  it('the health probe follows the same ages: not_configured / healthy / degraded / unhealthy', async () => {
    const app = await sqliteApp(cleanups);
    const probe = () => service(app, { now: () => NOW }).healthProbe();
    expect(await probe()).toMatchObject({ status: 'not_configured' });
    await addRun(app, 2, { status: 'failed', error: 'pg_dump failed' });
    expect(await probe()).toMatchObject({ status: 'unhealthy', error: 'pg_dump failed' });
    await addRun(app, 80);
    expect((await probe()).status).toBe('unhealthy');
    await addRun(app, 30);
    expect((await probe()).status).toBe('degraded');
    await addRun(app, 1);
    expect(await probe()).toMatchObject({ status: 'healthy', detail: 'last good backup 1 h ago' });
  });
});

describe('backup_verify', () => {
  it('none WARN, last verify ok PASS, last verify failed FAIL', async () => {
    const app = await sqliteApp(cleanups);
    await addRun(app, 5);
    expect(await check(app, 'backup_verify')).toMatchObject({ status: 'WARN', recommendation: expect.stringContaining('optiplan360 backup verify') });
    await addRun(app, 3, { verified_at: ago(2), verify_status: 'ok', verify_detail: 'restored 9 tables' });
    expect((await check(app, 'backup_verify')).status).toBe('PASS');
    await addRun(app, 2, { verified_at: ago(1), verify_status: 'failed', verify_detail: 'table x: 3 rows after the restore, 4 at backup time' });
    expect(await check(app, 'backup_verify')).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('table x: 3 rows') });
  });
});

describe('backup_config', () => {
  it('PASS for the template (placeholder → the app database) and for a reference', async () => {
    const app = await sqliteApp(cleanups);
    const template = config({ databases: [{ name: 'optiplan360', type: 'postgresql', connection_string: 'postgresql://<user>:<password>@<host>:5432/<db>' }] });
    expect(await check(app, 'backup_config', { config: template })).toMatchObject({ status: 'PASS', detail: expect.stringMatching(/^Backs up the app database \(sqlite:.*\) to .*backups, no NAS copy/) });
    const ref = config({ databases: [{ name: 'other', type: 'sqlite', connection_string: 'ENV:OTHER_DB' }] });
    expect(await check(app, 'backup_config', { config: ref, secrets: { env: { OTHER_DB: 'sqlite:other.sqlite' }, store: null } })).toMatchObject({ status: 'PASS', detail: expect.stringContaining('other (sqlite:') });
    expect(await check(app, 'backup_config', { config: ref, secrets: { env: {}, store: null } })).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('ENV:OTHER_DB') });
  });

  it('a literal password is a FAIL that does not repeat it; a run refuses to use it', async () => {
    const app = await sqliteApp(cleanups);
    const literal = config({ databases: [{ name: 'x', type: 'postgresql', connection_string: 'postgresql://u:Düz-Metin-Parola@h:5432/db' }] });
    const c = await check(app, 'backup_config', { config: literal });
    expect(c).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('databases[0].connection_string holds a literal password'), recommendation: expect.stringContaining('VAULT:') });
    expect(JSON.stringify(c)).not.toContain('Düz-Metin-Parola');
    const r = await service(app, { config: literal }).run({ trigger: 'cli', actor: 'op' });
    expect(r).toMatchObject({ status: 'failed', error: expect.stringContaining('literal password') });
    expect(JSON.stringify([r, await auditRows(app.db)])).not.toContain('Düz-Metin-Parola');
  });

  it('nas_path missing or not writable → WARN; a writable one PASSes; google_drive_folder → WARN (not supported)', async () => {
    const app = await sqliteApp(cleanups);
    const nas = path.join(app.dir, 'nas');
    expect(await check(app, 'backup_config', { config: config({ nas_path: nas }) })).toMatchObject({ status: 'WARN', detail: expect.stringContaining('ENOENT') });
    fs.writeFileSync(nas, 'a file, not a folder');
    expect(await check(app, 'backup_config', { config: config({ nas_path: nas }) })).toMatchObject({ status: 'WARN', detail: expect.stringContaining('not a folder') });
    fs.rmSync(nas);
    fs.mkdirSync(nas);
    expect(await check(app, 'backup_config', { config: config({ nas_path: nas }) })).toMatchObject({ status: 'PASS', detail: expect.stringContaining(`copied to ${nas}`) });
    expect(fs.readdirSync(nas)).toEqual([]); // the write probe cleaned up after itself
    if (process.getuid?.() !== 0) {
      fs.chmodSync(nas, 0o555);
      expect((await check(app, 'backup_config', { config: config({ nas_path: nas }) })).status).toBe('WARN');
      fs.chmodSync(nas, 0o755);
    }
    expect(await check(app, 'backup_config', { config: config({ google_drive_folder: 'Yedekler' }) })).toMatchObject({ status: 'WARN', detail: expect.stringContaining('Google Drive') });
  });
});

describe('backup_tool', () => {
  it('SQLite needs no tool', async () => {
    const app = await sqliteApp(cleanups);
    expect(await check(app, 'backup_tool')).toMatchObject({ status: 'PASS', detail: expect.stringContaining('built-in'), detail_tr: expect.stringContaining('yerleşik') });
  });
});
