import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../main/core/audit/audit-log.js';
import { exportAuditCsv, listAudit } from '../../main/core/audit/audit-query.js';
import { openAppDatabase, type AppDatabase } from '../../main/core/db/app-database.js';
import { parseDatabaseUrl } from '../../main/core/db/database-url.js';
import { MIGRATIONS } from '../../main/core/migrations/index.js';
import { MigrationRunner } from '../../main/core/migrations/runner.js';
import { REPO, runCli } from '../helpers/cli.js';
import { createThrowawayDb } from '../helpers/pg.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { translator } from '../../shared/i18n/translator.js';
import { auditVerifyMessage } from '../../main/core/audit/audit-log.js';
import { fixedAuditKey } from '../../main/core/audit/audit-key.js';
import { TEST_AUDIT_KEY, TEST_AUDIT_KEY_ENV } from '../helpers/core.js';

/** Every log here is keyed, as the core's is; the bare (unkeyed) log is audit-hmac.test.ts's. */
const KEYED = { key: fixedAuditKey(TEST_AUDIT_KEY) };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sqliteDb(): Promise<() => AppDatabase> {
  const t = tempDir();
  cleanups.push(async () => t.remove());
  const spec = parseDatabaseUrl(`sqlite:${path.join(t.dir, 'a.sqlite')}`, t.dir);
  return () => openAppDatabase(spec);
}
async function pgDb(): Promise<() => AppDatabase> {
  const d = await createThrowawayDb();
  cleanups.push(() => d.drop());
  const spec = parseDatabaseUrl(d.url, '/');
  return () => openAppDatabase(spec);
}
async function open(factory: () => AppDatabase): Promise<AppDatabase> {
  const db = factory();
  cleanups.push(() => db.close());
  await new MigrationRunner(db, MIGRATIONS).up();
  return db;
}

const entry = (i: number) => ({ action: i % 2 ? 'CONFIG_SAVED' : 'SECRET_SET', target: `t${i}`, result: 'success' as const, actor: 'op@pc', detail: `row ${i}` });

describe.each([
  ['sqlite', sqliteDb],
  ['postgres', pgDb],
])('audit log on %s', (engine, make) => {
  it('appends a verifiable chain; secrets in values are redacted before hashing and writing', async () => {
    const db = await open(await make());
    const log = new AuditLog(db, KEYED);
    for (let i = 1; i <= 5; i++) await log.append(entry(i));
    await log.append({
      action: 'CONFIG_SAVED',
      target: 'mikro_connection.json',
      result: 'success',
      actor: 'op@pc',
      old_value: { password: 'canary-old-pw', host: 'a' },
      new_value: { password: 'VAULT:mikro', url: 'postgres://u:canary-url-pw@h/db', host: 'b' },
    });
    const v = await log.verify();
    expect(v).toMatchObject({ ok: true, checked: 6, last_id: 6, key: 'present', keyed_from: 1 });
    const rows = await db.kysely.selectFrom('audit_log').selectAll().execute();
    const text = JSON.stringify(rows);
    expect(text).not.toContain('canary-old-pw');
    expect(text).not.toContain('canary-url-pw');
    expect(text).toContain('VAULT:mikro');
  });

  it('refuses UPDATE and DELETE on audit_log in the database itself', async () => {
    const db = await open(await make());
    const log = new AuditLog(db, KEYED);
    await log.append(entry(1));
    await expect(db.kysely.updateTable('audit_log').set({ detail: 'x' }).execute()).rejects.toThrow(/append-only/);
    await expect(db.kysely.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
  });

  async function tamperable(): Promise<{ db: AppDatabase; log: AuditLog }> {
    const db = await open(await make());
    const log = new AuditLog(db, KEYED);
    for (let i = 1; i <= 6; i++) await log.append(entry(i));
    // Someone with direct database access drops the guard first.
    if (engine === 'sqlite') {
      await sql`DROP TRIGGER audit_log_no_update`.execute(db.kysely);
      await sql`DROP TRIGGER audit_log_no_delete`.execute(db.kysely);
    } else {
      await sql`DROP TRIGGER audit_log_no_change ON audit_log`.execute(db.kysely);
    }
    return { db, log };
  }

  it('verify finds an edited row', async () => {
    const { db, log } = await tamperable();
    await db.kysely.updateTable('audit_log').set({ result: 'failure' }).where('id', '=', 3).execute();
    const v = await log.verify();
    expect(v).toMatchObject({ ok: false, first_broken: { id: 3, reason: { key: 'audit.verify.row_edited' } } });
    // The reason is read in the reader's language; the row's hashes are support's technical detail.
    expect(translator('tr').t(v.first_broken!.reason)).toBe('bu kayıt yazıldıktan sonra değiştirilmiş');
    expect(translator('en').t(v.first_broken!.reason)).toBe('this row was edited after it was written');
    const row = await db.kysely.selectFrom('audit_log').select('hash').where('id', '=', 3).executeTakeFirstOrThrow();
    expect(v.first_broken!.technical_detail).toMatch(new RegExp(`^row 3: stored hash ${row.hash.slice(0, 12)}…, content hashes to [0-9a-f]{12}…$`));
    expect(v.first_broken!.technical_detail).not.toContain(row.hash.slice(0, 13));
    expect(translator('tr').t(auditVerifyMessage(v))).toBe('Denetim kaydının özet zinciri 3 numaralı kayıtta bozuk: bu kayıt yazıldıktan sonra değiştirilmiş (öncesinde 2 kayıt doğrulandı).');
    expect(translator('en').t(auditVerifyMessage(v))).toBe('The audit log’s hash chain is broken at row 3: this row was edited after it was written (2 rows verified before it).');
  });

  it('verify finds a deleted row in the middle', async () => {
    const { db, log } = await tamperable();
    await db.kysely.deleteFrom('audit_log').where('id', '=', 4).execute();
    const v = await log.verify();
    expect(v).toMatchObject({ ok: false, first_broken: { id: 5, reason: { key: 'audit.verify.link_broken' } } });
    expect(translator('tr').t(v.first_broken!.reason)).toBe('önceki kayıt değiştirilmiş, silinmiş ya da bu kayıttan önce araya kayıt eklenmiş');
    expect(translator('en').t(v.first_broken!.reason)).toBe('the previous row was changed or deleted, or a row was inserted before this one');
    const third = await db.kysely.selectFrom('audit_log').select('hash').where('id', '=', 3).executeTakeFirstOrThrow();
    expect(v.first_broken!.technical_detail).toMatch(new RegExp(`^row 5: prev_hash [0-9a-f]{12}…, expected ${third.hash.slice(0, 12)}… \\(hash of row 3\\)$`));
  });

  it('verify finds deleted rows at the end', async () => {
    const { db, log } = await tamperable();
    await db.kysely.deleteFrom('audit_log').where('id', '>=', 5).execute();
    const v = await log.verify();
    expect(v).toMatchObject({ ok: false, first_broken: { reason: { key: 'audit.verify.tail_deleted', params: { last: 4 } } } });
    expect(translator('tr').t(v.first_broken!.reason)).toMatch(/^4 numaralı kayıttan sonraki kayıtlar silinmiş \(zincir başı \d+ numarayı bekliyor\)$/);
    expect(translator('en').t(v.first_broken!.reason)).toMatch(/^rows after row 4 were deleted \(the chain head expects row \d+\)$/);
    expect(v.first_broken!.technical_detail).toMatch(/^audit_chain_head: last_id \d+, last_hash [0-9a-f]{12}…; the chain ends at row 4, hash [0-9a-f]{12}…$/);
  });

  it('verify names a missing chain head in both languages', async () => {
    const { db, log } = await tamperable();
    await db.kysely.deleteFrom('audit_chain_head').execute();
    const v = await log.verify();
    expect(v).toMatchObject({ ok: false, first_broken: { id: 0, reason: { key: 'audit.verify.head_missing' }, technical_detail: 'audit_chain_head has no row with id 1' } });
    expect(translator('tr').t(v.first_broken!.reason)).toBe('zincir başı (audit_chain_head) kaydı yok');
    expect(translator('en').t(v.first_broken!.reason)).toBe('the chain head row (audit_chain_head) is missing');
  });

  it('concurrent appenders keep one valid chain (separate connections; separate processes on SQLite)', async () => {
    const factory = await make();
    const a = await open(factory);
    const la = new AuditLog(a, KEYED);
    if (engine === 'postgres') {
      const b = factory();
      cleanups.push(() => b.close());
      const lb = new AuditLog(b, KEYED);
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? la : lb).append(entry(i))));
    } else {
      // better-sqlite3 is synchronous: two connections in one process would block each other's
      // event loop, so the real case (app + CLI + serve) is tested with real processes.
      const file = a.target.replace(/^sqlite:/, '');
      const child = (label: string) =>
        new Promise<number | null>((resolve) => {
          const p = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/helpers/audit-append-child.ts'), file, '10', label], {
            cwd: REPO,
            stdio: 'inherit',
            env: { ...process.env, [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY },
          });
          p.on('close', resolve);
        });
      expect(await Promise.all([child('a'), child('b')])).toEqual([0, 0]);
    }
    expect(await la.verify()).toMatchObject({ ok: true, checked: 20, last_id: 20, key: 'present', keyed_from: 1 });
  });

  it('verify while rows are being appended reports the chain intact (no false "deleted tail")', async () => {
    const db = await open(await make());
    const log = new AuditLog(db, KEYED);
    await log.append(entry(0));
    const appends = Array.from({ length: 20 }, (_, i) => log.append(entry(i + 1)));
    const verifies = Array.from({ length: 5 }, () => log.verify());
    const results = await Promise.all([...verifies, ...appends]);
    for (const v of results.slice(0, 5)) expect(v).toMatchObject({ ok: true });
    expect(await log.verify()).toMatchObject({ ok: true, checked: 21, last_id: 21, key: 'present', keyed_from: 1 });
  });

  it('lists with filters and paging, and exports CSV', async () => {
    const db = await open(await make());
    const log = new AuditLog(db, KEYED);
    for (let i = 1; i <= 7; i++) await log.append(entry(i));
    const page = await listAudit(db, { action: 'CONFIG_SAVED', limit: 2, offset: 0 });
    expect(page.total).toBe(4);
    expect(page.rows.map((r) => r.target)).toEqual(['t7', 't5']);
    expect(page.actions).toEqual(['CONFIG_SAVED', 'SECRET_SET']);
    const q = await listAudit(db, { q: 'row 3', limit: 10, offset: 0 });
    expect(q.rows.map((r) => r.target)).toEqual(['t3']);
    const future = await listAudit(db, { from: new Date(Date.now() + 3_600_000).toISOString(), limit: 10, offset: 0 });
    expect(future.total).toBe(0);
    const { csv, rows } = await exportAuditCsv(db, { result: 'success' });
    expect(rows).toBe(7);
    expect(csv.startsWith('\uFEFFid,ts,actor,action')).toBe(true);
    expect(csv.trim().split(/\r?\n/)).toHaveLength(8);
  });
});

describe('audit verify from the CLI on a tampered log', () => {
  it('names the broken row and the reason in Turkish and English, the hashes as technical detail, exit 1', async () => {
    const t = tempDir();
    cleanups.push(async () => t.remove());
    writeConfig(t.dir, 'system_config.json', { audit: { key_ref: `ENV:${TEST_AUDIT_KEY_ENV}` } });
    const db = openAppDatabase(parseDatabaseUrl(`sqlite:${path.join(t.dir, 'optiplan360.sqlite')}`, t.dir));
    await new MigrationRunner(db, MIGRATIONS).up();
    const log = new AuditLog(db, KEYED);
    for (let i = 1; i <= 3; i++) await log.append(entry(i));
    await sql`DROP TRIGGER audit_log_no_update`.execute(db.kysely);
    await db.kysely.updateTable('audit_log').set({ target: 'tampered' }).where('id', '=', 2).execute();
    await db.close();
    const run = (...args: string[]) => runCli(['audit', 'verify', ...args, '--data-dir', t.dir], { OPTIPLAN_CLI_FROM_SOURCE: '1', [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY });
    const trOut = await run();
    expect(trOut.code, trOut.stderr).toBe(1);
    expect(trOut.stdout).toMatch(/^Denetim kaydının özet zinciri 2 numaralı kayıtta bozuk: bu kayıt yazıldıktan sonra değiştirilmiş \(öncesinde 1 kayıt doğrulandı\)\.\n {2}Teknik ayrıntı: row 2: stored hash [0-9a-f]{12}…, content hashes to [0-9a-f]{12}…\n$/);
    const enOut = await run('--lang', 'en');
    expect(enOut.code).toBe(1);
    expect(enOut.stdout).toMatch(/^The audit log’s hash chain is broken at row 2: this row was edited after it was written \(1 rows verified before it\)\.\n {2}Technical detail: row 2: stored hash /);
    const json = await run('--json', '--lang', 'en');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, checked: 1, first_broken: { id: 2, reason: 'this row was edited after it was written', technical_detail: expect.stringMatching(/^row 2: stored hash /) } });
  }, 60_000);
});
