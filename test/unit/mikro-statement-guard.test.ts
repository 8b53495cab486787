import { describe, expect, it } from 'vitest';
import {
  assertReadOnlyStatement,
  checkReadOnlyStatement,
  GUARD_REASON_CODES,
  guardReasonMessage,
  type GuardReasonCode,
  tokenizeTsql,
  type TsqlToken,
} from '../../main/core/mikro/guard/index.js';
import { AppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';

function tokens(sql: string): TsqlToken[] {
  const r = tokenizeTsql(sql);
  if (!r.ok) throw new Error(`lex failed: ${r.error.message}`);
  return r.tokens;
}

/** [sql, expected reasonCode] — writes, admin commands and tricks that must never reach Mikro. */
const REFUSED: Array<[string, GuardReasonCode]> = [
  // plain writes
  ["INSERT INTO CARI_HESAPLAR (cari_kod) VALUES (N'x')", 'WRITE_KEYWORD'],
  ["UPDATE STOKLAR SET sto_isim = 'x'", 'WRITE_KEYWORD'],
  ['DELETE FROM STOKLAR', 'WRITE_KEYWORD'],
  ['MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE;', 'WRITE_KEYWORD'],
  ['TRUNCATE TABLE STOKLAR', 'WRITE_KEYWORD'],
  ["BULK INSERT t FROM 'c:\\x.csv'", 'WRITE_KEYWORD'],
  ['UPDATE STATISTICS STOKLAR', 'WRITE_KEYWORD'],
  ['RECEIVE TOP (1) * FROM q', 'WRITE_KEYWORD'],
  // DDL and permissions
  ['DROP TABLE STOKLAR', 'DDL'],
  ['CREATE TABLE x (a int)', 'DDL'],
  ['ALTER TABLE STOKLAR ADD x int', 'DDL'],
  ['DISABLE TRIGGER ALL ON STOKLAR', 'DDL'],
  ['GRANT SELECT ON STOKLAR TO public', 'PERMISSION'],
  ['REVOKE SELECT ON STOKLAR FROM public', 'PERMISSION'],
  ['DENY SELECT ON STOKLAR TO public', 'PERMISSION'],
  // execution
  ['EXEC sp_who', 'EXEC'],
  ['EXECUTE sp_who', 'EXEC'],
  ["EXEC('DELETE FROM t')", 'EXEC'],
  ["EXEC sp_executesql N'DELETE FROM t'", 'EXEC'],
  ["sp_executesql N'SELECT 1'", 'EXEC'],
  ["xp_cmdshell 'dir'", 'EXEC'],
  ["SELECT * FROM master..xp_cmdshell", 'EXEC'],
  ["SELECT 1 FROM [sp_who]", 'EXEC'],
  ["EXECUTE AS LOGIN = 'sa'", 'EXEC'],
  ['myproc', 'NOT_SELECT'],
  // several statements
  ['SELECT 1; DELETE FROM t', 'MULTIPLE_STATEMENTS'],
  ['SELECT 1;;', 'MULTIPLE_STATEMENTS'],
  ['; SELECT 1', 'MULTIPLE_STATEMENTS'],
  ['SELECT 1;/* x */DELETE FROM t', 'MULTIPLE_STATEMENTS'],
  ['SELECT 1\nGO\nSELECT 2', 'MULTIPLE_STATEMENTS'],
  ['SELECT 1 DELETE FROM t', 'WRITE_KEYWORD'],
  ['SELECT 1 dElEtE FROM t', 'WRITE_KEYWORD'],
  ['SELECT 1\tUPDATE t SET a = 1', 'WRITE_KEYWORD'],
  ['SELECT 1 DELETE#t', 'WRITE_KEYWORD'],
  ['SELECT 1 ＤＥＬＥＴＥ FROM t', 'WRITE_KEYWORD'],
  ['SELECT 1 İNSERT INTO t VALUES (1)', 'WRITE_KEYWORD'],
  ['SELECT (SELECT 1 DELETE FROM t)', 'WRITE_KEYWORD'],
  // CTE followed by a write
  ['WITH c AS (SELECT 1 a) DELETE FROM t', 'WRITE_KEYWORD'],
  ['WITH c AS (SELECT 1 a) UPDATE t SET a = 1', 'WRITE_KEYWORD'],
  ['WITH c AS (SELECT 1 a) INSERT INTO t SELECT a FROM c', 'WRITE_KEYWORD'],
  ['WITH c AS (SELECT 1 a) MERGE t USING c ON 1 = 1 WHEN MATCHED THEN DELETE', 'WRITE_KEYWORD'],
  ['WITH c AS (SELECT 1 a) VALUES (1)', 'NOT_SELECT'],
  ['WITH XMLNAMESPACES (N\'urn:x\' AS x) SELECT 1', 'UNSUPPORTED_SYNTAX'],
  // SELECT INTO
  ['SELECT * INTO x FROM y', 'SELECT_INTO'],
  ['SELECT * INTO #t FROM y', 'SELECT_INTO'],
  ['SELECT a FROM (SELECT 1 a INTO z) q', 'SELECT_INTO'],
  ['WITH c AS (SELECT 1 a) SELECT * INTO x FROM c', 'SELECT_INTO'],
  // comment tricks
  ['SELECT 1 -- harmless\nDELETE FROM t', 'WRITE_KEYWORD'],
  ['SELECT 1 /* a /* b */ c */ DELETE FROM t', 'WRITE_KEYWORD'],
  ['SELECT 1 /* a /* b */ DELETE FROM t', 'UNTERMINATED'],
  ['SELECT 1 /* unterminated', 'UNTERMINATED'],
  ['SELECT 1 /* /* */ DELETE FROM t --x\n */', 'WRITE_KEYWORD'], // hidden only if comments nest
  ['SELECT 1 /* -- */ DELETE FROM t', 'WRITE_KEYWORD'],
  ['SELECT 1 /* a /*/ DELETE FROM t */ */', 'WRITE_KEYWORD'], // `/*/` closes if comments do not nest
  ['/* /* */ myproc /*x*/ --*/ SELECT 1', 'NOT_SELECT'], // a bare proc call if comments did not nest
  ['SELECT 1 --x\u000b\'\nDELETE FROM t --\'', 'UNUSUAL_CHARACTER'],
  ['SELECT 1 --x\r\'DELETE FROM t', 'UNUSUAL_CHARACTER'],
  // session, control flow, admin
  ['DECLARE @x int', 'FORBIDDEN_STATEMENT'],
  ['SET NOCOUNT ON', 'FORBIDDEN_STATEMENT'],
  ['SELECT 1 SET ROWCOUNT 0', 'FORBIDDEN_STATEMENT'],
  ['USE master', 'FORBIDDEN_STATEMENT'],
  ["WAITFOR DELAY '00:10:00'", 'FORBIDDEN_STATEMENT'],
  ["SELECT 1 WAITFOR DELAY '00:00:05'", 'FORBIDDEN_STATEMENT'],
  ['IF 1 = 1 SELECT 1', 'FORBIDDEN_STATEMENT'],
  ["PRINT 'x'", 'FORBIDDEN_STATEMENT'],
  ["RAISERROR('x', 16, 1)", 'FORBIDDEN_STATEMENT'],
  ["BACKUP DATABASE MikroDB TO DISK = 'c:\\x.bak'", 'ADMIN'],
  ['SHUTDOWN WITH NOWAIT', 'ADMIN'],
  ['DBCC CHECKDB', 'ADMIN'],
  ['KILL 52', 'ADMIN'],
  ['SELECT 1 RECONFIGURE', 'ADMIN'],
  ['BEGIN TRAN', 'TRANSACTION'],
  ['SELECT 1 COMMIT', 'TRANSACTION'],
  ['ROLLBACK TRANSACTION', 'TRANSACTION'],
  // cursors
  ['DECLARE c CURSOR FOR SELECT sto_kod FROM STOKLAR', 'FORBIDDEN_STATEMENT'],
  ['SELECT sto_kod FROM STOKLAR FOR UPDATE', 'CURSOR'],
  ['SELECT sto_kod FROM STOKLAR FOR UPDATE OF sto_kod', 'CURSOR'],
  ['SELECT sto_kod FROM STOKLAR FOR READ ONLY', 'CURSOR'],
  ['SELECT 1 FOR BROWSE', 'UNSUPPORTED_SYNTAX'],
  ['FETCH NEXT FROM c', 'CURSOR'],
  ['SELECT 1 AS ROWS FETCH NEXT FROM c', 'CURSOR'],
  ['SELECT a FROM t ORDER BY a OFFSET 0 ROWS FETCH NEXT FROM c', 'CURSOR'],
  ['OPEN c', 'CURSOR'],
  // remote / file functions
  ["SELECT * FROM OPENROWSET('SQLNCLI', 'Server=.;Trusted_Connection=yes', 'EXEC x')", 'FORBIDDEN_FUNCTION'],
  ["SELECT * FROM OPENQUERY(LNK, 'SELECT 1')", 'FORBIDDEN_FUNCTION'],
  ["SELECT * FROM OPENDATASOURCE('SQLNCLI', 'Data Source=x').db.dbo.t", 'FORBIDDEN_FUNCTION'],
  ['SELECT * FROM OPENXML(@h, N\'/r\')', 'FORBIDDEN_FUNCTION'],
  // locking hints and sequences
  ['SELECT * FROM STOKLAR WITH (UPDLOCK)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (NOLOCK, XLOCK)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (TABLOCKX)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR (HOLDLOCK)', 'LOCKING_HINT'],
  ['SELECT NEXT VALUE FOR dbo.seq', 'SEQUENCE'],
  // lexical problems
  ["SELECT 'unterminated", 'UNTERMINATED'],
  ["SELECT N'it''s", 'UNTERMINATED'],
  ['SELECT [a]]b FROM t', 'UNTERMINATED'],
  ['SELECT "x FROM t', 'UNTERMINATED'],
  ['SELECT\u00a01', 'UNUSUAL_CHARACTER'],
  ['SELECT 1\u200bDELETE FROM t', 'UNUSUAL_CHARACTER'],
  ['\ufeffSELECT 1', 'UNUSUAL_CHARACTER'],
  ['SELECT\u000b1', 'UNUSUAL_CHARACTER'],
  ['SELECT 1\u0000; DELETE FROM t', 'UNUSUAL_CHARACTER'],
  // ’ inside a string is text, but were it ever an apostrophe this would be a second statement.
  ["SELECT N'x\u2019; DELETE FROM t --'", 'MULTIPLE_STATEMENTS'],
  ['SELECT 1DELETE FROM t', 'AMBIGUOUS_TOKEN'],
  ['SELECT 0x1FDELETE', 'AMBIGUOUS_TOKEN'],
  ['SELECT {fn NOW()}', 'UNSUPPORTED_SYNTAX'],
  ['SELECT (1', 'UNSUPPORTED_SYNTAX'],
  ['SELECT 1)', 'UNSUPPORTED_SYNTAX'],
  // empty input
  ['', 'EMPTY'],
  ['   \n\t  ', 'EMPTY'],
  ['-- only a comment', 'EMPTY'],
  ['/* only /* a nested */ comment */', 'EMPTY'],
  [';', 'EMPTY'],
  ['VALUES (1)', 'NOT_SELECT'],
  ['(1)', 'NOT_SELECT'],
];

/** Read-only statements the console really needs; all must pass. */
const ACCEPTED: Array<[string, 'select' | 'cte-select']> = [
  ["SELECT TOP 1 cari_kod, cari_unvan1 FROM CARI_HESAPLAR WITH (NOLOCK) WHERE cari_kod = N'120.01.001'", 'select'],
  ['SELECT sto_kod, sto_isim FROM dbo.STOKLAR ORDER BY sto_kod OFFSET 0 ROWS FETCH NEXT 10 ROWS ONLY', 'select'],
  ['SELECT sto_kod FROM STOKLAR ORDER BY sto_kod OFFSET 10 ROWS FETCH FIRST (@n + 1) ROW ONLY', 'select'],
  ['SELECT 1', 'select'],
  ['SELECT 1;', 'select'],
  ['select 1 ; -- trailing comment', 'select'],
  ['-- header\n/* block */ SELECT 1 /* after */', 'select'],
  ['SELECT 1 /* outer /* inner */ still comment */ FROM t', 'select'],
  ['SELECT @@VERSION', 'select'],
  ['SELECT @@SERVERNAME AS srv, DB_NAME() AS db', 'select'],
  ["SELECT * FROM fn_my_permissions(NULL, 'DATABASE')", 'select'],
  ["SELECT IS_ROLEMEMBER('db_owner')", 'select'],
  ["SELECT IS_SRVROLEMEMBER('sysadmin')", 'select'],
  ['SELECT encrypt_option FROM sys.dm_exec_connections WHERE session_id = @@SPID', 'select'],
  ["SELECT ';DELETE FROM t' AS s", 'select'],
  ["SELECT N'it''s; DROP TABLE x' AS s", 'select'],
  ['SELECT [DELETE], [a]]b], "UPDATE" FROM t', 'select'],
  ['WITH c AS (SELECT 1 AS a) SELECT a FROM c', 'cte-select'],
  ['WITH c (a) AS (SELECT 1), [d] AS (SELECT a FROM c) SELECT * FROM d;', 'cte-select'],
  [
    'SELECT c.cari_kod, SUM(h.cha_meblag) AS toplam FROM CARI_HESAPLAR c WITH (NOLOCK) ' +
      'INNER JOIN CARI_HESAP_HAREKETLERI h WITH (NOLOCK) ON h.cha_kod = c.cari_kod GROUP BY c.cari_kod HAVING SUM(h.cha_meblag) > 0',
    'select',
  ],
  ['SELECT a FROM t WHERE a IN (SELECT b FROM u WHERE u.c = t.c) AND EXISTS (SELECT 1 FROM v)', 'select'],
  ['SELECT a FROM t UNION ALL SELECT b FROM u EXCEPT SELECT c FROM v', 'select'],
  ['(SELECT 1) UNION (SELECT 2)', 'select'],
  ['SELECT sto_kod, ROW_NUMBER() OVER (PARTITION BY sto_cins ORDER BY sto_kod DESC) AS rn FROM STOKLAR', 'select'],
  ["SELECT CASE WHEN cari_bakiye < 0 THEN N'borçlu' ELSE N'alacaklı' END AS durum FROM CARI_HESAPLAR", 'select'],
  ['SELECT sto_kod, sto_isim FROM STOKLAR FOR JSON PATH', 'select'],
  ["SELECT ',' + sto_kod FROM STOKLAR FOR XML PATH('')", 'select'],
  ["SELECT şube_adı AS [Şube Adı], N'İstanbul Çağrı Ürün Öğe' AS şehir FROM ŞUBELER", 'select'],
  ['SELECT * FROM (SELECT yil, ay, tutar FROM s) p PIVOT (SUM(tutar) FOR ay IN ([1], [2])) AS pv', 'select'],
  ["SELECT * FROM t FOR SYSTEM_TIME AS OF '2024-01-01'", 'select'],
  ['SELECT a FROM t WHERE b = @p OPTION (OPTIMIZE FOR (@p = 1), RECOMPILE)', 'select'],
  ['SELECT TOP (5) WITH TIES a FROM t WITH (READUNCOMMITTED, INDEX(ix_a)) ORDER BY a', 'select'],
  ['SELECT 0x1F, 1.5e3, .5, $12.50, -1, 1e-5 FROM t WHERE a <> 1 AND b != 2', 'select'],
  ["SELECT * FROM OPENJSON(@j) WITH (a int '$.a')", 'select'],
  ['SELECT a FROM #tmp JOIN ##glob g ON 1 = 1', 'select'],
  ['SELECT\r\n  cari_kod\r\nFROM CARI_HESAPLAR\r\n', 'select'],
  ['SELECT 1 /* ---- banner ---- */ FROM t', 'select'],
];

describe('checkReadOnlyStatement refuses', () => {
  it('has a large corpus', () => expect(REFUSED.length).toBeGreaterThanOrEqual(60));
  it.each(REFUSED)('%j → %s', (sql, code) => {
    const verdict = checkReadOnlyStatement(sql);
    expect(verdict).toMatchObject({ ok: false, reasonCode: code });
  });
});

describe('checkReadOnlyStatement accepts', () => {
  it('has a large corpus', () => expect(ACCEPTED.length).toBeGreaterThanOrEqual(25));
  it.each(ACCEPTED)('%j', (sql, kind) => {
    expect(checkReadOnlyStatement(sql)).toEqual({ ok: true, kind });
  });
});

describe('refusal details', () => {
  it('names the offending token and its position', () => {
    const v = checkReadOnlyStatement('SELECT 1\n  DELETE FROM t');
    expect(v).toMatchObject({ ok: false, reasonCode: 'WRITE_KEYWORD', token: 'DELETE', position: 11 });
    if (!v.ok) expect(v.reason).toContain('line 2, column 3');
  });

  it('assertReadOnlyStatement throws E_MIKRO_READ_ONLY naming the reason', () => {
    expect(() => assertReadOnlyStatement('SELECT 1')).not.toThrow();
    let caught: unknown;
    try {
      assertReadOnlyStatement('DROP TABLE STOKLAR');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    const err = caught as AppError;
    expect(err.code).toBe('E_MIKRO_READ_ONLY');
    expect(err.message).toContain('DDL');
    expect(err.message).toContain('DROP');
    expect(err.details).toEqual([{ path: 'sql', message: 'DDL' }]);
    // The person reads the reason's catalogue text; the statement is technical detail only.
    expect(err.text).toEqual({ key: 'mikro.guard.DDL' });
    expect(err.technicalDetail).toContain('DROP');
  });

  it('has Turkish and English catalogue text for every reason code', () => {
    const tr = translator('tr');
    const en = translator('en');
    for (const code of GUARD_REASON_CODES) {
      const m = guardReasonMessage(code);
      expect(tr.has(m.key) && en.has(m.key), code).toBe(true);
      expect(tr.t(m).length).toBeGreaterThan(10);
      expect(en.t(m).length).toBeGreaterThan(10);
      expect(tr.t(m)).not.toBe(en.t(m));
    }
    expect(tr.t(guardReasonMessage('WRITE_KEYWORD'))).toMatch(/[çğıöşüİ]/);
  });
});

describe('tokenizeTsql', () => {
  it('skips nested block comments as one comment', () => {
    const t = tokens('SELECT /* a /* b */ c */ 1');
    expect(t.map((x) => x.kind)).toEqual(['word', 'comment', 'number']);
    expect(t[1]?.text).toBe('/* a /* b */ c */');
  });

  it('reads N-strings with doubled quotes', () => {
    const [s] = tokens("N'it''s; ok'");
    expect(s).toMatchObject({ kind: 'string', value: "it's; ok", text: "N'it''s; ok'" });
  });

  it('reads bracket identifiers with ]] and double-quoted identifiers', () => {
    const t = tokens('[a]]b] "x""y"');
    expect(t.map((x) => [x.kind, x.value])).toEqual([
      ['quoted-identifier', 'a]b'],
      ['quoted-identifier', 'x"y'],
    ]);
  });

  it('keeps offsets, lines and columns', () => {
    const t = tokens('SELECT\n  @@VERSION, #t -- c\n<> 1');
    expect(t.map((x) => [x.kind, x.text, x.start, x.line, x.column])).toEqual([
      ['word', 'SELECT', 0, 1, 1],
      ['variable', '@@VERSION', 9, 2, 3],
      ['operator', ',', 18, 2, 12],
      ['temp-table', '#t', 20, 2, 14],
      ['comment', '-- c', 23, 2, 17],
      ['operator', '<>', 28, 3, 1],
      ['number', '1', 31, 3, 4],
    ]);
  });

  it('upper-cases words for keyword comparison, including full-width and Turkish I', () => {
    expect(tokens('dElEtE ＳＥＴ İnsert').map((x) => x.value)).toEqual(['DELETE', 'SET', 'INSERT']);
  });

  it('splits a keyword broken by a comment into two words, like SQL Server', () => {
    expect(tokens('DEL/**/ETE').filter((x) => x.kind === 'word').map((x) => x.value)).toEqual(['DEL', 'ETE']);
  });

  it('reports unterminated comments, strings and identifiers with their position', () => {
    const r = tokenizeTsql('SELECT /* /* */');
    expect(r).toMatchObject({ ok: false, error: { reasonCode: 'UNTERMINATED', position: 7 } });
    expect(tokenizeTsql("SELECT 'x")).toMatchObject({ ok: false, error: { reasonCode: 'UNTERMINATED', position: 7 } });
    expect(tokenizeTsql('SELECT [x')).toMatchObject({ ok: false, error: { reasonCode: 'UNTERMINATED' } });
  });

  it('can read block comments without nesting (second opinion used by the guard)', () => {
    const r = tokenizeTsql('/* a /* b */ c */', { nestedBlockComments: false });
    expect(r.ok && r.tokens.map((x) => x.text)).toEqual(['/* a /* b */', 'c', '*', '/']);
  });
});
