// A console (SQLite file or a throwaway PostgreSQL) pointed at the TDS fake serving a Mikro
// installation (test/fakes/tds/mikro-setup.ts), for the PULL sync tests.
import type { Core } from '../../main/core/core.js';
import type { DiagnosticCheck } from '../../shared/diagnostics.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { mikroInstallation } from '../fakes/tds/mikro-setup.js';
import type { MikroFixtureServer } from '../fakes/tds/mikro-answers.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { createThrowawayDb, type ThrowawayDb } from '../helpers/pg.js';
import { writeConfig } from '../helpers/temp.js';

export const COMPANY_DB = 'MikroDB_V16_TEST';
export const SYNC_PASSWORD = 'Eşitleme-Parola-91c2';

export interface SyncSetup {
  core: Core;
  fake: TdsFake;
  mikro: MikroFixtureServer;
  dataDir: string;
  close(): Promise<void>;
}

export async function openSyncSetup(engine: 'sqlite' | 'postgres', opts: { accounts?: number; stock?: number; pageRows?: number; sync?: Record<string, unknown>; enabled?: boolean } = {}): Promise<SyncSetup> {
  const mikro = mikroInstallation({ companies: [{ kod: 'TEST', isim: 'Test Mobilya Sanayi ve Ticaret A.Ş.', accounts: opts.accounts ?? 50, stock: opts.stock ?? 30 }] });
  const fake = await startTdsFake({ mikro });
  let pg: ThrowawayDb | null = null;
  let tc: TestCore;
  if (engine === 'postgres') {
    pg = await createThrowawayDb('optiplan_sync');
    tc = await openTestCore({ url: pg.url }, { env: { MIKRO_SYNC_PW: SYNC_PASSWORD } });
  } else {
    tc = await openTestCore({}, { env: { MIKRO_SYNC_PW: SYNC_PASSWORD } });
  }
  writeConfig(tc.dataDir, 'mikro_connection.json', {
    ...(opts.enabled === false ? { enabled: false } : {}),
    host: fake.host,
    port: fake.port,
    database: COMPANY_DB,
    username: 'optiplan_ro',
    password: 'ENV:MIKRO_SYNC_PW',
    encrypt: false,
    timeout_seconds: 5,
    sync: { page_rows: opts.pageRows ?? 20, ...opts.sync },
  });
  await tc.core.migrateUp('tester@host via cli');
  return {
    core: tc.core,
    fake,
    mikro,
    dataDir: tc.dataDir,
    close: async () => {
      await tc.cleanup();
      await fake.close();
      await pg?.drop();
    },
  };
}

export async function mirrorCount(core: Core, table: 'mikro_accounts' | 'mikro_stock_items', where: { cancelled?: number } = {}): Promise<number> {
  let q = core.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('company_db', '=', COMPANY_DB);
  if (where.cancelled !== undefined) q = q.where('cancelled', '=', where.cancelled);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

export async function lastSyncCheck(core: Core): Promise<DiagnosticCheck> {
  const report = await core.invoke('diagnostics.run', { only: ['last_sync_recency'] }, core.context('cli'));
  const check = report.checks.find((c) => c.name === 'last_sync_recency');
  if (!check) throw new Error('last_sync_recency not in the report');
  return check;
}
