/**
 * Reading config files the way operators actually have them (R-CFG-2): UTF-8 with or without
 * a BOM, and UTF-16 LE/BE with a BOM (the older system shipped UTF-16LE files its own readers
 * could not load). Parse errors name the file, line and column (config.errors.not_json_at); the
 * parser's own words go to technical_detail. `locatePath` finds where a JSON path sits in the
 * text, so schema errors can name line and column too.
 */
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';

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
    const raw = err instanceof Error ? err.message : String(err);
    const where = locate(text, raw);
    const message = where ? msg('config.errors.not_json_at', { file: fileLabel, line: where.line, column: where.column }) : msg('config.errors.not_json', { file: fileLabel });
    throw new AppError('E_CONFIG_INVALID', message, [{ path: '$', message }], {
      technical_detail: `${fileLabel}: not valid JSON${where ? ` at line ${where.line}, column ${where.column}` : ''} (${raw})`,
    });
  }
}

export interface TextPosition {
  line: number;
  column: number;
}

/** 1-based line and column of an offset. */
export function positionOf(text: string, offset: number): TextPosition {
  const before = text.slice(0, Math.max(0, offset));
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

function locate(text: string, message: string): TextPosition | null {
  const m = /position (\d+)/.exec(message);
  const pos = m ? Number(m[1]) : firstBadOffset(text);
  return pos === null ? null : positionOf(text, pos);
}

/**
 * Where the value at `path` (`['databases', 0, 'port']`) starts in JSON `text`, as line and
 * column; for a path that is not there, the deepest part that is (a missing key is reported at
 * its object). null when the text is not JSON.
 */
export function locatePath(text: string, path: ReadonlyArray<PropertyKey>): TextPosition | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const skip = (): void => {
    ws();
    const c = text[i];
    if (c === '"') str();
    else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          ws();
          str();
          ws();
          i++; // :
        }
        skip();
        ws();
        if (text[i] === ',') i++;
        else {
          i++;
          return;
        }
      }
    } else while (i < text.length && !/[\s,}\]]/.test(text[i]!)) i++;
  };
  /** Move to the value of `key` inside the object/array at i; false when it is not there. */
  const enter = (key: PropertyKey): boolean => {
    ws();
    const c = text[i];
    if (c === '{' && typeof key === 'string') {
      i++;
      for (;;) {
        ws();
        if (text[i] !== '"') return false;
        const k = str();
        ws();
        i++; // :
        ws();
        if (k === key) return true;
        skip();
        ws();
        if (text[i] !== ',') return false;
        i++;
      }
    }
    if (c === '[' && typeof key === 'number') {
      i++;
      for (let n = 0; ; n++) {
        ws();
        if (text[i] === ']') return false;
        if (n === key) return true;
        skip();
        ws();
        if (text[i] !== ',') return false;
        i++;
      }
    }
    return false;
  };
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  ws();
  let at = i;
  for (const key of path) {
    const before = i;
    if (!enter(key)) {
      i = before;
      break;
    }
    ws();
    at = i;
  }
  return positionOf(text, at);
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
