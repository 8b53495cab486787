// Anchors outside the database (issue 13): every backup manifest and stored diagnostics report
// records the audit chain's head; `audit verify` checks the log against the newest it finds, so
// deleting the newest rows and rewriting the head to match is detected from the backup's anchor,
// and an empty log while anchors exist is a break. Both engines (PostgreSQL backups need pg_dump).
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { auditAnchors, currentAuditAnchor } from '../../main/core/audit/audit-anchor.js';
import { fixedAuditKey } from '../../main/core/audit/audit-key.js';
import { AuditLog } from '../../main/core/audit/audit-log.js';
import type { AppDatabase } from '../../main/core/db/app-database.js';
import { GENESIS_HASH } from '../../main/core/migrations/0003_audit_chain.js';
import { translator } from '../../shared/i18n/translator.js';
import { runCli } from '../helpers/cli.js';
import { TEST_AUDIT_KEY, TEST_AUDIT_KEY_ENV } from '../helpers/core.js';
import { pgApp, service, sqliteApp, type AppDb, type Cleanup } from './backup-helpers.js';
import { openDiag } from './diagnostics-helpers.js';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const entry = (i: number) => ({ action: 'CONFIG_SAVED', target: `t${i}`, result: 'success' as const, actor: 'op@pc', detail: `row ${i}` });

function keyedLog(app: AppDb): AuditLog {
  return new AuditLog(app.db, { key: fixedAuditKey(TEST_AUDIT_KEY), anchors: () => auditAnchors(app.db, [app.backupDir]) });
}

async function dropGuards(db: AppDatabase): Promise<void> {
  if (db.engine === 'sqlite') await sql`DROP TRIGGER audit_log_no_delete`.execute(db.kysely);
  else await sql`DROP TRIGGER audit_log_no_change ON audit_log`.execute(db.kysely);
}

/** Delete every row above `keep` and make the head point at row `keep`, as it would have been. */
async function cutTo(db: AppDatabase, keep: number): Promise<void> {
  await db.kysely.deleteFrom('audit_log').where('id', '>', keep).execute();
  const row = keep > 0 ? await db.kysely.selectFrom('audit_log').selectAll().where('id', '=', keep).executeTakeFirstOrThrow() : null;
  await db.kysely
    .updateTable('audit_chain_head')
    .set({ last_id: keep, last_hash: row?.hash ?? GENESIS_HASH, last_mac: row?.mac ?? null, ...(keep === 0 ? { keyed_from: null, key_id: null } : {}) })
    .where('id', '=', 1)
    .execute();
}

describe.each([
  ['sqlite', sqliteApp],
  ['postgres', pgApp],
] as const)('audit anchors on %s', (_engine, make) => {
  it('the backup manifest records the head; deleting the newest rows and rewriting the head after the backup is detected from it', async () => {
    const app = await make(cleanups);
    const log = keyedLog(app);
    for (let i = 1; i <= 5; i++) await log.append(entry(i));
    const before = await currentAuditAnchor(app.db);
    const r = await service(app, { audit: log }).run({ trigger: 'manual', actor: 'op@pc' });
    expect(r.status).toBe('success');
    const manifest = JSON.parse(fs.readFileSync(`${r.file_path}.manifest.json`, 'utf8')) as { audit_anchor: unknown };
    // The head before the dump: the dump holds at least these rows.
    expect(manifest.audit_anchor).toEqual(before);
    expect(before).toMatchObject({ last_id: 5, count: 5, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    for (let i = 7; i <= 8; i++) await log.append(entry(i));
    const intact = await log.verify();
    expect(intact).toMatchObject({ ok: true, anchors: [{ kind: 'backup', source: path.basename(r.file_path!), last_id: 5, count: 5, ok: true }] });
    expect(intact.notes?.map((n) => n.key)).toContain('audit.note.anchors');

    // Someone with database access drops the newest rows (some from before the backup) and
    // rewrites the head row to match the last remaining one: the chain itself is consistent …
    await dropGuards(app.db);
    await cutTo(app.db, 3);
    expect(await new AuditLog(app.db, { key: fixedAuditKey(TEST_AUDIT_KEY) }).verify()).toMatchObject({ ok: true, checked: 3 });
    // … the backup's anchor is not.
    const v = await log.verify();
    expect(v).toMatchObject({ ok: false, checked: 3, first_broken: { id: 3, reason: { key: 'audit.verify.anchor_ahead', params: { anchor: 5, last: 3 } } } });
    expect(translator('tr').t(v.first_broken!.reason)).toBe(`${path.basename(r.file_path!)} yedeğinin bildirimi zincirin 5 numaralı kayda kadar vardığını kaydetmiş; kayıt şimdi 3 numarada bitiyor: yeni kayıtlar silinmiş`);
    expect(v.first_broken!.technical_detail).toContain('.manifest.json: audit_anchor last_id 5');
  }, 60_000);

  it('an empty log while a backup anchor exists is a break', async () => {
    const app = await make(cleanups);
    const log = keyedLog(app);
    for (let i = 1; i <= 3; i++) await log.append(entry(i));
    expect((await service(app, { audit: null }).run({ trigger: 'manual', actor: 'op@pc' })).status).toBe('success');
    await dropGuards(app.db);
    await cutTo(app.db, 0);
    // No rows and no key use: the only evidence left is the anchor.
    const v = await new AuditLog(app.db, { anchors: () => auditAnchors(app.db, [app.backupDir]) }).verify();
    expect(v).toMatchObject({ ok: false, first_broken: { id: 0, reason: { key: 'audit.verify.anchor_empty', params: { count: 3 } } } });
  }, 60_000);

  it('limits, said plainly: rows added after the newest anchor can be cut unnoticed until the next backup', async () => {
    const app = await make(cleanups);
    const log = keyedLog(app);
    for (let i = 1; i <= 3; i++) await log.append(entry(i));
    await service(app, { audit: null }).run({ trigger: 'manual', actor: 'op@pc' });
    for (let i = 4; i <= 6; i++) await log.append(entry(i));
    await dropGuards(app.db);
    await cutTo(app.db, 4);
    expect(await log.verify()).toMatchObject({ ok: true, checked: 4 });
  }, 60_000);
});

describe('the diagnostics report is an anchor too', () => {
  it('a stored run records the head, and audit verify checks the log against the newest run', async () => {
    const { core } = await openDiag();
    for (let i = 0; i < 4; i++) await core.audit.record(entry(i));
    const anchor = await currentAuditAnchor(core.db);
    const report = await core.diagnostics.run('tester@host via cli');
    const stored = JSON.parse((await core.db.kysely.selectFrom('diagnostics_runs').select('report').where('id', '=', report.run_id!).executeTakeFirstOrThrow()).report) as { audit_anchor: unknown };
    expect(stored.audit_anchor).toMatchObject({ last_id: anchor!.last_id, count: anchor!.count });
    const v = await core.audit.verify();
    expect(v).toMatchObject({ ok: true, anchors: [expect.objectContaining({ kind: 'diagnostics', source: `#${report.run_id}` })] });
    // The newest rows cut and the head rewritten: the report's anchor is ahead of the log.
    await sql`DROP TRIGGER audit_log_no_delete`.execute(core.db.kysely);
    await cutTo(core.db, 2);
    expect(await core.audit.verify()).toMatchObject({ ok: false, first_broken: { reason: { key: 'audit.verify.anchor_ahead' } } });
  }, 60_000);
});

describe('audit verify from the CLI says what it checked', () => {
  it('names the legacy/keyed split and the anchors, in Turkish by default', async () => {
    const app = await sqliteApp(cleanups);
    fs.mkdirSync(path.join(app.dir, 'config'), { recursive: true });
    fs.writeFileSync(path.join(app.dir, 'config', 'system_config.json'), JSON.stringify({ audit: { key_ref: `ENV:${TEST_AUDIT_KEY_ENV}` }, database: { auto_migrate_on_startup: false } }));
    const log = keyedLog(app);
    for (let i = 1; i <= 3; i++) await log.append(entry(i));
    await service(app, { audit: null }).run({ trigger: 'manual', actor: 'op@pc' });
    const r = await runCli(['audit', 'verify', '--data-dir', app.dir], { OPTIPLAN_CLI_FROM_SOURCE: '1', [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Denetim kaydının özet zinciri sağlam: 3 kayıt doğrulandı\.\n {2}1 numaralı kayıttan itibaren kayıtlar anahtarlı \(HMAC-SHA-256\)\.\n {2}Veritabanı dışındaki 1 çapaya göre denetlendi; en yenisi: \S+ yedeğinin bildirimi \(3 numaralı kayıt\)\.\n$/);
    // Without the key: not OK, and it says why.
    const nokey = await runCli(['audit', 'verify', '--lang', 'en', '--data-dir', app.dir], { OPTIPLAN_CLI_FROM_SOURCE: '1' });
    expect(nokey.code).toBe(1);
    expect(nokey.stdout).toMatch(/the audit log key \(ENV:OPTIPLAN_TEST_AUDIT_KEY\) is missing: the keyed rows cannot be checked/);
  }, 60_000);
});
