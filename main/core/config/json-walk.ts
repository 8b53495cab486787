/** Walking and editing parsed JSON by path (for the secret scan and its fix). */
import { jsonPath } from './schema-errors.js';

export type JsonPath = (string | number)[];

/** Every string leaf with its path and the nearest object key above it. */
export function* stringLeaves(value: unknown, path: JsonPath = [], key = ''): Generator<{ path: JsonPath; key: string; value: string }> {
  if (typeof value === 'string') yield { path, key, value };
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringLeaves(value[i], [...path, i], key);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) yield* stringLeaves(v, [...path, k], k);
  }
}

export function setAtPath(root: unknown, path: JsonPath, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
}

export function getAtPath(root: unknown, path: JsonPath): unknown {
  let node: unknown = root;
  for (const p of path) node = (node as Record<string | number, unknown> | undefined)?.[p];
  return node;
}

export function pathString(path: JsonPath): string {
  return jsonPath(path);
}

/**
 * A copy of `value` without the key at `path` (object keys only; a path that is not there is no
 * change). Only the objects along the path are copied; everything else is shared.
 */
export function withoutPath(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0 || !isPlainObject(value)) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (!Object.prototype.hasOwnProperty.call(value, head)) return value;
  const out: Record<string, unknown> = { ...value };
  if (rest.length === 0) delete out[head];
  else out[head] = withoutPath(out[head], rest);
  return out;
}

/** Deep-merge `patch` into `base` (objects merge, everything else replaces); unknown keys survive. */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
