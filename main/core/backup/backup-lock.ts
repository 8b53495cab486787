/**
 * One backup job (run or verify) per backup folder at a time. In this process a set of held
 * locks answers at once; across processes (the app, `serve`, a Task Scheduler `backup run`) a
 * lock file created with O_EXCL holds the owner's pid and host, so a lock left by a crashed
 * process is recognised as stale (dead pid on this host, or too old for another host's).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import { pidAlive } from '../config/atomic-write.js';

export const LOCK_FILE = '.backup.lock';
/** A lock from another machine (a shared folder) is only presumed dead after this long. */
export const FOREIGN_LOCK_STALE_MS = 12 * 3600_000;

interface LockInfo {
  pid: number;
  host: string;
  job: string;
  since: string;
}

const heldHere = new Map<string, LockInfo>();

export interface BackupLock {
  release(): void;
}

function readLock(file: string): LockInfo | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? { pid: v.pid, host: v.host, job: String(v.job ?? 'backup'), since: String(v.since ?? '') } : null;
  } catch {
    return null;
  }
}

/** Why a lock file does not count any more, or null while its owner may still be working. */
export function staleReason(info: LockInfo | null, now: number, fileMtimeMs: number): string | null {
  if (!info) return now - fileMtimeMs > 60_000 ? 'unreadable lock file' : null;
  if (info.host === os.hostname()) {
    // The caller already checked this process's own locks, so our pid here is a reused one.
    if (info.pid === process.pid) return 'left by an earlier process with this pid';
    if (!pidAlive(info.pid)) return `process ${info.pid} is gone`;
    return null;
  }
  const since = Date.parse(info.since);
  return Number.isFinite(since) && now - since > FOREIGN_LOCK_STALE_MS ? `older than ${FOREIGN_LOCK_STALE_MS / 3600_000} h` : null;
}

function busy(info: LockInfo | null, where: string): AppError {
  const who = info ? `a ${info.job} by process ${info.pid} on ${info.host} since ${info.since}` : 'another backup job';
  const text = info ? msg('backup.errors.busy', { job: msg(info.job === 'verify' ? 'backup.job.verify' : 'backup.job.backup'), pid: info.pid, host: info.host, since: info.since }) : msg('backup.errors.busy_unknown');
  return new AppError('E_BUSY', text, [], { technical_detail: `A backup job is already running (${who}); wait for it to finish. Lock: ${where}`, next_step: msg('backup.errors.busy_next', { lock: where }) });
}

/** Take the lock for `dir` or throw E_BUSY naming the holder. */
export function acquireBackupLock(dir: string, job: 'backup' | 'verify', now: () => number = Date.now): BackupLock {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(path.resolve(dir), LOCK_FILE);
  const mine = heldHere.get(file);
  if (mine) throw busy(mine, file);
  const info: LockInfo = { pid: process.pid, host: os.hostname(), job, since: new Date(now()).toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      heldHere.set(file, info);
      return { release: () => release(file, info) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const other = readLock(file);
    let mtime: number;
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      continue; // released meanwhile: try again
    }
    if (!staleReason(other, now(), mtime)) throw busy(other, file);
    // Move the stale file aside first (rename is atomic), then make sure what we moved is the
    // stale one we judged: if a live owner slipped in, put its lock back and report busy.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      fs.renameSync(file, aside);
    } catch {
      continue;
    }
    const moved = readLock(aside);
    if (other && moved && (moved.pid !== other.pid || moved.since !== other.since)) {
      try {
        fs.linkSync(aside, file);
      } catch {
        /* someone else holds it now; either way we are busy */
      }
      fs.rmSync(aside, { force: true });
      throw busy(moved, file);
    }
    fs.rmSync(aside, { force: true });
  }
  throw busy(readLock(file), file);
}

function release(file: string, info: LockInfo): void {
  if (heldHere.get(file) !== info) return;
  heldHere.delete(file);
  const current = readLock(file);
  // Only remove our own lock file, never one a later owner wrote after ours was judged stale.
  if (current && current.pid === info.pid && current.since === info.since) fs.rmSync(file, { force: true });
}
