/**
 * Atomic config writes (R-CFG-3): write a temp file beside the target, fsync it, keep the
 * current file as `.bak`, then rename over the target. A crash at any point leaves either the
 * old file or the new one, never half of one. Always UTF-8 without BOM.
 *
 * The `.bak` is written the same way (its own temp file, then a rename): a truncating copy left
 * an empty `.bak` when killed at the wrong moment. Every file written here is 0600 — the target,
 * its `.bak` and the temp files — since config files may name hosts and users. Temp files left
 * by a killed process are swept at start (sweepOrphanTemps).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Test seam: runs between the fsynced temp file and the rename (a crash there must be harmless). */
  beforeRename?: (tempFile: string) => void;
}

export const FILE_MODE = 0o600;
/** `.<name>.<pid>.<hex>.tmp`: what writeFileAtomic leaves behind when killed. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** A temp file older than this belongs to no live write (a write takes milliseconds). */
const ORPHAN_AGE_MS = 60_000;

function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
}

/** Write `data` to a fresh temp file beside `file`, fsynced; returns its path. */
function writeTemp(file: string, data: string | Buffer): string {
  const temp = tempNameFor(file);
  const fd = fs.openSync(temp, 'wx', FILE_MODE);
  let written = false;
  try {
    if (typeof data === 'string') fs.writeSync(fd, data, null, 'utf8');
    else fs.writeSync(fd, data);
    fs.fsyncSync(fd);
    written = true;
  } finally {
    fs.closeSync(fd);
    if (!written) fs.rmSync(temp, { force: true });
  }
  return temp;
}

export function writeFileAtomic(file: string, text: string, opts: AtomicWriteOptions = {}): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = writeTemp(file, text);
  let bakTemp: string | null = null;
  try {
    const current = readIfExists(file);
    // An empty current file is no "previous version": keep the last good .bak instead.
    if (current && current.length > 0) {
      bakTemp = writeTemp(`${file}.bak`, current);
      renameWithRetrySync(bakTemp, `${file}.bak`);
      bakTemp = null;
    }
    opts.beforeRename?.(temp);
    renameWithRetrySync(temp, file);
    fsyncDir(dir);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    if (bakTemp) fs.rmSync(bakTemp, { force: true });
    throw err;
  }
}

export function writeJsonAtomic(file: string, value: unknown, opts: AtomicWriteOptions = {}): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, opts);
}

/**
 * Place `data` at `file` only if nothing is there (first-run seeding): a temp file, then a hard
 * link, which fails if the name exists — so a concurrent start or an operator's own file is never
 * overwritten, and a kill leaves either no file or the whole one. File systems without hard links
 * (FAT, some shares) fall back to a rename after a last existence check.
 */
export function createFileAtomic(file: string, data: Buffer | string, opts: { replaceEmpty?: boolean } = {}): boolean {
  const existing = statIfExists(file);
  if (existing && !(opts.replaceEmpty && isBlankFile(file, existing))) return false;
  const temp = writeTemp(file, data);
  try {
    if (existing) {
      // Replacing a blank file: a rename over it is atomic, and there is nothing to lose.
      renameWithRetrySync(temp, file);
    } else {
      try {
        fs.linkSync(temp, file);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') return false;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw err;
        if (fs.existsSync(file)) return false;
        renameWithRetrySync(temp, file);
      }
    }
    fsyncDir(path.dirname(file));
    return true;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** A file holding nothing but whitespace (a seeding killed before it wrote a byte). */
function isBlankFile(file: string, st: fs.Stats): boolean {
  if (st.size === 0) return true;
  if (st.size > 64) return false;
  return fs.readFileSync(file, 'utf8').trim() === '';
}

/**
 * Delete temp files of writes that never finished (`.<name>.<pid>.<hex>.tmp`): those of a process
 * that is gone, or older than a minute whoever made them. Best effort; returns what was removed.
 */
export function sweepOrphanTemps(dir: string, now: number = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const full = path.join(dir, name);
    try {
      const pid = Number(m[2]);
      const old = now - fs.statSync(full).mtimeMs > ORPHAN_AGE_MS;
      if (old || (pid !== process.pid && !pidAlive(pid))) {
        fs.rmSync(full, { force: true });
        removed.push(name);
      }
    } catch {
      /* gone meanwhile, or held: the next start tries again */
    }
  }
  return removed;
}

/** Whether process `pid` exists on this machine (EPERM: it does, but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readIfExists(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function statIfExists(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Windows refuses a rename while a virus scanner or indexer holds the target for a moment
 * (EPERM/EACCES/EBUSY): retry a few times with a growing pause, as secrets-meta.ts does.
 * Synchronous because config saves are; the pauses add up to about a second at most.
 */
export function renameWithRetrySync(from: string, to: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 9 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw err;
      Atomics.wait(sleeper, 0, 0, 20 * (attempt + 1));
    }
  }
}

/** Make the rename itself durable. Windows cannot open a directory for fsync; NTFS journals it. */
function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Best effort: some file systems do not support fsync on a directory.
  }
}
