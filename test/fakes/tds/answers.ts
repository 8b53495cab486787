// Scripted answers and how they turn into token streams.

import { colMetadata, done, DoneStatus, errorToken, returnStatus, rowToken, Token, type ColumnSpec, type ErrorInfo } from './tokens.js';

export type { ColumnSpec, ColumnType } from './tokens.js';

/** An ERROR token the fake sends (number, message, severity class…). */
export type ScriptedError = ErrorInfo;

export type ScriptedAnswer =
  /** One result set: COLMETADATA + ROW tokens + DONE with the row count. */
  | { columns: ColumnSpec[]; rows: unknown[][] }
  /** ERROR token followed by DONE with the error bit. */
  | { error: ScriptedError }
  /** Never answer this request (the fake still acknowledges ATTENTION). */
  | { hang: true }
  /** DONE with a row count and no result set (INSERT/UPDATE style). */
  | { rowsAffected: number }
  /** Destroy the TCP connection instead of answering. */
  | { close: true }
  /** Answer after `delayMs` (cancelled by ATTENTION like a running query). */
  | { delayMs: number; answer: ScriptedAnswer | ScriptedAnswer[] };

export type ScriptedReply = ScriptedAnswer | ScriptedAnswer[] | undefined;

/** Parts that produce tokens; hang/close/delay are handled by the server before this point. */
export type TokenPart = Extract<ScriptedAnswer, { columns: unknown } | { error: unknown } | { rowsAffected: unknown }>;

export const DEFAULT_VERSION_STRING = (version: string): string =>
  `Microsoft SQL Server 2022 (RTM) - ${version} (X64) \n\tOct  8 2022 05:58:25 \n\tCopyright (C) 2022 Microsoft Corporation\n\tDeveloper Edition (64-bit) on Linux (TDS fake) <X64>`;

const ALIAS = String.raw`(?:\s+(?:as\s+)?(\[[^\]]*\]|"[^"]*"|'[^']*'|[\p{L}_][\p{L}\p{N}_]*))?`;
const SELECT_ONE = new RegExp(String.raw`^select\s+1${ALIAS}$`, 'iu');
const SELECT_VERSION = new RegExp(String.raw`^select\s+@@version${ALIAS}$`, 'iu');

function unquote(alias: string | undefined): string {
  if (!alias) return '';
  return /^[[\]"']/.test(alias) ? alias.slice(1, -1) : alias;
}

/**
 * What the fake answers when the script returns undefined:
 * `SELECT 1` (any case/whitespace, optional alias, trailing `;`) → one int column, value 1;
 * `SELECT @@VERSION` → one nvarchar column with a SQL Server version string;
 * anything else (tedious' initial `set textsize ...` batch included) → DONE, no rows.
 */
export function defaultAnswer(sql: string, serverVersion: string): TokenPart[] {
  const text = sql.trim().replace(/;\s*$/, '').trim();
  let m = SELECT_ONE.exec(text);
  if (m) return [{ columns: [{ name: unquote(m[1]), type: 'int' }], rows: [[1]] }];
  m = SELECT_VERSION.exec(text);
  if (m) return [{ columns: [{ name: unquote(m[1]), type: 'nvarchar' }], rows: [[DEFAULT_VERSION_STRING(serverVersion)]] }];
  return [];
}

/**
 * Token stream for a complete answer.
 * SQL batch: each part ends with DONE (MORE on all but the last).
 * RPC: each part ends with DONEINPROC, then RETURNSTATUS + DONEPROC, like sp_executesql on a real server
 * (mssql collects result sets and rowsAffected on `doneInProc` for RPC and on `done` for batches).
 */
export function encodeParts(parts: readonly TokenPart[], rpc: boolean): Buffer {
  const out: Buffer[] = [];
  let anyError = false;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const more = rpc || !last ? DoneStatus.MORE : 0;
    const doneToken = rpc ? Token.DONEINPROC : Token.DONE;
    if ('columns' in part) {
      const { bytes, plp } = colMetadata(part.columns, part.rows);
      out.push(bytes);
      for (const row of part.rows) out.push(rowToken(part.columns, row, plp));
      out.push(done(more | DoneStatus.COUNT, part.rows.length, doneToken));
    } else if ('error' in part) {
      anyError = true;
      out.push(errorToken({ ...part.error, procName: part.error.procName ?? '' }));
      out.push(done(more | DoneStatus.ERROR, 0, doneToken));
    } else {
      out.push(done(more | DoneStatus.COUNT, part.rowsAffected, doneToken));
    }
  });
  if (rpc) {
    out.push(returnStatus(anyError ? -6 : 0));
    out.push(done(anyError ? DoneStatus.ERROR : DoneStatus.FINAL, 0, Token.DONEPROC));
  } else if (parts.length === 0) {
    out.push(done(DoneStatus.FINAL, 0, Token.DONE));
  }
  return Buffer.concat(out);
}
