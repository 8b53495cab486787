/**
 * The only way the console talks to Mikro's SQL Server (R-MIKRO-2, R-MIKRO-4).
 *
 * - `readOnlyIntent: true` is set in the tedious options object on every connection. It is never
 *   built from a connection string: mssql's parser only honours a lower-case `readonly` key there.
 * - `query()` runs the statement guard FIRST: a refused statement fails before the password is
 *   resolved, before a pool exists and before a byte is sent.
 * - Every statement is sent after `SET LOCK_TIMEOUT …; SET TRANSACTION ISOLATION LEVEL READ
 *   UNCOMMITTED;` in the same batch (session-settings.ts): the console never blocks ERP users.
 * - Every statement, sent or refused, goes into the statement log (statement-log.ts).
 * - Results are bounded: rows stream in and the request is cancelled (TDS ATTENTION) once
 *   `maxRows` is exceeded, so a `SELECT *` on a big ERP table cannot fill memory.
 * - mssql's pool checks use `validateConnection: 'socket'`: no extra `SELECT 1;` round trips, and a
 *   query that hangs cannot also hang the next checkout's validation.
 * - Every connection that logs in is classified TLS / clear text from tedious' 'secure' event,
 *   the client half of the encryption truth (see encryption.ts), and whether its LOGIN7 carried
 *   ApplicationIntent=ReadOnly is recorded from the connection's own options (what tedious sends).
 * - TLS (tls-policy.ts): `tls_min_version` widens the secure context for this connection only; a
 *   `certificate_fingerprint` replaces CA validation (`enforcePin`, before LOGIN7 is written).
 * - Clients are made by a `MikroClientFactory` (client-factory.ts); a client tells its
 *   `ConnectionObserver` about every connection it opens, which is how the push-guard check counts
 *   what a code path opened towards Mikro.
 */
import { performance } from 'node:perf_hooks';
import type sql from 'mssql';
import { assertReadOnlyStatement } from './guard/index.js';
import { maskSecrets, toMikroError, type FriendlyContext, type FriendlyMikroError, type MikroError } from './friendly-errors.js';
import { ENCRYPT_OPTION_SQL, judgeEncryption, parseEncryptOption, type EncryptionReport, type TransportObservation } from './encryption.js';
import { serverName } from './friendly-texts.js';
import { MIKRO_LOCK_TIMEOUT_MS, withSessionSettings } from './session-settings.js';
import { mikroStatementLog, type MikroStatementLog } from './statement-log.js';
import { silenceTlsIpServernameWarning } from './tls-warning.js';
import { enforcePin, type CertificatePinError } from './tls-policy.js';
import { keepFirstConnection } from './first-connection.js';
import { buildMssqlConfig, type MikroConnectionSettings } from './mssql-config.js';

export { buildMssqlConfig, MIKRO_APP_NAME, type MikroConnectionSettings } from './mssql-config.js';

export const DEFAULT_MAX_ROWS = 200;
/** Hard ceiling for any caller: the console is for looking at data, not exporting tables. */
export const MAX_ROWS_LIMIT = 10_000;

/** Resolves the password when a pool is first created (never earlier, never logged). */
export type PasswordProvider = () => Promise<string | undefined>;

export interface MikroColumn {
  name: string;
  type: string;
}

export interface MikroQueryResult {
  columns: MikroColumn[];
  /** One array per row, in column order (duplicate or empty column names stay distinct). */
  rows: unknown[][];
  row_count: number;
  truncated: boolean;
  duration_ms: number;
}

export interface QueryOptions {
  maxRows?: number;
  timeoutMs?: number;
  /** Aborting cancels the request on the server (ATTENTION); the query fails with ECANCEL. */
  signal?: AbortSignal;
  /** Who asked, for the statement log (default: the client's `actor`). */
  actor?: string;
  /**
   * Rows handed over in chunks of `chunkRows` while they arrive, instead of collected into
   * `rows` (which stays empty; `row_count` counts them): a big result then never sits whole in
   * memory, and rows leave young, before the garbage collector has to move them.
   */
  onRows?: (rows: unknown[][]) => void;
  chunkRows?: number;
}

/** What of a connection's socket is counted: the bytes it wrote (Node keeps the count after close). */
export interface CountedSocket {
  readonly bytesWritten: number;
}

/** Told about every connection a client opens (the push-guard check counts them). */
export interface ConnectionObserver {
  /** A TCP/TDS connection is about to be opened towards Mikro. */
  attempt(): void;
  /** The connection's socket, once there is one (told at most once per connection). */
  socket(socket: CountedSocket): void;
}

export interface ClientOptions {
  /** Connections in the reused pool; the short-lived helper uses 1. */
  poolMax?: number;
  observer?: ConnectionObserver;
  /** Where statements are logged (default: the process's `mikroStatementLog`). */
  statementLog?: MikroStatementLog;
  /** Who the statement log names when a query does not say (default: the console itself, `optiplan360 (system)`). */
  actor?: string;
}

type RequestCtor = new (pool: sql.ConnectionPool, overrides?: { requestTimeout?: number }) => sql.Request;

let mssqlLoading: Promise<typeof sql> | null = null;
let mssqlLoaded: typeof sql | null = null;
/**
 * mssql (with tedious and its Azure identity stack) takes ~0.5 s to load: loaded on first use,
 * so `optiplan360 health` and app start-up do not pay for it when Mikro is not being used.
 */
function loadMssql(): Promise<typeof sql> {
  silenceTlsIpServernameWarning(); // tedious sets an IP as TLS ServerName: keep DEP0123 off the terminal
  return (mssqlLoading ??= import('mssql').then((m) => (mssqlLoaded = (m as { default?: typeof sql }).default ?? (m as unknown as typeof sql))));
}

/** Logged-in connections, and how many of them asked for ApplicationIntent=ReadOnly. */
export interface IntentObservation {
  connections: number;
  read_only_intent: number;
}

export class MikroClient {
  private poolPromise: Promise<sql.ConnectionPool> | null = null;
  private password: string | undefined;
  private readonly observed: TransportObservation = { tls: 0, plain: 0 };
  private readonly intents: IntentObservation = { connections: 0, read_only_intent: 0 };
  private readonly poolMax: number;
  private readonly observer: ConnectionObserver | undefined;
  private readonly statementLog: MikroStatementLog;
  private readonly actor: string;

  constructor(
    readonly settings: MikroConnectionSettings,
    private readonly passwordProvider: PasswordProvider,
    opts: ClientOptions = {},
  ) {
    this.poolMax = Math.max(1, opts.poolMax ?? 2);
    this.observer = opts.observer;
    this.statementLog = opts.statementLog ?? mikroStatementLog;
    this.actor = opts.actor ?? 'optiplan360 (system)';
  }

  /** Host, port, instance, database: what error texts may name (no secrets). */
  get errorContext(): FriendlyContext {
    const s = this.settings;
    return {
      host: s.host,
      port: s.instance ? null : s.port,
      instance: s.instance,
      database: s.database,
      timeout_seconds: s.timeout_seconds,
      username: s.username,
      authentication: s.authentication ?? 'sql',
    };
  }

  /** Any error → a MikroError with friendly texts, masked of the resolved password. */
  toError(err: unknown): MikroError {
    return toMikroError(this.pinFailure && err !== this.pinFailure ? { originalError: err, cause: this.pinFailure, message: this.pinFailure.message } : err, { ...this.errorContext, secrets: [this.password] });
  }

  /** Friendly texts for any error, masked of the resolved password. */
  explain(err: unknown): FriendlyMikroError {
    return this.toError(err).friendly;
  }

  /** Masks the resolved password (the password itself is never exposed). */
  mask(text: string): string {
    return maskSecrets(text, [this.password]);
  }

  /** Connections that logged in so far, with and without TLS. */
  get transport(): TransportObservation {
    return { ...this.observed };
  }

  /** Connections that logged in so far, and how many carried ApplicationIntent=ReadOnly. */
  get intent(): IntentObservation {
    return { ...this.intents };
  }

  /** The mssql config for this client (one place, so every connection gets readOnlyIntent). */
  protected mssqlConfig(password: string | undefined): sql.config {
    const config = buildMssqlConfig(this.settings, password, (conn) => this.watch(conn));
    config.pool = { ...config.pool, max: this.poolMax };
    return config;
  }

  /** The reused pool, created on first use; a failed connect is forgotten so the next use retries. */
  getPool(): Promise<sql.ConnectionPool> {
    this.poolPromise ??= this.openPool().catch((err: unknown) => {
      this.poolPromise = null;
      throw this.toError(err);
    });
    return this.poolPromise;
  }

  private async openPool(): Promise<sql.ConnectionPool> {
    this.password = await this.passwordProvider();
    const config = this.mssqlConfig(this.password);
    const mssql = await loadMssql();
    const pool = new mssql.ConnectionPool(config);
    keepFirstConnection(pool); // one login per pool, not mssql's two (first-connection.ts)
    // An idle connection dying emits 'error' on the pool; unhandled it would crash the process.
    pool.on('error', () => undefined);
    try {
      await pool.connect();
    } catch (err) {
      await pool.close().catch(() => undefined);
      throw err;
    }
    return pool;
  }

  /** The last connection the pin refused (its certificate is what the SQL Board offers to pin). */
  pinFailure: CertificatePinError | null = null;

  private watch(conn: sql.Connection): void {
    this.observer?.attempt();
    let secure = false;
    conn.once('secure', () => {
      secure = true;
    });
    enforcePin(conn, this.settings.certificate_fingerprint, (failure) => (this.pinFailure = failure));
    conn.once('connect', (err?: Error) => {
      if (err) return;
      if (secure) this.observed.tls++;
      else this.observed.plain++;
      // tedious builds LOGIN7's fReadOnlyIntent from exactly this option.
      const options = (conn as unknown as { config?: { options?: { readOnlyIntent?: unknown } } }).config?.options;
      this.intents.connections++;
      if (options?.readOnlyIntent === true) this.intents.read_only_intent++;
    });
    if (this.observer) {
      const observer = this.observer;
      let told = false;
      // tedious keeps the net.Socket on `socket` once TCP is up; its byte count outlives the close.
      const tell = () => {
        const socket = (conn as unknown as { socket?: CountedSocket }).socket;
        if (told || !socket || typeof socket.bytesWritten !== 'number') return;
        told = true;
        observer.socket(socket);
      };
      conn.once('connect', tell);
      conn.once('end', tell);
      conn.once('error', tell);
    }
  }

  /** Opens the pool (for a connection test that wants to time the login on its own). */
  async connect(): Promise<void> {
    await this.getPool();
  }

  /**
   * Runs one read-only statement. The guard runs before anything else; every failure comes out
   * as a MikroError (code + Turkish/English text), masked of the password.
   */
  async query(sqlText: string, params?: Record<string, unknown>, opts: QueryOptions = {}): Promise<MikroQueryResult> {
    const log = (outcome: 'ok' | 'refused' | 'failed', rows: number, duration_ms: number, extra: { code?: string; truncated?: boolean } = {}) =>
      this.statementLog.record({
        statement: this.mask(typeof sqlText === 'string' ? sqlText : ''),
        rows,
        duration_ms,
        actor: opts.actor ?? this.actor,
        outcome,
        target: `mssql://${serverName(this.errorContext)}/${this.settings.database?.trim() || '?'}`,
        ...extra,
      });
    try {
      assertReadOnlyStatement(sqlText);
    } catch (err) {
      const e = this.toError(err);
      log('refused', 0, 0, { code: `${e.code}${e.friendly.reason ? ` [${e.friendly.reason}]` : ''}` });
      throw e;
    }
    const maxRows = Math.min(Math.max(0, Math.floor(opts.maxRows ?? DEFAULT_MAX_ROWS)), MAX_ROWS_LIMIT);
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
    try {
      const pool = await this.getPool();
      const result = await runBounded(pool, withSessionSettings(sqlText, MIKRO_LOCK_TIMEOUT_MS), params, maxRows, opts);
      const duration_ms = elapsed();
      log('ok', result.row_count, duration_ms, result.truncated ? { truncated: true } : {});
      return { ...result, duration_ms };
    } catch (err) {
      const e = this.toError(err);
      log('failed', 0, elapsed(), { code: `${e.code}${e.friendly.reason ? ` [${e.friendly.reason}]` : ''}` });
      throw e;
    }
  }

  /** Client evidence + `encrypt_option` of our own session, judged (R-MIKRO-7). */
  async encryption(): Promise<EncryptionReport> {
    let server: 'TRUE' | 'FALSE' | null = null;
    try {
      const r = await this.query(ENCRYPT_OPTION_SQL, undefined, { maxRows: 1 });
      server = parseEncryptOption(r.rows[0]?.[0]);
    } catch {
      // No VIEW SERVER STATE, or an older server: unconfirmable, judged as such.
    }
    return judgeEncryption(this.settings.encrypt, this.transport, server);
  }

  async close(): Promise<void> {
    const p = this.poolPromise;
    this.poolPromise = null;
    if (!p) return;
    const pool = await p.catch(() => null);
    await pool?.close().catch(() => undefined);
  }
}

/** Streams rows, keeps the first `maxRows` of the first result set, cancels once exceeded. */
function runBounded(
  pool: sql.ConnectionPool,
  text: string,
  params: Record<string, unknown> | undefined,
  maxRows: number,
  opts: Pick<QueryOptions, 'timeoutMs' | 'signal' | 'onRows' | 'chunkRows'>,
): Promise<Omit<MikroQueryResult, 'duration_ms'>> {
  const { timeoutMs, signal, onRows } = opts;
  const chunkRows = Math.max(1, opts.chunkRows ?? 1_000);
  // mssql 12 takes per-request overrides as a second argument; @types/mssql does not know it yet.
  // A pool exists, so the module is loaded.
  const MssqlRequest = mssqlLoaded!.Request as unknown as RequestCtor;
  const request = new MssqlRequest(pool, timeoutMs !== undefined ? { requestTimeout: timeoutMs } : {});
  request.stream = true;
  request.arrayRowMode = true;
  for (const [name, value] of Object.entries(params ?? {})) request.input(name, value);
  return new Promise((resolve, reject) => {
    let columns: MikroColumn[] | null = null;
    let sets = 0;
    let rows: unknown[][] = [];
    let count = 0;
    let truncated = false;
    let firstError: unknown;
    request.on('recordset', (cols: unknown) => {
      sets++;
      if (sets === 1) columns = toColumns(cols);
    });
    request.on('row', (row: unknown) => {
      if (sets !== 1) return;
      if (count < maxRows) {
        count++;
        rows.push(Array.isArray(row) ? row : Object.values(row as object));
        if (onRows && rows.length >= chunkRows) {
          const chunk = rows;
          rows = [];
          try {
            onRows(chunk);
          } catch (err) {
            // The receiver failed (it is the caller's error, not the server's): stop reading.
            firstError ??= err;
            truncated = true;
            request.cancel();
          }
        }
      } else if (!truncated) {
        truncated = true;
        request.cancel();
      }
    });
    request.on('error', (err: { code?: string }) => {
      if (truncated && err?.code === 'ECANCEL') return; // our own cancel
      firstError ??= err;
    });
    const onAbort = () => request.cancel();
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('done', () => {
      signal?.removeEventListener('abort', onAbort);
      if (firstError !== undefined) return reject(firstError);
      try {
        if (onRows && rows.length) onRows(rows);
      } catch (err) {
        return reject(err);
      }
      resolve({ columns: columns ?? [], rows: onRows ? [] : rows, row_count: count, truncated });
    });
    request.query(text, () => undefined);
  });
}

function toColumns(cols: unknown): MikroColumn[] {
  const list: unknown[] = Array.isArray(cols) ? cols : Object.values((cols ?? {}) as object);
  return list
    .map((c) => c as { index?: number; name?: string; type?: { declaration?: string; name?: string } })
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((c) => ({ name: c.name ?? '', type: c.type?.declaration ?? c.type?.name ?? 'unknown' }));
}
