/**
 * Reading config files the way operators actually have them (R-CFG-2): UTF-8 with or without
 * a BOM, and UTF-16 LE/BE with a BOM (the older system shipped UTF-16LE files its own readers
 * could not load). Parse errors name the file, line and column.
 */
import { AppError } from '../../../shared/errors.js';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export function decodeConfigText(buf: Buffer): { text: string; encoding: TextEncodingName } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: buf.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    // Node has no utf16be decoder: swap byte pairs, then decode as LE.
    const body = Buffer.from(buf.subarray(2));
    const even = body.length - (body.length % 2);
    for (let i = 0; i < even; i += 2) {
      const a = body[i]!;
      body[i] = body[i + 1]!;
      body[i + 1] = a;
    }
    return { text: body.subarray(0, even).toString('utf16le'), encoding: 'utf-16be' };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  return { text, encoding: 'utf-8' };
}

/** Parse JSON text; on failure throw E_CONFIG_INVALID naming the file and the line/column. */
export function parseJsonText(text: string, fileLabel: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const where = locate(text, message);
    throw new AppError('E_CONFIG_INVALID', `${fileLabel}: not valid JSON${where ? ` at ${where}` : ''} (${message})`, [
      { path: '$', message: `not valid JSON${where ? ` at ${where}` : ''}` },
    ]);
  }
}

function locate(text: string, message: string): string | null {
  const m = /position (\d+)/.exec(message);
  const pos = m ? Number(m[1]) : firstBadOffset(text);
  if (pos === null) return null;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `line ${line}, column ${col}`;
}

/**
 * Node 20's JSON.parse often says what was unexpected but not where. The offending offset is
 * the shortest prefix that fails for a reason other than "ended too early": binary-search it.
 */
function firstBadOffset(text: string): number | null {
  const badPrefix = (n: number): boolean => {
    try {
      JSON.parse(text.slice(0, n));
      return false;
    } catch (e) {
      return !/end of (JSON )?input|Unterminated|\bExpected/.test((e as Error).message);
    }
  };
  if (!badPrefix(text.length)) return null;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (badPrefix(mid)) hi = mid;
    else lo = mid + 1;
  }
  return Math.max(0, lo - 1);
}
