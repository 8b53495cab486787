/**
 * PostgreSQL through `pg_dump --format=custom`. The row counts the verify compares against are
 * taken in the very snapshot pg_dump dumps (`pg_export_snapshot` + `--snapshot`), so they match
 * the archive exactly even while the app keeps writing.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import type { DatabaseSpec } from '../db/database-url.js';
import { asFolderError } from './backup-faults.js';
import { dbnameArgs, pgConnection, runTool, scrubSecrets, serverMajor, summariseStderr, toolVersion, type Spawner } from './pg-tools.js';

export type PostgresSpec = Extract<DatabaseSpec, { engine: 'postgres' }>;

export interface PgDumpOptions {
  source: PostgresSpec;
  pgDump: string;
  out: string;
  /** false → `--compress=0` (an uncompressed custom archive). */
  compress: boolean;
  env: NodeJS.ProcessEnv;
  spawner: Spawner;
  onBytes?: (bytes: number) => void;
}

export interface PgDumpResult {
  tables: Record<string, number>;
  server_version: string;
  server_major: number;
  tool_version: string;
  tool_major: number | null;
}

/** A plain client (not the app's pool): the snapshot must stay open on one connection. */
export async function connectPg(connectionString: string, what: string, secrets: (string | undefined)[]): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000, application_name: 'optiplan360-backup' });
  client.on('error', () => undefined); // a dropped connection fails the query in progress instead
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    const e = err as { message?: string; code?: string };
    const text = e.message || e.code || String(err);
    throw new AppError('E_BACKUP_FAILED', msg('backup.errors.connect_failed', { target: what }), [], { cause: err, technical_detail: `cannot connect to ${what}: ${scrubSecrets(text, secrets)}` });
  }
  return client;
}

/** Row count of every user table as `"schema"."table"` → count, in name order. */
export async function countPgTables(client: pg.Client): Promise<Record<string, number>> {
  const { rows } = await client.query<{ q: string }>(
    `select format('%I.%I', n.nspname, c.relname) as q
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
      order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { q } of rows) {
    const r = await client.query<{ n: string }>(`select count(*)::text as n from ${q}`);
    counts[q] = Number(r.rows[0]?.n ?? 0);
  }
  return counts;
}

export async function dumpPostgres(o: PgDumpOptions): Promise<PgDumpResult> {
  const conn = pgConnection(o.source.connectionString, o.env);
  const secrets = [conn.password];
  const tool = await toolVersion(o.spawner, o.pgDump, conn.env);
  const client = await connectPg(o.source.connectionString, o.source.target, secrets);
  let poll: NodeJS.Timeout | undefined;
  try {
    await client.query('begin isolation level repeatable read, read only');
    const snap = await client.query<{ s: string; v: string; n: string }>(
      "select pg_export_snapshot() as s, current_setting('server_version') as v, current_setting('server_version_num') as n",
    );
    const { s: snapshot, v: serverVersion, n: versionNum } = snap.rows[0]!;
    const tables = await countPgTables(client);
    const db = dbnameArgs(conn, conn.database);
    // No --file: the archive comes through stdout into o.out (runTool's stdoutFile), so pg_dump
    // cannot outlive this process. A custom archive written to a pipe restores the same way.
    const args = ['--format=custom', ...(o.compress ? [] : ['--compress=0']), `--snapshot=${snapshot}`, ...conn.args, ...db.args];
    if (o.onBytes) {
      const report = o.onBytes;
      // pg_dump says nothing while it works; the growing output file is the progress.
      poll = setInterval(() => fs.stat(o.out, (err, st) => !err && report(st.size)), 500);
      poll.unref();
    }
    const r = await runTool(o.spawner, o.pgDump, args, db.env, { stdoutFile: o.out });
    if (r.code !== 0) {
      const why = summariseStderr(r.stderr, secrets) || (r.signal ? `killed by ${r.signal}` : 'no message');
      throw new AppError('E_BACKUP_FAILED', msg('backup.errors.pg_dump_failed', { exit: String(r.code ?? r.signal) }), [], { technical_detail: `pg_dump failed (exit ${r.code ?? r.signal}): ${why}` });
    }
    const major = serverMajor(Number(versionNum));
    return { tables, server_version: serverVersion, server_major: major, tool_version: tool.text, tool_major: tool.major };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const folder = asFolderError(err, path.dirname(o.out));
    if (folder !== err) throw folder;
    throw new AppError('E_BACKUP_FAILED', msg('backup.errors.postgres_failed'), [], { cause: err, technical_detail: `PostgreSQL backup failed: ${scrubSecrets((err as Error).message ?? String(err), secrets)}` });
  } finally {
    clearInterval(poll);
    await client.query('rollback').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
