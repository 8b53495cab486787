/**
 * Diagnostics checks (R-DIAG-1, R-BAK-3) and the health probe for backups, in the one check
 * shape (shared/checks.ts) built with check-builders. Every check can PASS and can fail:
 *  - backup_config: the database to back up resolves, no literal password, the NAS path works;
 *  - backup_tool: the backup folder takes a file, and (PostgreSQL) pg_dump exists, reports its
 *    version and is not older than the server; SKIP while backup_config FAILs (it names the
 *    database the tool would dump);
 *  - backup_recency: the last good backup is younger than 26 h (WARN to 72 h, FAIL after);
 *  - backup_verify: the latest restore test passed.
 * `"enabled": false` in backup_config.json: all four SKIP and the health component is `disabled`.
 * Raw OS / driver text goes to technical_detail, never into the sentence.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Check } from '../../../shared/checks.js';
import { isAppError } from '../../../shared/errors.js';
import type { OtherComponent } from '../../../shared/health.js';
import { msg, type Message } from '../../../shared/messages.js';
import { passed, problem, skipped, technicalText, timedCheck, toCheck, type CheckOutcome } from '../checks/check-builders.js';
import type { AppSchema } from '../db/schema.js';
import { classifyConnectionString, resolveBackupSource, type BackupSource } from './backup-config.js';
import type { BackupContext } from './backup-run.js';
import { anyRun, lastGoodBackup, lastVerifiedRun, listBackups } from './backup-store.js';
import { findPgTool, serverMajor as majorOf, toolVersion } from './pg-tools.js';

export type BackupCheck = Check;

export const BACKUP_CHECK_NAMES = ['backup_config', 'backup_tool', 'backup_recency', 'backup_verify'] as const;
export type BackupCheckName = (typeof BACKUP_CHECK_NAMES)[number];

/**
 * The application tables each check reads: diagnostics reports a check SKIP (naming
 * migrations_at_head) while its table does not exist yet, instead of running it.
 */
export const BACKUP_CHECK_NEEDS: Readonly<Partial<Record<BackupCheckName, readonly (keyof AppSchema)[]>>> = {
  backup_recency: ['backup_runs'],
  backup_verify: ['backup_runs'],
};

export const RECENCY_PASS_HOURS = 26;
export const RECENCY_WARN_HOURS = 72;

/** The setting a switched-off backup names in `skipped_because`. */
export const BACKUP_DISABLED_SETTING = 'backup_config.json enabled';

/** Runbook §6: what to do when a backup check warns or fails. */
export const BACKUP_STEPS: readonly Message[] = [msg('backup.steps.check_targets'), msg('backup.steps.read_last_error'), msg('backup.steps.run_and_verify')];

const H = 3600_000;
const RUN_NOW = () => msg('backup.checks.backup_recency.run_now_rec');

const check = (name: BackupCheckName, fn: () => Promise<CheckOutcome> | CheckOutcome) => timedCheck(name, 'backup', fn, BACKUP_STEPS);

async function resolveSource(ctx: BackupContext): Promise<BackupSource> {
  return resolveBackupSource(ctx.config, ctx.spec, { secrets: ctx.secrets, baseDir: path.dirname(ctx.backupDir) });
}

export function checkBackupConfig(ctx: BackupContext): Promise<BackupCheck> {
  return check('backup_config', async () => {
    for (const [i, db] of ctx.config.databases.entries()) {
      if (classifyConnectionString(db.connection_string) === 'literal_credential') {
        // The value itself is never repeated: the check says where it is, not what it is.
        return problem('FAIL', msg('backup.checks.backup_config.literal_password', { index: i }), msg('backup.checks.backup_config.literal_password_rec'), { observed: { field: `databases[${i}].connection_string` } });
      }
    }
    let source: BackupSource;
    try {
      source = await resolveSource(ctx);
    } catch (err) {
      const reason = isAppError(err) ? err.text : msg('common.check_crashed');
      return problem('FAIL', msg('backup.checks.backup_config.source_unresolved', { reason }), msg('backup.checks.backup_config.source_unresolved_rec'), { technical_detail: technicalText(err) });
    }
    const nas = ctx.config.nas_path?.trim();
    if (nas) {
      const why = nasProblem(nas);
      if (why) {
        return problem('WARN', msg('backup.checks.backup_config.nas_unreachable', { path: nas, reason: why.reason }), msg('backup.checks.backup_config.nas_unreachable_rec'), {
          technical_detail: why.technical,
          observed: { nas_path: nas },
        });
      }
    }
    if (ctx.config.google_drive_folder?.trim()) {
      return problem('WARN', msg('backup.checks.backup_config.google_drive'), msg('backup.checks.backup_config.google_drive_rec'));
    }
    const sourceText = source.own ? msg('backup.source.own', { target: source.spec.target }) : msg('backup.source.named', { name: source.name, target: source.spec.target });
    const days = ctx.config.retention_days;
    const observed = { engine: source.spec.engine, target: source.spec.target, backup_dir: ctx.backupDir, nas_path: nas || null, retention_days: days };
    return nas
      ? passed(msg('backup.checks.backup_config.ok_nas', { source: sourceText, dir: ctx.backupDir, nas, days }), observed)
      : passed(msg('backup.checks.backup_config.ok_no_nas', { source: sourceText, dir: ctx.backupDir, days }), observed);
  });
}

/** Why `dir` cannot take a file, or null when a probe file can be written and removed. */
function writeProblem(dir: string, create: boolean): { reason: Message; technical: string } | null {
  try {
    if (create) fs.mkdirSync(dir, { recursive: true });
    if (!fs.statSync(dir).isDirectory()) return { reason: msg('backup.nas.not_folder'), technical: `${dir}: not a directory` };
    const probe = path.join(dir, `.optiplan-write-test-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe, { force: true });
    return null;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reason =
      e.code === 'ENOENT' ? msg('backup.nas.missing') : e.code === 'ENOTDIR' || e.code === 'EEXIST' ? msg('backup.nas.not_folder') : e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS' ? msg('backup.nas.no_permission') : msg('backup.nas.other');
    return { reason, technical: `${e.code ?? 'error'}: ${e.message}` };
  }
}

const nasProblem = (dir: string) => writeProblem(dir, false);

/**
 * The tool and where it writes. `configOutcome` is backup_config's verdict: while it FAILs the
 * database to dump is unknown, so this check is SKIP naming it.
 */
export function checkBackupTool(ctx: BackupContext, config?: Check): Promise<BackupCheck> {
  return check('backup_tool', async () => {
    if (config && config.status === 'FAIL') {
      return skipped(msg('common.skipped_because_check', { check: msg('backup.checks.backup_config.title') }), 'backup_config');
    }
    const folder = writeProblem(ctx.backupDir, true);
    if (folder) {
      return problem('FAIL', msg('backup.checks.backup_tool.folder_unwritable', { dir: ctx.backupDir, reason: folder.reason }), msg('backup.checks.backup_tool.folder_unwritable_rec'), {
        technical_detail: folder.technical,
        observed: { backup_dir: ctx.backupDir },
      });
    }
    const source = await resolveSource(ctx);
    if (source.spec.engine === 'sqlite') return passed(msg('backup.checks.backup_tool.sqlite', { dir: ctx.backupDir }), { engine: 'sqlite', backup_dir: ctx.backupDir });
    const install = msg('backup.checks.backup_tool.install_rec');
    let pgDump: string;
    try {
      pgDump = findPgTool('pg_dump', { configuredPath: ctx.config.pg_dump_path, env: ctx.env });
    } catch (err) {
      return problem('FAIL', isAppError(err) ? err.text : msg('backup.checks.backup_tool.not_found'), install, { technical_detail: technicalText(err) });
    }
    const tool = await toolVersion(ctx.spawner, pgDump, ctx.env);
    if (tool.major === null) {
      return problem('WARN', msg('backup.checks.backup_tool.no_version', { path: pgDump }), install, { technical_detail: tool.text || 'no output', observed: { pg_dump: pgDump } });
    }
    let serverMajor: number | null = null;
    let serverError = '';
    const client = new pg.Client({ connectionString: source.spec.connectionString, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const r = await client.query<{ n: string }>("select current_setting('server_version_num') as n");
      serverMajor = majorOf(Number(r.rows[0]?.n));
    } catch (err) {
      const e = err as { code?: string; message?: string };
      serverError = `${e.code ?? 'cannot connect'}${e.message ? `: ${e.message}` : ''}`;
    } finally {
      await client.end().catch(() => undefined);
    }
    const observed = { pg_dump: pgDump, tool_major: tool.major, server_major: serverMajor };
    if (serverMajor === null) {
      return problem('WARN', msg('backup.checks.backup_tool.server_unknown', { tool: tool.major, path: pgDump }), msg('backup.checks.backup_tool.server_unknown_rec'), { technical_detail: serverError, observed });
    }
    if (tool.major < serverMajor) {
      return problem('FAIL', msg('backup.checks.backup_tool.too_old', { tool: tool.major, path: pgDump, server: serverMajor }), install, { technical_detail: tool.text, observed });
    }
    try {
      findPgTool('pg_restore', { configuredPath: ctx.config.pg_dump_path, env: ctx.env });
    } catch (err) {
      return problem('WARN', msg('backup.checks.backup_tool.no_restore', { tool: tool.major, path: pgDump, server: serverMajor }), install, { technical_detail: technicalText(err), observed });
    }
    return passed(msg('backup.checks.backup_tool.ok', { tool: tool.major, path: pgDump, server: serverMajor }), observed);
  });
}

export function checkBackupRecency(ctx: BackupContext): Promise<BackupCheck> {
  return check('backup_recency', async () => {
    const last = await lastGoodBackup(ctx.db);
    if (!last) return problem('FAIL', msg('backup.checks.backup_recency.none'), RUN_NOW());
    const at = last.finished_at ?? last.started_at;
    const age = ctx.now().getTime() - Date.parse(at);
    const observed = { last_good_run: last.id, last_good_at: at, age_hours: Math.round((age / H) * 10) / 10 };
    if (age < RECENCY_PASS_HOURS * H) return passed(msg('backup.checks.backup_recency.ok', { age, at, id: last.id }), observed);
    const status = age < RECENCY_WARN_HOURS * H ? 'WARN' : 'FAIL';
    const limit = status === 'WARN' ? RECENCY_PASS_HOURS : RECENCY_WARN_HOURS;
    return problem(status, msg('backup.checks.backup_recency.old', { age, at, id: last.id, limit }), RUN_NOW(), { observed });
  });
}

export function checkBackupVerify(ctx: BackupContext): Promise<BackupCheck> {
  return check('backup_verify', async () => {
    const last = await lastVerifiedRun(ctx.db);
    if (!last) return problem('WARN', msg('backup.checks.backup_verify.none'), msg('backup.checks.backup_verify.none_rec'));
    const at = last.verified_at ?? '';
    const observed = { run: last.id, verified_at: at, verify_status: last.verify_status };
    if (last.verify_status === 'ok') return passed(msg('backup.checks.backup_verify.ok', { id: last.id, at }), observed);
    return problem('FAIL', msg('backup.checks.backup_verify.failed', { id: last.id, at }), msg('backup.checks.backup_verify.failed_rec'), {
      technical_detail: last.verify_detail ?? undefined,
      observed,
    });
  });
}

/** All four SKIP: backups are switched off in backup_config.json. */
export function disabledBackupChecks(): BackupCheck[] {
  const because = skipped(msg('common.skipped_disabled', { integration: msg('common.integrations.backup') }), BACKUP_DISABLED_SETTING);
  return BACKUP_CHECK_NAMES.map((name) => toCheck(name, 'backup', because, 0));
}

/**
 * All four (R-DIAG-3: each is timed and turns its own failure into a FAIL). backup_tool waits
 * for backup_config (it needs the database that resolves); the other two run meanwhile.
 */
export async function backupChecks(ctx: BackupContext, configVerdict?: Check): Promise<BackupCheck[]> {
  if (ctx.config.enabled === false) return disabledBackupChecks();
  const configCheck = configVerdict ? Promise.resolve(configVerdict) : checkBackupConfig(ctx);
  const toolCheck = configCheck.then((c) => checkBackupTool(ctx, c));
  return Promise.all([configCheck, toolCheck, checkBackupRecency(ctx), checkBackupVerify(ctx)]);
}

/** The `backup` component of /health: by the age of the last good backup, then its problems. */
export async function backupHealth(ctx: BackupContext): Promise<OtherComponent> {
  if (ctx.config.enabled === false) return { status: 'disabled', message: msg('backup.health.disabled') };
  try {
    if (!(await anyRun(ctx.db))) return { status: 'not_configured', message: msg('backup.health.no_runs') };
    const last = await lastGoodBackup(ctx.db);
    if (!last) {
      const error = (await listBackups(ctx.db, { limit: 1 }))[0]?.error;
      return { status: 'unhealthy', message: msg('backup.health.no_success'), ...(error ? { technical_detail: error } : {}) };
    }
    const age = ctx.now().getTime() - Date.parse(last.finished_at ?? last.started_at);
    if (age >= RECENCY_WARN_HOURS * H) return { status: 'unhealthy', message: msg('backup.health.old', { age, limit: RECENCY_WARN_HOURS }) };
    if (age >= RECENCY_PASS_HOURS * H) return { status: 'degraded', message: msg('backup.health.old', { age, limit: RECENCY_PASS_HOURS }) };
    const [latest] = await listBackups(ctx.db, { limit: 1 });
    if (latest && latest.status === 'failed') return { status: 'degraded', message: msg('backup.health.latest_failed', { age }), ...(latest.error ? { technical_detail: latest.error } : {}) };
    if (last.verify_status === 'failed') return { status: 'degraded', message: msg('backup.health.verify_failed', { age }), ...(last.verify_detail ? { technical_detail: last.verify_detail } : {}) };
    if (last.error) return { status: 'degraded', message: msg('backup.health.with_warnings', { age }), technical_detail: last.error };
    return { status: 'healthy', message: msg('backup.health.ok', { age }) };
  } catch (err) {
    return { status: 'unhealthy', message: isAppError(err) ? err.text : msg('backup.health.probe_failed'), technical_detail: technicalText(err) };
  }
}
