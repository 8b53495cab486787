/**
 * Throwaway PostgreSQL databases on the local server (127.0.0.1:5432, trust auth). Tests FAIL,
 * never skip, when the server is missing: CI must prove the PostgreSQL paths.
 */
import crypto from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.OPTIPLAN_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ThrowawayDb {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** One short-lived client on `url` for `fn`. */
export async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is required for these tests at ${new URL(url).host} (set OPTIPLAN_TEST_PG_URL): ${(err as Error).message}`, { cause: err });
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const admin = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => withPg(PG_ADMIN_URL, fn);

export async function createThrowawayDb(prefix = 'optiplan_t'): Promise<ThrowawayDb> {
  const name = `${prefix}_${crypto.randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    name,
    url: u.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** The same server, reached through another host:port (e.g. a test proxy). */
export function viaHostPort(url: string, host: string, port: number): string {
  const u = new URL(url);
  u.hostname = host;
  u.port = String(port);
  return u.toString();
}
