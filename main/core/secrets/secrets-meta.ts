/**
 * "Last changed" times of keychain secrets (R-CFG-6), kept beside the keychain because keytar
 * has no such field. Names and ISO times only, never a value. The file (`secrets-meta.json` in
 * the app data folder) maps name → changed_at and is replaced atomically (temp + fsync + rename),
 * so a crash leaves either the old or the new file. Without a folder the times live in memory.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isVaultName } from './secret-ref.js';

export const SECRETS_META_FILE = 'secrets-meta.json';

export type SecretTimes = Record<string, string>;

export class SecretsMetaFile {
  readonly file: string | null;
  private memory: SecretTimes = {};
  /** Writes run one after another so two quick changes never lose each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dir?: string) {
    this.file = dir ? path.join(dir, SECRETS_META_FILE) : null;
  }

  /** name → changed_at. A missing or unreadable file reads as empty (it is only bookkeeping). */
  async read(): Promise<SecretTimes> {
    await this.queue.catch(() => undefined);
    return this.load();
  }

  touch(name: string, changedAt: string): Promise<void> {
    return this.update((times) => {
      times[name] = changedAt;
    });
  }

  remove(name: string): Promise<void> {
    return this.update((times) => {
      delete times[name];
    });
  }

  private update(change: (times: SecretTimes) => void): Promise<void> {
    const run = async (): Promise<void> => {
      const times = await this.load();
      change(times);
      await this.save(times);
    };
    const next = this.queue.catch(() => undefined).then(run);
    this.queue = next;
    return next;
  }

  private async load(): Promise<SecretTimes> {
    if (!this.file) return { ...this.memory };
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return {};
    }
    const out: SecretTimes = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        for (const [name, at] of Object.entries(parsed as Record<string, unknown>)) {
          if (isVaultName(name) && typeof at === 'string' && !Number.isNaN(Date.parse(at))) out[name] = at;
        }
      }
    } catch {
      // A damaged file is dropped; the next change writes a good one.
    }
    return out;
  }

  private async save(times: SecretTimes): Promise<void> {
    const sorted: SecretTimes = {};
    for (const name of Object.keys(times).sort()) sorted[name] = times[name]!;
    if (!this.file) {
      this.memory = sorted;
      return;
    }
    await writeFileAtomic(this.file, `${JSON.stringify(sorted, null, 2)}\n`);
  }
}

async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await fs.open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await renameWithRetry(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncDir(dir);
}

/** Windows refuses a rename while a virus scanner or indexer holds the target for a moment. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 9 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}

/** Make the rename itself durable (POSIX); directories cannot be opened for this on Windows. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const fh = await fs.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Best effort: some file systems do not support fsync on a directory.
  }
}
