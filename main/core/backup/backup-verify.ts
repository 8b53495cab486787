/**
 * Verify a backup (R-BAK-4) by restoring it, not by trusting it: the file's sha256 against the
 * manifest; PostgreSQL restored with pg_restore into a scratch database on the same server
 * (dropped afterwards); SQLite decompressed to a temp file that must pass `PRAGMA
 * integrity_check`; then row counts per table against the manifest, and the NAS copy's hash.
 * The result goes to the run's row and a BACKUP_VERIFIED audit row.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { AppError, isAppError } from '../../../shared/errors.js';
import { resolveBackupSource } from './backup-config.js';
import { gunzipFile, removeQuietly, sha256File } from './backup-files.js';
import { acquireBackupLock } from './backup-lock.js';
import { auditBackup, passwordOf, type BackupContext } from './backup-run.js';
import type { VerifyResult, VerifyStatus } from '../../../shared/backup.js';
import { getRun, updateRun } from './backup-store.js';
import { connectPg, countPgTables, type PostgresSpec } from './dump-postgres.js';
import { countSqliteTables } from './dump-sqlite.js';
import { parseManifest, type BackupManifest } from './manifest.js';
import { dbnameArgs, findPgTool, pgConnection, runTool, scrubSecrets, summariseStderr, withDatabase } from './pg-tools.js';

export type { VerifyResult } from '../../../shared/backup.js';

export async function verifyBackup(ctx: BackupContext, runId: number, actor: string): Promise<VerifyResult> {
  const run = await getRun(ctx.db, runId);
  if (!run) throw new AppError('E_NOT_FOUND', `backup run ${runId} does not exist`);
  if (run.status !== 'success') throw new AppError('E_VALIDATION', `backup run ${runId} is ${run.status}: only successful backups can be verified`);
  const lock = acquireBackupLock(ctx.backupDir, 'verify', () => ctx.now().getTime());
  const t0 = performance.now();
  const problems: string[] = [];
  let actual: Record<string, number> = {};
  const manifest = parseManifest(run.manifest);
  try {
    if (!manifest || !run.file_path) {
      problems.push('the run has no readable manifest');
    } else if (!fs.existsSync(run.file_path)) {
      problems.push(`the backup file is missing: ${run.file_path}`);
    } else if ((await sha256File(run.file_path)) !== manifest.sha256) {
      problems.push('the backup file changed since it was written (sha256 differs from the manifest)');
    } else {
      try {
        actual = manifest.engine === 'sqlite' ? await restoreSqlite(run.file_path, manifest, problems) : await restorePostgres(ctx, run.file_path);
        problems.push(...compareCounts(manifest.tables, actual));
      } catch (err) {
        problems.push(isAppError(err) ? err.message : `restore failed: ${(err as Error)?.message ?? String(err)}`);
      }
    }
    if (manifest?.nas?.ok) problems.push(...(await checkNasCopy(manifest.nas.path, manifest.sha256)));
  } finally {
    lock.release();
  }
  const status: VerifyStatus = problems.length ? 'failed' : 'ok';
  const tables = Object.keys(actual).length;
  const rows = Object.values(actual).reduce((a, b) => a + b, 0);
  const scrubbed = problems.map((p) => scrubSecrets(p, [passwordOf(ctx.spec)]));
  const detail =
    status === 'ok'
      ? `restored ${tables} tables, ${rows} rows; row counts match the manifest${manifest?.nas?.ok ? '; NAS copy hash ok' : ''}`
      : scrubbed.join('; ');
  const verifiedAt = ctx.now().toISOString();
  await updateRun(ctx.db, runId, { verified_at: verifiedAt, verify_status: status, verify_detail: detail });
  await auditBackup(ctx, { action: 'BACKUP_VERIFIED', target: run.file_path ?? `run ${runId}`, result: status === 'ok' ? 'success' : 'failure', actor, detail });
  return { run_id: runId, status, detail, problems: scrubbed, tables, rows, verified_at: verifiedAt, duration_ms: Math.round(performance.now() - t0) };
}

/** Differences between the counts recorded at backup time and those found after the restore. */
export function compareCounts(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const out: string[] = [];
  for (const [t, n] of Object.entries(expected)) {
    if (!(t in actual)) out.push(`table ${t} is missing after the restore`);
    else if (actual[t] !== n) out.push(`table ${t}: ${actual[t]} rows after the restore, ${n} at backup time`);
  }
  for (const t of Object.keys(actual)) if (!(t in expected)) out.push(`table ${t} appeared after the restore but is not in the manifest`);
  return out;
}

async function restoreSqlite(file: string, manifest: BackupManifest, problems: string[]): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optiplan-verify-'));
  try {
    let dbFile = file;
    if (manifest.compression === 'gzip') {
      dbFile = path.join(dir, 'restored.sqlite');
      await gunzipFile(file, dbFile);
    }
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      const result = db.pragma('integrity_check') as { integrity_check: string }[];
      const lines = result.map((r) => r.integrity_check);
      if (lines.length !== 1 || lines[0] !== 'ok') problems.push(`PRAGMA integrity_check: ${lines.slice(0, 5).join('; ')}`);
      return countSqliteTables(db);
    } finally {
      db.close();
    }
  } finally {
    removeQuietly(dir);
  }
}

async function restorePostgres(ctx: BackupContext, file: string): Promise<Record<string, number>> {
  const source = await resolveBackupSource(ctx.config, ctx.spec, { secrets: ctx.secrets, baseDir: path.dirname(ctx.backupDir) });
  if (source.spec.engine !== 'postgres') throw new AppError('E_BACKUP_FAILED', 'this is a PostgreSQL archive, but the configured database is SQLite: nowhere to restore it');
  const spec: PostgresSpec = source.spec;
  const pgRestore = findPgTool('pg_restore', { configuredPath: ctx.config.pg_dump_path, env: ctx.env });
  const conn = pgConnection(spec.connectionString, ctx.env);
  const secrets = [conn.password];
  const scratch = `optiplan_verify_${crypto.randomBytes(6).toString('hex')}`;
  const admin = await connectPg(spec.connectionString, spec.target, secrets);
  let created = false;
  let serverNum = 0;
  try {
    // Same encoding and locale as the source so Turkish text and sort order survive; template0
    // so nothing added to template1 collides with the restored objects.
    const info = await admin.query<{ enc: string; coll: string; ctype: string; num: string }>(
      `select pg_encoding_to_char(encoding) as enc, datcollate as coll, datctype as ctype, current_setting('server_version_num') as num
         from pg_database where datname = current_database()`,
    );
    const { enc, coll, ctype, num } = info.rows[0]!;
    serverNum = Number(num);
    const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
    try {
      await admin.query(`create database "${scratch}" template template0 encoding ${lit(enc)} lc_collate ${lit(coll)} lc_ctype ${lit(ctype)}`);
    } catch (err) {
      throw new AppError('E_BACKUP_FAILED', `cannot create the scratch database for the restore test (the user needs CREATEDB): ${scrubSecrets((err as Error).message, secrets)}`);
    }
    created = true;
    const db = dbnameArgs(conn, scratch);
    const args = ['--no-owner', '--no-privileges', '--exit-on-error', ...conn.args, ...db.args, file];
    const r = await runTool(ctx.spawner, pgRestore, args, db.env);
    if (r.code !== 0) throw new AppError('E_BACKUP_FAILED', `pg_restore failed (exit ${r.code ?? r.signal}): ${summariseStderr(r.stderr, secrets) || 'no message'}`);
    const check = await connectPg(withDatabase(spec.connectionString, scratch), `${spec.target} (scratch ${scratch})`, secrets);
    try {
      return await countPgTables(check);
    } finally {
      await check.end().catch(() => undefined);
    }
  } finally {
    if (created) {
      const force = serverNum >= 130000 ? ' with (force)' : '';
      await admin.query(`drop database if exists "${scratch}"${force}`).catch((err: Error) => ctx.logger?.warn({ scratch, error: err.message }, 'could not drop the scratch database'));
    }
    await admin.end().catch(() => undefined);
  }
}

async function checkNasCopy(nasFile: string, sha256: string): Promise<string[]> {
  if (!fs.existsSync(nasFile)) return [`the NAS copy is missing: ${nasFile}`];
  try {
    return (await sha256File(nasFile)) === sha256 ? [] : [`the NAS copy is corrupted (sha256 differs): ${nasFile}`];
  } catch (err) {
    return [`the NAS copy cannot be read: ${(err as Error).message}`];
  }
}
