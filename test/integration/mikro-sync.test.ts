// The PULL sync end to end (issue 16 §3): the real core and dispatcher, real tedious over TCP to
// the TDS fake serving Mikro fixture tables, into a SQLite file and a throwaway PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MikroSyncProgress, MikroSyncResult } from '../../shared/mikro-sync.js';
import { translator } from '../../shared/i18n/translator.js';
import { cancelRows, FIXTURE_BASE_TIME, touchRows } from '../fakes/tds/mikro-fixtures.js';
import { COMPANY_DB, lastSyncCheck, mirrorCount, openSyncSetup, SYNC_PASSWORD, type SyncSetup } from './mikro-sync-helpers.js';

const tr = translator('tr');
let setup: SyncSetup | null = null;
afterEach(async () => {
  await setup?.close();
  setup = null;
});

async function sync(s: SyncSetup, input: { full?: boolean; tables?: Array<'accounts' | 'stock'> } = {}): Promise<MikroSyncResult & { progress: MikroSyncProgress[] }> {
  const progress: MikroSyncProgress[] = [];
  const off = s.core.events.subscribe((e) => {
    if (e.name === 'job.progress' && (e.data as { op: string }).op === 'mikro.sync') progress.push((e.data as { progress: MikroSyncProgress }).progress);
  });
  try {
    const r = await s.core.invoke('mikro.sync', input, s.core.context('cli'));
    return { ...r, progress };
  } finally {
    off();
  }
}

describe.each(['sqlite', 'postgres'] as const)('PULL sync into %s', (engine) => {
  it('a full sync of N rows mirrors every row with its Turkish text, in pages; a sync_jobs row, an audit row, last_sync_recency PASS', async () => {
    setup = await openSyncSetup(engine, { accounts: 250, stock: 45, pageRows: 40 });
    const s = setup;
    const r = await sync(s);
    expect(r.status).toBe('DONE');
    expect(r.tables.map((t) => [t.table, t.rows_read, t.rows_changed, t.pages])).toEqual([
      ['accounts', 250, 250, 7],
      ['stock', 45, 45, 2],
    ]);
    expect(await mirrorCount(s.core, 'mikro_accounts')).toBe(250);
    expect(await mirrorCount(s.core, 'mikro_stock_items')).toBe(45);
    // Progress after every committed page, the counts growing.
    expect(r.progress.filter((p) => p.table === 'accounts').map((p) => p.rows_read)).toEqual([40, 80, 120, 160, 200, 240, 250]);

    // The values as Mikro holds them: Guid, code, Turkish titles, NULLs, "no date" → null.
    const source = s.mikro.table(COMPANY_DB, 'CARI_HESAPLAR');
    const first = source.record(source.rows[1]!);
    const mirrored = await s.core.db.kysely.selectFrom('mikro_accounts').selectAll().where('guid', '=', String(first.cari_Guid)).executeTakeFirstOrThrow();
    expect(mirrored).toMatchObject({ company_db: COMPANY_DB, code: first.cari_kod, title1: first.cari_unvan1, title2: first.cari_unvan2, tax_office_no: first.cari_vdaire_no, cancelled: 0 });
    expect(mirrored.lastup_at).toBe((first.cari_lastup_date as Date).toISOString());
    expect(String(mirrored.title1)).toMatch(/[çğışöüÇĞİŞÖÜ]/);

    const job = await s.core.db.kysely.selectFrom('sync_jobs').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ integration: 'mikro', kind: 'pull', status: 'DONE', records: 295, error: null });
    expect(job.actor).toMatch(/via cli$/);
    // SQLite writes on the write worker (the host's thread stays free); PostgreSQL through kysely.
    expect(JSON.parse(job.detail!)).toMatchObject({ full: false, writer: engine === 'sqlite' ? 'worker' : 'in-thread', tables: { accounts: { read: 250, changed: 250, pages: 7 }, stock: { read: 45, changed: 45 } } });
    const audit = await s.core.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'MIKRO_SYNC').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ result: 'success', target: `mikro:${COMPANY_DB}` });
    expect(JSON.stringify(audit)).not.toContain(SYNC_PASSWORD);

    expect(tr.t(r.message)).toBe('Eşitleme tamamlandı (CARI_HESAPLAR ve STOKLAR): 295 kayıt okundu, 295 kayıt yeni veya değişmiş.');
    const status = await s.core.invoke('mikro.syncStatus', {}, s.core.context('cli'));
    expect(status.map((x) => [x.table, x.status, x.rows])).toEqual([
      ['accounts', 'DONE', 250],
      ['stock', 'DONE', 45],
    ]);
    const check = await lastSyncCheck(s.core);
    expect(check.status).toBe('PASS');
    expect(tr.t(check.detail)).toMatch(/^Son başarılı senkronizasyon 0 saat önce \(mikro pull, /);
    // Health shows the last sync of each table.
    const health = await s.core.invoke('health.get', {}, s.core.context('cli'));
    expect(health.components.mikro.sync?.map((x) => [x.table, x.status, x.rows])).toEqual([
      ['CARI_HESAPLAR', 'DONE', 250],
      ['STOKLAR', 'DONE', 45],
    ]);
  });

  it('incremental: with 1 % of the rows changed, the next sync reads and writes only those; an unchanged re-read writes nothing', async () => {
    setup = await openSyncSetup(engine, { accounts: 600, stock: 10, pageRows: 50 });
    const s = setup;
    await sync(s);
    const accounts = s.mikro.table(COMPANY_DB, 'CARI_HESAPLAR');
    const touched = touchRows(accounts, { every: 100, at: new Date(FIXTURE_BASE_TIME + 86_400_000), patch: { cari_unvan1: 'Değişti Ağaç İşleri Ltd. Şti.' } });
    expect(touched).toHaveLength(6);
    const r = await sync(s, { tables: ['accounts'] });
    expect(r.tables).toHaveLength(1);
    expect(r.tables[0]).toMatchObject({ table: 'accounts', rows_read: 6, rows_changed: 6, pages: 1 });
    const changed = await s.core.db.kysely.selectFrom('mikro_accounts').select('guid').where('title1', '=', 'Değişti Ağaç İşleri Ltd. Şti.').execute();
    expect(changed.map((x) => x.guid).sort()).toEqual([...touched].sort());
    // Nothing new: one empty page, nothing written.
    const again = await sync(s, { tables: ['accounts'] });
    expect(again.tables[0]).toMatchObject({ rows_read: 0, rows_changed: 0, pages: 0 });
    // --full reads everything again but changes nothing that did not change.
    const full = await sync(s, { full: true, tables: ['accounts'] });
    expect(full.tables[0]).toMatchObject({ rows_read: 600, rows_changed: 0 });
    expect(full.full).toBe(true);
  });

  it('cancelled rows (*_iptal) are mirrored as cancelled', async () => {
    setup = await openSyncSetup(engine, { accounts: 30, stock: 30 });
    const s = setup;
    await sync(s);
    const stock = s.mikro.table(COMPANY_DB, 'STOKLAR');
    const guids = [stock.rows[3]!, stock.rows[17]!].map((row) => String(row[stock.index('sto_Guid')]));
    cancelRows(stock, guids, new Date(FIXTURE_BASE_TIME + 2 * 86_400_000));
    const r = await sync(s);
    expect(r.tables.find((t) => t.table === 'stock')).toMatchObject({ rows_read: 2, rows_changed: 2, rows_cancelled: 2 });
    expect(await mirrorCount(s.core, 'mikro_stock_items', { cancelled: 1 })).toBe(2);
    expect(await mirrorCount(s.core, 'mikro_stock_items')).toBe(30);
  });

  it('a failure mid-way leaves the watermark at the last committed page, sync_jobs FAILED with the error, last_sync_recency FAIL naming it; the next run resumes', async () => {
    setup = await openSyncSetup(engine, { accounts: 100, stock: 5, pageRows: 20 });
    const s = setup;
    let pages = 0;
    s.fake.setAnswer((sqlText) => {
      if (!/FROM \[dbo\]\.\[CARI_HESAPLAR\]/.test(sqlText)) return undefined;
      pages++;
      return pages === 3 ? { error: { number: 1222, class: 16, message: 'Lock request time out period exceeded.' } } : undefined;
    });
    const r = await sync(s);
    expect(r.status).toBe('FAILED');
    const accounts = r.tables.find((t) => t.table === 'accounts')!;
    expect(accounts).toMatchObject({ status: 'FAILED', rows_read: 40, pages: 2 });
    expect(accounts.error?.code).toBe('E_MIKRO_TIMEOUT');
    // Stock still synced: one table's failure does not stop the others.
    expect(r.tables.find((t) => t.table === 'stock')).toMatchObject({ status: 'DONE', rows_read: 5 });
    expect(await mirrorCount(s.core, 'mikro_accounts')).toBe(40);

    const source = s.mikro.table(COMPANY_DB, 'CARI_HESAPLAR');
    const ordered = [...source.rows].sort((a, b) => (a[source.index('cari_lastup_date')] as Date).getTime() - (b[source.index('cari_lastup_date')] as Date).getTime());
    const state = await s.core.db.kysely.selectFrom('mikro_sync_state').selectAll().where('table_name', '=', 'accounts').executeTakeFirstOrThrow();
    expect(state.last_status).toBe('FAILED');
    expect(state.cursor_date).toBe((ordered[39]![source.index('cari_lastup_date')] as Date).toISOString());

    const job = await s.core.db.kysely.selectFrom('sync_jobs').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/^E_MIKRO_TIMEOUT: .*Lock request time out/);
    const audit = await s.core.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'MIKRO_SYNC').executeTakeFirstOrThrow();
    expect(audit.result).toBe('failure');

    const check = await lastSyncCheck(s.core);
    expect(check.status).toBe('FAIL');
    expect(tr.t(check.detail)).toMatch(/^Son senkronizasyon \(mikro pull, .*\) BAŞARISIZ: E_MIKRO_TIMEOUT — /);
    expect(tr.t(check.detail)).not.toMatch(/hiçbiri|no sync/);
    expect(check.technical_detail).toContain('Lock request time out');

    s.fake.setAnswer(undefined);
    const resumed = await sync(s, { tables: ['accounts'] });
    expect(resumed.tables[0]).toMatchObject({ status: 'DONE', rows_read: 60, rows_changed: 60 });
    expect(await mirrorCount(s.core, 'mikro_accounts')).toBe(100);
    expect((await lastSyncCheck(s.core)).status).toBe('PASS');
  });
});

describe('PULL sync is read-only', () => {
  it('sends only SELECTs, each after the session prelude (LOCK_TIMEOUT, READ UNCOMMITTED); the push path stays blocked', async () => {
    setup = await openSyncSetup('sqlite', { accounts: 90, stock: 20, pageRows: 25 });
    const s = setup;
    s.fake.clearRecords();
    await sync(s);
    await sync(s, { full: true });
    const requests = s.fake.requests;
    const pages = requests.filter((r) => /FROM \[dbo\]\.\[(CARI_HESAPLAR|STOKLAR)\]/.test(r.sql));
    // 90/25 → 4 pages, 20/25 → 1 page; twice.
    expect(pages).toHaveLength(10);
    for (const r of requests) {
      // tedious' own connection set-up batch is only SET options (one per line); everything else is a SELECT.
      if (/^\s*set\s/i.test(r.sql)) for (const line of r.sql.trim().split(/\r?\n/)) expect(line).toMatch(/^set [a-z_]+( [a-z_]+)* ?[\w-]*$/i);
      else expect(r.sql, r.sql).toMatch(/^\s*SELECT\b/i);
      expect(r.sql).not.toMatch(/\b(INSERT|UPDATE|DELETE|MERGE|EXEC|CREATE|ALTER|DROP|TRUNCATE)\b/i);
    }
    for (const r of pages) expect(r.session).toEqual({ lockTimeoutMs: 5000, isolation: 'READ UNCOMMITTED' });
    expect(s.fake.logins.every((l) => l.readOnlyIntent)).toBe(true);
    const blocked = await s.core.mikro.sync.pushAccount(1, { kod: 'X' }, { actor: 'tester' });
    expect(blocked).toMatchObject({ success: false, code: 'E_MIKRO_READ_ONLY' });
  });

  it('a sync running in another process shows in jobs.list (an hour-old RUNNING row of a dead process does not); this process’s own sync shows once', async () => {
    setup = await openSyncSetup('sqlite', { accounts: 5, stock: 2 });
    const s = setup;
    const row = (startedAt: Date) => ({ integration: 'mikro', kind: 'pull', started_at: startedAt.toISOString(), finished_at: null, status: 'RUNNING', records: 0, error: null, actor: 'ayse@ATOLYE-PC via schedule', detail: null });
    const live = await s.core.db.kysely.insertInto('sync_jobs').values(row(new Date())).returning('id').executeTakeFirstOrThrow();
    await s.core.db.kysely.insertInto('sync_jobs').values(row(new Date(Date.now() - 2 * 3_600_000))).execute();
    const listed = await s.core.invoke('jobs.list', {}, s.core.context('cli'));
    expect(listed.jobs.filter((j) => j.op === 'mikro.sync').map((j) => [j.run_id, j.source])).toEqual([[Number(live.id), 'run_table']]);
    await s.core.db.kysely.deleteFrom('sync_jobs').execute();
    s.fake.setAnswer((sqlText) => (/STOKLAR/.test(sqlText) ? { delayMs: 300, answer: { columns: [{ name: 'sto_Guid', type: 'nvarchar' }], rows: [] } } : undefined));
    const running = sync(s);
    await new Promise((r) => setTimeout(r, 150));
    const during = (await s.core.invoke('jobs.list', {}, s.core.context('cli'))).jobs.filter((j) => j.op === 'mikro.sync');
    await running;
    expect(during).toHaveLength(1);
    expect(during[0]!.source).not.toBe('run_table');
  });

  it('a RUNNING row over an hour old (its process died) ends FAILED when the next sync starts; last_sync_recency names it until a sync succeeds', async () => {
    setup = await openSyncSetup('sqlite', { accounts: 5, stock: 2 });
    const s = setup;
    const old = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const dead = await s.core.db.kysely.insertInto('sync_jobs').values({ integration: 'mikro', kind: 'pull', started_at: old, finished_at: null, status: 'RUNNING', records: 0, error: null, actor: 'x via schedule', detail: null }).returning('id').executeTakeFirstOrThrow();
    s.fake.setMode('close-after-accept');
    const failed = await sync(s);
    expect(failed.status).toBe('FAILED');
    const row = await s.core.db.kysely.selectFrom('sync_jobs').selectAll().where('id', '=', dead.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^E_SYNC_INTERRUPTED: /) });
    s.fake.setMode('normal');
    expect((await sync(s)).status).toBe('DONE');
    expect((await lastSyncCheck(s.core)).status).toBe('PASS');
    // Alone, the interrupted run is what the check names.
    await s.core.db.kysely.deleteFrom('sync_jobs').where('id', '!=', dead.id).execute();
    const check = await lastSyncCheck(s.core);
    expect(check.status).toBe('FAIL');
    expect(tr.t(check.detail)).toContain('E_SYNC_INTERRUPTED — Eşitlemeyi yürüten süreç, eşitleme bitmeden sona erdi');
  });

  it('a table the schema contract places in another schema is read there (the fixtures have it in dbo: 208 names it)', async () => {
    setup = await openSyncSetup('sqlite', { accounts: 5, stock: 2, sync: {} });
    const s = setup;
    const file = path.join(s.dataDir, 'config', 'mikro_connection.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), schema_contract: { 'erp.STOKLAR': ['sto_Guid', 'sto_kod'] } }));
    const r = await sync(s);
    expect(r.tables.find((t) => t.table === 'accounts')?.status).toBe('DONE');
    expect(r.tables.find((t) => t.table === 'stock')).toMatchObject({ status: 'FAILED' });
    expect(s.fake.requests.some((q) => q.sql.includes('FROM [erp].[STOKLAR]'))).toBe(true);
  });

  it('switched off: refused before a sync_jobs row exists, and the schedule does not run', async () => {
    setup = await openSyncSetup('sqlite', { enabled: false, sync: { interval_minutes: 0.001 } });
    const s = setup;
    await expect(s.core.invoke('mikro.sync', {}, s.core.context('cli'))).rejects.toMatchObject({ code: 'E_MIKRO_NOT_CONFIGURED' });
    const scheduler = s.core.mikro.pull.startSchedule('tester via schedule', () => undefined, { tickMs: 20 });
    await new Promise((r) => setTimeout(r, 200));
    expect(scheduler.runs).toBe(0);
    expect(await s.core.db.kysely.selectFrom('sync_jobs').selectAll().execute()).toHaveLength(0);
    expect(s.fake.connections).toBe(0);
  });

  it('the schedule runs an incremental sync every sync.interval_minutes as a mikro.sync job', async () => {
    setup = await openSyncSetup('sqlite', { accounts: 10, stock: 3, sync: { interval_minutes: 0.005 } });
    const s = setup;
    const errors: unknown[] = [];
    const scheduler = s.core.mikro.pull.startSchedule('tester@host via schedule', (e) => errors.push(e), { tickMs: 25 });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (await s.core.db.kysely.selectFrom('sync_jobs').select('id').where('status', '=', 'DONE').execute()).length < 2) await new Promise((r) => setTimeout(r, 50));
    scheduler.stop();
    expect(errors).toEqual([]);
    const jobs = await s.core.db.kysely.selectFrom('sync_jobs').selectAll().where('status', '=', 'DONE').orderBy('id').execute();
    expect(jobs.length).toBeGreaterThanOrEqual(2);
    expect(jobs[0]!.actor).toBe('tester@host via schedule');
    expect(JSON.parse(jobs[1]!.detail!)).toMatchObject({ full: false, tables: { accounts: { read: 0 } } });
  });
});
