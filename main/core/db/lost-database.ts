/**
 * A missing or emptied SQLite app database where there was one is not a fresh install. Opening
 * it would create an empty file, `migrate up` (or `serve`'s auto-migrate) would build a new
 * schema, and the audit log and backup history would be gone while `audit verify` said OK.
 *
 * The evidence that there was a database: backup manifests of this file in the backup folder.
 * When they exist and the file is missing, 0 bytes, without tables, or behind the audit log the
 * newest backup holds (its `audit_anchor`, else its audit_log row count), opening is refused with
 * what happened and how to restore the latest verified backup. `acceptFreshDatabase` records a
 * deliberate fresh start (`migrate up --accept-fresh-database`): backups made before it no
 * longer count as evidence.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { msg, type Message } from '../../../shared/messages.js';

export const FRESH_START_FILE = '.fresh-start.json';
const MANIFEST_SUFFIX = '.manifest.json';

interface Evidence {
  file: string;
  finished_at: string;
  audit_rows: number;
  audit_last_id: number | null;
  gzip: boolean;
  verified: boolean;
}

/** Backups of `dbFile` in `backupDir` made after the last accepted fresh start, newest first. */
export function backupsOf(dbFile: string, backupDir: string): Evidence[] {
  let names: string[];
  try {
    names = fs.readdirSync(backupDir).filter((n) => n.endsWith(MANIFEST_SUFFIX));
  } catch {
    return [];
  }
  const acceptedAt = readAccepted(backupDir, dbFile);
  const base = path.basename(dbFile);
  const out: Evidence[] = [];
  for (const name of names) {
    try {
      const m = JSON.parse(fs.readFileSync(path.join(backupDir, name), 'utf8')) as {
        engine?: string;
        database?: string;
        file?: string;
        finished_at?: string;
        compression?: string;
        tables?: Record<string, number>;
        audit_anchor?: { last_id?: number; count?: number };
        verified?: { status?: string };
      };
      if (m.engine !== 'sqlite' || m.database !== base || typeof m.file !== 'string' || typeof m.finished_at !== 'string') continue;
      if (acceptedAt && m.finished_at <= acceptedAt) continue;
      // Only a backup whose data file is still there can be restored, and only that counts.
      if (!fs.existsSync(path.join(backupDir, m.file))) continue;
      out.push({
        file: path.join(backupDir, m.file),
        finished_at: m.finished_at,
        audit_rows: Number(m.audit_anchor?.count ?? m.tables?.audit_log ?? 0),
        audit_last_id: typeof m.audit_anchor?.last_id === 'number' ? m.audit_anchor.last_id : null,
        gzip: m.compression === 'gzip',
        verified: m.verified?.status === 'ok',
      });
    } catch {
      /* an unreadable manifest is no evidence either way */
    }
  }
  return out.sort((a, b) => (a.finished_at < b.finished_at ? 1 : a.finished_at > b.finished_at ? -1 : 0));
}

/** Throws E_DB_UNAVAILABLE when `dbFile` looks lost (see the file comment); else returns. */
export function assertSqliteNotLost(dbFile: string, backupDir: string): void {
  const backups = backupsOf(dbFile, backupDir);
  if (backups.length === 0) return;
  const newest = backups[0]!;
  const state = lostState(dbFile, newest);
  if (!state) return;
  const best = backups.find((b) => b.verified) ?? newest;
  const restore = msg(best.gzip ? 'backup.lost.restore_gz' : 'backup.lost.restore_plain', { backup: best.file, file: dbFile });
  throw new AppError(
    'E_DB_UNAVAILABLE',
    msg('backup.errors.database_lost', { file: dbFile, state: state.message, backup_dir: backupDir, count: backups.length, latest: path.basename(newest.file), at: newest.finished_at }),
    [],
    {
      next_step: msg('backup.errors.database_lost_next', { restore }),
      technical_detail: `refusing to create a new database in place of ${dbFile} (${state.text}): ${backups.length} backup(s) of it in ${backupDir}, newest ${newest.file} (${newest.audit_rows} audit rows); latest verified: ${best.verified ? best.file : 'none'}`,
    },
  );
}

function lostState(dbFile: string, newest: Evidence): { message: Message; text: string } | null {
  let size: number;
  try {
    size = fs.statSync(dbFile).size;
  } catch {
    return { message: msg('backup.lost.missing'), text: 'file missing' };
  }
  if (size === 0) return { message: msg('backup.lost.empty'), text: 'file is 0 bytes' };
  let db: Database.Database;
  try {
    db = new Database(dbFile, { readonly: true, fileMustExist: true, timeout: 5_000 });
  } catch {
    return null; // not a database at all: opening reports that in its own words
  }
  try {
    const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[];
    if (tables.length === 0) return { message: msg('backup.lost.no_tables'), text: 'no tables' };
    if (!tables.includes('audit_log') || newest.audit_rows === 0) return null;
    // With an anchor the head id is enough (an index lookup); without one, the row count.
    const last = (db.prepare('select max(id) from audit_log').pluck().get() as number | null) ?? 0;
    if (newest.audit_last_id !== null && last >= newest.audit_last_id) return null;
    const row = { n: db.prepare('select count(*) from audit_log').pluck().get() as number, last };
    if (newest.audit_last_id === null && row.n >= newest.audit_rows) return null;
    return { message: msg('backup.lost.behind', { db_rows: row.n, backup_rows: newest.audit_rows }), text: `audit_log has ${row.n} rows (last id ${row.last ?? 'none'}), the newest backup ${newest.audit_rows}` };
  } catch {
    return null;
  } finally {
    db.close();
  }
}

/** Record a deliberate fresh start of `dbFile`: earlier backups stop counting as evidence. */
export function acceptFreshDatabase(dbFile: string, backupDir: string, actor: string, now: Date = new Date()): string {
  fs.mkdirSync(backupDir, { recursive: true });
  const file = path.join(backupDir, FRESH_START_FILE);
  const all = readAll(backupDir);
  all[path.resolve(dbFile)] = { accepted_at: now.toISOString(), by: actor };
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(all, null, 2), { mode: 0o600 });
  fs.renameSync(temp, file);
  return now.toISOString();
}

function readAll(backupDir: string): Record<string, { accepted_at: string; by: string }> {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(backupDir, FRESH_START_FILE), 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, { accepted_at: string; by: string }>) : {};
  } catch {
    return {};
  }
}

/**
 * When a deliberate fresh start of `dbFile` was recorded (ISO time), else null. Anchors and
 * manifests older than this belong to the database that was given up, not to the current one.
 */
export function freshStartAcceptedAt(backupDir: string, dbFile: string): string | null {
  return readAccepted(backupDir, dbFile);
}

function readAccepted(backupDir: string, dbFile: string): string | null {
  const at = readAll(backupDir)[path.resolve(dbFile)]?.accepted_at;
  return typeof at === 'string' ? at : null;
}
