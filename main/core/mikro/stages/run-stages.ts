/**
 * The staged connection test (issue 12 §2): parse → dns → browser → tcp → prelogin → tls → login →
 * database → permissions, stopping at the first FAIL. Each stage is timed and reported as it ends
 * (`onStage`, which the `mikro.test` job turns into `job.progress`). The first five stages use
 * their own credential-free TCP connection (PRELOGIN and TLS handshake only, no LOGIN7); `login`
 * onwards is the real client (tedious, the same options every Mikro connection gets, pin included).
 *
 * With a named instance the browser stage finds the port, and the login connects to that port
 * directly: the Browser answer the stages showed is the one that is used.
 */
import { performance } from 'node:perf_hooks';
import type net from 'node:net';
import { msg } from '../../../../shared/messages.js';
import { MIKRO_STAGE_NAMES, type MikroCertificateFacts, type MikroStage, type MikroStageName, type MikroStageProgress, type MikroTlsMinVersion } from '../../../../shared/mikro.js';
import { round } from '../../checks/check-builders.js';
import type { MikroClientFactory } from '../client-factory.js';
import type { EncryptionReport } from '../encryption.js';
import type { MikroClient, MikroConnectionSettings, PasswordProvider } from '../mikro-connection.js';
import { checkLoginPermissions } from '../read-only-verification.js';
import { readServerFactsAndVersion, type MikroServerFacts } from '../server-facts.js';
import { parseServerString, type ParsedServer } from '../server-string.js';
import { askBrowser, resolveHost, SQL_BROWSER_PORT } from './network.js';
import { connectTcp } from './prelogin-probe.js';
import { preloginStage, tlsStage, type PreloginFacts, type StageOutcome } from './tls-stage.js';

export interface StageSettings extends MikroConnectionSettings {
  certificate_fingerprint?: string | null;
  tls_min_version?: MikroTlsMinVersion;
}

export interface StageRunOptions {
  settings: StageSettings;
  password: PasswordProvider;
  clientFactory: MikroClientFactory;
  signal?: AbortSignal | undefined;
  onStage?: ((p: MikroStageProgress) => void) | undefined;
  /** UDP port of the SQL Server Browser (tests use the fake's; the real one is 1434). */
  browserPort?: number | undefined;
}

export interface LoggedIn {
  latency_ms: number;
  version: unknown;
  product: unknown;
  encryption: EncryptionReport;
  /** Product, edition, collation, Express size (server-facts.ts); null when unreadable. */
  server?: MikroServerFacts | null;
}

export interface StageRunResult {
  stages: MikroStage[];
  /** The first FAIL, with the stage's code. */
  failure: (StageOutcome & { name: MikroStageName }) | null;
  cancelled: boolean;
  certificate?: MikroCertificateFacts;
  loggedIn?: LoggedIn;
}

const TOTAL = MIKRO_STAGE_NAMES.length;

class Cancelled extends Error {}

/** SQL Server error numbers anywhere in a driver error (mssql → tedious → cause chain). */
function errorNumbers(err: unknown): number[] {
  const out: number[] = [];
  const seen = new Set<unknown>();
  const stack = [err];
  while (stack.length && seen.size < 20) {
    const e = stack.shift() as { number?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown } | null | undefined;
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (typeof e.number === 'number') out.push(e.number);
    stack.push(e.originalError, e.cause, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return out;
}

export async function runStages(o: StageRunOptions): Promise<StageRunResult> {
  const s = o.settings;
  const timeoutMs = Math.round(s.timeout_seconds * 1000);
  const stages: MikroStage[] = [];
  const result: StageRunResult = { stages, failure: null, cancelled: false };

  const stage = async (name: MikroStageName, fn: () => Promise<StageOutcome>): Promise<boolean> => {
    const started = performance.now();
    let out: StageOutcome;
    try {
      if (o.signal?.aborted) throw new Cancelled();
      out = await fn();
      if (o.signal?.aborted) throw new Cancelled();
    } catch (err) {
      if (err instanceof Cancelled || o.signal?.aborted) {
        result.cancelled = true;
        out = { status: 'FAIL', code: 'E_MIKRO_QUERY_FAILED', detail: msg('mikro.stages.cancelled'), next_step: msg('mikro.stages.cancelled_rec') };
      } else {
        out = { status: 'FAIL', code: 'E_INTERNAL', detail: msg('mikro.stages.unexpected'), next_step: msg('common.see_detail'), technical_detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
      }
    }
    const { code: _code, ...shown } = out;
    const done: MikroStage = { name, ...shown, duration_ms: round(performance.now() - started) };
    stages.push(done);
    o.onStage?.({ stage: done, index: stages.length - 1, total: TOTAL });
    if (out.status === 'FAIL') result.failure = { ...out, name };
    return out.status !== 'FAIL';
  };

  let server!: ParsedServer;
  let address = '';
  let port = 0;
  let socket: net.Socket | null = null;
  let prelogin: PreloginFacts | null = null;
  let client: MikroClient | null = null;
  const closeOnAbort = () => {
    socket?.destroy();
    void client?.close();
  };
  o.signal?.addEventListener('abort', closeOnAbort, { once: true });
  try {
    const ok =
      (await stage('parse', async () => {
        const p = parseServerString(s.host, s.instance ? null : s.port, s.instance);
        if (!p.ok) return { status: 'FAIL', code: 'E_VALIDATION', detail: p.problem, next_step: msg('mikro.stages.parse.fix'), facts: { field: p.field } };
        server = p.server;
        const shown = server.instance ? `${server.host}\\${server.instance}` : `${server.host},${server.port}`;
        return { status: 'PASS', detail: msg('mikro.stages.parse.ok', { server: shown, form: server.form }), facts: { ...server } };
      })) &&
      (await stage('dns', async () => {
        try {
          const r = await resolveHost(server.host);
          address = r.addresses[0] ?? server.host;
          return { status: 'PASS', detail: msg(r.literal ? 'mikro.stages.dns.literal' : 'mikro.stages.dns.ok', { host: server.host, addresses: r.addresses }), facts: { addresses: r.addresses } };
        } catch (err) {
          const e = err as { code?: string; message?: string };
          return { status: 'FAIL', code: 'E_MIKRO_UNREACHABLE', detail: msg('mikro.stages.dns.unknown', { host: server.host }), next_step: msg('mikro.stages.dns.unknown_rec'), technical_detail: `${e.code ?? ''} ${e.message ?? ''}`.trim() };
        }
      })) &&
      (await stage('browser', async () => {
        if (!server.instance) {
          port = server.port ?? 1433;
          return { status: 'SKIP', detail: msg('mikro.stages.browser.not_needed', { port }) };
        }
        const instance = server.instance;
        try {
          const found = await askBrowser(address, timeoutMs, o.browserPort ?? SQL_BROWSER_PORT, o.signal);
          const names = found.map((i) => i.name);
          const listed = `SQL Server Browser on ${address}: ${found.map((i) => `${i.name} (tcp ${i.port ?? '-'}, ${i.version ?? '?'})`).join(', ') || 'no instances'}`;
          const match = found.find((i) => i.name.toUpperCase() === instance.toUpperCase());
          if (!match) {
            return { status: 'FAIL', code: 'E_MIKRO_INSTANCE', detail: msg('mikro.stages.browser.missing', { instance, found: names.length ? names : msg('common.none') }), next_step: msg('mikro.stages.browser.missing_rec'), technical_detail: listed, facts: { instances: found } };
          }
          if (!match.port) return { status: 'FAIL', code: 'E_MIKRO_INSTANCE', detail: msg('mikro.stages.browser.no_tcp', { instance }), next_step: msg('mikro.stages.browser.no_tcp_rec'), technical_detail: listed, facts: { instances: found } };
          port = match.port;
          return { status: 'PASS', detail: msg('mikro.stages.browser.ok', { instance: match.name, port, found: names }), facts: { instances: found, port } };
        } catch (err) {
          if ((err as { code?: string }).code === 'ECANCEL') throw new Cancelled();
          return { status: 'FAIL', code: 'E_MIKRO_INSTANCE', detail: msg('mikro.stages.browser.none', { host: server.host, instance }), next_step: msg('mikro.stages.browser.none_rec'), technical_detail: (err as Error).message };
        }
      })) &&
      (await stage('tcp', async () => {
        const started = performance.now();
        try {
          socket = await connectTcp(address, port, timeoutMs, o.signal);
          return { status: 'PASS', detail: msg('mikro.stages.tcp.ok', { address, port }), facts: { address, port, connect_ms: round(performance.now() - started) } };
        } catch (err) {
          const code = (err as { code?: string }).code ?? '';
          const technical = `${code} ${(err as Error).message}`.trim();
          if (code === 'ECANCEL') throw new Cancelled();
          if (code === 'ECONNREFUSED') return { status: 'FAIL', code: 'E_MIKRO_UNREACHABLE', detail: msg('mikro.stages.tcp.refused', { address, port }), next_step: msg('mikro.stages.tcp.refused_rec'), technical_detail: technical };
          if (code === 'ETIMEDOUT') return { status: 'FAIL', code: 'E_MIKRO_TIMEOUT', detail: msg('mikro.stages.tcp.timeout', { address, port, timeout: timeoutMs }), next_step: msg('mikro.stages.tcp.timeout_rec'), technical_detail: technical };
          return { status: 'FAIL', code: 'E_MIKRO_UNREACHABLE', detail: msg('mikro.stages.tcp.unreachable', { address, port }), next_step: msg('mikro.stages.tcp.unreachable_rec'), technical_detail: technical };
        }
      })) &&
      (await stage('prelogin', async () => {
        const r = await preloginStage(socket!, s, timeoutMs);
        prelogin = r.facts;
        return r.outcome;
      })) &&
      (await stage('tls', async () => {
        const p = prelogin!;
        if (!p.tlsFollows) return { status: 'SKIP', detail: msg(s.encrypt ? 'mikro.stages.tls.skipped_server' : 'mikro.stages.tls.skipped_off') };
        const r = await tlsStage(p, server.host, { trust_server_certificate: s.trust_server_certificate, certificate_fingerprint: s.certificate_fingerprint, tls_min_version: s.tls_min_version ?? '1.2' }, timeoutMs);
        if (r.certificate) result.certificate = r.certificate;
        return r.outcome;
      }));
    (socket as net.Socket | null)?.destroy();
    if (!ok) return result;

    // From here on: the real client, as every Mikro connection is made.
    const connection: MikroConnectionSettings = { ...s, host: server.host, port, instance: null };
    client = o.clientFactory(connection, o.password, { poolMax: 1 });
    const c = client;
    let databaseProblem: StageOutcome | null = null;
    const started = performance.now();
    const loginOk = await stage('login', async () => {
      try {
        await c.connect();
        return { status: 'PASS', detail: msg('mikro.stages.login.ok', { username: s.username ?? '?', latency: round(performance.now() - started) }) };
      } catch (err) {
        if (o.signal?.aborted) throw new Cancelled();
        const f = c.explain(err);
        const numbers = errorNumbers(err);
        // tedious keeps only the server's text for login errors (no number): 4060/4064 by their words too.
        if (numbers.includes(4060) || numbers.includes(4064) || /cannot open (user default )?database/i.test(f.technical_detail)) {
          // The login was accepted; opening the database was not.
          databaseProblem = { status: 'FAIL', code: f.code, detail: f.message, next_step: f.hint, technical_detail: f.technical_detail, facts: { numbers } };
          return { status: 'PASS', detail: msg('mikro.stages.login.ok_database_failed', { username: s.username ?? '?' }) };
        }
        return { status: 'FAIL', code: f.code, detail: f.message, next_step: f.hint, technical_detail: f.technical_detail, ...(f.reason ? { facts: { reason: f.reason, numbers } } : {}) };
      }
    });
    if (!loginOk) return result;
    const latency_ms = round(performance.now() - started);
    const dbOk = await stage('database', async () => {
      if (databaseProblem) return databaseProblem;
      const r = await c.query('SELECT DB_NAME() AS db', undefined, { maxRows: 1 });
      return { status: 'PASS', detail: msg('mikro.stages.database.ok', { database: String(r.rows[0]?.[0] ?? s.database ?? '?') }) };
    });
    if (!dbOk) return result;
    await stage('permissions', async () => {
      const p = await checkLoginPermissions(c);
      return {
        status: p.status,
        detail: p.detail,
        ...(p.recommendation ? { next_step: p.recommendation } : {}),
        ...(p.technical_detail ? { technical_detail: p.technical_detail } : {}),
        ...(p.observed ? { facts: p.observed } : {}),
      };
    });
    // A permissions FAIL (the login can write) is reported; the connection itself works.
    const optional = async <T>(fn: () => Promise<T>): Promise<T | null> => fn().catch(() => null);
    // Each statement is a round trip: the build and @@VERSION come with the server facts; @@VERSION
    // is asked on its own only when the facts query did not answer it.
    const encryption = await c.encryption();
    const read = await optional(() => readServerFactsAndVersion(c));
    const version = read?.version ?? (await optional(() => c.query('SELECT @@VERSION AS version', undefined, { maxRows: 1 })))?.rows[0]?.[0];
    result.loggedIn = { latency_ms, version, product: read?.facts.build || undefined, encryption, server: read?.facts ?? null };
    return result;
  } finally {
    o.signal?.removeEventListener('abort', closeOnAbort);
    (socket as net.Socket | null)?.destroy();
    await client?.close();
  }
}
