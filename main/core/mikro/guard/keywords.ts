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
  // ADD covers ADD SIGNATURE / ALTER … ADD; ENABLE/DISABLE TRIGGER change behaviour of writes.
  ['DDL', ['CREATE', 'ALTER', 'DROP', 'ADD', 'RENAME', 'ENABLE', 'DISABLE']],
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
 * Table hints refused on the production ERP: UPDLOCK/XLOCK/TABLOCKX take update or exclusive
 * locks; TABLOCK, HOLDLOCK, SERIALIZABLE and REPEATABLEREAD hold shared locks that block the
 * ERP's own writers. NOLOCK, READUNCOMMITTED, READPAST, ROWLOCK, INDEX(…), FORCESEEK stay allowed.
 */
export const LOCKING_HINTS: ReadonlySet<string> = new Set([
  'UPDLOCK',
  'XLOCK',
  'TABLOCK',
  'TABLOCKX',
  'HOLDLOCK',
  'SERIALIZABLE',
  'REPEATABLEREAD',
]);

/** Words after FOR that keep a SELECT read-only. FOR BROWSE, FOR UPDATE, FOR READ ONLY are refused. */
export const FOR_ALLOWED_NEXT: ReadonlySet<string> = new Set(['XML', 'JSON', 'SYSTEM_TIME']);

/** Procedure-name prefixes: system and extended stored procedures (sp_executesql, xp_cmdshell…). */
export const PROCEDURE_PREFIX = /^(?:SP|XP)_/;
