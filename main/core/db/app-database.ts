/**
 * The application database behind one interface (R-DB-1, R-DB-3): PostgreSQL through a pg pool,
 * SQLite through better-sqlite3 in WAL mode. Neither connects at construction, so the app and
 * `serve` start while the database is down; every use reconnects as needed.
 */
import { performance } from 'node:perf_hooks';
import type Sqlite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { AppError, isAppError } from '../../../shared/errors.js';
import type { DatabaseEngine } from '../../../shared/health.js';
import { msg, type Message } from '../../../shared/messages.js';
import type { DatabaseSpec } from './database-url.js';
import type { AppSchema } from './schema.js';
import { assertSqliteNotLost } from './lost-database.js';
import { openSqliteFile } from './sqlite-file.js';

export interface AppDatabase {
  readonly engine: DatabaseEngine;
  /** Where the database is, redacted: safe to show and log. */
  readonly target: string;
  readonly kysely: Kysely<AppSchema>;
  /** SQLite: the database file itself (a path, never shown: `target` is what is shown). */
  readonly sqliteFile?: string;
  /** One `SELECT 1` round trip under a hard timeout; resolves to the latency in ms. */
  ping(timeoutMs: number): Promise<number>;
  /**
   * SQLite: `sqlText` prepared once on the connection kysely opened, for a statement run row by
   * row in a hot loop (the sync's upsert; kysely prepares every query again). Run it only inside
   * a kysely transaction or query callback, so it shares that connection's state. Null until the
   * file is open; PostgreSQL has none.
   */
  prepared?(sqlText: string): PreparedStatement | null;
  close(): Promise<void>;
}

export interface PreparedStatement {
  run(...params: unknown[]): { changes: number };
}

export interface OpenOptions {
  /** How long acquiring a PostgreSQL connection may take. */
  connectTimeoutMs?: number;
  poolSize?: number;
  /** Client-side bound on any one PostgreSQL query (default 60 s). */
  queryTimeoutMs?: number;
  /**
   * SQLite: the backup folder. With it, a missing or emptied database file is refused while
   * backups of it exist (lost-database.ts), instead of silently starting a new one.
   */
  backupDir?: string;
}

/** Closing must not hang on a query stuck on a dead connection (shutdown, tests). */
const CLOSE_BOUND_MS = 3_000;
function boundedClose(kysely: Kysely<AppSchema>): () => Promise<void> {
  return () => withTimeout(kysely.destroy(), CLOSE_BOUND_MS, msg('database.errors.closing')).catch(() => undefined);
}

export function openAppDatabase(spec: DatabaseSpec, opts: OpenOptions = {}): AppDatabase {
  return spec.engine === 'sqlite' ? openSqlite(spec, opts.backupDir) : openPostgres(spec, opts);
}

function openSqlite(spec: Extract<DatabaseSpec, { engine: 'sqlite' }>, backupDir: string | undefined): AppDatabase {
  // The dialect opens the file on first use and retries on the next use if that failed: a
  // refused lost database opens once the operator has restored it.
  // The connection the dialect opened, kept so the health ping can use one prepared statement
  // (kysely prepares every query again: most of a ping's cost, and /health pings on every call).
  let opened: { stmt: Sqlite.Statement; handle: Sqlite.Database; statements: Map<string, Sqlite.Statement> } | null = null;
  const open = async () => {
    if (backupDir) assertSqliteNotLost(spec.file, backupDir);
    const handle = openSqliteFile(spec.file);
    try {
      opened = { stmt: handle.prepare('select 1 as ok'), handle, statements: new Map() };
    } catch {
      // Pings then go through kysely, as any other query does.
    }
    return handle;
  };
  const kysely = new Kysely<AppSchema>({ dialect: new SqliteDialect({ database: open }) });
  return {
    engine: 'sqlite',
    target: spec.target,
    sqliteFile: spec.file,
    kysely,
    async ping(timeoutMs) {
      const started = performance.now();
      // Not opened yet (or the open failed): through kysely, which opens (and reopens) the file.
      if (opened) opened.stmt.get();
      else await withTimeout(sql`select 1 as ok`.execute(kysely), timeoutMs, 'SQLite');
      return performance.now() - started;
    },
    prepared(sqlText) {
      if (!opened) return null;
      let stmt = opened.statements.get(sqlText);
      if (!stmt) opened.statements.set(sqlText, (stmt = opened.handle.prepare(sqlText)));
      return stmt;
    },
    close: boundedClose(kysely),
  };
}

function openPostgres(spec: Extract<DatabaseSpec, { engine: 'postgres' }>, opts: OpenOptions): AppDatabase {
  const pool = new pg.Pool({
    connectionString: spec.connectionString,
    max: opts.poolSize ?? 5,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    // Dead peers (a dropped network, a killed server) surface as errors instead of hangs.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'optiplan360-console',
    // Client-side bound on every query: with silently dropped packets a query would otherwise
    // wait for TCP keepalive (minutes). Pings use their own, much shorter bound.
    query_timeout: opts.queryTimeoutMs ?? 60_000,
    // int8 (counts, sizes) as numbers: every value we store fits in 2^53.
    types: { getTypeParser: (oid: number, format?: string) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
  });
  // An idle client whose server went away emits 'error' on the pool; without a listener that
  // would crash the process. The next use reconnects, and health reports the outage.
  pool.on('error', () => undefined);
  // A checked-out client whose connection dies also emits 'error' (pg-pool only listens on idle
  // ones); unheard, that event would crash the process. The failing query rejects by itself.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const kysely = new Kysely<AppSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    target: spec.target,
    kysely,
    async ping(timeoutMs) {
      const started = performance.now();
      let client: pg.PoolClient;
      const connecting = pool.connect();
      try {
        client = await withTimeout(connecting, timeoutMs, 'PostgreSQL');
      } catch (err) {
        // If the connection completes after we gave up, destroy it instead of leaking it.
        connecting.then((late) => late.release(true), () => undefined);
        throw asUnavailable(err, 'PostgreSQL');
      }
      try {
        // query_timeout is client-side: it also fires when packets are silently dropped.
        // A named statement: parsed and planned once per connection, not on every ping.
        await client.query({ name: 'optiplan360-ping', text: 'select 1 as ok', query_timeout: timeoutMs } as pg.QueryConfig);
        client.release();
      } catch (err) {
        client.release(true); // never reuse a connection whose state is unknown
        throw asUnavailable(err, 'PostgreSQL');
      }
      return performance.now() - started;
    },
    close: boundedClose(kysely),
  };
}

/**
 * Rejects with E_TIMEOUT after `ms`. The late promise's own outcome is ignored. `what` names
 * what did not answer: a proper name ("PostgreSQL", "Mikro SQL Server") or a message.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string | Message): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const name = typeof what === 'string' ? what : what.key;
    timer = setTimeout(() => reject(new AppError('E_TIMEOUT', msg('database.errors.timeout', { what, timeout: ms }), [], { technical_detail: `${name} did not answer within ${ms} ms` })), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Map a driver error to E_DB_UNAVAILABLE: the person reads "the PostgreSQL database cannot be
 * reached / did not answer in time"; the driver's words (which never hold the password: pg and
 * better-sqlite3 do not echo it) go to technical_detail.
 */
export function asUnavailable(err: unknown, engine: string): AppError {
  if (isAppError(err)) {
    if (err.code !== 'E_TIMEOUT') return err;
    return new AppError('E_DB_UNAVAILABLE', msg('database.errors.no_answer', { engine }), [], { cause: err, ...(err.technicalDetail ? { technical_detail: err.technicalDetail } : {}) });
  }
  const e = err as { code?: string; message?: string };
  const text = e.message ?? String(err);
  const timedOut = /timeout/i.test(text);
  return new AppError('E_DB_UNAVAILABLE', msg(timedOut ? 'database.errors.no_answer' : 'database.errors.unavailable', { engine }), [], {
    cause: err,
    technical_detail: e.code ? `${engine}: ${text} (${e.code})` : `${engine}: ${text}`,
  });
}

/**
 * Stands in when the database cannot even be configured (invalid system_config.json, a missing
 * password secret): the console still starts and every use reports the setup problem.
 */
export function unconfiguredDatabase(problem: AppError, engine: DatabaseEngine): AppDatabase {
  const kysely = new Kysely<AppSchema>({
    dialect: new SqliteDialect({
      database: async () => {
        throw problem;
      },
    }),
  });
  return {
    engine,
    // No sentence here: `target` is shown as is in every language; the component's message says why.
    target: '—',
    kysely,
    ping: async () => {
      throw problem;
    },
    close: boundedClose(kysely),
  };
}
