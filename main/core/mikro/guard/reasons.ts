/**
 * Why the Mikro read-only guard refused a statement. Codes are stable (the UI keys its text on
 * them); add new ones, never change the meaning of an existing one.
 */
export const GUARD_REASON_CODES = [
  'EMPTY',
  'MULTIPLE_STATEMENTS',
  'NOT_SELECT',
  'WRITE_KEYWORD',
  'SELECT_INTO',
  'EXEC',
  'DDL',
  'PERMISSION',
  'TRANSACTION',
  'CURSOR',
  'ADMIN',
  'FORBIDDEN_STATEMENT',
  'FORBIDDEN_FUNCTION',
  'LOCKING_HINT',
  'SEQUENCE',
  'UNTERMINATED',
  'UNUSUAL_CHARACTER',
  'AMBIGUOUS_TOKEN',
  'UNSUPPORTED_SYNTAX',
] as const;

export type GuardReasonCode = (typeof GUARD_REASON_CODES)[number];

/** User-facing texts, Turkish first (the operators' language), English for logs and support. */
export const GUARD_REASON_TEXT: Record<GuardReasonCode, { tr: string; en: string }> = {
  EMPTY: {
    tr: 'Sorgu boş: çalıştırılacak bir SELECT ifadesi yok.',
    en: 'The statement is empty: there is no SELECT to run.',
  },
  MULTIPLE_STATEMENTS: {
    tr: 'Tek seferde yalnızca bir sorgu gönderilebilir (birden fazla ifade veya GO bulundu).',
    en: 'Only one statement may be sent at a time (several statements or GO found).',
  },
  NOT_SELECT: {
    tr: 'Yalnızca SELECT veya WITH … SELECT sorgularına izin verilir.',
    en: 'Only SELECT or WITH … SELECT statements are allowed.',
  },
  WRITE_KEYWORD: {
    tr: 'Sorgu veri değiştiren bir komut içeriyor (INSERT, UPDATE, DELETE, MERGE, TRUNCATE…). Mikro bağlantısı salt okunurdur.',
    en: 'The statement contains a data-changing command (INSERT, UPDATE, DELETE, MERGE, TRUNCATE…). The Mikro connection is read-only.',
  },
  SELECT_INTO: {
    tr: 'SELECT … INTO yeni bir tablo oluşturur; salt okunur modda izin verilmez.',
    en: 'SELECT … INTO creates a table; it is not allowed in read-only mode.',
  },
  EXEC: {
    tr: 'Saklı yordam veya dinamik SQL çalıştırmaya (EXEC, sp_…, xp_…) izin verilmez.',
    en: 'Running stored procedures or dynamic SQL (EXEC, sp_…, xp_…) is not allowed.',
  },
  DDL: {
    tr: 'Şema değiştiren komutlara (CREATE, ALTER, DROP…) izin verilmez.',
    en: 'Schema-changing commands (CREATE, ALTER, DROP…) are not allowed.',
  },
  PERMISSION: {
    tr: 'Yetki veya kimlik değiştiren komutlara (GRANT, REVOKE, DENY, SETUSER, REVERT) izin verilmez.',
    en: 'Permission or identity commands (GRANT, REVOKE, DENY, SETUSER, REVERT) are not allowed.',
  },
  TRANSACTION: {
    tr: 'İşlem (transaction) komutlarına (BEGIN, COMMIT, ROLLBACK, SAVE) izin verilmez.',
    en: 'Transaction commands (BEGIN, COMMIT, ROLLBACK, SAVE) are not allowed.',
  },
  CURSOR: {
    tr: 'İmleç (cursor) komutlarına ve FOR UPDATE kullanımına izin verilmez.',
    en: 'Cursor commands and FOR UPDATE are not allowed.',
  },
  ADMIN: {
    tr: 'Sunucu yönetim komutlarına (BACKUP, RESTORE, DBCC, KILL, SHUTDOWN…) izin verilmez.',
    en: 'Server administration commands (BACKUP, RESTORE, DBCC, KILL, SHUTDOWN…) are not allowed.',
  },
  FORBIDDEN_STATEMENT: {
    tr: 'Sorgu izin verilmeyen bir komut içeriyor (DECLARE, SET, USE, WAITFOR, IF, PRINT…).',
    en: 'The statement contains a command that is not allowed (DECLARE, SET, USE, WAITFOR, IF, PRINT…).',
  },
  FORBIDDEN_FUNCTION: {
    tr: 'Uzak sunucuya veya dosyaya erişen fonksiyonlara (OPENROWSET, OPENQUERY, OPENDATASOURCE, OPENXML) izin verilmez.',
    en: 'Functions that reach remote servers or files (OPENROWSET, OPENQUERY, OPENDATASOURCE, OPENXML) are not allowed.',
  },
  LOCKING_HINT: {
    tr: 'Canlı ERP tablolarını kilitleyebilecek ipuçlarına (UPDLOCK, XLOCK, TABLOCK, HOLDLOCK…) izin verilmez; NOLOCK kullanılabilir.',
    en: 'Hints that can lock live ERP tables (UPDLOCK, XLOCK, TABLOCK, HOLDLOCK…) are not allowed; NOLOCK is fine.',
  },
  SEQUENCE: {
    tr: 'NEXT VALUE FOR bir sırayı (sequence) ilerletir, yani veri yazar; izin verilmez.',
    en: 'NEXT VALUE FOR advances a sequence, which is a write; it is not allowed.',
  },
  UNTERMINATED: {
    tr: 'Kapatılmamış metin, tırnaklı ad veya açıklama (/* … */) var.',
    en: 'There is an unterminated string, quoted identifier or comment (/* … */).',
  },
  UNUSUAL_CHARACTER: {
    tr: 'Sorguda olağandışı bir karakter var (görünmez boşluk, kontrol karakteri veya benzer görünen tırnak).',
    en: 'The statement contains an unusual character (invisible space, control character or look-alike quote).',
  },
  AMBIGUOUS_TOKEN: {
    tr: 'Sorgunun bir bölümü birden fazla şekilde okunabiliyor (örneğin harfe bitişik sayı); lütfen boşlukla ayırın.',
    en: 'Part of the statement can be read in more than one way (for example a number glued to a word); separate it with a space.',
  },
  UNSUPPORTED_SYNTAX: {
    tr: 'Bu sorgu yapısı salt okunur denetiminde desteklenmiyor (ör. dengesiz parantez, { } kaçışları, WITH XMLNAMESPACES).',
    en: 'This statement shape is not supported by the read-only check (e.g. unbalanced parentheses, { } escapes, WITH XMLNAMESPACES).',
  },
};
