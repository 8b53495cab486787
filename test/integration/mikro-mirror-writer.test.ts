// The mirror's page write on both engines (mirror-writer.ts): SQLite runs one prepared single-row
// upsert per row, PostgreSQL one upsert of unnest()ed column arrays per page. Text that array
// literals and SQL must escape comes back exactly, NULL stays NULL (not the text 'NULL'), and the
// row count is the rows changed: an unchanged page writes nothing, one changed row counts once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase, type AppDatabase } from '../../main/core/db/app-database.js';
import { MIGRATIONS, MigrationRunner } from '../../main/core/migrations/index.js';
import { commitPage, loadCursor } from '../../main/core/mikro/sync/mirror-writer.js';
import { SYNC_TABLE_SPECS, type MirrorRow } from '../../main/core/mikro/sync/sync-tables.js';
import { createThrowawayDb } from '../helpers/pg.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function openDb(engine: 'sqlite' | 'postgres'): Promise<AppDatabase> {
  let db: AppDatabase;
  if (engine === 'postgres') {
    const pg = await createThrowawayDb('optiplan_mirrorwriter');
    db = openAppDatabase({ engine: 'postgres', connectionString: pg.url, target: pg.name, database: pg.name });
    cleanups.push(async () => (await db.close(), await pg.drop()));
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optiplan mirror '));
    const file = path.join(dir, 'app.sqlite');
    db = openAppDatabase({ engine: 'sqlite', file, target: file });
    cleanups.push(async () => (await db.close(), fs.rmSync(dir, { recursive: true, force: true })));
  }
  await new MigrationRunner(db, MIGRATIONS).up();
  return db;
}

const TRICKY = ['Çağrı "Ltd" Şti.', 'C:\\Mikro\\yol', 'a,b {c} (d)', 'NULL', "O'Brien İğüşöç", ''];
const rows: MirrorRow[] = TRICKY.map((t, i) => ({
  guid: `0000000${i}-0000-0000-0000-000000000000`,
  code: `120.${i}`,
  lastup_at: i % 2 ? null : `2026-01-0${i + 1}T08:00:00.000Z`,
  cancelled: i === 3 ? 1 : 0,
  title1: t,
  title2: i === 1 ? null : t,
  tax_office_no: null,
  tax_id: String(i),
}));
const cursor = { since: new Date(Date.UTC(2026, 0, 6)), guid: rows.at(-1)!.guid };

describe.each(['sqlite', 'postgres'] as const)('mirror page write on %s', (engine) => {
  it('escaped text and NULLs round-trip; only changed rows count; the watermark moves with the page', async () => {
    const db = await openDb(engine);
    const spec = SYNC_TABLE_SPECS.accounts;
    expect(await commitPage(db, spec, 'MikroDB_V16_T', rows, cursor, '2026-12-03T16:00:00.000Z', 1)).toBe(rows.length);
    const back = await db.kysely.selectFrom('mikro_accounts').selectAll().orderBy('guid').execute();
    expect(back.map((r) => ({ guid: r.guid, code: r.code, lastup_at: r.lastup_at, cancelled: Number(r.cancelled), title1: r.title1, title2: r.title2, tax_office_no: r.tax_office_no, tax_id: r.tax_id }))).toEqual(rows);
    expect(back.every((r) => r.company_db === 'MikroDB_V16_T' && r.synced_at === '2026-12-03T16:00:00.000Z')).toBe(true);
    expect(await loadCursor(db.kysely, 'MikroDB_V16_T', 'accounts')).toEqual(cursor);

    expect(await commitPage(db, spec, 'MikroDB_V16_T', rows, cursor, '2026-12-03T17:00:00.000Z', 2)).toBe(0);
    const changed = rows.map((r, i) => (i === 2 ? { ...r, title2: null } : r));
    expect(await commitPage(db, spec, 'MikroDB_V16_T', changed, cursor, '2026-12-03T18:00:00.000Z', 3)).toBe(1);
    const third = await db.kysely.selectFrom('mikro_accounts').select(['title2', 'synced_at']).where('guid', '=', rows[2]!.guid).executeTakeFirstOrThrow();
    expect(third).toEqual({ title2: null, synced_at: '2026-12-03T18:00:00.000Z' });
    // An unchanged row keeps the time it was last written.
    const first = await db.kysely.selectFrom('mikro_accounts').select('synced_at').where('guid', '=', rows[0]!.guid).executeTakeFirstOrThrow();
    expect(first.synced_at).toBe('2026-12-03T16:00:00.000Z');
  });
});
