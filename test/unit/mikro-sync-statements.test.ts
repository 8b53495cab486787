// The page statements the PULL sync sends (sync-statements.ts) and the schema contract's comparison
// (schema-contract.ts), as pure logic: the exact text, that the statement guard lets it through,
// identifier quoting, page-size bounds, and Turkish-collation name matching.
import { describe, expect, it } from 'vitest';
import { checkReadOnlyStatement } from '../../main/core/mikro/guard/index.js';
import { catalogSql, compareContract, contractFrom } from '../../main/core/mikro/schema-contract.js';
import { fullTableStatement, quoteIdentifier, syncPageParams, syncPageStatement, MAX_SYNC_PAGE_ROWS } from '../../main/core/mikro/sync-statements.js';

const shape = { table: 'CARI_HESAPLAR', guid: 'cari_Guid', lastup: 'cari_lastup_date', columns: ['cari_Guid', 'cari_kod', 'cari_lastup_date'] };
const cursor = { since: new Date('2026-01-05T08:00:00Z'), guid: 'A1B2C3D4-0000-4000-8000-000000000001' };

describe('sync page statements', () => {
  it('first page without WHERE, later pages after (lastup, Guid), both ORDER BY the key, all through the guard', () => {
    expect(syncPageStatement(shape, null)).toBe('SELECT TOP (@n) [cari_Guid], [cari_kod], [cari_lastup_date] FROM [dbo].[CARI_HESAPLAR] ORDER BY [cari_lastup_date], [cari_Guid]');
    expect(syncPageStatement(shape, cursor)).toBe(
      'SELECT TOP (@n) [cari_Guid], [cari_kod], [cari_lastup_date] FROM [dbo].[CARI_HESAPLAR] WHERE ([cari_lastup_date] > @since OR ([cari_lastup_date] = @since AND [cari_Guid] > @guid)) ORDER BY [cari_lastup_date], [cari_Guid]',
    );
    for (const sql of [syncPageStatement(shape, null), syncPageStatement(shape, cursor), fullTableStatement(shape), catalogSql(2)]) expect(checkReadOnlyStatement(sql)).toMatchObject({ ok: true });
  });

  it('parameters: the page size bounded to 1…10 000, the cursor as sent', () => {
    expect(syncPageParams(0, null)).toEqual({ n: 1 });
    expect(syncPageParams(50_000, cursor)).toEqual({ n: MAX_SYNC_PAGE_ROWS, since: cursor.since, guid: cursor.guid });
  });

  it('identifiers are bracketed as written (never re-cased); a ] is doubled; an empty name is refused', () => {
    expect(quoteIdentifier('cari_VergiKimlikNo')).toBe('[cari_VergiKimlikNo]');
    expect(quoteIdentifier('a]b')).toBe('[a]]b]');
    expect(() => quoteIdentifier('')).toThrow();
  });
});

describe('compareContract', () => {
  const rows = (table: string, cols: Array<[string, string]>) => cols.map(([column, type]) => ({ schema: 'dbo', table, column, type }));
  const contract = contractFrom({ CARI_HESAPLAR: ['cari_Guid', 'cari_kod', 'cari_lastup_date', 'cari_iptal'] });

  it('exact catalog: no findings, every name resolved to itself', () => {
    const r = compareContract(contract, rows('CARI_HESAPLAR', [['cari_Guid', 'uniqueidentifier'], ['cari_kod', 'nvarchar'], ['cari_lastup_date', 'datetime'], ['cari_iptal', 'bit']]));
    expect(r.findings).toEqual([]);
    expect(r.resolved['CARI_HESAPLAR.cari_kod']).toBe('cari_kod');
    expect(r.columns).toBe(4);
  });

  it('Turkish rules: CARİ_KOD is cari_kod (no finding), CARI_KOD is not (case finding); tinyint is a flag, int is not a guid', () => {
    const r = compareContract(contract, rows('CARI_HESAPLAR', [['cari_Guid', 'int'], ['CARİ_KOD', 'nvarchar'], ['CARI_LASTUP_DATE', 'datetime2'], ['cari_iptal', 'tinyint']]));
    expect(r.findings).toEqual([
      { table: 'CARI_HESAPLAR', column: 'cari_Guid', problem: 'wrong_type', catalog: 'int', expected: ['uniqueidentifier'] },
      { table: 'CARI_HESAPLAR', column: 'cari_lastup_date', problem: 'case', catalog: 'CARI_LASTUP_DATE' },
    ]);
  });
});
