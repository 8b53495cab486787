// `audit export` writes every row, streamed (1 000 001 rows here; the old export stopped at the
// oldest 100 000); a cap is explicit (--max-rows; the in-memory op's 100 000) and keeps the
// newest rows. `audit list --search` with % or _ matches them literally on SQLite and PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { exportAuditCsv, listAudit } from '../../main/core/audit/audit-query.js';
import { openAppDatabase } from '../../main/core/db/app-database.js';
import { parseDatabaseUrl } from '../../main/core/db/database-url.js';
import { MIGRATIONS, MigrationRunner } from '../../main/core/migrations/index.js';
import { runCli } from '../helpers/cli.js';
import { createThrowawayDb } from '../helpers/pg.js';
import { CLI_ENV, faultDataDir } from './faults-helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const ROWS = 1_000_001;

/** Rows straight into the table with one INSERT … SELECT over a recursive CTE (the chain is not what is tested). */
function fill(file: string, n: number): void {
  const db = new Database(file);
  db.exec(`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${n})
           insert into audit_log (ts, actor, action, target, result, detail, old_value, new_value, prev_hash, hash)
           select strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds'), 'op@pc via cli', 'BULK', 'row ' || i, 'info', 'şğüıöç', null, null, '', '' from s`);
  db.close();
}

async function countLines(file: string): Promise<{ lines: number; first: string; last: string }> {
  let lines = 0;
  let first = '';
  let last = '';
  for await (const line of readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (lines === 1) first = line;
    last = line;
    lines++;
  }
  return { lines, first, last };
}

describe('audit export', { timeout: 600_000 }, () => {
  it(`the CLI streams all ${ROWS.toLocaleString('en')} rows to a file, oldest first; --max-rows keeps the newest`, async () => {
    const dir = faultDataDir(cleanups);
    expect((await runCli(['migrate', 'up', '--data-dir', dir], CLI_ENV)).code).toBe(0);
    const dbFile = path.join(dir, 'optiplan360.sqlite');
    fill(dbFile, ROWS);
    const total = ROWS + 1; // and the migration's own row
    const out = path.join(dir, 'audit.csv');
    const r = await runCli(['audit', 'export', '--output', out, '--data-dir', dir, '--lang', 'en'], CLI_ENV);
    expect(r.code, r.stderr).toBe(0);
    const csv = await countLines(out);
    expect(csv.lines).toBe(total + 1); // the header
    expect(csv.first.startsWith('1,')).toBe(true);
    expect(csv.last.startsWith(`${total},`)).toBe(true);
    expect(r.stderr).not.toMatch(/--max-rows/);

    const newest = () => {
      const d = new Database(dbFile, { readonly: true });
      const ids = (d.prepare('select id from audit_log order by id desc limit 5').pluck().all() as number[]).reverse();
      const n = d.prepare('select count(*) from audit_log').pluck().get() as number;
      d.close();
      return { ids, n };
    };
    const before = newest();
    const capped = await runCli(['audit', 'export', '--max-rows', '5', '--data-dir', dir, '--lang', 'en'], CLI_ENV);
    expect(capped.code).toBe(0);
    const lines = capped.stdout.trim().split('\r\n');
    expect(lines.length).toBe(6);
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(before.ids);
    expect(capped.stderr).toContain(`the newest 5 of ${before.n.toLocaleString('en')} rows were written`);

    // The in-memory export (UI, HTTP) is capped too, explicitly, keeping the newest rows.
    const db = openAppDatabase(parseDatabaseUrl(`sqlite:${dbFile}`, dir));
    cleanups.push(() => db.close());
    const mem = await exportAuditCsv(db, {});
    expect(mem).toMatchObject({ rows: 100_000, truncated: true });
    expect(mem.total).toBeGreaterThan(ROWS);
    expect(mem.csv.split('\r\n')[1]!.startsWith(`${mem.total - 100_000 + 1},`)).toBe(true);
  });
});

describe('audit list --search with % and _', () => {
  for (const engine of ['sqlite', 'postgres'] as const) {
    it(`${engine}: % and _ are literal, not wildcards`, async () => {
      let url: string;
      const dir = faultDataDir(cleanups);
      if (engine === 'postgres') {
        const pg = await createThrowawayDb('optiplan_like');
        cleanups.push(() => pg.drop());
        url = pg.url;
      } else url = `sqlite:${path.join(dir, 'like.sqlite')}`;
      const db = openAppDatabase(parseDatabaseUrl(url, dir));
      cleanups.push(() => db.close());
      await new MigrationRunner(db, MIGRATIONS).up();
      const base = { ts: '2026-01-01T00:00:00.000Z', actor: 'op', action: 'T', result: 'info', old_value: null, new_value: null, prev_hash: '', hash: '' };
      await db.kysely.insertInto('audit_log').values([
        { ...base, target: 'indirim %20', detail: null },
        { ...base, target: 'indirim 120', detail: null },
        { ...base, target: 'tablo_a', detail: null },
        { ...base, target: 'tabloXa', detail: 'a\\b yolu' },
      ]).execute();
      const search = async (q: string) => (await listAudit(db, { q, limit: 50, offset: 0 })).rows.map((r) => r.target).sort();
      expect(await search('%')).toEqual(['indirim %20']);
      expect(await search('_')).toEqual(['tablo_a']);
      expect(await search('o_a')).toEqual(['tablo_a']);
      expect(await search('\\')).toEqual(['tabloXa']);
      expect(await search('indirim')).toEqual(['indirim %20', 'indirim 120']);
    });
  }
});
