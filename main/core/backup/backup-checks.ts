/**
 * Diagnostics checks (R-DIAG-1, R-BAK-3) and the health probe for backups. Same shape as the
 * Mikro checks; texts in English and Turkish, recommendations are the runbook steps.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { OtherComponent } from '../../../shared/health.js';
import { problem, pass, timed, type MikroCheck } from '../mikro/checks.js';
import { classifyConnectionString, resolveBackupSource } from './backup-config.js';
import type { BackupContext } from './backup-run.js';
import { anyRun, lastGoodBackup, lastVerifiedRun, listBackups } from './backup-store.js';
import { findPgTool, serverMajor as majorOf, toolVersion } from './pg-tools.js';

export type BackupCheck = MikroCheck;

export const RECENCY_PASS_HOURS = 26;
export const RECENCY_WARN_HOURS = 72;

const RUN_NOW = 'Run a backup now: `optiplan360 backup run` (or Backups → Back up now), then check the schedule and the last runs (`optiplan360 backup list`).';
const RUN_NOW_TR = 'Şimdi yedek alın: `optiplan360 backup run` (veya Yedekler → Şimdi yedekle), ardından zamanlamayı ve son çalışmaları (`optiplan360 backup list`) kontrol edin.';

const hours = (ms: number) => `${Math.round(ms / 360_000) / 10} h`;

export function checkBackupConfig(ctx: BackupContext): Promise<BackupCheck> {
  return timed('backup_config', async () => {
    const name = 'backup_config';
    for (const [i, db] of ctx.config.databases.entries()) {
      if (classifyConnectionString(db.connection_string) === 'literal_credential') {
        return problem(
          name,
          'FAIL',
          `backup_config.json databases[${i}].connection_string holds a literal password.`,
          `backup_config.json databases[${i}].connection_string düz metin parola içeriyor.`,
          'Store the password with `optiplan360 secrets set <name>` and write VAULT:<name> (or ENV:<NAME>) in its place; `optiplan360 config check --fix-secrets` does both.',
          'Parolayı `optiplan360 secrets set <ad>` ile saklayın ve yerine VAULT:<ad> (veya ENV:<AD>) yazın; `optiplan360 config check --fix-secrets` ikisini birden yapar.',
        );
      }
    }
    let sourceText: string;
    try {
      const source = await resolveBackupSource(ctx.config, ctx.spec, { secrets: ctx.secrets, baseDir: path.dirname(ctx.backupDir) });
      sourceText = source.own ? `the app database (${source.spec.target})` : `${source.name} (${source.spec.target})`;
    } catch (err) {
      const m = (err as Error).message;
      return problem(name, 'FAIL', `The database to back up cannot be resolved: ${m}`, `Yedeklenecek veritabanı çözümlenemiyor: ${m}`, 'Fix the reference in backup_config.json or set the secret it names.', 'backup_config.json içindeki referansı düzeltin veya adını verdiği gizli değeri ayarlayın.');
    }
    const nas = ctx.config.nas_path?.trim();
    if (nas) {
      const why = nasProblem(nas);
      if (why) {
        return problem(name, 'WARN', `nas_path ${nas} is not reachable or not writable: ${why}`, `nas_path ${nas} erişilemiyor veya yazılamıyor: ${why}`, 'Check that the NAS is on, the share is connected for this Windows user and the user may write to it.', 'NAS cihazının açık olduğunu, paylaşımın bu Windows kullanıcısı için bağlı olduğunu ve kullanıcının yazma izni olduğunu kontrol edin.');
      }
    }
    if (ctx.config.google_drive_folder?.trim()) {
      return problem(name, 'WARN', 'google_drive_folder is set, but this version does not copy to Google Drive.', 'google_drive_folder ayarlı, ancak bu sürüm Google Drive’a kopyalamaz.', 'Point nas_path at a folder Google Drive for desktop syncs, and clear google_drive_folder.', 'nas_path değerini Google Drive masaüstü uygulamasının eşitlediği bir klasöre yönlendirin ve google_drive_folder alanını boşaltın.');
    }
    const where = nas ? `, copied to ${nas}` : ', no NAS copy (nas_path empty)';
    const days = ctx.config.retention_days;
    return pass(name, `Backs up ${sourceText} to ${ctx.backupDir}${where}; kept ${days} days.`, `${sourceText} yedeği ${ctx.backupDir} klasörüne alınır${nas ? `, ${nas} konumuna kopyalanır` : ', NAS kopyası yok (nas_path boş)'}; ${days} gün saklanır.`);
  });
}

/** Why `dir` cannot take a backup copy, or null when a probe file can be written and removed. */
function nasProblem(dir: string): string | null {
  try {
    if (!fs.statSync(dir).isDirectory()) return 'not a folder';
    const probe = path.join(dir, `.optiplan-write-test-${process.pid}`);
    fs.writeFileSync(probe, 'ok');
    fs.rmSync(probe, { force: true });
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }
}

export function checkBackupTool(ctx: BackupContext): Promise<BackupCheck> {
  return timed('backup_tool', async () => {
    const name = 'backup_tool';
    const source = await resolveBackupSource(ctx.config, ctx.spec, { secrets: ctx.secrets, baseDir: path.dirname(ctx.backupDir) });
    if (source.spec.engine === 'sqlite') return pass(name, 'SQLite: built-in online backup API, no external tool needed.', 'SQLite: yerleşik çevrimiçi yedekleme API’si, harici araç gerekmez.');
    const install = 'Install the PostgreSQL client tools with the same or a newer major version than the server, or set pg_dump_path in backup_config.json.';
    const installTr = 'Sunucuyla aynı veya daha yeni ana sürümdeki PostgreSQL istemci araçlarını kurun ya da backup_config.json içinde pg_dump_path ayarlayın.';
    let pgDump: string;
    try {
      pgDump = findPgTool('pg_dump', { configuredPath: ctx.config.pg_dump_path, env: ctx.env });
    } catch (err) {
      const m = (err as Error).message;
      return problem(name, 'FAIL', m, `pg_dump bulunamadı: ${m}`, install, installTr);
    }
    const tool = await toolVersion(ctx.spawner, pgDump, ctx.env);
    let serverMajor: number | null = null;
    let serverError = '';
    const client = new pg.Client({ connectionString: source.spec.connectionString, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const r = await client.query<{ n: string }>("select current_setting('server_version_num') as n");
      serverMajor = majorOf(Number(r.rows[0]?.n));
    } catch (err) {
      serverError = (err as { code?: string }).code ?? 'cannot connect';
    } finally {
      await client.end().catch(() => undefined);
    }
    if (tool.major === null) return problem(name, 'WARN', `${pgDump} did not report a version (${tool.text || 'no output'}).`, `${pgDump} sürüm bildirmedi (${tool.text || 'çıktı yok'}).`, install, installTr);
    if (serverMajor === null) {
      return problem(name, 'WARN', `pg_dump ${tool.major} found at ${pgDump}; the server's version is unknown (${serverError}).`, `pg_dump ${tool.major} bulundu (${pgDump}); sunucu sürümü bilinmiyor (${serverError}).`, 'Check the database connection (the database check), then run the diagnostics again.', 'Veritabanı bağlantısını kontrol edin (veritabanı kontrolü), sonra tanılamayı yeniden çalıştırın.');
    }
    if (tool.major < serverMajor) {
      return problem(name, 'FAIL', `pg_dump ${tool.major} (${pgDump}) is older than the server (${serverMajor}) and refuses to dump it.`, `pg_dump ${tool.major} (${pgDump}) sunucudan (${serverMajor}) eski; yedek almayı reddeder.`, install, installTr);
    }
    let restore = '';
    try {
      findPgTool('pg_restore', { configuredPath: ctx.config.pg_dump_path, env: ctx.env });
    } catch {
      restore = ' pg_restore is missing beside it, so backups cannot be restore-tested.';
    }
    if (restore) return problem(name, 'WARN', `pg_dump ${tool.major} at ${pgDump}, server ${serverMajor}.${restore}`, `pg_dump ${tool.major} (${pgDump}), sunucu ${serverMajor}. Yanında pg_restore yok; yedekler geri yükleme ile doğrulanamaz.`, install, installTr);
    return pass(name, `pg_dump ${tool.major} at ${pgDump}; server ${serverMajor}.`, `pg_dump ${tool.major} (${pgDump}); sunucu ${serverMajor}.`);
  });
}

export function checkBackupRecency(ctx: BackupContext): Promise<BackupCheck> {
  return timed('backup_recency', async () => {
    const name = 'backup_recency';
    const last = await lastGoodBackup(ctx.db);
    if (!last) return problem(name, 'FAIL', 'No successful backup yet.', 'Henüz başarılı bir yedek yok.', RUN_NOW, RUN_NOW_TR);
    const at = last.finished_at ?? last.started_at;
    const age = ctx.now().getTime() - Date.parse(at);
    const what = `Last good backup ${hours(age)} ago (${at}, run ${last.id})`;
    const whatTr = `Son başarılı yedek ${hours(age)} önce (${at}, çalışma ${last.id})`;
    if (age < RECENCY_PASS_HOURS * 3600_000) return pass(name, `${what}.`, `${whatTr}.`);
    const status = age < RECENCY_WARN_HOURS * 3600_000 ? 'WARN' : 'FAIL';
    const limit = status === 'WARN' ? RECENCY_PASS_HOURS : RECENCY_WARN_HOURS;
    return problem(name, status, `${what}: older than ${limit} h.`, `${whatTr}: ${limit} saatten eski.`, RUN_NOW, RUN_NOW_TR);
  });
}

export function checkBackupVerify(ctx: BackupContext): Promise<BackupCheck> {
  return timed('backup_verify', async () => {
    const name = 'backup_verify';
    const last = await lastVerifiedRun(ctx.db);
    if (!last) {
      return problem(name, 'WARN', 'No backup has been restore-tested yet.', 'Henüz hiçbir yedek geri yükleme ile sınanmadı.', 'Verify the latest backup: `optiplan360 backup verify <id>` (or Backups → Verify); scheduled backups verify themselves when schedule.verify is on.', 'Son yedeği doğrulayın: `optiplan360 backup verify <id>` (veya Yedekler → Doğrula); schedule.verify açıkken zamanlanmış yedekler kendini doğrular.');
    }
    if (last.verify_status === 'ok') return pass(name, `Run ${last.id} restored and matched at ${last.verified_at}: ${last.verify_detail ?? ''}`, `Çalışma ${last.id} ${last.verified_at} tarihinde geri yüklendi ve eşleşti.`);
    return problem(name, 'FAIL', `The restore test of run ${last.id} failed at ${last.verified_at}: ${last.verify_detail ?? 'no detail'}`, `Çalışma ${last.id} geri yükleme sınaması ${last.verified_at} tarihinde başarısız: ${last.verify_detail ?? 'ayrıntı yok'}`, 'Do not rely on that backup: run a new backup and verify it; if it fails again, check the disk, the NAS and the error in the audit log (BACKUP_VERIFIED).', 'Bu yedeğe güvenmeyin: yeni bir yedek alıp doğrulayın; yine başarısız olursa diski, NAS’ı ve denetim kaydındaki (BACKUP_VERIFIED) hatayı kontrol edin.');
  });
}

/** All four, concurrently (R-DIAG-3: each is timed and turns its own failure into a FAIL). */
export function backupChecks(ctx: BackupContext): Promise<BackupCheck[]> {
  return Promise.all([checkBackupConfig(ctx), checkBackupTool(ctx), checkBackupRecency(ctx), checkBackupVerify(ctx)]);
}

/** The `backup` component of /health: by the age of the last good backup, then its problems. */
export async function backupHealth(ctx: BackupContext): Promise<OtherComponent> {
  try {
    if (!(await anyRun(ctx.db))) return { status: 'not_configured', detail: 'no backup has run yet' };
    const last = await lastGoodBackup(ctx.db);
    if (!last) return { status: 'unhealthy', detail: 'no successful backup', error: (await listBackups(ctx.db, { limit: 1 }))[0]?.error ?? undefined };
    const age = ctx.now().getTime() - Date.parse(last.finished_at ?? last.started_at);
    const detail = `last good backup ${hours(age)} ago`;
    if (age >= RECENCY_WARN_HOURS * 3600_000) return { status: 'unhealthy', detail };
    if (age >= RECENCY_PASS_HOURS * 3600_000) return { status: 'degraded', detail };
    const [latest] = await listBackups(ctx.db, { limit: 1 });
    if (latest && latest.status === 'failed') return { status: 'degraded', detail: `${detail}; the latest run failed`, ...(latest.error ? { error: latest.error } : {}) };
    if (last.verify_status === 'failed') return { status: 'degraded', detail: `${detail}; its restore test failed` };
    if (last.error) return { status: 'degraded', detail: `${detail}; ${last.error}` };
    return { status: 'healthy', detail };
  } catch (err) {
    return { status: 'unhealthy', error: (err as Error).message };
  }
}
