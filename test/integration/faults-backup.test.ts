// Backups on a hostile disk: a full or read-only backup folder leaves a `failed` run and a failure
// audit row naming the real cause ("yedek klasörüne yazılamıyor / disk dolu"), never E_INTERNAL
// without a trace; a NAS folder that does not exist is an error, never a local folder created in
// its place; pg_dump / pg_restore get a minimal environment (no WhatsApp token).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { toolEnvironment } from '../../main/core/backup/pg-tools.js';
import { auditRows, config, pgApp, say, script, service, sqliteApp, type Cleanup } from './backup-helpers.js';
import { smallDisk, type SmallDisk } from './faults-helpers.js';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function disk(at: string, kb = 256): SmallDisk {
  const d = smallDisk(at, kb);
  if (!d) throw new Error('this test needs to mount a tmpfs (run as root, as CI does)');
  cleanups.push(() => d.release());
  return d;
}

const which = (tool: string) => execFileSync('sh', ['-c', `command -v ${tool}`]).toString().trim();

describe('backups on a full or read-only folder', () => {
  for (const engine of ['sqlite', 'postgres'] as const) {
    it(`${engine}: a full backup folder → failed row + failure audit row, "disk dolu" named; older backups untouched`, async () => {
      const app = engine === 'sqlite' ? await sqliteApp(cleanups) : await pgApp(cleanups);
      // Enough data that the dump does not fit the space left.
      await app.db.kysely.insertInto('integration_errors').values(Array.from({ length: 150 }, (_, i) => ({ ts: new Date().toISOString(), integration: 'mikro', operation: 'x', code: 'E', message: `${i} ${'ğüşiöç'.repeat(100)}`, payload: null, resolved_at: null, resolved_by: null }))).execute();
      const d = disk(path.join(app.dir, 'bk'), 1024);
      const svc = service(app, { backupDir: d.dir, config: config({ compression: false }) });
      const good = await svc.run({ trigger: 'manual', actor: 'op' });
      expect(good.status, good.error ?? '').toBe('success');
      d.fill();
      const r = await svc.run({ trigger: 'manual', actor: 'op' });
      expect(r.status).toBe('failed');
      expect(r.error).toMatch(/backup folder cannot be written \(the disk is full\): .*(SQLITE_FULL|ENOSPC)/);
      expect(r.error).not.toMatch(/^backup failed: database or disk is full$/);
      expect(say(r.message).tr).toMatch(/Yedek klasörüne yazılamıyor: .* — disk dolu\./);
      const rows = await svc.list();
      expect(rows[0]).toMatchObject({ id: r.id, status: 'failed' });
      const audit = await auditRows(app.db, 'BACKUP_RUN');
      expect(audit.at(-1)).toMatchObject({ result: 'failure' });
      expect(audit.at(-1)!.detail).toMatch(/backup folder cannot be written/);
      expect(fs.existsSync(good.file_path!)).toBe(true);
      expect(fs.readdirSync(d.dir).filter((f) => f.includes('.partial'))).toEqual([]);
    });
  }

  it('a read-only backup folder (even the lock file cannot be written) → failed row + audit row, not E_INTERNAL', async () => {
    const app = await sqliteApp(cleanups);
    const d = disk(path.join(app.dir, 'bk'));
    d.readOnly();
    const svc = service(app, { backupDir: d.dir });
    const r = await svc.run({ trigger: 'schedule', actor: 'op' });
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/backup folder cannot be written \(the folder cannot be written\): .*EROFS/);
    expect(say(r.message).tr).toContain(`Yedek klasörüne yazılamıyor: ${d.dir}`);
    expect(say(r.message).en).toContain(`The backup folder cannot be written: ${d.dir}`);
    expect((await svc.list())[0]).toMatchObject({ status: 'failed', trigger: 'schedule' });
    expect((await auditRows(app.db, 'BACKUP_RUN')).map((a) => a.result)).toEqual(['failure']);
  });

  it('a NAS path that does not exist is a warning on the run and is never created locally', async () => {
    const app = await sqliteApp(cleanups);
    const nas = path.join(app.dir, 'Z-drive', 'yedekler');
    const svc = service(app, { config: config({ nas_path: nas }) });
    const r = await svc.run({ trigger: 'manual', actor: 'op' });
    expect(r.status).toBe('success'); // the local backup is good
    expect(fs.existsSync(nas)).toBe(false);
    expect(fs.existsSync(path.dirname(nas))).toBe(false);
    expect(r.manifest?.nas).toMatchObject({ ok: false, error: expect.stringMatching(/does not exist/) });
    expect(say(r.warnings[0]).tr).toContain('NAS klasörü');
    expect((await svc.list())[0]!.error).toMatch(/NAS copy failed: the NAS folder does not exist/);
  });
});

describe('child processes get a minimal environment', () => {
  it('toolEnvironment keeps PATH, locale, temp/home and libpq settings; drops tokens and stale PG targets', () => {
    const env = toolEnvironment({ PATH: '/bin', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8', TEMP: '/t', SystemRoot: 'C:\\Windows', PGSSLMODE: 'require', PGHOST: 'stale', WHATSAPP_ACCESS_TOKEN: 'x', DATABASE_URL: 'postgres://u:p@h/db', OPTIPLAN_TEST_AUDIT_KEY: 'k' });
    expect(env).toEqual({ PATH: '/bin', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8', TEMP: '/t', SystemRoot: 'C:\\Windows', PGSSLMODE: 'require' });
    expect(toolEnvironment({ PGPASSWORD: 'from-env' }).PGPASSWORD).toBe('from-env'); // libpq's own, for a URL without one
  });

  it('canary: pg_dump and pg_restore never see the WhatsApp token or DATABASE_URL of the console', async () => {
    const app = await pgApp(cleanups);
    const canary = `wa-canary-${Date.now()}`;
    const bin = path.join(app.dir, 'wrapped');
    const log = path.join(app.dir, 'env.log');
    for (const tool of ['pg_dump', 'pg_restore']) script(path.join(bin, tool), `env >> ${log}\nexec ${which(tool)} "$@"`);
    const env = { ...process.env, WHATSAPP_ACCESS_TOKEN: canary, OPTIPLAN_WHATSAPP_TOKEN: canary, DATABASE_URL: `postgres://x:${canary}@h/db` };
    const svc = service(app, { env, config: config({ pg_dump_path: path.join(bin, 'pg_dump') }) });
    const r = await svc.run({ trigger: 'manual', actor: 'op', verify: true });
    expect(r.status, r.error ?? '').toBe('success');
    expect(r.verify?.status).toBe('ok');
    const seen = fs.readFileSync(log, 'utf8');
    expect(seen).toMatch(/^PATH=/m);
    expect(seen).toContain('PGAPPNAME=optiplan360-backup');
    expect(seen).not.toContain(canary);
    expect(seen).not.toMatch(/^(WHATSAPP_ACCESS_TOKEN|DATABASE_URL)=/m);
  });
});
