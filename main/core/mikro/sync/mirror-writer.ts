/**
 * One page into the mirror, in one transaction with the watermark: either the page's rows and
 * the table's new cursor are both committed, or neither is, so a sync that fails mid-way resumes
 * after the last committed page and never skips a row.
 *
 * The upsert writes only rows that are new or differ (a null-safe comparison in the conflict
 * clause: `IS NOT` on SQLite, `IS DISTINCT FROM` on PostgreSQL), so the statement's row count is
 * exactly the rows changed, and an incremental run that re-reads unchanged rows writes nothing.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { DatabaseEngine } from '../../../../shared/health.js';
import type { AppDatabase, PreparedStatement } from '../../db/app-database.js';
import type { AppSchema } from '../../db/schema.js';
import { startSqliteWriteWorker, type SqliteWriteWorker } from './sqlite-write-worker.js';
import { mirrorValuesInto, toMirror, type MirrorRow, type SyncTableSpec } from './sync-tables.js';

/** Rows per INSERT: 12 columns × 400 = 4 800 parameters, well inside both engines' limits. */
const ROWS_PER_STATEMENT = 400;

export interface PageCursor {
  since: Date;
  guid: string;
}

export function syncStateKey(companyDb: string, table: string): string {
  return `${companyDb}:${table}`;
}

/** A page read for the mirror: its rows, or the id of rows already handed to the write worker. */
export type StagedPage = { rows: readonly unknown[][] } | { staged: number };

/** Where a sync run's batches go. */
export interface MirrorWriter {
  /** Takes rows as soon as they are read (the worker gets their mirror values at once); `commit` writes them later. */
  stage(spec: SyncTableSpec, rows: readonly unknown[][]): StagedPage;
  /** Forgets staged rows that will never be committed (their page failed half-way). */
  discard(pages: readonly StagedPage[]): void;
  /** The pages' rows upserted and the watermark moved to `cursor`, atomically; resolves to the rows changed. */
  commit(spec: SyncTableSpec, companyDb: string, pages: readonly StagedPage[], cursor: PageCursor, syncedAt: string, jobId: number): Promise<number>;
  /** `worker`: SQLite on its write worker; `in-thread`: through kysely (PostgreSQL, or SQLite when the worker could not start). */
  readonly mode: 'worker' | 'in-thread';
  /** Why SQLite writes in-thread (the worker's start failure), for the run's detail. */
  readonly fallback?: string;
  /**
   * After a table's last batch: the worker folds the WAL it wrote into the database, so the main
   * connection's next commit finds nothing to fold (it would otherwise checkpoint tens of MB on
   * the host's thread). Housekeeping: a failure is ignored.
   */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Rows → their mirror values, one flat array (`4 + extra` per row, mirrorValuesInto's order). */
function mirrorValues(spec: SyncTableSpec, rows: readonly unknown[][]): unknown[] {
  const width = 4 + spec.extra.length;
  const out: unknown[] = new Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) mirrorValuesInto(rows[i]!, spec.extra.length, out, i * width);
  return out;
}

const rowsOf = (page: StagedPage): readonly unknown[][] => ('rows' in page ? page.rows : []);

/**
 * The run's writer: SQLite writes on a worker thread (sqlite-write-worker.ts) unless `useWorker`
 * is false or the worker cannot start, in which case the same rows go through kysely on this
 * thread — slower, never different. The worker starts while the first page is being read; pages
 * read before it is up travel with their commit.
 */
export function openMirrorWriter(app: Pick<AppDatabase, 'kysely' | 'engine' | 'prepared' | 'sqliteFile'>, useWorker = true): MirrorWriter {
  const direct: MirrorWriter['commit'] = (spec, companyDb, pages, cursor, syncedAt, jobId) =>
    commitPage(app, spec, companyDb, pages.flatMap((page) => rowsOf(page).map((r) => toMirror(spec, r))), cursor, syncedAt, jobId);
  if (app.engine !== 'sqlite' || !app.sqliteFile || !useWorker) return { mode: 'in-thread', stage: (_spec, rows) => ({ rows }), discard: () => undefined, commit: direct, settle: async () => undefined, close: async () => undefined };
  const starting = startSqliteWriteWorker(app.sqliteFile);
  let worker: SqliteWriteWorker | null = null;
  let fallback: string | undefined;
  void starting.then((w) => ('failed' in w ? (fallback = w.failed) : (worker = w)));
  return {
    get mode() {
      return fallback === undefined ? 'worker' : 'in-thread';
    },
    get fallback() {
      return fallback;
    },
    // Converted here, on the reading thread: the worker's time is SQLite's, and one flat array of
    // values is cheaper to send than rows of Date objects.
    stage: (spec, rows) => (worker ? { staged: worker.stage(mirrorValues(spec, rows)) } : { rows }),
    discard: (pages) => worker?.discard(pages.flatMap((p) => ('staged' in p ? [p.staged] : []))),
    async commit(spec, companyDb, pages, cursor, syncedAt, jobId) {
      const w = await starting;
      // Never up: nothing was staged on it, every page still has its rows.
      if ('failed' in w) return direct(spec, companyDb, pages, cursor, syncedAt, jobId);
      const save = cursorQuery(app.kysely, spec, companyDb, cursor, jobId).compile();
      return w.commit({
        upsert: upsertSql('sqlite', spec, 1),
        width: 4 + spec.extra.length,
        pages: pages.map((p) => ('staged' in p ? p.staged : mirrorValues(spec, p.rows))),
        // company_db and synced_at are the same for every row: sent once, not once per row.
        before: [companyDb],
        after: [syncedAt],
        then: [{ sql: save.sql, parameters: save.parameters }],
      });
    },
    async settle() {
      const w = await starting;
      if (!('failed' in w)) await w.checkpoint().catch(() => undefined);
    },
    async close() {
      const w = await starting;
      if (!('failed' in w)) await w.close();
    },
  };
}

/** Upsert `rows` and move the watermark to `cursor`, atomically; returns the rows changed. */
export async function commitPage(
  app: Pick<AppDatabase, 'kysely' | 'engine' | 'prepared'>,
  spec: SyncTableSpec,
  companyDb: string,
  rows: readonly MirrorRow[],
  cursor: PageCursor,
  syncedAt: string,
  jobId: number,
): Promise<number> {
  const engine = app.engine;
  return app.kysely.transaction().execute(async (trx) => {
    let changed = 0;
    // SQLite: one single-row upsert prepared once and run for every row inside kysely's transaction
    // (a multi-row text is parsed again for every statement: most of the write's CPU).
    const single = engine === 'sqlite' ? (app.prepared?.(upsertSql(engine, spec, 1)) ?? null) : null;
    if (single) {
      changed = upsertEach(single, spec, companyDb, rows, syncedAt);
    } else if (engine === 'postgres') {
      changed = await upsertColumns(trx, spec, companyDb, rows, syncedAt);
    } else {
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        changed += await upsert(trx, engine, spec, companyDb, rows.slice(i, i + ROWS_PER_STATEMENT), syncedAt);
      }
    }
    await saveCursor(trx, spec, companyDb, cursor, jobId);
    return changed;
  });
}

async function upsert(trx: Transaction<AppSchema>, engine: DatabaseEngine, spec: SyncTableSpec, companyDb: string, rows: readonly MirrorRow[], syncedAt: string): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = mirrorColumns(spec);
  const parameters: unknown[] = [];
  for (const r of rows) for (const c of columns) parameters.push(c === 'company_db' ? companyDb : c === 'synced_at' ? syncedAt : (r[c] ?? null));
  const result = await trx.executeQuery(CompiledQuery.raw(upsertSql(engine, spec, rows.length), parameters));
  return Number(result.numAffectedRows ?? 0);
}

function upsertEach(stmt: PreparedStatement, spec: SyncTableSpec, companyDb: string, rows: readonly MirrorRow[], syncedAt: string): number {
  const columns = mirrorColumns(spec);
  const params: unknown[] = new Array(columns.length);
  let changed = 0;
  for (const r of rows) {
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!;
      params[c] = column === 'company_db' ? companyDb : column === 'synced_at' ? syncedAt : (r[column] ?? null);
    }
    changed += stmt.run(...params).changes;
  }
  return changed;
}

/**
 * PostgreSQL: the whole page as one statement of a few array parameters (a column each, unnest()
 * turns them back into rows): parsed and planned once per page, not once per 400 rows with
 * thousands of parameters.
 */
async function upsertColumns(trx: Transaction<AppSchema>, spec: SyncTableSpec, companyDb: string, rows: readonly MirrorRow[], syncedAt: string): Promise<number> {
  if (rows.length === 0) return 0;
  const perRow = mirrorColumns(spec).slice(1, -1);
  const arrays = perRow.map((column) => rows.map((r) => r[column] ?? null));
  const result = await trx.executeQuery(CompiledQuery.raw(unnestUpsertSql(spec), [companyDb, syncedAt, ...arrays]));
  return Number(result.numAffectedRows ?? 0);
}

function unnestUpsertSql(spec: SyncTableSpec): string {
  const key = `postgres-unnest:${spec.mirror}`;
  const hit = upsertTexts.get(key);
  if (hit) return hit;
  const columns = mirrorColumns(spec);
  const perRow = columns.slice(1, -1);
  const q = (id: string) => `"${id}"`;
  const arrays = perRow.map((c, i) => `$${i + 3}::${c === 'cancelled' ? 'integer' : 'text'}[]`).join(', ');
  const text = `insert into ${q(spec.mirror)} (${columns.map(q).join(', ')}) select $1::text, ${perRow.map((c) => `u.${q(c)}`).join(', ')}, $2::text from unnest(${arrays}) as u(${perRow.map(q).join(', ')})${conflictClause('postgres', spec)}`;
  upsertTexts.set(key, text);
  return text;
}

const mirrorColumns = (spec: SyncTableSpec): string[] => ['company_db', 'guid', 'code', 'lastup_at', 'cancelled', ...spec.extra, 'synced_at'];
const upsertTexts = new Map<string, string>();

/**
 * The upsert's text for `n` rows, built once per (engine, table, n): a page of thousands of rows
 * is a few statements, and building them through the query builder cost more than running them.
 * Identifiers are ours (sync-tables.ts), never input.
 */
function upsertSql(engine: DatabaseEngine, spec: SyncTableSpec, n: number): string {
  const key = `${engine}:${spec.mirror}:${n}`;
  const hit = upsertTexts.get(key);
  if (hit) return hit;
  const columns = mirrorColumns(spec);
  const q = (id: string) => `"${id}"`;
  let p = 0;
  const placeholder = () => (engine === 'postgres' ? `$${++p}` : '?');
  const tuples = Array.from({ length: n }, () => `(${columns.map(placeholder).join(', ')})`).join(', ');
  const text = `insert into ${q(spec.mirror)} (${columns.map(q).join(', ')}) values ${tuples}${conflictClause(engine, spec)}`;
  upsertTexts.set(key, text);
  return text;
}

/** Only rows that differ are rewritten (null-safe), so the statement's row count is the rows changed. */
function conflictClause(engine: DatabaseEngine, spec: SyncTableSpec): string {
  const q = (id: string) => `"${id}"`;
  const compared = ['code', 'lastup_at', 'cancelled', ...spec.extra];
  const differs = compared.map((c) => `${q(spec.mirror)}.${q(c)} ${engine === 'postgres' ? 'IS DISTINCT FROM' : 'IS NOT'} excluded.${q(c)}`).join(' OR ');
  const set = [...compared, 'synced_at'].map((c) => `${q(c)} = excluded.${q(c)}`).join(', ');
  return ` on conflict (${q('company_db')}, ${q('guid')}) do update set ${set} where ${differs}`;
}

function cursorQuery(db: Kysely<AppSchema>, spec: SyncTableSpec, companyDb: string, cursor: PageCursor, jobId: number) {
  const key = syncStateKey(companyDb, spec.name);
  const cursor_date = cursor.since.toISOString();
  return db
    .insertInto('mikro_sync_state')
    .values({ key, company_db: companyDb, table_name: spec.name, cursor_date, cursor_guid: cursor.guid, last_status: 'RUNNING', last_finished_at: null, last_success_at: null, last_error: null, rows: 0, last_job_id: jobId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ cursor_date, cursor_guid: cursor.guid, last_job_id: jobId }));
}

async function saveCursor(trx: Transaction<AppSchema>, spec: SyncTableSpec, companyDb: string, cursor: PageCursor, jobId: number): Promise<void> {
  await cursorQuery(trx, spec, companyDb, cursor, jobId).execute();
}

/** The table's watermark, or null (never synced, or reset by `--full`). */
export async function loadCursor(db: Kysely<AppSchema>, companyDb: string, table: string): Promise<PageCursor | null> {
  const row = await db.selectFrom('mikro_sync_state').select(['cursor_date', 'cursor_guid']).where('key', '=', syncStateKey(companyDb, table)).executeTakeFirst();
  if (!row?.cursor_date || !row.cursor_guid) return null;
  const since = new Date(row.cursor_date);
  return Number.isFinite(since.getTime()) ? { since, guid: row.cursor_guid } : null;
}

/** `--full`: forget the watermark (the mirror rows stay; unchanged ones are not rewritten). */
export async function resetCursor(db: Kysely<AppSchema>, companyDb: string, table: string): Promise<void> {
  await db.updateTable('mikro_sync_state').set({ cursor_date: null, cursor_guid: null }).where('key', '=', syncStateKey(companyDb, table)).execute();
}

/** The table's outcome on its state row (the watermark itself moves only with committed pages). */
export async function finishTableState(
  db: Kysely<AppSchema>,
  companyDb: string,
  table: string,
  outcome: { status: 'DONE' | 'FAILED'; finishedAt: string; error: string | null; jobId: number },
): Promise<void> {
  const key = syncStateKey(companyDb, table);
  const mirror = table === 'accounts' ? 'mikro_accounts' : 'mikro_stock_items';
  const count = await db.selectFrom(mirror).select((eb) => eb.fn.countAll().as('n')).where('company_db', '=', companyDb).executeTakeFirst();
  const rows = Number(count?.n ?? 0);
  const patch = {
    last_status: outcome.status,
    last_finished_at: outcome.finishedAt,
    last_error: outcome.error,
    rows,
    last_job_id: outcome.jobId,
    ...(outcome.status === 'DONE' ? { last_success_at: outcome.finishedAt } : {}),
  };
  await db
    .insertInto('mikro_sync_state')
    .values({ key, company_db: companyDb, table_name: table, cursor_date: null, cursor_guid: null, last_success_at: null, ...patch })
    .onConflict((oc) => oc.column('key').doUpdateSet(patch))
    .execute();
}
