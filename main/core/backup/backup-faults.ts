/**
 * What a backup says when the disk is the problem. The OS and SQLite name it in their own words
 * (ENOSPC, EROFS, "database or disk is full", "attempt to write a readonly database"); people
 * read "the backup folder cannot be written / the disk is full" naming the folder, and the
 * original words go to technical_detail, for the row and the audit log alike.
 */
import { AppError, isAppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'SQLITE_FULL']);
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_IOERR_WRITE', 'ENOENT', 'ENOTDIR']);

/** The kind of folder fault behind `err`, or null when it is something else. */
export function folderFault(err: unknown): 'full' | 'not_writable' | null {
  const e = err as { code?: string; message?: string } | null;
  const code = e?.code ?? '';
  const text = e?.message ?? '';
  if (FULL.has(code) || /no space left|disk is full|quota exceeded|file too large/i.test(text)) return 'full';
  if (NOT_WRITABLE.has(code) || /read-only file system|readonly database|permission denied|unable to open database/i.test(text)) return 'not_writable';
  return null;
}

/**
 * `err` as the E_BACKUP_FAILED people can act on when it is a folder fault in `dir`; any other
 * error comes back unchanged.
 */
export function asFolderError(err: unknown, dir: string): unknown {
  if (isAppError(err)) return err;
  const kind = folderFault(err);
  if (!kind) return err;
  const e = err as { code?: string; message?: string };
  const words = `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`;
  const why = kind === 'full' ? 'the disk is full' : 'the folder cannot be written';
  return new AppError('E_BACKUP_FAILED', msg(kind === 'full' ? 'backup.errors.disk_full' : 'backup.errors.folder_not_writable', { dir }), [], {
    cause: err,
    next_step: msg('backup.errors.folder_next'),
    technical_detail: `backup folder cannot be written (${why}): ${dir}: ${words}`,
  });
}
