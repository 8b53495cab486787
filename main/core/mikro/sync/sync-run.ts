/**
 * One PULL sync run (issue 16 §3): for each table, pages of at most `pageRows` rows read in
 * (lastup_date, Guid) order after the table's watermark, each committed to the mirror with the
 * new watermark in one transaction (mirror-writer.ts). The reader runs ahead of the writer
 * (page-reader.ts: each page starts after the previous page's last row, known as soon as it is
 * read), so Mikro and the app database work at the same time; the writer commits every page
 * waiting as one batch with the last page's watermark. On SQLite the writes run on a worker
 * thread (sqlite-write-worker.ts). A failed write stops the reading and drops what was read ahead.
 *
 * Only SELECTs reach Mikro, through MikroClient.query: the statement guard first, then the
 * session prelude (LOCK_TIMEOUT, READ UNCOMMITTED) in the same batch. Every run is one sync_jobs
 * row (RUNNING → DONE | FAILED, rows read/changed per table in `detail`, the error), a progress
 * event per committed page and one audit row (MIKRO_SYNC). A table that fails does not stop the
 * others; the run is FAILED when any table failed.
 */
import { performance } from 'node:perf_hooks';
import { isAppError } from '../../../../shared/errors.js';
import { msg, type Message } from '../../../../shared/messages.js';
import type { MikroSyncProgress, MikroSyncResult, MikroSyncTableResult, SyncFailure, SyncTableName } from '../../../../shared/mikro-sync.js';
import type { AuditWriter } from '../../audit/audit-types.js';
import { safeAudit } from '../../audit/safe-audit.js';
import { technicalText } from '../../checks/check-builders.js';
import type { AppDatabase } from '../../db/app-database.js';
import type { MikroClient } from '../mikro-connection.js';
import { MAX_SYNC_PAGE_ROWS, syncPageParams, syncPageStatement } from '../sync-statements.js';
import { finishTableState, loadCursor, openMirrorWriter, resetCursor, type MirrorWriter, type PageCursor, type StagedPage } from './mirror-writer.js';
import { PageReader } from './page-reader.js';
import { cursorOf, isCancelled, SYNC_TABLE_SPECS, type SyncTableSpec } from './sync-tables.js';

export const SYNC_INTEGRATION = 'mikro';
export const SYNC_KIND = 'pull';
/** Who the statement log names for the sync's SELECTs. */
export const SYNC_ACTOR = 'optiplan360 (sync)';
/** A page may take this long on the server before the request is cancelled. */
const PAGE_TIMEOUT_MS = 120_000;
/**
 * Pages read ahead of the writer at most; the writer commits all of them in one transaction.
 * Four pages of 5 000 rows are a few MB, and commits of up to 20 000 rows.
 */
const READ_AHEAD_PAGES = 4;
/** Rows per hand-over to the writer while a page arrives. */
const CHUNK_ROWS = 1_000;

export interface SyncRunDeps {
  db: AppDatabase;
  /** What the run sends statements through (the app's MikroClient). */
  client: Pick<MikroClient, 'query' | 'toError'>;
  audit: AuditWriter | null;
  actor: string;
  /** The company database the client reads (settings.database): the mirror's partition. */
  companyDb: string;
  pageRows: number;
  /** The schema of each table when the schema contract names one (`dbo` otherwise). */
  schemas?: Partial<Record<SyncTableName, string>>;
  onProgress?: (p: MikroSyncProgress) => void;
  /** The sync_jobs row, once it exists (the job registry's run id: jobs.list shows it once). */
  onStarted?: (jobId: number) => void;
  now?: () => Date;
  /** SQLite: write on a worker thread (default true; false writes through kysely on this thread). */
  writeWorker?: boolean;
}

export interface SyncRunInput {
  full: boolean;
  tables: readonly SyncTableName[];
}

export async function runPullSync(deps: SyncRunDeps, input: SyncRunInput): Promise<MikroSyncResult> {
  const now = deps.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  const k = deps.db.kysely;
  await markInterrupted(deps, started);
  const row = await k
    .insertInto('sync_jobs')
    .values({ integration: SYNC_INTEGRATION, kind: SYNC_KIND, started_at: started.toISOString(), finished_at: null, status: 'RUNNING', records: 0, error: null, actor: deps.actor, detail: JSON.stringify({ full: input.full, tables: input.tables }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  const jobId = Number(row.id);
  deps.onStarted?.(jobId);

  const tables: MikroSyncTableResult[] = [];
  const writer = openMirrorWriter(deps.db, deps.writeWorker ?? true);
  try {
    for (const name of input.tables) tables.push(await syncTable(deps, writer, SYNC_TABLE_SPECS[name], input.full, jobId, now));
  } finally {
    await writer.close();
  }

  const finished = now();
  const failed = tables.find((t) => t.status === 'FAILED');
  const rowsRead = tables.reduce((s, t) => s + t.rows_read, 0);
  const rowsChanged = tables.reduce((s, t) => s + t.rows_changed, 0);
  const errorText = failed?.error ? `${failed.error.code}: ${failed.error.technical_detail ?? ''}`.trim() : null;
  const detail = {
    full: input.full,
    company_db: deps.companyDb,
    writer: writer.mode,
    ...(writer.fallback ? { writer_fallback: writer.fallback } : {}),
    tables: Object.fromEntries(tables.map((t) => [t.table, { status: t.status, read: t.rows_read, changed: t.rows_changed, cancelled: t.rows_cancelled, pages: t.pages, ...(t.error ? { error: t.error } : {}) }])),
  };
  await k
    .updateTable('sync_jobs')
    .set({ finished_at: finished.toISOString(), status: failed ? 'FAILED' : 'DONE', records: rowsRead, error: errorText, detail: JSON.stringify(detail) })
    .where('id', '=', jobId)
    .execute();
  const counts = tables.map((t) => `${t.table}: read ${t.rows_read}, changed ${t.rows_changed}, cancelled ${t.rows_cancelled}${t.error ? `, ${t.error.code}` : ''}`).join('; ');
  await safeAudit(deps.audit, {
    action: 'MIKRO_SYNC',
    target: `mikro:${deps.companyDb}`,
    result: failed ? 'failure' : 'success',
    actor: deps.actor,
    detail: `${input.full ? 'full' : 'incremental'} sync #${jobId}: ${counts}`,
    new_value: detail,
  });
  const message: Message = failed?.error
    ? msg('mikro.sync.result.failed', { table: failed.mikro_table, reason: failed.error.message })
    : msg('mikro.sync.result.done', { read: rowsRead, changed: rowsChanged, tables: tables.map((t) => t.mikro_table) });
  return {
    id: jobId,
    status: failed ? 'FAILED' : 'DONE',
    full: input.full,
    company_db: deps.companyDb,
    started_at: started.toISOString(),
    finished_at: finished.toISOString(),
    duration_ms: Math.round(performance.now() - t0),
    tables,
    message,
  };
}

async function syncTable(deps: SyncRunDeps, writer: MirrorWriter, spec: SyncTableSpec, full: boolean, jobId: number, now: () => Date): Promise<MikroSyncTableResult> {
  const t0 = performance.now();
  const k = deps.db.kysely;
  const result: MikroSyncTableResult = { table: spec.name, mikro_table: spec.shape.table, status: 'DONE', rows_read: 0, rows_changed: 0, rows_cancelled: 0, pages: 0, duration_ms: 0, cursor_date: null };
  // A page larger than the query's row bound would come back short and end the table early.
  const pageRows = Math.max(1, Math.min(Math.floor(deps.pageRows), MAX_SYNC_PAGE_ROWS));
  let reader: PageReader<PageCursor, { chunks: StagedPage[]; cancelled: number }> | null = null;
  try {
    if (full) await resetCursor(k, deps.companyDb, spec.name);
    const cursor: PageCursor | null = await loadCursor(k, deps.companyDb, spec.name);
    result.cursor_date = cursor?.since.toISOString() ?? null;
    const shape = { ...spec.shape, schema: deps.schemas?.[spec.name] ?? spec.shape.schema ?? 'dbo' };
    // Each chunk of a page goes to the writer as it arrives (on SQLite: to the write worker), so
    // a page's rows never pile up on this thread; a page that fails half-way is discarded.
    const read = async (after: PageCursor | null) => {
      const chunks: StagedPage[] = [];
      let cancelled = 0;
      let lastRow: unknown[] | null = null;
      const onRows = (rows: unknown[][]) => {
        for (const r of rows) if (isCancelled(r)) cancelled++;
        lastRow = rows[rows.length - 1]!;
        chunks.push(writer.stage(spec, rows));
      };
      let count: number;
      try {
        count = (await deps.client.query(syncPageStatement(shape, after), syncPageParams(pageRows, after), { maxRows: pageRows, timeoutMs: PAGE_TIMEOUT_MS, actor: SYNC_ACTOR, onRows, chunkRows: CHUNK_ROWS })).row_count;
      } catch (err) {
        writer.discard(chunks);
        throw err;
      }
      if (count === 0 || !lastRow) return null;
      return { page: { chunks, cancelled }, rowCount: count, last: cursorOf(lastRow) };
    };
    reader = new PageReader(read, pageRows, READ_AHEAD_PAGES, cursor);
    for (;;) {
      const pages = await reader.take();
      if (!pages) break;
      const last = pages[pages.length - 1]!.last;
      const changed = await writer.commit(spec, deps.companyDb, pages.flatMap((p) => p.page.chunks), last, now().toISOString(), jobId);
      // One progress event per page, as each was read; the rows changed are known per batch.
      for (const page of pages) {
        result.pages++;
        result.rows_read += page.rowCount;
        result.rows_cancelled += page.page.cancelled;
        if (page === pages[pages.length - 1]) result.rows_changed += changed;
        result.cursor_date = page.last.since.toISOString();
        deps.onProgress?.({ table: spec.name, page: result.pages, rows_read: result.rows_read, rows_changed: result.rows_changed });
      }
    }
  } catch (err) {
    // Pages read ahead will not be written: the write worker forgets the rows it holds for them.
    const unwritten = (await reader?.stop()) ?? [];
    writer.discard(unwritten.flatMap((p) => p.page.chunks));
    result.status = 'FAILED';
    result.error = failureOf(deps, err);
  }
  await writer.settle();
  result.duration_ms = Math.round(performance.now() - t0);
  try {
    await finishTableState(k, deps.companyDb, spec.name, {
      status: result.status,
      finishedAt: now().toISOString(),
      // The whole failure (code, catalogue message, technical detail): the SQL Board says it in words.
      error: result.error ? JSON.stringify(result.error) : null,
      jobId,
    });
  } catch (err) {
    // The app database failing here is the run's failure too, unless the table had one already.
    if (result.status === 'DONE') {
      result.status = 'FAILED';
      result.error = failureOf(deps, err);
    }
  }
  return result;
}

/** A RUNNING row this old belongs to a process that ended mid-sync (a real run takes minutes at most). */
const INTERRUPTED_AFTER_MS = 3_600_000;

/** Ends such rows FAILED, so they neither look running for ever nor hide what happened. */
async function markInterrupted(deps: SyncRunDeps, now: Date): Promise<void> {
  const error: SyncFailure = { code: 'E_SYNC_INTERRUPTED', message: msg('mikro.sync.errors.interrupted') };
  await deps.db.kysely
    .updateTable('sync_jobs')
    .set({ status: 'FAILED', finished_at: now.toISOString(), error: 'E_SYNC_INTERRUPTED: the process running this sync ended before it finished', detail: JSON.stringify({ interrupted: true, tables: { run: { error } } }) })
    .where('integration', '=', SYNC_INTEGRATION)
    .where('status', '=', 'RUNNING')
    .where('started_at', '<', new Date(now.getTime() - INTERRUPTED_AFTER_MS).toISOString())
    .execute();
}

/** Mikro errors keep their friendly texts; an app-database error is named as such. */
function failureOf(deps: SyncRunDeps, err: unknown): SyncFailure {
  if (isAppError(err)) {
    const e = (err as { friendly?: unknown }).friendly ? deps.client.toError(err) : err;
    return { code: e.code, message: e.text, ...(e.technicalDetail ? { technical_detail: e.technicalDetail } : {}) };
  }
  return { code: 'E_DB_UNAVAILABLE', message: msg('mikro.sync.errors.mirror_write'), technical_detail: technicalText(err) };
}
