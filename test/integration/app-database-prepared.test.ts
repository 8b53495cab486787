/**
 * AppDatabase.prepared (SQLite): one statement prepared on the connection kysely opened, run in a
 * hot loop (the sync's row-by-row upsert). It must share kysely's connection state: inside a
 * kysely transaction its writes commit and roll back with the transaction.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase, type AppDatabase } from '../../main/core/db/app-database.js';
import { createThrowawayDb } from '../helpers/pg.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function sqliteDb(): AppDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optiplan prepared '));
  const file = path.join(dir, 'app.sqlite');
  const db = openAppDatabase({ engine: 'sqlite', file, target: file });
  cleanups.push(async () => (await db.close(), fs.rmSync(dir, { recursive: true, force: true })));
  return db;
}

async function count(db: AppDatabase): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from t`.execute(db.kysely);
  return Number(r.rows[0]!.n);
}

describe('AppDatabase.prepared', () => {
  it('SQLite: null until kysely opened the file, then one cached statement per text', async () => {
    const db = sqliteDb();
    expect(db.prepared!('select 1')).toBeNull();
    await sql`create table t (id integer primary key, v text)`.execute(db.kysely);
    const a = db.prepared!('insert into t (id, v) values (?, ?)');
    expect(a).not.toBeNull();
    expect(db.prepared!('insert into t (id, v) values (?, ?)')).toBe(a);
    expect(a!.run(1, 'bir').changes).toBe(1);
    expect(await count(db)).toBe(1);
  });

  it('SQLite: inside a kysely transaction its writes commit with it, and roll back with it', async () => {
    const db = sqliteDb();
    await sql`create table t (id integer primary key, v text)`.execute(db.kysely);
    const insert = db.prepared!('insert into t (id, v) values (?, ?)')!;
    await db.kysely.transaction().execute(async () => {
      insert.run(1, 'bir');
      insert.run(2, 'iki');
    });
    expect(await count(db)).toBe(2);
    await expect(
      db.kysely.transaction().execute(async () => {
        insert.run(3, 'üç');
        throw new Error('page failed');
      }),
    ).rejects.toThrow('page failed');
    expect(await count(db)).toBe(2);
  });

  it('PostgreSQL: no prepared statement (the sync sends its page as one statement instead)', async () => {
    const pg = await createThrowawayDb('optiplan_prepared');
    const db = openAppDatabase({ engine: 'postgres', connectionString: pg.url, target: pg.name, database: pg.name });
    cleanups.push(async () => (await db.close(), await pg.drop()));
    await sql`select 1`.execute(db.kysely);
    expect(db.prepared?.('select 1') ?? null).toBeNull();
  });
});
