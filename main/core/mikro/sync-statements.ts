/**
 * The SELECTs a paged, incremental PULL sync sends to Mikro (issue 16 §3), written once: the sync
 * engine sends exactly these, and the TDS test server's Mikro fixtures (test/fakes/tds/mikro-*.ts)
 * parse this shape — parameters, filter, order, TOP — to answer them.
 *
 * Keyset paging on (lastup_date, Guid): the first page of a full sync has no WHERE; every later
 * page (and every incremental run) starts strictly after the last row read,
 *
 *   SELECT TOP (@n) [c1], [c2], … FROM [dbo].[T]
 *   WHERE ([lastup] > @since OR ([lastup] = @since AND [guid] > @guid))
 *   ORDER BY [lastup], [guid]
 *
 * so a page never repeats or skips a row while the ERP keeps writing, and rows that share one
 * lastup_date (Mikro stamps whole batches with one time) are split by their Guid. The Guid order is
 * SQL Server's uniqueidentifier order (last group first), never a string order: only the server
 * compares Guids, the client just passes back the last row's values. Identifiers are passed in
 * their catalog case (see schema-contract.ts) and bracket-quoted; Mikro's *_lastup_date columns
 * are NOT NULL (1899-12-30 stands for "no date"), which is what makes the keyset complete.
 */

/** Parameter names, so the engine and the fake agree on them. */
export const SYNC_PARAMS = { top: 'n', since: 'since', guid: 'guid' } as const;

/** Rows per round trip unless the caller says otherwise. */
export const DEFAULT_SYNC_PAGE_ROWS = 1_000;
/** The most rows one page may ask for (MikroClient caps any result at MAX_ROWS_LIMIT = 10 000). */
export const MAX_SYNC_PAGE_ROWS = 10_000;

/** One table as the sync reads it: names in catalog case. */
export interface SyncTableShape {
  /** e.g. `CARI_HESAPLAR`. */
  table: string;
  /** Default `dbo`. */
  schema?: string;
  /** The Guid key column, e.g. `cari_Guid`. */
  guid: string;
  /** The change-time column, e.g. `cari_lastup_date`. */
  lastup: string;
  /** Every column read, in order (guid and lastup included, wherever the caller wants them). */
  columns: readonly string[];
}

/** Where the previous page ended: the last row's lastup_date and Guid, as the server sent them. */
export interface SyncCursor {
  since: Date;
  guid: string;
}

/** `[name]` with `]` doubled: any identifier is sent as written, never re-cased. */
export function quoteIdentifier(name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 128) throw new Error(`not an identifier: ${String(name)}`);
  return `[${name.replace(/]/g, ']]')}]`;
}

function fromClause(shape: SyncTableShape): string {
  return `${quoteIdentifier(shape.schema ?? 'dbo')}.${quoteIdentifier(shape.table)}`;
}

/** The statement for one page: without a cursor the first page, with one the page after it. */
export function syncPageStatement(shape: SyncTableShape, cursor: SyncCursor | null): string {
  const cols = shape.columns.map(quoteIdentifier).join(', ');
  const lastup = quoteIdentifier(shape.lastup);
  const guid = quoteIdentifier(shape.guid);
  const { top, since, guid: guidParam } = SYNC_PARAMS;
  const where = cursor ? ` WHERE (${lastup} > @${since} OR (${lastup} = @${since} AND ${guid} > @${guidParam}))` : '';
  return `SELECT TOP (@${top}) ${cols} FROM ${fromClause(shape)}${where} ORDER BY ${lastup}, ${guid}`;
}

/** The parameters for `syncPageStatement` (mssql infers int, datetime and nvarchar from them). */
export function syncPageParams(pageRows: number, cursor: SyncCursor | null): Record<string, unknown> {
  const n = Math.min(MAX_SYNC_PAGE_ROWS, Math.max(1, Math.floor(pageRows)));
  return cursor ? { [SYNC_PARAMS.top]: n, [SYNC_PARAMS.since]: cursor.since, [SYNC_PARAMS.guid]: cursor.guid } : { [SYNC_PARAMS.top]: n };
}

/** The whole table in one SELECT, ordered like the pages (the benchmark's baseline). */
export function fullTableStatement(shape: SyncTableShape): string {
  return `SELECT ${shape.columns.map(quoteIdentifier).join(', ')} FROM ${fromClause(shape)} ORDER BY ${quoteIdentifier(shape.lastup)}, ${quoteIdentifier(shape.guid)}`;
}
