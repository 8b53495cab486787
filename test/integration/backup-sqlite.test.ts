import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../main/core/db/database-url.js';
import { applyRetention } from '../../main/core/backup/retention.js';
import type { BackupProgress } from '../../main/core/backup/index.js';
import { REPO } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { auditRows, config, say, service, sha256, sqliteApp, type Cleanup } from './backup-helpers.js';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const DAY = 86_400_000;

function seedItems(file: string, rows: number): void {
  const db = new Database(file);
  db.exec('create table if not exists items (id integer primary key, note text not null)');
  const insert = db.prepare('insert into items (note) values (?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`sipariş ${i} — Çağrı Öztürk, İstanbul ğüşıöç ${'y'.repeat(200)}`);
  })();
  db.close();
}

const countItems = (file: string) => {
  const db = new Database(file, { readonly: true });
  const n = Number(db.prepare('select count(*) from items').pluck().get());
  db.close();
  return n;
};

describe('SQLite backups', () => {
  it('backs up while another process keeps writing; the copy passes integrity_check and holds at least the rows present at start', async () => {
    const app = await sqliteApp(cleanups);
    const file = app.spec.engine === 'sqlite' ? app.spec.file : '';
    seedItems(file, 40_000);
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'backup-writer-child.ts'), file], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(() => void child.kill());
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    });
    const atStart = countItems(file);
    const events: BackupProgress[] = [];
    const r = await service(app).run({ trigger: 'manual', actor: 'op@pc', onProgress: (p) => events.push(p) });
    const afterRun = countItems(file);
    child.kill();
    expect(r.status, r.error ?? '').toBe('success');
    expect(afterRun).toBeGreaterThan(atStart); // the writer really wrote during the backup
    expect(r.file_path!).toMatch(/optiplan360-sqlite-\d{8}T\d{6}Z-\d+\.sqlite\.gz$/);
    expect(r.manifest!.tables.items).toBeGreaterThanOrEqual(atStart);
    expect(r.manifest!.raw_size_bytes!).toBeGreaterThan(r.size_bytes!);
    expect(sha256(r.file_path!)).toBe(r.sha256);
    expect(JSON.parse(fs.readFileSync(`${r.file_path}.manifest.json`, 'utf8')).sha256).toBe(r.sha256);
    expect(new Set(events.map((e) => e.phase))).toEqual(new Set(['dumping', 'compressing', 'hashing', 'retention', 'done']));

    // Independently of verify: decompress and check.
    const plain = path.join(app.dir, 'restored.sqlite');
    fs.writeFileSync(plain, zlib.gunzipSync(fs.readFileSync(r.file_path!)));
    const copy = new Database(plain, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(Number(copy.prepare('select count(*) from items').pluck().get())).toBe(r.manifest!.tables.items);
    copy.close();

    const v = await service(app).verify(r.id, 'op@pc');
    expect(v.status, v.detail).toBe('ok');
    const [row] = await service(app).list({ limit: 1 });
    expect(row).toMatchObject({ id: r.id, status: 'success', verified: { status: 'ok' } });
    expect(row!.duration_ms).toBeGreaterThanOrEqual(0);
    expect((await auditRows(app.db, 'BACKUP_RUN')).map((a) => a.result)).toEqual(['success']);
    expect((await auditRows(app.db, 'BACKUP_VERIFIED')).map((a) => a.result)).toEqual(['success']);
  });

  it('refuses a second run while one is going (E_BUSY) and records nothing for it', async () => {
    const app = await sqliteApp(cleanups);
    seedItems(app.spec.engine === 'sqlite' ? app.spec.file : '', 5_000);
    const svc = service(app);
    const first = svc.run({ trigger: 'manual', actor: 'a' });
    await expect(svc.run({ trigger: 'manual', actor: 'b' })).rejects.toMatchObject({ code: 'E_BUSY' });
    // Another service instance in this process (e.g. the scheduler's) is refused as well.
    await expect(service(app).run({ trigger: 'schedule', actor: 'c' })).rejects.toMatchObject({ code: 'E_BUSY', message: /already running/ });
    expect((await first).status).toBe('success');
    expect(await svc.list()).toHaveLength(1);
    expect((await auditRows(app.db, 'BACKUP_RUN')).map((a) => a.result).sort()).toEqual(['blocked', 'blocked', 'success']);
    expect(fs.existsSync(path.join(app.backupDir, '.backup.lock'))).toBe(false);
    expect((await svc.run({ trigger: 'manual', actor: 'a' })).status).toBe('success'); // free again
  });

  it('a failing run is recorded with a clear error, leaves no partial file and keeps older backups', async () => {
    const app = await sqliteApp(cleanups);
    const good = await service(app).run({ trigger: 'manual', actor: 'op' });
    expect(good.status).toBe('success');
    const missing = parseDatabaseUrl(`sqlite:${path.join(app.dir, 'gone', 'x.sqlite')}`, app.dir);
    const bad = await service(app, { spec: missing }).run({ trigger: 'manual', actor: 'op' });
    expect(bad).toMatchObject({ status: 'failed', file_path: null });
    expect(bad.error).toMatch(/SQLite database file does not exist: .*x\.sqlite/);
    expect(say(bad.message).tr).toMatch(new RegExp(`^Yedek ${bad.id} alınamadı: Yedeklenecek SQLite veritabanı dosyası yok: .*x\\.sqlite$`));
    expect(say(bad.message).en).toMatch(new RegExp(`^Backup ${bad.id} failed: The SQLite database file to back up does not exist: .*x\\.sqlite$`));
    expect(fs.readdirSync(app.backupDir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(sha256(good.file_path!)).toBe(good.sha256);
    const rows = await service(app).list();
    expect(rows.map((r) => r.status)).toEqual(['failed', 'success']);
    expect(rows[0]!.error).toBe(bad.error);
    expect((await auditRows(app.db, 'BACKUP_RUN')).map((a) => a.result)).toEqual(['success', 'failure']);
  });

  it('after a crash: the dead run is marked interrupted and its .partial file swept; other folders\' runs are left alone', async () => {
    const app = await sqliteApp(cleanups);
    fs.mkdirSync(app.backupDir, { recursive: true });
    const crashed = path.join(app.backupDir, 'optiplan360-sqlite-20250101T000000Z-1.sqlite.gz');
    fs.writeFileSync(`${crashed}.partial`, 'half a backup');
    const now = new Date().toISOString();
    const row = (file_path: string) => ({ started_at: now, status: 'running', engine: 'sqlite', trigger: 'schedule', file_path });
    await app.db.kysely.insertInto('backup_runs').values([row(crashed), row(path.join(app.dir, 'elsewhere', 'x.sqlite.gz'))]).execute();
    const r = await service(app).run({ trigger: 'manual', actor: 'op' });
    expect(r.status).toBe('success');
    const rows = await service(app).list();
    expect(rows.map((x) => [x.id, x.status])).toEqual([[r.id, 'success'], [2, 'running'], [1, 'failed']]);
    expect(rows[2]!.error).toMatch(/^interrupted/);
    expect(fs.readdirSync(app.backupDir).filter((f) => f.includes('.partial'))).toEqual([]);
  });

  it('without compression writes a plain .sqlite copy that verifies', async () => {
    const app = await sqliteApp(cleanups);
    seedItems(app.spec.engine === 'sqlite' ? app.spec.file : '', 1_000);
    const svc = service(app, { config: config({ compression: false }) });
    const r = await svc.run({ trigger: 'cli', actor: 'op', verify: true });
    expect(r.file_path!).toMatch(/\.sqlite$/);
    expect(r.manifest).toMatchObject({ compression: 'none', raw_size_bytes: r.size_bytes });
    expect(r.verify).toMatchObject({ status: 'ok' });
  });

  it('copies to nas_path and checks the copy; a corrupted copy is detected in the run and by verify', async () => {
    const app = await sqliteApp(cleanups);
    const nas = tempDir('optiplan-nas-');
    cleanups.push(() => nas.remove());
    const svc = service(app, { config: config({ nas_path: nas.dir }) });
    const r = await svc.run({ trigger: 'manual', actor: 'op', onProgress: () => undefined });
    expect(r.warnings).toEqual([]);
    const nasFile = path.join(nas.dir, path.basename(r.file_path!));
    expect(r.manifest!.nas).toEqual({ path: nasFile, ok: true });
    expect(sha256(nasFile)).toBe(r.sha256);
    expect(JSON.parse(fs.readFileSync(`${nasFile}.manifest.json`, 'utf8')).nas.ok).toBe(true);
    const ok = await svc.verify(r.id, 'op');
    expect(ok.detail).toMatch(/NAS copy hash ok/);
    expect(ok.message).toMatchObject({ key: 'backup.verify.ok_nas' });
    expect(say(ok.message).tr).toContain('NAS kopyasının özeti doğru');

    // Bit rot on the NAS after the run: verify fails and says so.
    const bytes = fs.readFileSync(nasFile);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    fs.writeFileSync(nasFile, bytes);
    const v = await svc.verify(r.id, 'op');
    expect(v.status).toBe('failed');
    expect(v.detail).toMatch(/NAS copy is corrupted/);
    expect(v.problems).toEqual([{ key: 'backup.verify.problem.nas_corrupt', params: { path: nasFile } }]);
    expect(say(v.message).tr).toBe(`Yedek ${r.id} doğrulanamadı: NAS kopyası bozuk (sha256 farklı): ${nasFile}`);
    expect(await svc.healthProbe()).toMatchObject({ status: 'degraded' });

    // A share that corrupts the write: caught by hashing the copy, the bad copy removed.
    const lying = service(app, {
      config: config({ nas_path: nas.dir }),
      copyFile: async (src, dest) => fs.writeFileSync(dest, Buffer.concat([fs.readFileSync(src), Buffer.from('junk')])),
    });
    const r2 = await lying.run({ trigger: 'manual', actor: 'op' });
    expect(r2.status).toBe('success'); // the local backup is good
    expect(r2.manifest!.nas).toMatchObject({ ok: false, error: expect.stringMatching(/sha256 .* differs/) });
    expect(r2.warnings.map((w) => say(w).en)).toEqual([expect.stringMatching(/^The NAS copy’s hash did not match the backup; the corrupt copy was removed/)]);
    expect((await lying.list({ limit: 1 }))[0]!.error).toMatch(/NAS copy failed/);
    expect(fs.existsSync(path.join(nas.dir, path.basename(r2.file_path!)))).toBe(false);
    expect((await lying.list({ limit: 1 }))[0]!.nas).toMatchObject({ ok: false });
  });

  it('retention deletes old backups but never the newest good one, even when it is older than retention_days', async () => {
    const app = await sqliteApp(cleanups);
    const nas = tempDir('optiplan-nas-');
    cleanups.push(() => nas.remove());
    const T = Date.parse('2025-06-30T12:00:00Z');
    let now = T - 40 * DAY;
    const svc = service(app, { now: () => new Date(now), config: config({ nas_path: nas.dir, retention_days: 30 }) });
    const a = await svc.run({ trigger: 'schedule', actor: 'op' });
    now = T - 35 * DAY;
    const b = await svc.run({ trigger: 'schedule', actor: 'op' });
    expect(b.expired).toEqual([]); // a is 5 days old at that point

    // Nothing newer for 35 days: a expires, b is the newest good backup and stays.
    const ret = await applyRetention(app.db, { retentionDays: 30, now: new Date(T), backupDir: app.backupDir, nasPath: nas.dir });
    expect(ret).toMatchObject({ expired: [a.id], kept: [b.id], errors: [] });
    expect(fs.existsSync(a.file_path!)).toBe(false);
    expect(fs.existsSync(`${a.file_path}.manifest.json`)).toBe(false);
    expect(fs.existsSync(a.manifest!.nas!.path)).toBe(false);
    expect(fs.existsSync(b.file_path!)).toBe(true);

    // A failed run does not count as good and expires nothing.
    now = T;
    const failed = await service(app, { now: () => new Date(now), spec: parseDatabaseUrl(`sqlite:${path.join(app.dir, 'nope', 'x.sqlite')}`, app.dir) }).run({ trigger: 'schedule', actor: 'op' });
    expect(failed.status).toBe('failed');
    expect(fs.existsSync(b.file_path!)).toBe(true);

    // A new good backup: now b goes.
    const c = await svc.run({ trigger: 'schedule', actor: 'op' });
    expect(c.expired).toEqual([b.id]);
    expect(fs.existsSync(b.file_path!)).toBe(false);
    expect(fs.existsSync(c.file_path!)).toBe(true);
    const statuses = Object.fromEntries((await svc.list()).map((r) => [r.id, r.status]));
    expect(statuses).toEqual({ [a.id]: 'expired', [b.id]: 'expired', [failed.id]: 'failed', [c.id]: 'success' });
    await expect(svc.verify(a.id, 'op')).rejects.toMatchObject({ code: 'E_VALIDATION' });
  });

  it('keeps the newest backup whose verify did not fail besides the newest one', async () => {
    const app = await sqliteApp(cleanups);
    const T = Date.parse('2025-06-30T12:00:00Z');
    let now = T - 50 * DAY;
    const svc = service(app, { now: () => new Date(now) });
    const a = await svc.run({ trigger: 'schedule', actor: 'op' });
    now = T - 45 * DAY;
    const b = await svc.run({ trigger: 'schedule', actor: 'op' });
    fs.appendFileSync(b.file_path!, 'tampered');
    expect((await svc.verify(b.id, 'op')).status).toBe('failed');
    const ret = await applyRetention(app.db, { retentionDays: 30, now: new Date(T), backupDir: app.backupDir });
    expect(ret.expired).toEqual([]);
    expect(ret.kept.sort()).toEqual([a.id, b.id].sort());
  });

  it('the service scheduler catches up a missed backup at start and restore-tests it (schedule.verify)', async () => {
    const app = await sqliteApp(cleanups);
    expect(service(app).createScheduler({ actor: 'scheduler' })).toBeNull(); // no schedule block
    const svc = service(app, { config: config({ schedule: { enabled: true, time: '02:00', verify: true } }) });
    const done: string[] = [];
    const scheduler = svc.createScheduler({ actor: 'scheduler@pc', onRun: (r) => done.push(r.status), onError: (e) => done.push(String(e)) })!;
    await scheduler.start();
    scheduler.stop();
    expect(done).toEqual(['success']);
    const [run] = await svc.list();
    expect(run).toMatchObject({ trigger: 'catch_up', status: 'success', verified: { status: 'ok' } });
    expect(await svc.lastGoodAt()).toEqual(new Date(run!.finished_at!));
  });
});
