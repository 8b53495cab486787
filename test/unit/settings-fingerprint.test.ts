/**
 * The settings fingerprint behind the cached health answers (main/core/health/settings-fingerprint.ts):
 * kept between calls, read again when the config or data folder reports a change (a real
 * fs.watch on a temp folder) or when `maxAgeMs` has passed, never otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SettingsFingerprint, settingsFingerprint } from '../../main/core/health/settings-fingerprint.js';
import { SECRETS_META_FILE } from '../../main/core/secrets/secrets-meta.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function folders() {
  const t = tempDir();
  const configDir = path.join(t.dir, 'config');
  fs.mkdirSync(configDir);
  cleanups.push(() => t.remove());
  return { dataDir: t.dir, configDir };
}

describe('SettingsFingerprint', () => {
  it('a saved config file or keychain change is seen once the folder reports it, without waiting for maxAgeMs', async () => {
    const { dataDir, configDir } = folders();
    const fp = new SettingsFingerprint(configDir, dataDir, { maxAgeMs: 3_600_000 });
    cleanups.push(() => fp.close());
    const first = fp.current();
    expect(first).toBe(settingsFingerprint(configDir, dataDir));
    writeConfig(dataDir, 'whatsapp.json', { enabled: true });
    await vi.waitFor(() => expect(fp.current()).not.toBe(first), { timeout: 5_000 });
    expect(fp.current()).toBe(settingsFingerprint(configDir, dataDir));
    const second = fp.current();
    fs.writeFileSync(path.join(dataDir, SECRETS_META_FILE), '{"changed_at":"now"}');
    await vi.waitFor(() => expect(fp.current()).not.toBe(second), { timeout: 5_000 });
  });

  it('without a reported change the value is reused until maxAgeMs, then read again', () => {
    const { dataDir, configDir } = folders();
    const fp = new SettingsFingerprint(configDir, dataDir, { maxAgeMs: 2_000, now: () => 1_000, watch: false });
    cleanups.push(() => fp.close());
    // Unwatched: every call stats, so a change shows at once.
    const first = fp.current();
    writeConfig(dataDir, 'mikro_connection.json', { host: 'a' });
    expect(fp.current()).not.toBe(first);
  });

  it('watched: files changed behind the watcher\'s back (no event) show after maxAgeMs at the latest', () => {
    const { dataDir, configDir } = folders();
    let clock = 1_000;
    const fp = new SettingsFingerprint(configDir, dataDir, { maxAgeMs: 2_000, now: () => clock });
    cleanups.push(() => fp.close());
    const first = fp.current();
    // Written and read back synchronously: the watcher's event cannot have been delivered yet.
    writeConfig(dataDir, 'backup_config.json', { enabled: false });
    expect(fp.current()).toBe(first);
    clock += 1_999;
    expect(fp.current()).toBe(first);
    clock += 1;
    expect(fp.current()).not.toBe(first);
  });

  it('a folder that cannot be watched (missing) falls back to reading on every call', () => {
    const t = tempDir();
    cleanups.push(() => t.remove());
    const configDir = path.join(t.dir, 'not-yet');
    const fp = new SettingsFingerprint(configDir, t.dir, { maxAgeMs: 3_600_000, now: () => 0 });
    cleanups.push(() => fp.close());
    const first = fp.current();
    fs.mkdirSync(configDir);
    fs.writeFileSync(path.join(configDir, 'system_config.json'), '{}');
    expect(fp.current()).not.toBe(first);
  });
});
