// The backup checks (R-DIAG-1) and health probe against a real app database — a SQLite file and
// a throwaway PostgreSQL database — with run rows written directly and an injected clock for the
// recency boundaries (26 h / 72 h). Every check FAILs (or WARNs) in one case and PASSes in another;
// texts are asserted in Turkish and English.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_DISABLED_SETTING, type BackupCheck } from '../../main/core/backup/index.js';
import { auditRows, config, known, pgApp, say, service, sqliteApp, type AppDb, type Cleanup } from '../integration/backup-helpers.js';

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
    .values({ started_at: ago(hoursAgo + 0.1), finished_at: ago(hoursAgo), status: 'success', engine: app.spec.engine, trigger: 'schedule', ...over })
    .execute();
}

/** Every check of a run, with the shape rules asserted; returns the one named. */
async function check(app: AppDb, name: string, over: Parameters<typeof service>[1] = {}): Promise<BackupCheck> {
  const all = await service(app, { now: () => NOW, ...over }).checks();
  expect(all.map((c) => c.name)).toEqual(['backup_config', 'backup_tool', 'backup_recency', 'backup_verify']);
  for (const c of all) {
    expect(c.category).toBe('backup');
    expect(c.title.key).toBe(`backup.checks.${c.name}.title`);
    expect(known(c.title) && known(c.detail), JSON.stringify(c)).toBe(true);
    expect(c.duration_ms).toBeGreaterThanOrEqual(0);
    if (c.status === 'WARN' || c.status === 'FAIL') {
      expect(c.recommendation && known(c.recommendation), JSON.stringify(c)).toBeTruthy();
      expect(c.steps.length).toBeGreaterThan(0);
    } else {
      expect(c.recommendation).toBeNull();
      expect(c.steps).toEqual([]);
    }
  }
  return all.find((c) => c.name === name)!;
}

const ENGINES = [
  ['SQLite file', sqliteApp],
  ['PostgreSQL', pgApp],
] as const;

describe.each(ENGINES)('backup checks on a real %s', (_label, open) => {
  it('backup_recency: none → FAIL; older than 72 h FAIL; older than 26 h WARN; younger PASS', async () => {
    const app = await open(cleanups);
    const none = await check(app, 'backup_recency');
    expect(none).toMatchObject({ status: 'FAIL', detail: { key: 'backup.checks.backup_recency.none' } });
    expect(say(none.recommendation).tr).toContain('optiplan360 backup run');
    expect(say(none.detail)).toEqual({ tr: 'Henüz başarılı bir yedek yok.', en: 'No successful backup yet.' });
    await addRun(app, 1, { status: 'failed' }); // failed runs do not count
    expect((await check(app, 'backup_recency')).status).toBe('FAIL');
    await addRun(app, 73);
    const old = await check(app, 'backup_recency');
    expect(old).toMatchObject({ status: 'FAIL', observed: { age_hours: 73 } });
    expect(say(old.detail).tr).toMatch(/73 sa önce alındı .*: 72 saatten eski\.$/);
    expect(say(old.detail).en).toMatch(/73 h ago .*: older than 72 hours\.$/);
    await addRun(app, 27);
    const warn = await check(app, 'backup_recency');
    expect(warn.status).toBe('WARN');
    expect(say(warn.detail).tr).toContain('26 saatten eski');
    await addRun(app, 25);
    const ok = await check(app, 'backup_recency');
    expect(ok).toMatchObject({ status: 'PASS', recommendation: null, observed: { age_hours: 25 } });
    expect(say(ok.detail).tr).toMatch(/^Son başarılı yedek 25 sa önce alındı \(\d\d\.05\.2025 \d\d:\d\d .+, çalışma \d+\)\.$/);
  });

  it('backup_verify: none → WARN; the last verify failed → FAIL (its detail as technical detail); ok → PASS', async () => {
    const app = await open(cleanups);
    await addRun(app, 5);
    const none = await check(app, 'backup_verify');
    expect(none.status).toBe('WARN');
    expect(say(none.recommendation).en).toContain('optiplan360 backup verify');
    await addRun(app, 3, { verified_at: ago(2), verify_status: 'failed', verify_detail: 'table x: 3 rows after the restore, 4 at backup time' });
    const failed = await check(app, 'backup_verify');
    expect(failed).toMatchObject({ status: 'FAIL', technical_detail: 'table x: 3 rows after the restore, 4 at backup time' });
    expect(say(failed.detail).tr).toMatch(/doğrulaması .* tarihinde başarısız oldu\.$/);
    await addRun(app, 2, { verified_at: ago(1), verify_status: 'ok', verify_detail: 'restored 9 tables' });
    const ok = await check(app, 'backup_verify');
    expect(ok.status).toBe('PASS');
    expect(say(ok.detail).en).toMatch(/^Run \d+ was restored on .* and its row counts matched\.$/);
  });

  it('backup_config: PASS for the template (→ the app database); FAIL for a literal password (not repeated) and for an unresolvable reference', async () => {
    const app = await open(cleanups);
    const template = config({ databases: [{ name: 'optiplan360', type: 'postgresql', connection_string: 'postgresql://<user>:<password>@<host>:5432/<db>' }] });
    const ok = await check(app, 'backup_config', { config: template });
    expect(ok).toMatchObject({ status: 'PASS', observed: { engine: app.spec.engine } });
    expect(say(ok.detail).tr).toMatch(/^uygulama veritabanının \(.+\) yedeği .*backups klasörüne alınır, NAS kopyası yok \(nas_path boş\); yedekler 30 gün saklanır\.$/);
    expect(say(ok.detail).en).toMatch(/^Backs up the app database \(.+\) to .*backups, no NAS copy/);

    const literal = config({ databases: [{ name: 'x', type: 'postgresql', connection_string: 'postgresql://u:Düz-Metin-Parola@h:5432/db' }] });
    const lit = await check(app, 'backup_config', { config: literal });
    expect(lit).toMatchObject({ status: 'FAIL', detail: { key: 'backup.checks.backup_config.literal_password', params: { index: 0 } } });
    expect(say(lit.recommendation).en).toContain('VAULT:');
    expect(JSON.stringify(lit)).not.toContain('Düz-Metin-Parola');

    const ref = config({ databases: [{ name: 'other', type: 'sqlite', connection_string: 'ENV:OTHER_DB' }] });
    const missing = await check(app, 'backup_config', { config: ref, secrets: { env: {}, store: null } });
    expect(missing).toMatchObject({ status: 'FAIL', technical_detail: expect.stringContaining('ENV:OTHER_DB') });
    expect(say(missing.detail).tr).toMatch(/^Yedeklenecek veritabanı çözümlenemiyor: /);
    const resolved = await check(app, 'backup_config', { config: ref, secrets: { env: { OTHER_DB: 'sqlite:other.sqlite' }, store: null } });
    expect(resolved.status).toBe('PASS');
    expect(say(resolved.detail).en).toContain('the other database (sqlite:');
  });

  it('backup_tool: PASS where the backup folder takes a file; FAIL where it cannot; SKIP while backup_config FAILs', async () => {
    const app = await open(cleanups);
    const ok = await check(app, 'backup_tool');
    expect(ok.status, JSON.stringify(ok)).toBe('PASS');
    expect(fs.readdirSync(app.backupDir)).toEqual([]); // the write probe cleaned up after itself

    const blocked = path.join(app.dir, 'a-file-not-a-folder');
    fs.writeFileSync(blocked, 'x');
    const fail = await check(app, 'backup_tool', { backupDir: blocked });
    expect(fail).toMatchObject({ status: 'FAIL', observed: { backup_dir: blocked }, technical_detail: expect.stringMatching(/^E(EXIST|NOTDIR)/) });
    expect(say(fail.detail).tr).toBe(`Yedek klasörüne (${blocked}) dosya yazılamıyor: bir klasör değil.`);
    expect(say(fail.detail).en).toBe(`No file can be written to the backup folder (${blocked}): it is not a folder.`);

    const literal = config({ databases: [{ name: 'x', type: 'postgresql', connection_string: 'postgresql://u:pw@h:5432/db' }] });
    const skip = await check(app, 'backup_tool', { config: literal });
    expect(skip).toMatchObject({ status: 'SKIP', skipped_because: 'backup_config', recommendation: null });
    expect(say(skip.detail)).toEqual({ tr: '“Yedekleme ayarları” kontrolü başarısız olduğu için atlandı.', en: expect.stringContaining('Backup settings') });
  });

  it('"enabled": false — every check SKIP naming the setting, health disabled, backup run refused (audited as blocked), no schedule', async () => {
    const app = await open(cleanups);
    const off = config({ enabled: false, schedule: { enabled: true, time: '02:00', verify: true } });
    const svc = service(app, { now: () => NOW, config: off });
    const checks = await svc.checks();
    expect(checks.map((c) => [c.name, c.status, c.skipped_because])).toEqual([
      ['backup_config', 'SKIP', BACKUP_DISABLED_SETTING],
      ['backup_tool', 'SKIP', BACKUP_DISABLED_SETTING],
      ['backup_recency', 'SKIP', BACKUP_DISABLED_SETTING],
      ['backup_verify', 'SKIP', BACKUP_DISABLED_SETTING],
    ]);
    expect(say(checks[0]!.detail)).toEqual({ tr: 'Yedekleme kapalı ("enabled": false) olduğu için atlandı.', en: expect.stringContaining('switched off') });
    const health = await svc.healthProbe();
    expect(health).toMatchObject({ status: 'disabled', message: { key: 'backup.health.disabled' } });
    const refused = await svc.run({ trigger: 'cli', actor: 'op@pc via cli' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'E_BACKUP_FAILED', text: { key: 'backup.errors.disabled' }, details: [{ path: 'backup_config.json enabled' }] });
    expect(say((refused as { nextStep: never }).nextStep).tr).toContain('"enabled": true');
    expect(await svc.list()).toEqual([]);
    expect((await auditRows(app.db, 'BACKUP_RUN')).map((r) => [r.result, r.actor])).toEqual([['blocked', 'op@pc via cli']]);
    expect(svc.createScheduler({ actor: 'x via schedule' })).toBeNull();
    // Switched back on, the same service backs up.
    svc.setConfig(config());
    expect((await svc.run({ trigger: 'cli', actor: 'op@pc via cli' })).status).toBe('success');
  });
});

describe('backup_config on the NAS path', () => {
  it('nas_path missing or not a folder → WARN; a writable one PASSes; google_drive_folder → WARN (not supported)', async () => {
    const app = await sqliteApp(cleanups);
    const nas = path.join(app.dir, 'nas');
    const missing = await check(app, 'backup_config', { config: config({ nas_path: nas }) });
    expect(missing).toMatchObject({ status: 'WARN', technical_detail: expect.stringContaining('ENOENT') });
    expect(say(missing.detail).tr).toBe(`NAS yolu ${nas} kullanılamıyor: klasör yok.`);
    fs.writeFileSync(nas, 'a file, not a folder');
    expect(say((await check(app, 'backup_config', { config: config({ nas_path: nas }) })).detail).en).toBe(`The NAS path ${nas} cannot be used: it is not a folder.`);
    fs.rmSync(nas);
    fs.mkdirSync(nas);
    const ok = await check(app, 'backup_config', { config: config({ nas_path: nas }) });
    expect(ok.status).toBe('PASS');
    expect(say(ok.detail).tr).toContain(`${nas} konumuna kopyalanır`);
    expect(fs.readdirSync(nas)).toEqual([]); // the write probe cleaned up after itself
    const drive = await check(app, 'backup_config', { config: config({ google_drive_folder: 'Yedekler' }) });
    expect(drive.status).toBe('WARN');
    expect(say(drive.detail).en).toContain('Google Drive');
  });

  it('a run refuses a literal password and never repeats it', async () => {
    const app = await sqliteApp(cleanups);
    const literal = config({ databases: [{ name: 'x', type: 'postgresql', connection_string: 'postgresql://u:Düz-Metin-Parola@h:5432/db' }] });
    const r = await service(app, { config: literal }).run({ trigger: 'cli', actor: 'op' });
    expect(r).toMatchObject({ status: 'failed', error: expect.stringContaining('literal password') });
    expect(say(r.message).tr).toMatch(/^Yedek \d+ alınamadı: backup_config.json databases\[0\]\.connection_string düz metin parola içeriyor/);
    expect(JSON.stringify([r, await auditRows(app.db)])).not.toContain('Düz-Metin-Parola');
  });
});

describe('the backup health probe', () => {
  it('follows the same ages: not_configured / unhealthy / degraded / healthy, with the raw error as technical detail', async () => {
    const app = await sqliteApp(cleanups);
    const probe = () => service(app, { now: () => NOW }).healthProbe();
    expect(await probe()).toMatchObject({ status: 'not_configured', message: { key: 'backup.health.no_runs' } });
    await addRun(app, 2, { status: 'failed', error: 'pg_dump failed' });
    expect(await probe()).toMatchObject({ status: 'unhealthy', message: { key: 'backup.health.no_success' }, technical_detail: 'pg_dump failed' });
    await addRun(app, 80);
    expect((await probe()).status).toBe('unhealthy');
    await addRun(app, 30);
    const degraded = await probe();
    expect(degraded.status).toBe('degraded');
    expect(say(degraded.message).tr).toBe('Son başarılı yedek 30 sa önce alındı: 26 saatten eski.');
    await addRun(app, 1);
    const healthy = await probe();
    expect(healthy).toMatchObject({ status: 'healthy' });
    expect(say(healthy.message)).toEqual({ tr: 'Son başarılı yedek 60 dk önce alındı.', en: 'The last good backup was made 60 min ago.' });
  });
});
