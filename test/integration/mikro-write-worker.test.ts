// The sync's SQLite writes on a worker thread (sqlite-write-worker.ts, through openMirrorWriter):
// the same Mikro rows give the same mirror rows, counts and watermark on the worker as through
// kysely on this thread; a batch that cannot be written is rolled back whole and the worker
// writes the next one; a worker that cannot start leaves the run writing in-thread; and while the
// worker writes, this thread is free (a timer releasing another connection's lock fires).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase, type AppDatabase } from '../../main/core/db/app-database.js';
import { MIGRATIONS, MigrationRunner } from '../../main/core/migrations/index.js';
import { loadCursor, openMirrorWriter } from '../../main/core/mikro/sync/mirror-writer.js';
import { startSqliteWriteWorker } from '../../main/core/mikro/sync/sqlite-write-worker.js';
import { mirrorValuesInto, SYNC_TABLE_SPECS } from '../../main/core/mikro/sync/sync-tables.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function sqliteDb(): Promise<AppDatabase> {
  // A space in the path, as under C:\Users\…\AppData.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optiplan write worker '));
  const file = path.join(dir, 'app.sqlite');
  const db = openAppDatabase({ engine: 'sqlite', file, target: file });
  cleanups.push(async () => (await db.close(), fs.rmSync(dir, { recursive: true, force: true })));
  await new MigrationRunner(db, MIGRATIONS).up();
  return db;
}

const spec = SYNC_TABLE_SPECS.accounts;
const DB = 'MikroDB_V16_W';
/** Rows as tedious hands them over: lower-case Guid, Mikro's 1899-12-30, tinyint flags, NULLs, Turkish text. */
const raw = (n: number, title = 'Çağlar Mobilya İç ve Dış Tic. Ltd. Şti.'): unknown[][] =>
  Array.from({ length: n }, (_, i) => [
    `${String(i).padStart(8, '0')}-aaaa-bbbb-cccc-dddddddddddd`,
    `120.${i}`,
    i % 7 === 0 ? new Date(Date.UTC(1899, 11, 30)) : new Date(Date.UTC(2026, 0, 1, 8, 0, i % 60)),
    i % 5 === 0 ? 2 : 0,
    `${title} ${i}`,
    i % 3 === 0 ? null : 'ŞUBE',
    i % 4 === 0 ? null : 'Kadıköy V.D.',
    String(10_000_000_000 + i),
  ]);
/** Rows → the flat mirror values the worker takes (8 per account). */
const values = (rows: unknown[][]): unknown[] => {
  const out: unknown[] = [];
  rows.forEach((r, i) => mirrorValuesInto(r, 4, out, i * 8));
  return out;
};
const cursorOf = (rows: unknown[][]) => ({ since: rows.at(-1)![2] as Date, guid: String(rows.at(-1)![0]) });

async function mirror(db: AppDatabase) {
  return db.kysely.selectFrom('mikro_accounts').selectAll().orderBy('guid').execute();
}

describe('the SQLite write worker', () => {
  it('writes exactly what the in-thread writer writes: rows, rows changed, watermark; unchanged rows count 0', async () => {
    const onWorker = await sqliteDb();
    const inThread = await sqliteDb();
    const w = openMirrorWriter(onWorker);
    const t = openMirrorWriter(inThread, false);
    cleanups.push(() => w.close());
    const pages = [raw(300), raw(300).slice(100), raw(50, 'Öğrenci Yurdu')];
    for (const [writer] of [[w], [t]] as const) {
      let changed = 0;
      for (const page of pages) changed += await writer.commit(spec, DB, [writer.stage(spec, page)], cursorOf(page), '2026-12-04T09:00:00.000Z', 1);
      // 300 new, 200 unchanged, 50 retitled.
      expect(changed).toBe(350);
    }
    expect(w.mode).toBe('worker');
    expect(t.mode).toBe('in-thread');
    const a = await mirror(onWorker);
    expect(a).toHaveLength(300);
    expect(a).toEqual(await mirror(inThread));
    expect(a[0]).toMatchObject({ guid: '00000000-AAAA-BBBB-CCCC-DDDDDDDDDDDD', lastup_at: null, cancelled: 1, title1: 'Öğrenci Yurdu 0', title2: null });
    expect(a[1]).toMatchObject({ lastup_at: '2026-01-01T08:00:01.000Z', cancelled: 0, title2: 'ŞUBE', tax_office_no: 'Kadıköy V.D.' });
    expect(await loadCursor(onWorker.kysely, DB, 'accounts')).toEqual(await loadCursor(inThread.kysely, DB, 'accounts'));
  });

  it('several staged pages commit as one batch with the last watermark; a page staged before the worker was up travels with its commit', async () => {
    const db = await sqliteDb();
    const w = openMirrorWriter(db);
    cleanups.push(() => w.close());
    const first = raw(40);
    // Staged at once, before the worker answered: it keeps its rows.
    const early = w.stage(spec, first);
    expect('rows' in early).toBe(true);
    expect(await w.commit(spec, DB, [early], cursorOf(first), '2026-12-04T09:00:00.000Z', 1)).toBe(40);
    const later = raw(120).slice(40);
    const staged = [w.stage(spec, later.slice(0, 40)), w.stage(spec, later.slice(40))];
    expect(staged.every((p) => 'staged' in p)).toBe(true);
    expect(await w.commit(spec, DB, staged, cursorOf(later), '2026-12-04T09:01:00.000Z', 2)).toBe(80);
    expect(await mirror(db)).toHaveLength(120);
    expect(await loadCursor(db.kysely, DB, 'accounts')).toEqual({ since: cursorOf(later).since, guid: cursorOf(later).guid });
  });

  it('a batch that fails is rolled back whole (no row, watermark unmoved), and the worker writes the next batch', async () => {
    const db = await sqliteDb();
    const worker = await startSqliteWriteWorker(db.sqliteFile!);
    if ('failed' in worker) throw new Error(worker.failed);
    cleanups.push(() => worker.close());
    const page = values(raw(10));
    const good = { upsert: 'insert into mikro_accounts (company_db, guid, code, lastup_at, cancelled, title1, title2, tax_office_no, tax_id, synced_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', width: 8, before: [DB], after: ['2026-12-04T09:00:00.000Z'] };
    const cursorRow = { sql: "insert into mikro_sync_state (key, company_db, table_name, cursor_date, cursor_guid, last_status, rows) values (?, ?, 'accounts', ?, ?, 'RUNNING', 0)", parameters: [`${DB}:accounts`, DB, '2026-01-01T00:00:00.000Z', 'G'] };
    // The watermark's statement fails after the rows were written: all of it is undone.
    await expect(worker.commit({ ...good, pages: [page], then: [{ sql: 'insert into no_such_table values (1)', parameters: [] }] })).rejects.toMatchObject({ code: 'SQLITE_ERROR', message: expect.stringContaining('no_such_table') });
    expect(await mirror(db)).toHaveLength(0);
    // A staged page is used once: naming it again is refused, not written empty.
    const id = worker.stage(page);
    expect(await worker.commit({ ...good, pages: [id], then: [cursorRow] })).toBe(10);
    await expect(worker.commit({ ...good, pages: [id], then: [] })).rejects.toThrow('a staged page is missing');
    // Discarded rows (their page failed half-way) are gone from the worker too.
    const dropped = worker.stage(values(raw(20)));
    worker.discard([dropped]);
    await expect(worker.commit({ ...good, pages: [dropped], then: [] })).rejects.toThrow('a staged page is missing');
    expect(await mirror(db)).toHaveLength(10);
    expect(await loadCursor(db.kysely, DB, 'accounts')).toEqual({ since: new Date('2026-01-01T00:00:00.000Z'), guid: 'G' });
  });

  it('settle(): the worker folds the WAL it wrote into the database file (the main connection is not left to do it on its thread)', async () => {
    const db = await sqliteDb();
    const w = openMirrorWriter(db);
    cleanups.push(() => w.close());
    const page = raw(3_000);
    await w.commit(spec, DB, [w.stage(spec, page)], cursorOf(page), '2026-12-04T09:00:00.000Z', 1);
    // The rows are in the -wal file only: under the worker's 10 000-page checkpoint threshold.
    const before = fs.statSync(db.sqliteFile!).size;
    expect(fs.statSync(`${db.sqliteFile!}-wal`).size).toBeGreaterThan(before);
    await w.settle();
    expect(fs.statSync(db.sqliteFile!).size).toBeGreaterThan(before);
    expect(await mirror(db)).toHaveLength(3_000);
  });

  it('a worker that cannot open the file: the run writes in-thread and says why', async () => {
    const db = await sqliteDb();
    const w = openMirrorWriter({ ...db, engine: db.engine, kysely: db.kysely, prepared: db.prepared?.bind(db), sqliteFile: path.join(os.tmpdir(), 'no such folder', 'x', 'app.sqlite') });
    const page = raw(25);
    expect(await w.commit(spec, DB, [w.stage(spec, page)], cursorOf(page), '2026-12-04T09:00:00.000Z', 1)).toBe(25);
    expect(w.mode).toBe('in-thread');
    expect(w.fallback).toMatch(/unable to open|directory does not exist|SQLITE_CANTOPEN/i);
    expect(await mirror(db)).toHaveLength(25);
    await w.close();
  });

  it('this thread is free while the worker writes: a write waiting for another connection’s lock lets this thread release it', async () => {
    const db = await sqliteDb();
    const w = openMirrorWriter(db);
    cleanups.push(() => w.close());
    await w.commit(spec, DB, [w.stage(spec, raw(1))], cursorOf(raw(1)), '2026-12-04T09:00:00.000Z', 1);
    // Another process holds the write lock; only a timer on this thread lets it go. A write
    // blocking this thread (better-sqlite3 waits synchronously) would never see the timer fire
    // and end in SQLITE_BUSY after the 5 s busy timeout instead.
    const other = new Database(db.sqliteFile!);
    cleanups.push(async () => void other.close());
    other.exec('begin immediate');
    const page = raw(2_000);
    const released: string[] = [];
    setTimeout(() => (other.exec('commit'), released.push('released')), 200);
    expect(await w.commit(spec, DB, [w.stage(spec, page)], cursorOf(page), '2026-12-04T09:00:00.000Z', 2)).toBe(1_999);
    expect(released).toEqual(['released']);
  });
});
