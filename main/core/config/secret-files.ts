/**
 * Plain-text secrets in config files and in their `.bak` copies (R-CFG-5, issue 13). A `.bak` is
 * the previous version of a file, so a password moved into the keychain used to live on in it
 * while the scan said "no plain-text secrets". Now the scan reads `<file>.bak` too, and moving a
 * secret writes the `.bak` with the reference as well — the value is left in no file.
 *
 * Both files are replaced by temp + rename written here (not by writeJsonAtomic, whose `.bak`
 * copy would be the plain old file): the `.bak` first, then the file, so a crash in between
 * leaves the plain value only in the file the next scan reports and the next fix rewrites.
 * Temp files are named like writeFileAtomic's (`.<name>.<pid>.<hex>.tmp`) so the start-up sweep
 * of orphan temp files covers them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretFinding } from '../../../shared/config.js';
import { isLiteralSecret, looksLikeSecretValue, REDACTED } from '../secrets/secret-patterns.js';
import { renameWithRetrySync } from './atomic-write.js';
import { readConfigJson } from './config-reader.js';
import { pathString, setAtPath, stringLeaves } from './json-walk.js';

export const BAK_SUFFIX = '.bak';

/** Literal secrets in one parsed value, named by file and JSON path (values never included). */
export function findLiteralSecrets(file: string, value: unknown): SecretFinding[] {
  const stem = file.replace(/\.bak$/, '').replace(/\.json$/, '').replace(/\.template$/, '');
  const out: SecretFinding[] = [];
  for (const leaf of stringLeaves(value)) {
    if (!isLiteralSecret(leaf.key, leaf.value)) continue;
    const p = pathString(leaf.path);
    const name = `${stem}.${p}`.replace(/\[(\d+)\]/g, '.$1').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 128);
    out.push({ file, path: p, kind: looksLikeSecretValue(leaf.value) ?? 'secret_key', suggested_ref: `VAULT:${name}` });
  }
  return out;
}

/** Findings in `<dir>/<name>.bak` (reported as file `<name>.bak`); none when it is missing or not JSON. */
export function scanBackupCopy(dir: string, name: string): SecretFinding[] {
  const r = readConfigJson(path.join(dir, name + BAK_SUFFIX));
  return r.raw === null ? [] : findLiteralSecrets(name + BAK_SUFFIX, r.raw);
}

/** Replace `file` with `text` by temp + fsync + rename, keeping no copy of what was there. */
export function replaceFileAtomic(file: string, text: string): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, text, null, 'utf8');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    renameWithRetrySync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

const jsonText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Write a config file whose secrets became references, and its `.bak` with the references too. */
export function writeFixedConfig(file: string, fixed: unknown): void {
  replaceFileAtomic(file + BAK_SUFFIX, jsonText(fixed));
  replaceFileAtomic(file, jsonText(fixed));
}

/**
 * A `.bak` that still holds literal secrets while its file has none (an older value): each is
 * replaced by its reference when the keychain holds that very value, else by `[redacted]` — an
 * old credential has no use in a backup copy, and restoring one should not bring it back.
 */
export async function scrubBackupCopy(
  file: string,
  findings: readonly SecretFinding[],
  inKeychain: (ref: string) => Promise<string | null>,
): Promise<Array<{ path: string; ref: string | null }>> {
  const r = readConfigJson(file + BAK_SUFFIX);
  if (r.raw === null) return [];
  const raw = structuredClone(r.raw) as object;
  const done: Array<{ path: string; ref: string | null }> = [];
  for (const f of findings) {
    const leaf = [...stringLeaves(raw)].find((l) => pathString(l.path) === f.path);
    if (!leaf) continue;
    const same = (await inKeychain(f.suggested_ref).catch(() => null)) === leaf.value;
    setAtPath(raw, leaf.path, same ? f.suggested_ref : REDACTED);
    done.push({ path: f.path, ref: same ? f.suggested_ref : null });
  }
  replaceFileAtomic(file + BAK_SUFFIX, jsonText(raw));
  return done;
}
