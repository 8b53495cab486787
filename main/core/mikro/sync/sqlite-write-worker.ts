/**
 * The sync's SQLite writes on a worker thread with a connection of its own: better-sqlite3 is
 * synchronous, so on the main thread every page's upsert blocked tedious reading the next page
 * (and the host's /health and IPC answers) for as long as it ran. On the worker the write of one
 * batch and the read of the next run at the same time, on two cores.
 *
 * The worker is generic on purpose: it runs SQL texts it is given (mirror-writer.ts builds them)
 * over the values it is sent (already the mirror's: mirror-writer.ts converts them), the whole
 * batch and the watermark in one transaction, so the mirror's rules live in one place. Values are
 * handed over as soon as they are read (`stage`), so rows waiting for their batch wait on the
 * worker's heap, not on the thread reading Mikro. Its code is plain JavaScript evaluated as a
 * script (no file to find beside a bundle); it loads better-sqlite3 from the path this module
 * resolves, so the app's copy of the native addon is used wherever the app is installed.
 *
 * WAL lets the main connection read while the worker writes; the busy timeout is the same as the
 * main connection's, so a write the app makes at the same moment waits instead of failing.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../db/sqlite-file.js';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqliteModule);
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('wal_autocheckpoint = ' + workerData.checkpointPages);
const statements = new Map();
const prepare = (text) => {
  let s = statements.get(text);
  if (!s) statements.set(text, (s = db.prepare(text)));
  return s;
};
const staged = new Map();
const commit = db.transaction((m, pages) => {
  const upsert = prepare(m.upsert);
  const at = m.before.length;
  const width = m.width;
  const params = [...m.before, ...new Array(width), ...m.after];
  let changed = 0;
  for (const values of pages) {
    for (let r = 0; r < values.length; r += width) {
      for (let c = 0; c < width; c++) params[at + c] = values[r + c];
      changed += upsert.run(params).changes;
    }
  }
  for (const s of m.then) prepare(s.sql).run(s.parameters);
  return changed;
});
parentPort.on('message', (m) => {
  if (m.stage !== undefined) {
    staged.set(m.stage, m.values);
    return;
  }
  if (m.discard) {
    for (const id of m.discard) staged.delete(id);
    return;
  }
  if (m.close) {
    db.close();
    parentPort.close();
    return;
  }
  if (m.checkpoint) {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {}
    parentPort.postMessage({ id: m.id, changed: 0 });
    return;
  }
  const pages = m.pages.map((p) => (typeof p === 'number' ? staged.get(p) : p));
  for (const p of m.pages) if (typeof p === 'number') staged.delete(p);
  try {
    if (pages.some((p) => !p)) throw new Error('a staged page is missing');
    parentPort.postMessage({ id: m.id, changed: commit(m, pages) });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: { code: err && err.code, message: String((err && err.message) || err) } });
  }
});
parentPort.postMessage({ ready: true });
`;

/**
 * One batch, in one transaction: each page is the id of values staged earlier or the values
 * themselves, `width` per row, bound from index `before.length` of the statement's parameters;
 * `before`/`after` are the parameters every row shares.
 */
export interface WorkerBatch {
  upsert: string;
  width: number;
  pages: Array<number | readonly unknown[]>;
  before: unknown[];
  after: unknown[];
  /** Statements run after the rows, in the same transaction (the watermark). */
  then: Array<{ sql: string; parameters: readonly unknown[] }>;
}

export interface SqliteWriteWorker {
  /**
   * Hands rows' values (`width` per row, one flat array) to the worker now: they leave this
   * thread's heap at once instead of waiting here for their batch; a later commit names them by
   * the id returned.
   */
  stage(values: readonly unknown[]): number;
  /** Forgets staged rows no commit will name. */
  discard(ids: readonly number[]): void;
  /** Runs the batch in one transaction; resolves to the rows changed. */
  commit(batch: WorkerBatch): Promise<number>;
  /** Folds the WAL into the database now, on the worker (PASSIVE: it waits for no one). */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A full sync writes tens of MB. SQLite's default folds the WAL into the database every 1 000
 * pages (4 MB), copying the same index pages again each time (a third of the worker's time on a
 * full sync); the worker folds it every 10 000 pages (40 MB), and after each table's last batch
 * (`checkpoint`, the writer's settle), so the main connection never inherits a long WAL to fold
 * on the host's thread.
 */
const CHECKPOINT_PAGES = 10_000;

/**
 * Installed, better-sqlite3 sits in app.asar.unpacked (electron-builder.yml unpacks it whole), but
 * a require from the bundle resolves it inside app.asar: the worker gets the unpacked folder's
 * real path, which loads without relying on asar support in worker threads.
 */
export function unpackedPath(resolved: string): string {
  return resolved.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/** How long the worker may take to open the file before the sync writes on the main thread. */
const START_TIMEOUT_MS = 10_000;

/** A worker writing `file`, or the reason it could not start (the caller then writes in-thread). */
export async function startSqliteWriteWorker(file: string): Promise<SqliteWriteWorker | { failed: string }> {
  let sqliteModule: string;
  try {
    sqliteModule = unpackedPath(createRequire(import.meta.url).resolve('better-sqlite3'));
  } catch (err) {
    return { failed: `better-sqlite3 not resolvable: ${String(err)}` };
  }
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sqliteModule, file, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS, checkpointPages: CHECKPOINT_PAGES } });
  } catch (err) {
    return { failed: `the write worker could not be created: ${String(err)}` };
  }
  const pending = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let dead: Error | null = null;
  const failAll = (err: Error) => {
    dead ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const ready = new Promise<true | string>((resolve) => {
    const timer = setTimeout(() => resolve('the write worker did not start in time'), START_TIMEOUT_MS);
    worker.once('message', (m: { ready?: boolean }) => (clearTimeout(timer), resolve(m.ready ? true : 'unexpected first message')));
    worker.once('error', (err) => (clearTimeout(timer), resolve(String(err))));
    worker.once('exit', (code) => (clearTimeout(timer), resolve(`the write worker exited (${code})`)));
  });
  worker.on('error', (err) => failAll(err instanceof Error ? err : new Error(String(err))));
  worker.on('exit', (code) => failAll(new Error(`the SQLite write worker exited (${code})`)));
  worker.on('message', (m: { id?: number; changed?: number; error?: { code?: string; message: string } }) => {
    const p = m.id === undefined ? undefined : pending.get(m.id);
    if (!p) return;
    pending.delete(m.id!);
    if (m.error) p.reject(Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {}));
    else p.resolve(m.changed ?? 0);
  });
  const started = await ready;
  if (started !== true) {
    await worker.terminate().catch(() => undefined);
    return { failed: started };
  }
  let nextStage = 1;
  const ask = (message: object): Promise<number> => {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    return new Promise<number>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  };
  return {
    stage(values) {
      const stage = nextStage++;
      worker.postMessage({ stage, values });
      return stage;
    },
    discard(ids) {
      if (ids.length && !dead) worker.postMessage({ discard: ids });
    },
    commit: (batch) => ask(batch),
    checkpoint: () => ask({ checkpoint: true }).then(() => undefined),
    async close() {
      if (dead) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ close: true });
      // A worker stuck in a busy wait is ended rather than waited for.
      const timer = setTimeout(() => void worker.terminate(), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
