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
import { msg, type Message } from '../../../shared/messages.js';
import { resolveBackupSource } from './backup-config.js';
import { gunzipFile, MANIFEST_SUFFIX, removeQuietly, sha256File, writeFileAtomic } from './backup-files.js';
import { acquireBackupLock } from './backup-lock.js';
import { auditBackup, passwordOf, type BackupContext } from './backup-run.js';
import type { VerifyResult, VerifyStatus } from '../../../shared/backup.js';
import { getRun, updateRun } from './backup-store.js';
import { connectPg, countPgTables, type PostgresSpec } from './dump-postgres.js';
import { countSqliteTables } from './dump-sqlite.js';
import { parseManifest, type BackupManifest } from './manifest.js';
import { dbnameArgs, findPgTool, pgConnection, runTool, scrubSecrets, summariseStderr, withDatabase } from './pg-tools.js';

export type { VerifyResult } from '../../../shared/backup.js';

/** One thing that did not hold: for people, and as technical text (row, audit log). */
export interface VerifyProblem {
  message: Message;
  text: string;
  /** Raw tool / driver text (pg_restore's stderr), when there is one. */
  technical?: string | undefined;
}

const problem = (message: Message, text: string, technical?: string): VerifyProblem => ({ message, text, ...(technical ? { technical } : {}) });

export async function verifyBackup(ctx: BackupContext, runId: number, actor: string): Promise<VerifyResult> {
  const run = await getRun(ctx.db, runId);
  if (!run) throw new AppError('E_NOT_FOUND', msg('backup.errors.run_not_found', { id: runId }), [], { technical_detail: `backup run ${runId} does not exist`, next_step: msg('backup.errors.run_not_found_next') });
  if (run.status !== 'success') {
    throw new AppError('E_VALIDATION', msg('backup.errors.not_verifiable', { id: runId, status: msg(`backup.status.${run.status as 'running' | 'failed' | 'expired'}`) }), [], {
      technical_detail: `backup run ${runId} is ${run.status}: only successful backups can be verified`,
      next_step: msg('backup.errors.not_verifiable_next'),
    });
  }
  const lock = acquireBackupLock(ctx.backupDir, 'verify', () => ctx.now().getTime());
  const t0 = performance.now();
  const problems: VerifyProblem[] = [];
  let actual: Record<string, number> = {};
  const manifest = parseManifest(run.manifest);
  try {
    if (!manifest || !run.file_path) {
      problems.push(problem(msg('backup.verify.problem.no_manifest'), 'the run has no readable manifest'));
    } else if (!fs.existsSync(run.file_path)) {
      problems.push(problem(msg('backup.verify.problem.file_missing', { path: run.file_path }), `the backup file is missing: ${run.file_path}`));
    } else if ((await sha256File(run.file_path)) !== manifest.sha256) {
      problems.push(problem(msg('backup.verify.problem.file_changed'), 'the backup file changed since it was written (sha256 differs from the manifest)'));
    } else {
      try {
        actual = manifest.engine === 'sqlite' ? await restoreSqlite(run.file_path, manifest, problems) : await restorePostgres(ctx, run.file_path);
        problems.push(...compareCounts(manifest.tables, actual));
      } catch (err) {
        const reason = isAppError(err) ? err.text : msg('backup.errors.unexpected');
        const text = isAppError(err) ? (err.technicalDetail ?? err.code) : `restore failed: ${(err as Error)?.message ?? String(err)}`;
        problems.push(problem(msg('backup.verify.problem.restore_failed', { reason }), text, text));
      }
    }
    if (manifest?.nas?.ok) problems.push(...(await checkNasCopy(manifest.nas.path, manifest.sha256)));
  } finally {
    lock.release();
  }
  const status: VerifyStatus = problems.length ? 'failed' : 'ok';
  const tables = Object.keys(actual).length;
  const rows = Object.values(actual).reduce((a, b) => a + b, 0);
  const secrets = [passwordOf(ctx.spec)];
  const scrubbed = problems.map((p) => scrubSecrets(p.text, secrets));
  const detail =
    status === 'ok'
      ? `restored ${tables} tables, ${rows} rows; row counts match the manifest${manifest?.nas?.ok ? '; NAS copy hash ok' : ''}`
      : scrubbed.join('; ');
  const technical = problems.flatMap((p) => (p.technical ? [scrubSecrets(p.technical, secrets)] : [])).join('; ');
  const messages = problems.map((p) => p.message);
  const message =
    status === 'ok'
      ? msg(manifest?.nas?.ok ? 'backup.verify.ok_nas' : 'backup.verify.ok', { id: runId, tables, rows })
      : msg('backup.verify.failed', { id: runId, problems: messages.length === 1 ? messages[0]! : joinMessages(messages) });
  const verifiedAt = ctx.now().toISOString();
  // The outcome is known: record it on the row and in the audit log. A row that cannot be
  // updated (the database went away) must not lose the audit row, nor hide the outcome.
  let rowError: unknown = null;
  await updateRun(ctx.db, runId, { verified_at: verifiedAt, verify_status: status, verify_detail: detail }).catch((err: unknown) => (rowError = err));
  await auditBackup(ctx, { action: 'BACKUP_VERIFIED', target: run.file_path ?? `run ${runId}`, result: status === 'ok' ? 'success' : 'failure', actor, detail });
  if (rowError) ctx.logger?.warn({ run_id: runId, error: (rowError as Error).message }, 'the verify result could not be stored on the run');
  if (run.file_path) markManifestVerified(run.file_path + MANIFEST_SUFFIX, verifiedAt, status);
  return {
    run_id: runId,
    status,
    message,
    problems: messages,
    detail,
    ...(technical ? { technical_detail: technical } : {}),
    tables,
    rows,
    verified_at: verifiedAt,
    duration_ms: Math.round(performance.now() - t0),
  };
}

/**
 * The outcome also goes into the manifest beside the file, so that "the latest verified backup"
 * can be named from the backup folder alone, when the database (and its backup_runs) is gone.
 */
function markManifestVerified(manifestFile: string, at: string, status: VerifyStatus): void {
  try {
    const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    m.verified = { at, status };
    writeFileAtomic(manifestFile, JSON.stringify(m, null, 2));
  } catch {
    /* best effort: the row already holds the outcome */
  }
}

/** Several problems in one sentence: each translated, joined by "; " (a list param would need strings). */
function joinMessages(messages: Message[]): Message {
  // Nested messages are translated first (shared/i18n/translator.ts), then interpolated.
  return messages.slice(1).reduce<Message>((acc, m) => msg('backup.verify.joined', { a: acc, b: m }), messages[0]!);
}

/** Differences between the counts recorded at backup time and those found after the restore. */
export function compareCounts(expected: Record<string, number>, actual: Record<string, number>): VerifyProblem[] {
  const out: VerifyProblem[] = [];
  for (const [t, n] of Object.entries(expected)) {
    if (!(t in actual)) out.push(problem(msg('backup.verify.problem.table_missing', { table: t }), `table ${t} is missing after the restore`));
    else if (actual[t] !== n) out.push(problem(msg('backup.verify.problem.table_count', { table: t, actual: actual[t]!, expected: n }), `table ${t}: ${actual[t]} rows after the restore, ${n} at backup time`));
  }
  for (const t of Object.keys(actual)) {
    if (!(t in expected)) out.push(problem(msg('backup.verify.problem.table_extra', { table: t }), `table ${t} appeared after the restore but is not in the manifest`));
  }
  return out;
}

async function restoreSqlite(file: string, manifest: BackupManifest, problems: VerifyProblem[]): Promise<Record<string, number>> {
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
      if (lines.length !== 1 || lines[0] !== 'ok') {
        const text = `PRAGMA integrity_check: ${lines.slice(0, 5).join('; ')}`;
        problems.push(problem(msg('backup.verify.problem.integrity'), text, text));
      }
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
  if (source.spec.engine !== 'postgres') {
    throw new AppError('E_BACKUP_FAILED', msg('backup.errors.wrong_engine'), [], { technical_detail: 'this is a PostgreSQL archive, but the configured database is SQLite: nowhere to restore it' });
  }
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
      throw new AppError('E_BACKUP_FAILED', msg('backup.errors.scratch_db'), [], {
        technical_detail: `cannot create the scratch database for the restore test (the user needs CREATEDB): ${scrubSecrets((err as Error).message, secrets)}`,
      });
    }
    created = true;
    const db = dbnameArgs(conn, scratch);
    const args = ['--no-owner', '--no-privileges', '--exit-on-error', ...conn.args, ...db.args, file];
    const r = await runTool(ctx.spawner, pgRestore, args, db.env);
    if (r.code !== 0) {
      throw new AppError('E_BACKUP_FAILED', msg('backup.errors.pg_restore_failed', { exit: String(r.code ?? r.signal) }), [], {
        technical_detail: `pg_restore failed (exit ${r.code ?? r.signal}): ${summariseStderr(r.stderr, secrets) || 'no message'}`,
      });
    }
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

async function checkNasCopy(nasFile: string, sha256: string): Promise<VerifyProblem[]> {
  if (!fs.existsSync(nasFile)) return [problem(msg('backup.verify.problem.nas_missing', { path: nasFile }), `the NAS copy is missing: ${nasFile}`)];
  try {
    return (await sha256File(nasFile)) === sha256 ? [] : [problem(msg('backup.verify.problem.nas_corrupt', { path: nasFile }), `the NAS copy is corrupted (sha256 differs): ${nasFile}`)];
  } catch (err) {
    const text = `the NAS copy cannot be read: ${(err as Error).message}`;
    return [problem(msg('backup.verify.problem.nas_unreadable', { path: nasFile }), text, text)];
  }
}
