/**
 * SQLite through the online backup API (better-sqlite3 `db.backup`): a page-level copy that is
 * consistent even while the app keeps writing (WAL). The copy is made self-contained (rollback
 * journal, no -wal/-shm needed) and its tables are counted for the manifest and the verify.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';

/** Pages copied per event-loop turn: small enough to keep the app responsive (4 MiB at 4 KiB pages). */
const PAGES_PER_STEP = 1024;
/** "Everything in one step": SQLite restarts a stepped copy whenever another connection writes. */
const ALL_PAGES = 0x7fffffff;

export interface SqliteDumpResult {
  tables: Record<string, number>;
  sqlite_version: string;
  raw_size_bytes: number;
  /** How often a concurrent write forced the copy to start over (then it finishes in one step). */
  restarts: number;
}

export async function backupSqlite(sourceFile: string, dest: string, onProgress?: (donePages: number, totalPages: number) => void): Promise<SqliteDumpResult> {
  if (!fs.existsSync(sourceFile)) throw new AppError('E_BACKUP_FAILED', msg('backup.errors.sqlite_missing', { file: sourceFile }), [], { technical_detail: `the SQLite database file does not exist: ${sourceFile}` });
  const src = new Database(sourceFile, { fileMustExist: true, timeout: 5_000 });
  let restarts = 0;
  try {
    let lastRemaining = Number.POSITIVE_INFINITY;
    let rate = PAGES_PER_STEP;
    await src.backup(dest, {
      progress: ({ totalPages, remainingPages }) => {
        // More pages left than last time = the copy restarted because someone wrote. Stepping
        // again could restart forever under a steady writer, so copy the rest in one go; a WAL
        // reader never blocks the writer, so that single step holds nobody up.
        if (remainingPages > lastRemaining) {
          restarts++;
          rate = ALL_PAGES;
        }
        lastRemaining = remainingPages;
        onProgress?.(totalPages - remainingPages, totalPages);
        return rate;
      },
    });
  } finally {
    src.close();
  }
  const copy = new Database(dest);
  try {
    copy.pragma('journal_mode = DELETE');
    const tables = countSqliteTables(copy);
    const { v } = copy.prepare('select sqlite_version() as v').get() as { v: string };
    copy.close();
    return { tables, sqlite_version: v, raw_size_bytes: fs.statSync(dest).size, restarts };
  } catch (err) {
    copy.close();
    throw err;
  }
}

/** Row count of every user table, keyed by table name, in name order. */
export function countSqliteTables(db: Database.Database): Record<string, number> {
  const names = db
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  const counts: Record<string, number> = {};
  for (const name of names) {
    counts[name] = Number(db.prepare(`select count(*) from "${name.replace(/"/g, '""')}"`).pluck().get());
  }
  return counts;
}
