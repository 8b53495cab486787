// Data for the backup benchmark: a generated database of roughly N MB on each engine, rows that
// look like the app's (Turkish text, ids, amounts, hashes) so compression ratios are realistic.
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { createThrowawayDb, withPg, type ThrowawayDb } from '../test/helpers/pg.js';

const MB = 1024 * 1024;

const WORDS = ['sipariş', 'müşteri', 'İstanbul', 'Çanakkale', 'kesim', 'plaka', 'kenar bandı', 'şerit', 'ölçü', 'ığdır', 'teslimat', 'ödeme'];

/** Fill `items` in an existing SQLite file until the file is about `mb` MB. */
export function fillSqlite(file: string, mb: number): { rows: number; bytes: number } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('create table if not exists items (id integer primary key, customer text not null, note text not null, amount real not null, digest text not null, created text not null)');
  const insert = db.prepare('insert into items (customer, note, amount, digest, created) values (?, ?, ?, ?, ?)');
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  let rows = 0;
  const batch = db.transaction((n: number) => {
    for (let i = 0; i < n; i++, rows++) {
      const w = (k: number) => WORDS[(rows * 7 + k) % WORDS.length]!;
      insert.run(`Müşteri ${rows % 5000} ${w(1)}`, `${w(2)} ${w(3)} ${w(4)} — ${rows} adet, ${w(5)}`, (rows % 10_000) / 7, crypto.createHash('md5').update(String(rows)).digest('hex'), new Date(1.7e12 + rows * 1000).toISOString());
    }
  });
  while (Number(db.pragma('page_count', { simple: true })) * pageSize < mb * MB) batch(20_000);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = Number(db.pragma('page_count', { simple: true })) * pageSize;
  db.close();
  return { rows, bytes };
}

/** A throwaway database for the bench (dropped by the caller). */
export const createPgDb = (): Promise<ThrowawayDb> => createThrowawayDb('optiplan_bench');

export async function fillPg(url: string, mb: number): Promise<{ rows: number; bytes: number }> {
  return withPg(url, async (c) => {
    await c.query('create table items (id bigserial primary key, customer text not null, note text not null, amount numeric(12,2) not null, digest text not null, created timestamptz not null)');
    const words = `array[${WORDS.map((w) => `'${w}'`).join(',')}]`;
    let rows = 0;
    const size = async () => Number((await c.query<{ s: string }>('select pg_database_size(current_database())::text as s')).rows[0]!.s);
    // The target is the data itself: an empty database already takes several MB of catalog.
    const base = await size();
    while ((await size()) - base < mb * MB) {
      await c.query(
        `insert into items (customer, note, amount, digest, created)
         select 'Müşteri ' || (g % 5000) || ' ' || (${words})[1 + g % 12],
                (${words})[1 + (g * 3) % 12] || ' ' || (${words})[1 + (g * 5) % 12] || ' — ' || g || ' adet',
                (g % 10000) / 7.0, md5(g::text), timestamptz '2024-01-01' + g * interval '1 second'
           from generate_series($1::bigint, $2::bigint) g`,
        [rows + 1, rows + 25_000],
      );
      rows += 25_000;
    }
    await c.query('vacuum analyze items');
    return { rows, bytes: await size() };
  });
}
