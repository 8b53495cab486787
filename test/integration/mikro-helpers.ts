// Shared setup for the Mikro integration tests: TDS fakes, a closed port, an in-memory audit
// writer, a migrated temp SQLite database, and a canary password that must never leak.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { AuditEntryInput, AuditWriter } from '../../main/core/audit/audit-types.js';
import { openAppDatabase, type AppDatabase } from '../../main/core/db/app-database.js';
import { MIGRATIONS, MigrationRunner } from '../../main/core/migrations/index.js';
import { MikroClient, type MikroConnectionSettings } from '../../main/core/mikro/mikro-connection.js';
import { startTdsFake, type TdsFake, type TdsFakeOptions } from '../fakes/tds/server.js';

/** If this string shows up in any result, error, audit row or log, a test fails. */
export const CANARY = 'Kanarya-Şifre-7f3a9c';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

export async function fake(opts?: TdsFakeOptions): Promise<TdsFake> {
  const f = await startTdsFake(opts);
  onCleanup(() => f.close());
  return f;
}

export function settingsFor(f: { host: string; port: number }, overrides: Partial<MikroConnectionSettings> = {}): MikroConnectionSettings {
  return {
    host: f.host,
    port: f.port,
    instance: null,
    database: 'MikroDB_V16_TEST',
    username: 'optiplan_ro',
    timeout_seconds: 3,
    encrypt: true, // the product default; the fake answers NOT_SUP, so it stays clear text
    trust_server_certificate: false,
    ...overrides,
  };
}

/** A client closed after the test. `password` is a counter-wrapped provider. */
export function client(settings: MikroConnectionSettings, password: string | undefined = CANARY): { client: MikroClient; passwordCalls: () => number } {
  let calls = 0;
  const c = new MikroClient(settings, async () => {
    calls++;
    return password;
  });
  onCleanup(() => c.close());
  return { client: c, passwordCalls: () => calls };
}

/** A port that was just free and is now closed: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export class MemoryAudit implements AuditWriter {
  readonly rows: AuditEntryInput[] = [];
  async record(entry: AuditEntryInput): Promise<void> {
    // Stored as the real log would: serialised, so the leak check sees exactly what is written.
    this.rows.push(JSON.parse(JSON.stringify(entry)) as AuditEntryInput);
  }
  byAction(action: string): AuditEntryInput[] {
    return this.rows.filter((r) => r.action === action);
  }
}

export async function tempDb(): Promise<AppDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mikro-test-'));
  const file = path.join(dir, 'app.sqlite');
  const db = openAppDatabase({ engine: 'sqlite', file, target: file });
  await new MigrationRunner(db, MIGRATIONS).up();
  onCleanup(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

export function expectNoCanary(...values: unknown[]): void {
  for (const v of values) {
    const text = v instanceof Error ? `${v.message} ${JSON.stringify(v)} ${String(v.stack)}` : JSON.stringify(v);
    if (text?.includes(CANARY)) throw new Error(`canary password leaked: ${text.slice(0, 300)}`);
  }
}

export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; details?: { message: string }[]; friendly?: Record<string, unknown> & { reason?: string } }> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** Who the connection-test tests act as, and a secrets context that resolves nothing. */
export const TEST_ACTOR = 'tester@host (cli)';
export const NO_SECRETS = { env: {}, store: null };

/** A test-connection form for a fake: its address, the test database and user, the canary password typed. */
export function testForm(f: { host: string; port: number }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { host, port, database, username, timeout_seconds, encrypt, trust_server_certificate } = settingsFor(f);
  return { host, port, database, username, timeout_seconds, encrypt, trust_server_certificate, password: CANARY, ...extra };
}
