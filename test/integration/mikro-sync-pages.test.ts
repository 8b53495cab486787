// Page sizes a caller may ask for beyond the query's row bound (MikroClient returns at most
// MAX_SYNC_PAGE_ROWS rows): the run reads in pages of that bound instead of taking the first
// short page for the last one and ending the table early.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../main/core/db/app-database.js';
import { MIGRATIONS, MigrationRunner } from '../../main/core/migrations/index.js';
import { MikroClient } from '../../main/core/mikro/mikro-connection.js';
import { MAX_SYNC_PAGE_ROWS } from '../../main/core/mikro/sync-statements.js';
import { runPullSync } from '../../main/core/mikro/sync/sync-run.js';
import { mikroInstallation } from '../fakes/tds/mikro-setup.js';
import { startTdsFake } from '../fakes/tds/server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('sync page size', { timeout: 60_000 }, () => {
  it(`page_rows above ${MAX_SYNC_PAGE_ROWS} reads pages of ${MAX_SYNC_PAGE_ROWS}: every row, DONE`, async () => {
    const rows = MAX_SYNC_PAGE_ROWS + 50;
    const fake = await startTdsFake({ mikro: mikroInstallation({ companies: [{ kod: 'PG', isim: 'Sayfa Mobilya', accounts: rows, stock: 0 }] }) });
    cleanups.push(() => fake.close());
    const client = new MikroClient({ host: fake.host, port: fake.port, instance: null, database: 'MikroDB_V16_PG', username: 'optiplan_ro', encrypt: false, trust_server_certificate: false, timeout_seconds: 30 }, async () => 'pw');
    cleanups.push(() => client.close());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optiplan-pages-'));
    const file = path.join(dir, 'app.sqlite');
    const db = openAppDatabase({ engine: 'sqlite', file, target: file });
    cleanups.push(async () => (await db.close(), fs.rmSync(dir, { recursive: true, force: true })));
    await new MigrationRunner(db, MIGRATIONS).up();
    const r = await runPullSync({ db, client, audit: null, actor: 'test', companyDb: 'MikroDB_V16_PG', pageRows: 25_000 }, { full: true, tables: ['accounts'] });
    expect(r.status).toBe('DONE');
    expect(r.tables[0]).toMatchObject({ rows_read: rows, rows_changed: rows, pages: 2 });
  });
});
