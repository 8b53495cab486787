// Shared setup for the diagnostics tests: a real Core on a temp data folder (SQLite file or a
// throwaway PostgreSQL database), migrated, with the diagnostics context built from it; and
// row builders for the queue thresholds.
import net from 'node:net';
import { afterEach } from 'vitest';
import type { Core } from '../../main/core/core.js';
import type { DiagnosticsContext } from '../../main/core/diagnostics/index.js';
import type { SecretStore } from '../../main/core/secrets/secret-store.js';
import { msg, type Message } from '../../shared/messages.js';
import { openTestCore } from '../helpers/core.js';
import { createThrowawayDb } from '../helpers/pg.js';
import { writeConfig } from '../helpers/temp.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export interface DiagSetup {
  core: Core;
  ctx: DiagnosticsContext;
  dataDir: string;
}

export interface DiagOptions {
  engine?: 'sqlite' | 'postgres';
  /** A database.url to use as it is (e.g. an unreachable server). */
  url?: string;
  environment?: string;
  env?: NodeJS.ProcessEnv;
  secretStore?: SecretStore | null;
  /** Config files written before the core opens (name → JSON value). */
  configs?: Record<string, unknown>;
  migrate?: boolean;
}

export async function openDiag(opts: DiagOptions = {}): Promise<DiagSetup> {
  let url = opts.url;
  if (!url && opts.engine === 'postgres') {
    const pgDb = await createThrowawayDb('optiplan_diag');
    onCleanup(() => pgDb.drop());
    url = pgDb.url;
  }
  const env = opts.env ?? {};
  const tc = await openTestCore(url ? { url, ping_timeout_seconds: 2 } : {}, {
    env,
    secretStore: opts.secretStore ?? null,
    system: { environment: opts.environment ?? 'test' },
  });
  onCleanup(() => tc.cleanup());
  for (const [name, value] of Object.entries(opts.configs ?? {})) writeConfig(tc.dataDir, name, value);
  if (opts.migrate !== false) await tc.core.migrations.up();
  return { core: tc.core, ctx: tc.core.diagnostics.context('tester@host', { integrations: [] }), dataDir: tc.dataDir };
}

const ts = (d = new Date()) => d.toISOString();

/** A free text for tests' own checks: the legacy message shows `trText` in Turkish, `enText` in English. */
export const free = (trText: string, enText = trText): Message => msg('report.legacy.text', { tr: trText, en: enText });

export async function addOutbox(core: Core, n: number, status: string, code: string | null = 'E_MIKRO_UNREACHABLE'): Promise<void> {
  for (let i = 0; i < n; i++) {
    await core.db.kysely
      .insertInto('outbox')
      .values({ created_at: ts(), updated_at: ts(), integration: 'mikro', operation: 'push_order', payload: '{}', status, attempts: 1, max_retries: 5, next_attempt_at: null, last_error_code: status === 'FAILED' ? code : null, last_error: null })
      .execute();
  }
}

export async function addInbox(core: Core, n: number, status = 'QUEUED'): Promise<void> {
  for (let i = 0; i < n; i++) {
    await core.db.kysely.insertInto('inbox').values({ received_at: ts(), integration: 'whatsapp', payload: '{}', status, processed_at: null }).execute();
  }
}

export async function addErrors(core: Core, n: number, resolved = false): Promise<void> {
  for (let i = 0; i < n; i++) {
    await core.db.kysely
      .insertInto('integration_errors')
      .values({ ts: ts(), integration: i % 2 ? 'mikro' : 'whatsapp', operation: 'op', code: 'E_X', message: 'm', payload: null, resolved_at: resolved ? ts() : null, resolved_by: resolved ? 'x' : null })
      .execute();
  }
}

export async function addSync(core: Core, hoursAgo: number, status = 'DONE', error: string | null = null): Promise<void> {
  const finished = new Date(Date.now() - hoursAgo * 3_600_000);
  await core.db.kysely
    .insertInto('sync_jobs')
    .values({ integration: 'mikro', kind: 'pull_accounts', started_at: ts(new Date(finished.getTime() - 60_000)), finished_at: status === 'RUNNING' ? null : ts(finished), status, records: 10, error })
    .execute();
}

/** A TCP server that accepts connections and never answers a byte (a hung dependency). */
export async function startSilentServer(): Promise<{ port: number; open: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  onCleanup(close);
  return { port: (server.address() as net.AddressInfo).port, open: () => sockets.size, close };
}

/** Connect and wait for a first byte that never comes; the abort signal closes the socket. */
export function waitForReply(port: number, signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.on('data', () => reject(new Error('unexpected reply')));
    sock.on('error', reject);
    signal.addEventListener('abort', () => {
      sock.destroy();
      reject(new Error('aborted'));
    });
  });
}
