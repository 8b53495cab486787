// The schema contract (issue 16 §2) with the real client (mssql/tedious over TCP) against the TDS
// fake's Mikro installation: PASS on Mikro's catalog, FAIL for a missing table, a missing column
// and an incompatible type, WARN for a name the Turkish collation spells differently (and the
// proof that the declared spelling really fails there), the check inside verify, and the config.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { effectiveMikroSettings, parseMikroConnectionFile } from '../../main/core/mikro/mikro-config.js';
import { checkSchemaContract, readSchemaContract, schemaContract, withCatalogNames } from '../../main/core/mikro/schema-contract.js';
import { syncPageParams, syncPageStatement } from '../../main/core/mikro/sync-statements.js';
import { verifyMikroReadOnly } from '../../main/core/mikro/read-only-verification.js';
import { mikroInstallation } from '../fakes/tds/mikro-setup.js';
import { client, fake, rejection, settingsFor } from './mikro-helpers.js';

const tr = translator('tr');
const en = translator('en');
const DB = 'MikroDB_V16_TEST';
const DEFAULTS = schemaContract(null);

async function setup(change?: (mikro: ReturnType<typeof mikroInstallation>) => void) {
  const mikro = mikroInstallation({ companies: [{ kod: 'TEST', isim: 'Test A.Ş.', accounts: 4, stock: 3 }] });
  change?.(mikro);
  const f = await fake({ mikro });
  return { f, c: client(settingsFor(f, { database: DB })).client };
}

describe('mikro_schema_contract', () => {
  it("PASS on Mikro's catalog: every declared column found with a compatible type, in one SELECT", async () => {
    const { f, c } = await setup();
    const outcome = await checkSchemaContract(c, DEFAULTS);
    expect(outcome.status).toBe('PASS');
    expect(tr.t(outcome.detail)).toBe('Şema sözleşmesi tutuyor: CARI_HESAPLAR ve STOKLAR (14 sütun, uyumlu türlerle).');
    expect(en.t(outcome.detail)).toBe('The schema contract holds: CARI_HESAPLAR and STOKLAR (14 columns, compatible types).');
    const catalog = f.requests.filter((r) => r.sql.includes('INFORMATION_SCHEMA.COLUMNS'));
    expect(catalog).toHaveLength(1);
    expect(catalog[0]?.kind).toBe('rpc'); // table names as parameters, never spliced into the text
    expect(catalog[0]?.session?.isolation).toBe('READ UNCOMMITTED');
  });

  it('FAIL naming a missing column (another Mikro version)', async () => {
    const { c } = await setup((m) => m.table(DB, 'CARI_HESAPLAR').alterColumn('cari_VergiKimlikNo', 'drop'));
    const outcome = await checkSchemaContract(c, DEFAULTS);
    expect(outcome.status).toBe('FAIL');
    expect(tr.t(outcome.detail)).toBe('Eksik sütunlar: CARI_HESAPLAR.cari_VergiKimlikNo.');
    expect(tr.t(outcome.recommendation!)).toMatch(/schema_contract/);
  });

  it('FAIL naming a missing table, and the missing column beside it as a further step', async () => {
    const { c } = await setup((m) => {
      const db = m.database(DB)!;
      db.tables.splice(db.tables.findIndex((t) => t.name === 'STOKLAR'), 1);
      m.table(DB, 'CARI_HESAPLAR').alterColumn('cari_unvan2', 'drop');
    });
    const outcome = await checkSchemaContract(c, DEFAULTS);
    expect(outcome.status).toBe('FAIL');
    expect(en.t(outcome.detail)).toBe('Missing tables: STOKLAR.');
    expect(outcome.steps?.map((s) => en.t(s))).toEqual(['Missing columns: CARI_HESAPLAR.cari_unvan2.']);
  });

  it('FAIL for an incompatible type: lastup_date as nvarchar', async () => {
    const { c } = await setup((m) => m.table(DB, 'STOKLAR').alterColumn('sto_lastup_date', { type: 'nvarchar', length: 30 }));
    const outcome = await checkSchemaContract(c, DEFAULTS);
    expect(outcome.status).toBe('FAIL');
    expect(en.t(outcome.detail)).toBe('Incompatible types: STOKLAR.sto_lastup_date: nvarchar ≠ datetime/datetime2/smalldatetime.');
  });

  it('Turkish case: a catalog spelling CARI_KOD is found for cari_kod (WARN naming it), and only the catalog spelling works on the server', async () => {
    const { c } = await setup((m) => m.table(DB, 'CARI_HESAPLAR').alterColumn('cari_kod', { name: 'CARI_KOD' }));
    const result = await readSchemaContract(c, DEFAULTS);
    expect(result.resolved['CARI_HESAPLAR.cari_kod']).toBe('CARI_KOD');
    const outcome = await checkSchemaContract(c, DEFAULTS);
    expect(outcome.status).toBe('WARN');
    expect(en.t(outcome.detail)).toMatch(/^Names spelled differently in the catalog: CARI_HESAPLAR\.cari_kod → CARI_KOD\. In a Turkish collation/);
    // What the WARN is about: under Turkish_CI_AS the declared name is another identifier.
    expect(JSON.stringify(await rejection(c.query('SELECT cari_kod FROM dbo.CARI_HESAPLAR')))).toContain("Invalid column name 'cari_kod'");
    expect((await c.query(`SELECT ${result.resolved['CARI_HESAPLAR.cari_kod']} FROM dbo.CARI_HESAPLAR`)).row_count).toBe(4);
    // A page statement built from the catalog's spelling reads the table; the declared one does not.
    const shape = { table: 'CARI_HESAPLAR', guid: 'cari_Guid', lastup: 'cari_lastup_date', columns: ['cari_Guid', 'cari_kod', 'cari_lastup_date'] };
    expect(withCatalogNames(shape, result.resolved).columns).toEqual(['cari_Guid', 'CARI_KOD', 'cari_lastup_date']);
    expect((await c.query(syncPageStatement(withCatalogNames(shape, result.resolved), null), syncPageParams(10, null))).row_count).toBe(4);
    expect(JSON.stringify(await rejection(c.query(syncPageStatement(shape, null), syncPageParams(10, null))))).toContain("Invalid column name 'cari_kod'");
  });

  it('a catalog that cannot be read is a FAIL saying why (never a PASS)', async () => {
    const { f, c } = await setup();
    f.setAnswer((sql) => (sql.includes('INFORMATION_SCHEMA') ? { error: { number: 229, message: "The SELECT permission was denied on the object 'COLUMNS'." } } : undefined));
    const outcome = await checkSchemaContract(c, DEFAULTS);
    expect(outcome.status).toBe('FAIL');
    expect(en.t(outcome.detail)).toMatch(/^The database catalog \(INFORMATION_SCHEMA\.COLUMNS\) could not be read: /);
    expect(outcome.technical_detail).toContain('SELECT permission was denied');
  });

  it('runs inside verify after the readable-tables check; schema_contract in mikro_connection.json replaces the defaults', async () => {
    const { c } = await setup();
    const file = { host: 'x', database: DB, schema_contract: { CARI_HESAPLAR: ['cari_Guid', 'cari_kod'], 'dbo.STOK_HAREKETLERI': ['sth_Guid'] } };
    const contract = schemaContract(parseMikroConnectionFile(file));
    expect(contract.map((t) => [t.schema, t.table, t.columns.map((col) => `${col.name}:${col.kind}`)])).toEqual([
      ['dbo', 'CARI_HESAPLAR', ['cari_Guid:guid', 'cari_kod:text']],
      ['dbo', 'STOK_HAREKETLERI', ['sth_Guid:any']],
    ]);
    const checks = await verifyMikroReadOnly(c, effectiveMikroSettings(file, {}), contract);
    const names = checks.map((x) => x.name);
    expect(names.indexOf('mikro_schema_contract')).toBe(names.indexOf('mikro_tables_readable') + 1);
    const check = checks.find((x) => x.name === 'mikro_schema_contract')!;
    expect(check).toMatchObject({ status: 'FAIL', title: { key: 'mikro.checks.mikro_schema_contract.title' } });
    expect(tr.t(check.detail)).toBe('Tablo yok: STOK_HAREKETLERI.');
    // The same connection with the defaults passes.
    expect((await verifyMikroReadOnly(c, effectiveMikroSettings(file, {}))).find((x) => x.name === 'mikro_schema_contract')?.status).toBe('PASS');
  });

  it('a bad schema_contract block is E_CONFIG_INVALID naming the key', () => {
    let error: unknown;
    try {
      parseMikroConnectionFile({ schema_contract: { CARI_HESAPLAR: ['cari kod; DROP'] } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'E_CONFIG_INVALID' });
    expect(JSON.stringify(error)).toContain('schema_contract');
  });
});
