/** Opening the embedded SQLite database the way every process (app, CLI, serve) must. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';

/** How long a connection waits for another one's write lock before SQLITE_BUSY (every connection alike). */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * A file that cannot be opened (a folder without write permission, a file that is not a
 * database) is E_DB_UNAVAILABLE naming the file; better-sqlite3's words go to technical_detail.
 */
export function openSqliteFile(file: string): Database.Database {
  let db: Database.Database;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  } catch (err) {
    throw cannotOpen(file, err);
  }
  try {
    // WAL: readers never block the writer, so health pings and backups run while the app writes.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    db.close();
    // Busy is not "cannot open": the callers (migrations, the backup) tell waiting from failing.
    if ((err as { code?: string }).code === 'SQLITE_BUSY') throw err;
    throw cannotOpen(file, err);
  }
  return db;
}

function cannotOpen(file: string, err: unknown): AppError {
  const e = err as { code?: string; message?: string };
  return new AppError('E_DB_UNAVAILABLE', msg('database.errors.sqlite_open', { file }), [], {
    cause: err,
    next_step: msg('database.errors.sqlite_open_next'),
    technical_detail: `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`,
  });
}
