/**
 * A cheap fingerprint of what the external health probes read: the config files (CONFIG_FILES:
 * whatsapp.json, mikro_connection.json, system_config.json …) and the keychain's "last changed"
 * file. A cached probe answer is reused only while it is unchanged, so saving settings or a
 * secret shows in the next /health at once, while polling alone never calls Meta or Mikro more
 * than every 30 s. Sizes and modification times only (one stat per file, nothing read).
 *
 * Even those six stats were the largest single cost of a /health answer (about 0.2 ms on a busy
 * machine, against a bare `SELECT 1` server's 0.05 ms a request), so `SettingsFingerprint` keeps
 * the last value and stats again only when the folders report a change (fs.watch: inotify,
 * ReadDirectoryChangesW) or `maxAgeMs` has passed (a folder whose changes are not reported, e.g.
 * some network shares, still shows an edit within that time).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILES } from '../config/config-files.js';
import { SECRETS_META_FILE } from '../secrets/secrets-meta.js';

/** Longest a fingerprint is reused without a change being reported. */
export const FINGERPRINT_MAX_AGE_MS = 2_000;

export function settingsFingerprint(configDir: string, dataDir: string): string {
  let out = '';
  for (const file of [...CONFIG_FILES.map((n) => path.join(configDir, n)), path.join(dataDir, SECRETS_META_FILE)]) {
    const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
    out += st ? `${st.size}:${st.mtimeNs}|` : '-|';
  }
  return out;
}

export interface FingerprintOptions {
  maxAgeMs?: number;
  now?: () => number;
  /** Tests: no folder watching (every `maxAgeMs` only). */
  watch?: boolean;
}

/** `settingsFingerprint`, re-read only after a reported change or `maxAgeMs`. Call `close()` when done. */
export class SettingsFingerprint {
  private value: string | null = null;
  private at = 0;
  private watchers: fs.FSWatcher[] = [];
  /** Whether every folder is watched (else each call stats, at most every `maxAgeMs` a new watch is tried). */
  private watching = false;
  private watchTriedAt: number | null = null;
  private closed = false;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly configDir: string,
    private readonly dataDir: string,
    private readonly opts: FingerprintOptions = {},
  ) {
    this.maxAgeMs = opts.maxAgeMs ?? FINGERPRINT_MAX_AGE_MS;
    this.now = opts.now ?? Date.now;
  }

  current(): string {
    const t = this.now();
    if (!this.watching && !this.closed && this.opts.watch !== false && (this.watchTriedAt === null || t - this.watchTriedAt >= this.maxAgeMs)) {
      this.watchTriedAt = t;
      this.startWatching();
    }
    // Without watchers every call stats: a change must never wait for the timer alone.
    if (this.value === null || !this.watching || t - this.at >= this.maxAgeMs) {
      this.value = settingsFingerprint(this.configDir, this.dataDir);
      this.at = t;
    }
    return this.value;
  }

  close(): void {
    this.closed = true;
    this.stopWatching();
  }

  private startWatching(): void {
    const relevant = new Map<string, Set<string>>();
    const add = (dir: string, name: string) => {
      const key = path.resolve(dir);
      const set = relevant.get(key) ?? new Set<string>();
      set.add(name.toLowerCase());
      relevant.set(key, set);
    };
    for (const n of CONFIG_FILES) add(this.configDir, n);
    add(this.dataDir, SECRETS_META_FILE);
    try {
      for (const [dir, names] of relevant) {
        // Not persistent: a watcher must never keep a CLI process alive.
        const w = fs.watch(dir, { persistent: false }, (_event, file) => {
          // No name (some platforms) = something changed: read again.
          if (!file || names.has(String(file).toLowerCase())) this.value = null;
        });
        // A removed or unreadable folder: back to a stat on every call.
        w.on('error', () => this.stopWatching());
        this.watchers.push(w);
      }
      this.watching = true;
    } catch {
      this.stopWatching();
    }
    // Whatever happened before the watchers existed is read now.
    this.value = null;
  }

  private stopWatching(): void {
    this.watching = false;
    this.value = null;
    for (const w of this.watchers.splice(0)) {
      try {
        w.close();
      } catch {
        // already closed
      }
    }
  }
}
