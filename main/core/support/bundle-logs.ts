/**
 * Which log files go into a support bundle: the newest first, until LOG_LIMIT_BYTES of raw log
 * text; the file that crosses the limit contributes only its tail (from the first whole line),
 * so the bundle always ends with what happened last. Older files are left out and counted.
 */
import fs from 'node:fs';
import path from 'node:path';

/** 20 MiB of raw log text: a few days of a busy console, still a file that fits in an e-mail after zip. */
export const LOG_LIMIT_BYTES = 20 * 1024 * 1024;

export interface LogPick {
  file: string;
  /** The name inside the zip (`logs/<file name>`). */
  name: string;
  size: number;
  /** Where reading starts (0 = whole file; else the tail). */
  start: number;
}

export function pickLogs(logDir: string, limit = LOG_LIMIT_BYTES): { picks: LogPick[]; total: number; leftOut: number } {
  let entries: { file: string; size: number; mtime: number }[];
  try {
    entries = fs
      .readdirSync(logDir, { withFileTypes: true })
      .filter((e) => e.isFile() && !/\.(bak|lock)$/i.test(e.name))
      .map((e) => {
        const file = path.join(logDir, e.name);
        const st = fs.statSync(file);
        return { file, size: st.size, mtime: st.mtimeMs };
      });
  } catch {
    return { picks: [], total: 0, leftOut: 0 };
  }
  entries.sort((a, b) => b.mtime - a.mtime || b.file.localeCompare(a.file));
  const picks: LogPick[] = [];
  let left = limit;
  let leftOut = 0;
  for (const e of entries) {
    if (left <= 0) {
      leftOut++;
      continue;
    }
    const take = Math.min(e.size, left);
    picks.push({ file: e.file, name: `logs/${path.basename(e.file)}`, size: take, start: e.size - take });
    left -= take;
  }
  return { picks, total: entries.reduce((n, e) => n + e.size, 0), leftOut };
}

/** A log's part as chunks; a tail starts after its first newline, so no line is cut in half. */
export async function* readLog(pick: LogPick): AsyncGenerator<Buffer> {
  let skipping = pick.start > 0;
  for await (const raw of fs.createReadStream(pick.file, { start: pick.start })) {
    let chunk = raw as Buffer;
    if (skipping) {
      const nl = chunk.indexOf(0x0a);
      if (nl < 0) continue;
      skipping = false;
      chunk = chunk.subarray(nl + 1);
    }
    yield chunk;
  }
}
