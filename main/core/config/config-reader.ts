/**
 * Reading a config file, cached by modification time and size: /health and the pages read the
 * same small files on every call, and a `stat` is far cheaper than read + decode + parse. The
 * parsed value is frozen, so no caller can change what the next caller gets; edit a copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import { decodeConfigText, parseJsonText, type TextEncodingName } from './read-json.js';

export interface ConfigRead {
  exists: boolean;
  encoding: TextEncodingName | null;
  /** Parsed JSON (deep-frozen), or null when missing or broken. */
  raw: unknown;
  /** The decoded text, so a schema error can name line and column; null when missing or unreadable. */
  text: string | null;
  error: AppError | null;
}

/** Keyed by path; valid while mtime, size and inode (atomic saves rename a new file in) are unchanged. */
const cache = new Map<string, { mtimeMs: number; size: number; ino: number; read: ConfigRead }>();

export function readConfigJson(file: string): ConfigRead {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    cache.delete(file);
    return { exists: false, encoding: null, raw: null, text: null, error: null };
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size && hit.ino === stat.ino) return hit.read;
  const name = path.basename(file);
  let read: ConfigRead;
  let decoded: string | null = null;
  try {
    const { text, encoding } = decodeConfigText(fs.readFileSync(file));
    decoded = text;
    read = { exists: true, encoding, raw: deepFreeze(parseJsonText(text, name)), text, error: null };
  } catch (err) {
    const error = isAppError(err) ? err : new AppError('E_CONFIG_INVALID', msg('config.errors.unreadable', { file: name }), [], { technical_detail: `${name}: ${String(err)}`, cause: err });
    read = { exists: true, encoding: null, raw: null, text: decoded, error };
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, ino: stat.ino, read });
  return read;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
