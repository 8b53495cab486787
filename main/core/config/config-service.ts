/**
 * Config files as operators see them (R-CFG-1…5): check every file, read one with secrets
 * masked, save a change atomically (unknown keys kept, literal secrets refused, audited), scan
 * for plain-text secrets and move them into the keychain.
 */
import path from 'node:path';
import { CONFIG_FILE_NAMES, type ConfigFileReport, type SecretFinding } from '../../../shared/config.js';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import type { AuditWriter } from '../audit/audit-types.js';
import { REDACTED, redactSecrets } from '../secrets/secret-patterns.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { writeJsonAtomic, type AtomicWriteOptions } from './atomic-write.js';
import type { ConfigFileName } from './config-files.js';
import { deepMerge, getAtPath, pathString, setAtPath, stringLeaves, withoutPath, type JsonPath } from './json-walk.js';
import { readConfigJson } from './config-reader.js';
import { CONFIG_SCHEMAS } from './registry.js';
import { BAK_SUFFIX, findLiteralSecrets, scanBackupCopy, scrubBackupCopy, writeFixedConfig } from './secret-files.js';
import { configInvalid } from './schema-errors.js';

interface RawFile {
  name: ConfigFileName;
  exists: boolean;
  encoding: string | null;
  raw: unknown;
  text: string | null;
  error: AppError | null;
}

export class ConfigService {
  constructor(
    readonly configDir: string,
    private readonly audit: AuditWriter,
    private readonly store: () => SecretStore | null,
    private readonly writeOptions: AtomicWriteOptions = {},
  ) {}

  fileOf(name: ConfigFileName): string {
    return path.join(this.configDir, name);
  }

  private readRaw(name: ConfigFileName): RawFile {
    return { name, ...readConfigJson(this.fileOf(name)) };
  }

  /** Validate one file; never throws for a bad file, it reports it. */
  checkFile(name: ConfigFileName): ConfigFileReport {
    const r = this.readRaw(name);
    if (r.error) return invalidReport(name, r.encoding, r.error);
    if (!r.exists) return { name, exists: false, encoding: null, valid: true, errors: [] };
    const parsed = CONFIG_SCHEMAS[name].safeParse(r.raw);
    if (parsed.success) return { name, exists: true, encoding: r.encoding, valid: true, errors: [] };
    return invalidReport(name, r.encoding, configInvalid(name, parsed.error, r.text ?? undefined));
  }

  checkAll(): ConfigFileReport[] {
    return CONFIG_FILE_NAMES.map((n) => this.checkFile(n));
  }

  /** The file's content with literal secrets masked; references (VAULT:/ENV:) are shown as they are. */
  read(name: ConfigFileName): { report: ConfigFileReport; value: unknown } {
    const report = this.checkFile(name);
    const r = this.readRaw(name);
    return { report, value: r.raw === null ? null : redactSecrets(r.raw) };
  }

  /**
   * Merge `patch` into the file, then take out each key named in `remove` (a path of object keys,
   * e.g. `['templates', 'order_ready']`: the key is deleted, not blanked), and write it atomically.
   * Nothing is written if the result is invalid.
   */
  async save(name: ConfigFileName, patch: unknown, actor: string, opts: { remove?: readonly (readonly string[])[] } = {}): Promise<ConfigFileReport> {
    const r = this.readRaw(name);
    if (r.error) throw r.error;
    const before = r.raw ?? {};
    // Before anything walks the patch (the secret scan recurses): a 3 000-deep value stops here.
    refuseUnreasonable(name, patch, 'patch');
    const literal = findLiteralSecrets(name, patch);
    if (literal.length > 0) {
      throw new AppError(
        'E_VALIDATION',
        msg('config.errors.literal_secret', { file: name, paths: literal.map((f) => f.path) }),
        literal.map((f) => ({ path: f.path, message: msg('config.errors.expected_ref') })),
        { technical_detail: `${name}: ${literal.map((f) => f.path).join(', ')} would store a secret in plain text` },
      );
    }
    let next = deepMerge(before, patch);
    for (const path of opts.remove ?? []) {
      if (path.length === 0) throw new AppError('E_VALIDATION', msg('config.errors.remove_root', { file: name }), [{ path: 'remove', message: msg('config.errors.remove_root', { file: name }) }], { technical_detail: `${name}: an empty path would remove the whole file` });
      next = withoutPath(next, path);
    }
    refuseUnreasonable(name, next, 'file');
    const parsed = CONFIG_SCHEMAS[name].safeParse(next);
    // The merged value has no text of its own: paths are named, lines are not.
    if (!parsed.success) throw configInvalid(name, parsed.error);
    writeJsonAtomic(this.fileOf(name), next, this.writeOptions);
    await this.audit.record({ action: 'CONFIG_SAVED', target: name, result: 'success', actor, old_value: before, new_value: next });
    return this.checkFile(name);
  }

  /** Plain-text secrets in every readable config file and its `.bak` copy (values never included). */
  scan(): SecretFinding[] {
    return CONFIG_FILE_NAMES.flatMap((name) => {
      const r = this.readRaw(name);
      return [...(r.raw === null ? [] : findLiteralSecrets(name, r.raw)), ...scanBackupCopy(this.configDir, name)];
    });
  }

  /**
   * Move literal secrets into the keychain and rewrite each to `VAULT:<name>` (R-CFG-5). The
   * keychain is written first; a file is rewritten only after all its secrets are stored, and its
   * `.bak` gets the references too (secret-files.ts). A `.bak` holding an older value is scrubbed.
   */
  async fixSecrets(select: { file: string; path: string }[] | undefined, actor: string): Promise<{ moved: { file: string; path: string; ref: string }[] }> {
    const store = this.store();
    if (!store) {
      throw new AppError('E_KEYCHAIN_UNAVAILABLE', msg('secrets.errors.no_keychain_fix'), [], {
        next_step: msg('secrets.errors.no_keychain_fix_rec'),
        technical_detail: 'no OS keychain: secrets cannot be moved into it',
      });
    }
    const wanted = (f: SecretFinding) => !select || select.some((s) => s.file === f.file && s.path === f.path);
    const findings = this.scan().filter(wanted);
    const moved: { file: string; path: string; ref: string }[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const mine = findings.filter((f) => f.file === name);
      const inBak = findings.filter((f) => f.file === name + BAK_SUFFIX);
      if (mine.length === 0) {
        if (inBak.length === 0) continue;
        const scrubbed = await scrubBackupCopy(this.fileOf(name), inBak, (ref) => store.get(ref.slice('VAULT:'.length)));
        for (const b of scrubbed) {
          moved.push({ file: name + BAK_SUFFIX, path: b.path, ref: b.ref ?? REDACTED });
          await this.audit.record({ action: 'CONFIG_SECRET_MOVED', target: `${name}${BAK_SUFFIX}#${b.path}`, result: 'success', actor, detail: b.ref ? `plain-text value in the backup copy replaced by ${b.ref}` : 'plain-text value in the backup copy removed (not the keychain value)' });
        }
        continue;
      }
      // The cached value is frozen: edit a copy.
      const raw = structuredClone(this.readRaw(name).raw) as object;
      for (const f of mine) {
        const leaf = [...stringLeaves(raw)].find((l) => pathString(l.path) === f.path)!;
        await store.set(f.suggested_ref.slice('VAULT:'.length), leaf.value);
        setAtPath(raw, leaf.path, f.suggested_ref);
      }
      writeFixedConfig(this.fileOf(name), raw);
      for (const f of mine) {
        moved.push({ file: name, path: f.path, ref: f.suggested_ref });
        await this.audit.record({ action: 'CONFIG_SECRET_MOVED', target: `${name}#${f.path}`, result: 'success', actor, detail: `plain-text value moved to the OS keychain as ${f.suggested_ref}` });
      }
    }
    return { moved };
  }

  /** Every `VAULT:`/`ENV:` reference in the config, with where it is used. */
  references(): Map<string, string[]> {
    const refs = new Map<string, string[]>();
    for (const name of CONFIG_FILE_NAMES) {
      const r = this.readRaw(name);
      if (r.raw === null || name === 'sql_config.template.json') continue;
      for (const leaf of stringLeaves(r.raw)) {
        const m = /^(VAULT|ENV):([A-Za-z0-9_.-]+)$/.exec(leaf.value.trim());
        if (m) refs.set(`${m[1]}:${m[2]}`, [...(refs.get(`${m[1]}:${m[2]}`) ?? []), `${name}#${pathString(leaf.path)}`]);
      }
    }
    return refs;
  }

  value(name: ConfigFileName, path: JsonPath): unknown {
    return getAtPath(this.readRaw(name).raw, path);
  }
}

/**
 * Config files are a few KB, a few levels deep. A request nesting thousands of levels (12 KB of
 * `{"a":{"a":…}}` became an 18 MB file through the indentation) is refused before anything is
 * merged or written.
 */
export const CONFIG_MAX_DEPTH = 32;
export const CONFIG_MAX_BYTES = 1024 * 1024;

function refuseUnreasonable(name: ConfigFileName, value: unknown, what: 'patch' | 'file'): void {
  const depth = depthOf(value, CONFIG_MAX_DEPTH + 1);
  if (depth > CONFIG_MAX_DEPTH) {
    throw new AppError('E_VALIDATION', msg('config.errors.too_deep', { file: name, max: CONFIG_MAX_DEPTH }), [{ path: '$', message: msg('config.errors.too_deep', { file: name, max: CONFIG_MAX_DEPTH }) }], {
      technical_detail: `${name}: the ${what} nests deeper than ${CONFIG_MAX_DEPTH} levels`,
    });
  }
  const size = Buffer.byteLength(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
  if (size > CONFIG_MAX_BYTES) {
    throw new AppError('E_VALIDATION', msg('config.errors.too_large', { file: name, size, max: CONFIG_MAX_BYTES }), [{ path: '$', message: msg('config.errors.too_large', { file: name, size, max: CONFIG_MAX_BYTES }) }], {
      technical_detail: `${name}: the ${what} would be ${size} bytes written (limit ${CONFIG_MAX_BYTES})`,
    });
  }
}

/** Nesting depth of a JSON value, counted without recursion and stopping at `stopAt`. */
function depthOf(value: unknown, stopAt: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    const level = d + 1;
    if (level > max) max = level;
    if (max >= stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) stack.push([child, level]);
  }
  return max;
}

function invalidReport(name: ConfigFileName, encoding: string | null, err: AppError): ConfigFileReport {
  return { name, exists: true, encoding, valid: false, errors: err.details, problem: err.text, message: err.technicalDetail ?? err.message };
}
