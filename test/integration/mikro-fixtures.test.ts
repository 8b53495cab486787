// The TDS fake's Mikro fixtures (issue 16 §4) read by the real client (mssql/tedious over TCP):
// Mikro's column types on the wire, keyset pages as sync-statements.ts writes them (sp_executesql
// with datetime / nvarchar / int parameters), changes between two reads, catalogs and Turkish case.
import { describe, expect, it } from 'vitest';
import { fullTableStatement, syncPageParams, syncPageStatement, type SyncCursor, type SyncTableShape } from '../../main/core/mikro/sync-statements.js';
import { cancelRows, generateAccounts, MIKRO_NO_DATE, touchRows, CARI_HESAPLAR_COLUMNS } from '../fakes/tds/mikro-fixtures.js';
import { mikroInstallation } from '../fakes/tds/mikro-setup.js';
import { guidOrderKey } from '../fakes/tds/mikro-values.js';
import { checkMasterTables } from '../../main/core/mikro/read-only-verification.js';
import { client, fake, rejection, settingsFor } from './mikro-helpers.js';

const ACCOUNTS: SyncTableShape = { table: 'CARI_HESAPLAR', guid: 'cari_Guid', lastup: 'cari_lastup_date', columns: CARI_HESAPLAR_COLUMNS.map((c) => c.name) };
const COMPANY_DB = 'MikroDB_V16_TEST';

async function setup(accounts = 300) {
  const mikro = mikroInstallation({ companies: [{ kod: 'TEST', isim: 'Test Mobilya Sanayi ve Ticaret A.Ş.', accounts }, { kod: 'IKI', isim: 'İkinci Şirket Ltd. Şti.', accounts: 3 }] });
  const f = await fake({ mikro });
  return { mikro, f };
}

/** Reads a whole table page by page from `cursor`, as the sync does; returns rows and the last cursor. */
async function readPages(c: ReturnType<typeof client>['client'], pageRows: number, cursor: SyncCursor | null) {
  const rows: unknown[][] = [];
  let pages = 0;
  for (;;) {
    const r = await c.query(syncPageStatement(ACCOUNTS, cursor), syncPageParams(pageRows, cursor), { maxRows: pageRows });
    pages++;
    rows.push(...r.rows);
    const last = r.rows[r.rows.length - 1];
    if (last) cursor = { since: last[3] as Date, guid: String(last[0]) };
    if (r.rows.length < pageRows) return { rows, pages, cursor, columns: r.columns };
  }
}

describe('Mikro fixtures in the TDS fake', () => {
  it("sends Mikro's types as column metadata: uniqueidentifier, bit, datetime (1899-12-30), nvarchar(n) with Turkish text, tinyint, float, NULLs", async () => {
    const { f } = await setup(20);
    const { client: c } = client(settingsFor(f, { database: COMPANY_DB }));
    const r = await c.query(fullTableStatement(ACCOUNTS), undefined, { maxRows: 100 });
    expect(r.columns.map((col) => `${col.name}:${col.type}`)).toEqual([
      'cari_Guid:uniqueidentifier', 'cari_iptal:bit', 'cari_create_date:datetime', 'cari_lastup_date:datetime',
      'cari_kod:nvarchar', 'cari_unvan1:nvarchar', 'cari_unvan2:nvarchar', 'cari_hareket_tipi:tinyint',
      'cari_vdaire_adi:nvarchar', 'cari_vdaire_no:nvarchar', 'cari_VergiKimlikNo:nvarchar', 'cari_doviz_cinsi:tinyint', 'cari_vade_fark_yuz:float',
    ]);
    expect(r.rows).toHaveLength(20);
    const byKod = new Map(r.rows.map((row) => [row[4], row]));
    const expected = generateAccounts(20);
    for (const want of expected) expect(byKod.get(want[4])).toEqual(want); // every value survives the wire
    expect(r.rows.some((row) => (row[2] as Date).getTime() === MIKRO_NO_DATE.getTime())).toBe(true);
    expect(r.rows.some((row) => row[6] === null)).toBe(true);
    expect(r.rows.map((row) => row[5]).join(' ')).toMatch(/[İıŞşĞğÇçÖöÜü]/);
    expect(typeof r.rows[0]?.[12] === 'number' || r.rows[0]?.[12] === null).toBe(true);
  });

  it('onRows: the rows arrive in chunks of chunkRows, in order, the same rows as collected; maxRows still bounds them; a failing receiver fails the query', async () => {
    const { f } = await setup(130);
    const { client: c } = client(settingsFor(f, { database: COMPANY_DB }));
    const whole = await c.query(fullTableStatement(ACCOUNTS), undefined, { maxRows: 1_000 });
    const chunks: unknown[][][] = [];
    const streamed = await c.query(fullTableStatement(ACCOUNTS), undefined, { maxRows: 1_000, onRows: (rows) => chunks.push(rows), chunkRows: 50 });
    expect(chunks.map((ch) => ch.length)).toEqual([50, 50, 30]);
    expect(chunks.flat()).toEqual(whole.rows);
    expect(streamed).toMatchObject({ rows: [], row_count: 130, truncated: false });

    const bounded: unknown[][][] = [];
    const cut = await c.query(fullTableStatement(ACCOUNTS), undefined, { maxRows: 75, onRows: (rows) => bounded.push(rows), chunkRows: 50 });
    expect(bounded.map((ch) => ch.length)).toEqual([50, 25]);
    expect(cut).toMatchObject({ row_count: 75, truncated: true });

    await expect(c.query(fullTableStatement(ACCOUNTS), undefined, { maxRows: 1_000, chunkRows: 50, onRows: () => { throw new Error('the mirror is full'); } })).rejects.toMatchObject({ code: 'E_MIKRO_QUERY_FAILED', technicalDetail: expect.stringContaining('the mirror is full') });
    // The connection is fine afterwards.
    expect((await c.query(fullTableStatement(ACCOUNTS), undefined, { maxRows: 5 })).row_count).toBe(5);
  });

  it('pages by (lastup_date, Guid) with sp_executesql parameters: every row once, ties broken, in SQL Server order', async () => {
    const { f } = await setup(300);
    const { client: c } = client(settingsFor(f, { database: COMPANY_DB }));
    const read = await readPages(c, 64, null);
    expect(read.rows).toHaveLength(300);
    expect(read.pages).toBe(5);
    expect(new Set(read.rows.map((r) => r[0])).size).toBe(300);
    // Order: lastup_date, then the SqlGuid order (never the string order).
    for (let i = 1; i < read.rows.length; i++) {
      const [a, b] = [read.rows[i - 1]!, read.rows[i]!];
      const t = (a[3] as Date).getTime() - (b[3] as Date).getTime();
      expect(t < 0 || (t === 0 && guidOrderKey(String(a[0]))! < guidOrderKey(String(b[0]))!)).toBe(true);
    }
    const pageRequests = f.requests.filter((r) => r.sql.startsWith('SELECT TOP (@n)'));
    expect(pageRequests).toHaveLength(5);
    expect(pageRequests[1]?.kind).toBe('rpc');
    expect(pageRequests[1]?.params.map((p) => p.name)).toEqual(expect.arrayContaining(['@n', '@since', '@guid']));
    expect(pageRequests[1]?.session).toEqual({ lockTimeoutMs: 5000, isolation: 'READ UNCOMMITTED' });
  });

  it('a second run from the last cursor sees exactly the rows changed since: 1 % touched, some cancelled (iptal)', async () => {
    const { mikro, f } = await setup(500);
    const { client: c } = client(settingsFor(f, { database: COMPANY_DB }));
    const first = await readPages(c, 100, null);
    const table = mikro.table(COMPANY_DB, 'CARI_HESAPLAR');
    const later = new Date(Date.UTC(2026, 5, 1, 12, 0, 0, 123));
    const touched = touchRows(table, { every: 100, at: later });
    expect(touched).toHaveLength(5);
    expect(cancelRows(table, touched.slice(0, 2), later)).toBe(2);
    const again = await readPages(c, 100, first.cursor);
    expect(again.rows.map((r) => r[0]).sort()).toEqual([...touched].sort());
    expect(again.rows.filter((r) => r[1] === true).map((r) => r[0]).sort()).toEqual(touched.slice(0, 2).sort());
    // datetime precision (1/300 s): the cursor read back is the stored value, so nothing repeats.
    const third = await readPages(c, 100, again.cursor);
    expect(third.rows).toEqual([]);
  });

  it('answers the master VERI_TABANLARI, sys.databases and INFORMATION_SCHEMA.COLUMNS in catalog case', async () => {
    const { f } = await setup(5);
    const { client: master } = client(settingsFor(f, { database: 'MikroDB_V16' }));
    const companies = await master.query('SELECT DB_kod, DB_isim FROM dbo.VERI_TABANLARI ORDER BY DB_kod');
    expect(companies.rows).toEqual([['IKI', 'İkinci Şirket Ltd. Şti.'], ['TEST', 'Test Mobilya Sanayi ve Ticaret A.Ş.']]);
    const dbs = await master.query('SELECT name FROM sys.databases ORDER BY name');
    expect(dbs.rows.flat()).toEqual(expect.arrayContaining(['master', 'MikroDB_V16', 'MikroDB_V16_TEST', 'MikroDB_V16_IKI']));
    const { client: company } = client(settingsFor(f, { database: COMPANY_DB }));
    const cols = await company.query(
      'SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = @schema AND TABLE_NAME COLLATE Latin1_General_CI_AS IN (@t0, @t1)',
      { schema: 'dbo', t0: 'cari_hesaplar', t1: 'stoklar' },
      { maxRows: 1000 },
    );
    expect(cols.rows).toContainEqual(['CARI_HESAPLAR', 'cari_VergiKimlikNo', 'nvarchar', 15]);
    expect(cols.rows).toContainEqual(['STOKLAR', 'sto_lastup_date', 'datetime', null]);
    // The column lengths are the catalog's (tedious' declaration above does not carry them).
    expect(cols.rows).toContainEqual(['CARI_HESAPLAR', 'cari_kod', 'nvarchar', 25]);
    // Under the database's Turkish collation the same lower-case names find nothing (I ≠ i).
    const turkish = await company.query('SELECT TABLE_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = @t', { t: 'cari_hesaplar' });
    expect(turkish.rows).toEqual([]);
  });

  it('Turkish case: CARI_KOD is not cari_kod (207), cari_hesaplar is not CARI_HESAPLAR (208), information_schema is not INFORMATION_SCHEMA', async () => {
    const { f } = await setup(5);
    const { client: c } = client(settingsFor(f, { database: COMPANY_DB }));
    expect((await c.query('SELECT CARİ_KOD FROM dbo.CARI_HESAPLAR')).rows).toHaveLength(5); // İ is i's capital, I is ı's
    const col = await rejection(c.query('SELECT CARI_KOD FROM dbo.CARI_HESAPLAR'));
    expect(JSON.stringify(col)).toContain("Invalid column name 'CARI_KOD'");
    expect(JSON.stringify(await rejection(c.query('SELECT cari_kod FROM dbo.CARİ_HESAPLAR')))).toContain('Invalid object name');
    const table = await rejection(c.query('SELECT cari_kod FROM dbo.cari_hesaplar'));
    expect(JSON.stringify(table)).toContain("Invalid object name 'dbo.cari_hesaplar'");
    const catalog = await rejection(c.query('SELECT COLUMN_NAME FROM information_schema.columns'));
    expect(JSON.stringify(catalog)).toContain('Invalid object name');
  });

  it('reads TOP n * WITH (NOLOCK) as the tables-readable check sends it (PASS), and names a missing table (FAIL)', async () => {
    const { f } = await setup(5);
    const { client: c } = client(settingsFor(f, { database: COMPANY_DB }));
    const r = await c.query('SELECT TOP 1 * FROM [dbo].[STOKLAR] WITH (NOLOCK)', undefined, { maxRows: 1 });
    expect(r.columns.map((col) => col.name)).toContain('sto_birim1_ad');
    expect(await checkMasterTables(c, ['CARI_HESAPLAR', 'dbo.STOKLAR'])).toMatchObject({ status: 'PASS' });
    expect(await checkMasterTables(c, ['CARI_HESAPLAR', 'STOK_HAREKETLERI'])).toMatchObject({ status: 'FAIL' });
  });

  it('a master the login may not read: 4060 at login, 229 on SELECT', async () => {
    const { mikro, f } = await setup(5);
    mikro.deny('MikroDB_V16', 'select');
    const { client: c } = client(settingsFor(f, { database: 'MikroDB_V16' }));
    expect(JSON.stringify(await rejection(c.query('SELECT DB_kod, DB_isim FROM dbo.VERI_TABANLARI')))).toContain('SELECT permission was denied');
    expect((await c.query('SELECT name FROM sys.databases')).row_count).toBeGreaterThan(4); // the fallback stays readable
    mikro.deny('MikroDB_V16', 'login');
    const { client: d } = client(settingsFor(f, { database: 'MikroDB_V16' }));
    expect(JSON.stringify(await rejection(d.query('SELECT 1')))).toContain('Cannot open database');
  });

  it('generates the same rows for the same seed, different ones for another, 100 000 with unique Guids', () => {
    expect(generateAccounts(200, 7)).toEqual(generateAccounts(200, 7));
    expect(generateAccounts(200, 8)[0]?.[0]).not.toBe(generateAccounts(200, 7)[0]?.[0]);
    const big = generateAccounts(100_000);
    expect(big).toHaveLength(100_000);
    expect(new Set(big.map((r) => r[0])).size).toBe(100_000);
  });

  it('orders uniqueidentifier as SQL Server does (last group first, first groups read back to front)', () => {
    const sorted = ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0001-000000000000', '00000000-0000-0001-0000-000000000000', '00000000-0001-0000-0000-000000000000', '01000000-0000-0000-0000-000000000000', '00000001-0000-0000-0000-000000000000']
      .sort((a, b) => (guidOrderKey(a)! < guidOrderKey(b)! ? -1 : 1));
    expect(sorted).toEqual(['01000000-0000-0000-0000-000000000000', '00000001-0000-0000-0000-000000000000', '00000000-0001-0000-0000-000000000000', '00000000-0000-0001-0000-000000000000', '00000000-0000-0000-0001-000000000000', '00000000-0000-0000-0000-000000000001']);
  });
});
