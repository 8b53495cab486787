// A Mikro installation for the TDS fake in one call: the master database with VERI_TABANLARI and
// one company database per entry (`<master>_<kod>`) holding CARI_HESAPLAR and STOKLAR.
//
//   const mikro = mikroInstallation({ companies: [{ kod: 'TEST', isim: 'Test Mobilya A.Ş.', accounts: 100_000 }] });
//   const f = await startTdsFake({ mikro });
//   touchRows(mikro.table('MikroDB_V16_TEST', 'CARI_HESAPLAR'), { every: 100, at: new Date() });

import { MikroFixtureServer } from './mikro-answers.js';
import { accountsTable, FixtureTable, stockTable, VERI_TABANLARI_COLUMNS } from './mikro-fixtures.js';

export type MikroMasterName = 'MikroDB_V16' | 'MikroDB_V15' | 'MikroDesktop';

export interface MikroCompanyFixture {
  kod: string;
  isim: string;
  /** CARI_HESAPLAR rows (default 50). */
  accounts?: number;
  /** STOKLAR rows (default 30). */
  stock?: number;
  /** Generator seed (default 16): the same seed gives the same rows. */
  seed?: number;
  /** Listed in VERI_TABANLARI but no database on the server (a company removed by hand). */
  missing?: boolean;
}

export interface MikroInstallationOptions {
  master?: MikroMasterName;
  companies?: MikroCompanyFixture[];
  /** Other databases on the same server (names only, no tables). */
  otherDatabases?: string[];
  /** Collation of every Mikro database (default Turkish_CI_AS). */
  collation?: string;
}

export const DEFAULT_COMPANY: MikroCompanyFixture = { kod: 'TEST', isim: 'Test Mobilya Sanayi ve Ticaret A.Ş.' };

export function mikroInstallation(opts: MikroInstallationOptions = {}): MikroFixtureServer {
  const master = opts.master ?? 'MikroDB_V16';
  const companies = opts.companies ?? [DEFAULT_COMPANY];
  const collation = opts.collation ?? 'Turkish_CI_AS';
  const server = new MikroFixtureServer();
  const list = new FixtureTable('VERI_TABANLARI', VERI_TABANLARI_COLUMNS, companies.map((c) => [c.kod, c.isim]));
  server.addDatabase(master, [list], collation);
  for (const c of companies) {
    if (c.missing) continue;
    server.addDatabase(`${master}_${c.kod}`, [accountsTable(c.accounts ?? 50, c.seed ?? 16), stockTable(c.stock ?? 30, c.seed ?? 16)], collation);
  }
  for (const name of opts.otherDatabases ?? []) server.addDatabase(name, [], 'SQL_Latin1_General_CP1_CI_AS');
  return server;
}
