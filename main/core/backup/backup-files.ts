/**
 * File steps of a backup: streaming gzip, sha256, copying with progress, atomic writes. Every
 * output is written under a `.partial` name and renamed into place only when complete, so a
 * file with a final name is always whole.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

export const PARTIAL = '.partial';
export const MANIFEST_SUFFIX = '.manifest.json';

export type BytesCallback = (bytes: number, total: number) => void;

/** Counts bytes flowing through a pipeline: one call per chunk (the caller throttles events). */
function counter(total: number, onBytes?: BytesCallback): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      onBytes?.(seen, total);
      done(null, chunk);
    },
  });
}

export async function sha256File(file: string, onBytes?: BytesCallback): Promise<string> {
  const hash = crypto.createHash('sha256');
  const total = fs.statSync(file).size;
  await pipeline(fs.createReadStream(file, { highWaterMark: 1 << 20 }), counter(total, onBytes), hash);
  return hash.digest('hex');
}

/** gzip level 6: most of level 9's ratio on database pages at a fraction of the CPU. */
export async function gzipFile(src: string, dest: string, onBytes?: BytesCallback): Promise<void> {
  const total = fs.statSync(src).size;
  await pipeline(fs.createReadStream(src, { highWaterMark: 1 << 20 }), counter(total, onBytes), zlib.createGzip({ level: 6 }), fs.createWriteStream(dest));
}

export async function gunzipFile(src: string, dest: string): Promise<void> {
  await pipeline(fs.createReadStream(src), zlib.createGunzip(), fs.createWriteStream(dest));
}

export type FileCopier = (src: string, dest: string, onBytes?: BytesCallback) => Promise<void>;

/** A streamed copy (works to SMB/UNC shares, reports progress, fsyncs before returning). */
export const copyFileStreamed: FileCopier = async (src, dest, onBytes) => {
  const total = fs.statSync(src).size;
  await pipeline(fs.createReadStream(src, { highWaterMark: 1 << 20 }), counter(total, onBytes), fs.createWriteStream(dest));
  const fd = fs.openSync(dest, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
};

export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}${PARTIAL}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export function removeQuietly(...files: (string | null | undefined)[]): void {
  for (const f of files) {
    if (!f) continue;
    try {
      fs.rmSync(f, { force: true, recursive: true });
    } catch {
      /* best effort: a leftover temp file is harmless and swept by the next run */
    }
  }
}

/** A leftover of a crashed run: `*.partial`, SQLite's `*.partial-journal` / `-wal` / `-shm` beside it, a verify's `.work-N`. */
export function isLeftover(name: string): boolean {
  return name.endsWith(PARTIAL) || /\.partial-(journal|wal|shm)$/.test(name) || /\.work-\d+$/.test(name);
}

/**
 * Delete leftovers of crashed runs. Only called while holding the backup lock, so no live run of
 * ours writes them; a file that still grows belongs to a writer we cannot see (a pg_dump of an
 * older version that outlived its parent) and is left for a later run rather than deleted under it.
 */
export async function sweepPartials(dir: string, settleMs = 300): Promise<string[]> {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter(isLeftover);
  } catch {
    return [];
  }
  if (names.length === 0) return [];
  const before = new Map(names.map((n) => [n, sizeAndTime(path.join(dir, n))]));
  await new Promise((r) => setTimeout(r, settleMs));
  const still = names.filter((n) => {
    const a = before.get(n);
    const b = sizeAndTime(path.join(dir, n));
    return a === b || b === null;
  });
  removeQuietly(...still.map((n) => path.join(dir, n)));
  return still;
}

function sizeAndTime(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return st.isDirectory() ? 'dir' : `${st.size}:${st.mtimeMs}`;
  } catch {
    return null;
  }
}

/** `optiplan360-postgres-20250101T020000Z-42.dump` — sortable, unique per run, no `:` (Windows). */
export function backupFileName(name: string, engine: string, startedAt: Date, runId: number, ext: string): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `${name}-${engine}-${stamp}-${runId}${ext}`;
}

/** True when `file` is inside `dir` (retention never deletes anything outside its folders). */
export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
