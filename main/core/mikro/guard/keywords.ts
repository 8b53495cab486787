/**
 * Word lists for the read-only guard. A bare word (never a string, quoted identifier or
 * comment) that appears here refuses the statement wherever it stands, because T-SQL lets a
 * new statement start without a `;` (`SELECT 1 DELETE FROM t`). None of these words has a
 * legitimate use inside a read-only SELECT, except FETCH and FOR, which the guard checks by
 * context (OFFSET … FETCH NEXT … ROWS ONLY; FOR XML/JSON/SYSTEM_TIME, PIVOT … FOR, OPTIMIZE FOR).
 */
import type { GuardReasonCode } from './reasons.js';

const GROUPS: ReadonlyArray<readonly [GuardReasonCode, readonly string[]]> = [
  // RECEIVE removes messages from a Service Broker queue; BULK is BULK INSERT / OPENROWSET(BULK).
  ['WRITE_KEYWORD', ['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'TRUNCATE', 'BULK', 'UPDATETEXT', 'WRITETEXT', 'RECEIVE', 'SEND']],
  // ADD covers ADD SIGNATURE / ALTER … ADD. ENABLE / DISABLE are not reserved in T-SQL and are
  // ordinary column names (Enable, Disable); the statements ENABLE/DISABLE TRIGGER need the
  // reserved word TRIGGER, which has no place in a SELECT, so TRIGGER is what is refused.
  ['DDL', ['CREATE', 'ALTER', 'DROP', 'ADD', 'RENAME', 'TRIGGER']],
  ['PERMISSION', ['GRANT', 'REVOKE', 'DENY', 'SETUSER', 'REVERT']],
  ['TRANSACTION', ['BEGIN', 'COMMIT', 'ROLLBACK', 'SAVE', 'TRAN', 'TRANSACTION']],
  ['CURSOR', ['OPEN', 'CLOSE', 'DEALLOCATE', 'CURSOR']],
  // LOAD and DUMP are the old spellings of RESTORE and BACKUP; still reserved words.
  ['ADMIN', ['BACKUP', 'RESTORE', 'DBCC', 'KILL', 'SHUTDOWN', 'RECONFIGURE', 'CHECKPOINT', 'LOAD', 'DUMP']],
  ['EXEC', ['EXEC', 'EXECUTE', 'CALL']],
  // SET and USE have no place in a SELECT (OPTION (USE HINT …) is a false refusal we accept).
  [
    'FORBIDDEN_STATEMENT',
    ['DECLARE', 'SET', 'USE', 'WAITFOR', 'PRINT', 'RAISERROR', 'THROW', 'GOTO', 'RETURN', 'IF', 'WHILE', 'BREAK', 'CONTINUE', 'READTEXT', 'LINENO', 'CONVERSATION'],
  ],
];

/** Statement keyword → reason code. */
export const STATEMENT_KEYWORDS: ReadonlyMap<string, GuardReasonCode> = new Map(
  GROUPS.flatMap(([code, words]) => words.map((w) => [w, code] as const)),
);

/**
 * Row-set functions that can run a query on another server (including a loopback to this one,
 * where it could write) or read files. OPENXML needs sp_xml_preparedocument anyway.
 * OPENJSON is a pure in-memory parser and stays allowed.
 */
export const FORBIDDEN_FUNCTIONS: ReadonlySet<string> = new Set(['OPENROWSET', 'OPENQUERY', 'OPENDATASOURCE', 'OPENXML']);

/**
 * System functions that read files (or list the file system) by a path the caller chooses, as
 * the SQL Server service account. Given a UNC path (`\\host\share`) they make that account
 * authenticate to any host over SMB, which leaks its NTLM hash to whoever listens there. The
 * transaction-log readers are kin: they read log and backup files and are sysadmin tools, not
 * reports. Matched by name wherever the name stands (sys.fn_…, master.sys.[fn_…], ::fn_…).
 */
export const FILE_READING_FUNCTIONS: ReadonlySet<string> = new Set([
  'FN_GET_AUDIT_FILE',
  'FN_GET_AUDIT_FILE_V2',
  'FN_XE_FILE_TARGET_READ_FILE',
  'FN_XE_TELEMETRY_BLOB_TARGET_READ_FILE',
  'FN_TRACE_GETTABLE',
  'DM_OS_FILE_EXISTS',
  'DM_OS_ENUMERATE_FILESYSTEM',
  'DM_OS_ENUMERATE_FIXED_DRIVES',
  'FN_DUMP_DBLOG',
  'FN_DUMP_DBLOG_XTP',
  'FN_DBLOG',
  'FN_DBLOG_XTP',
  'FN_FULL_DBLOG',
]);

/**
 * Words that may stand before `(` without making it a function call (for the UNC-literal rule:
 * `WHERE yol IN (N'\\srv\x')` compares text, `fn(N'\\srv\x')` hands a path to a function).
 */
export const NOT_A_CALL: ReadonlySet<string> = new Set([
  'IN', 'VALUES', 'AS', 'FROM', 'JOIN', 'APPLY', 'ON', 'WHERE', 'HAVING', 'AND', 'OR', 'NOT', 'EXISTS', 'SELECT', 'WITH', 'UNION',
  'ALL', 'ANY', 'SOME', 'EXCEPT', 'INTERSECT', 'CASE', 'WHEN', 'THEN', 'ELSE', 'BY', 'TOP', 'IS', 'LIKE', 'BETWEEN', 'OVER', 'OPTION',
]);

/**
 * Table hints refused on the production ERP: UPDLOCK/XLOCK/TABLOCKX take update or exclusive
 * locks; TABLOCK, PAGLOCK, HOLDLOCK, SERIALIZABLE and REPEATABLEREAD hold shared locks that block
 * the ERP's own writers; READCOMMITTED / READCOMMITTEDLOCK turn shared locking back on over the
 * READ UNCOMMITTED session every console statement runs in (session-settings.ts).
 * NOLOCK, READUNCOMMITTED, READPAST, ROWLOCK, INDEX(…), FORCESEEK stay allowed.
 */
export const LOCKING_HINTS: ReadonlySet<string> = new Set([
  'UPDLOCK',
  'XLOCK',
  'TABLOCK',
  'TABLOCKX',
  'PAGLOCK',
  'HOLDLOCK',
  'READCOMMITTED',
  'READCOMMITTEDLOCK',
  'SERIALIZABLE',
  'REPEATABLEREAD',
]);

/** Words after FOR that keep a SELECT read-only. FOR BROWSE, FOR UPDATE, FOR READ ONLY are refused. */
export const FOR_ALLOWED_NEXT: ReadonlySet<string> = new Set(['XML', 'JSON', 'SYSTEM_TIME']);

/** Procedure-name prefixes: system and extended stored procedures (sp_executesql, xp_cmdshell…). */
export const PROCEDURE_PREFIX = /^(?:SP|XP)_/;
