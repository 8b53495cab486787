/**
 * Atomic config writes (R-CFG-3): write a temp file beside the target, fsync it, keep the
 * current file as `.bak`, then rename over the target. A crash at any point leaves either the
 * old file or the new one, never half of one. Always UTF-8 without BOM.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Test seam: runs between the fsynced temp file and the rename (a crash there must be harmless). */
  beforeRename?: (tempFile: string) => void;
}

export function writeFileAtomic(file: string, text: string, opts: AtomicWriteOptions = {}): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, text, null, 'utf8');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    if (fs.existsSync(file)) {
      fs.copyFileSync(file, `${file}.bak`);
      fsyncPath(`${file}.bak`);
    }
    opts.beforeRename?.(temp);
    fs.renameSync(temp, file);
    fsyncDir(dir);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

export function writeJsonAtomic(file: string, value: unknown, opts: AtomicWriteOptions = {}): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, opts);
}

function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Make the rename itself durable. Windows cannot open a directory for fsync; NTFS journals it. */
function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
