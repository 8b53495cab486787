// Secrets leave no trace in files (issue 13), against the real Secret Service
// (scripts/with-keyring.sh): fix-secrets writes the config's `.bak` with the reference too, so the
// canary is in no file of the config or data folder; a literal secret in a `.bak` is reported;
// secrets.set / secrets.delete with the database down leave the keychain as it was.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { createFileLogger } from '../../main/core/logging/logger.js';
import { KeytarSecretStore } from '../../main/core/secrets/keytar-store.js';
import { isAppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import { runCli } from '../helpers/cli.js';
import { TEST_AUDIT_KEY, TEST_AUDIT_KEY_ENV } from '../helpers/core.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

beforeAll(() => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error('run under scripts/with-keyring.sh (npm test does): this test needs a real Secret Service');
});

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Every file (any bytes: SQLite pages, logs, .bak, temp files) that holds `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  return allFiles(dir).filter((f) => fs.readFileSync(f).includes(Buffer.from(needle, 'utf8')));
}

async function openCore(system: Record<string, unknown> = {}): Promise<{ core: Core; dir: string; store: KeytarSecretStore }> {
  const t = tempDir('optiplan-sbak-');
  writeConfig(t.dir, 'system_config.json', { audit: { key_ref: `ENV:${TEST_AUDIT_KEY_ENV}` }, database: { auto_migrate_on_startup: true }, ...system });
  const logger = await createFileLogger({ logDir: path.join(t.dir, 'logs'), sync: true, level: 'debug' });
  const store = new KeytarSecretStore(t.dir);
  const core = await Core.open({ dataDir: t.dir, logger, secretStore: store, env: { [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY } });
  cleanups.push(() => t.remove());
  cleanups.push(() => core.close());
  return { core, dir: t.dir, store };
}

describe('fix-secrets leaves the value in no file', () => {
  it('the moved password is in the keychain and in no file of the config or data folder — .bak included', async () => {
    const { core, dir, store } = await openCore();
    await core.startAutoMigrate();
    const canary = `canary-${crypto.randomBytes(8).toString('hex')}`;
    const name = 'system_config.database.password';
    cleanups.push(() => store.delete(name).then(() => undefined, () => undefined));
    const file = path.join(dir, 'config', 'system_config.json');
    const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...raw, database: { ...raw.database, password: canary } }));
    // A later save keeps the previous version as .bak: the plain password is now in two files.
    await core.invoke('config.save', { file: 'system_config.json', patch: { language: 'tr' } }, core.context('cli'));
    expect(filesContaining(dir, canary).map((f) => path.basename(f)).sort()).toEqual(['system_config.json', 'system_config.json.bak']);
    const found = await core.invoke('config.scan', {}, core.context('cli'));
    expect(found.filter((f) => f.path === 'database.password').map((f) => f.file).sort()).toEqual(['system_config.json', 'system_config.json.bak']);

    const fixed = await core.invoke('config.fixSecrets', {}, core.context('cli'));
    expect(fixed.moved).toContainEqual({ file: 'system_config.json', path: 'database.password', ref: `VAULT:${name}` });
    expect(await store.get(name)).toBe(canary);
    expect(filesContaining(dir, canary)).toEqual([]);
    const bak = JSON.parse(fs.readFileSync(`${file}.bak`, 'utf8'));
    expect(bak.database.password).toBe(`VAULT:${name}`);
    expect(await core.invoke('config.scan', {}, core.context('cli'))).toEqual([]);
    // No temp file left behind either.
    expect(allFiles(path.join(dir, 'config')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('a literal secret in a .bak is reported (scan, diagnostics, CLI) and scrubbed by the fix', async () => {
    const { core, dir, store } = await openCore();
    await core.startAutoMigrate();
    const token = `EAAG${crypto.randomBytes(20).toString('hex')}`;
    const bakFile = path.join(dir, 'config', 'whatsapp.json.bak');
    const current = JSON.parse(fs.readFileSync(path.join(dir, 'config', 'whatsapp.json'), 'utf8'));
    fs.writeFileSync(bakFile, JSON.stringify({ ...current, access_token: token }));
    const found = await core.invoke('config.scan', {}, core.context('cli'));
    expect(found).toEqual([{ file: 'whatsapp.json.bak', path: 'access_token', kind: 'meta_token', suggested_ref: 'VAULT:whatsapp.access_token' }]);
    const check = (await core.diagnostics.run('tester@host via cli', { only: ['plaintext_secrets'] })).checks[0]!;
    expect(check.status).toBe('FAIL');
    expect(translator('en').t(check.detail)).toMatch(/whatsapp\.json\.bak access_token/);
    expect(JSON.stringify(check)).not.toContain(token);
    const cli = await runCli(['config', 'check', '--data-dir', dir], { [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/whatsapp\.json\.bak access_token/);
    expect(cli.stdout).not.toContain(token);
    // The old value is not the keychain's: the fix removes it from the copy, it does not store it.
    const fixed = await core.invoke('config.fixSecrets', {}, core.context('cli'));
    expect(fixed.moved).toEqual([{ file: 'whatsapp.json.bak', path: 'access_token', ref: '[redacted]' }]);
    expect(await store.get('whatsapp.access_token')).toBeNull();
    expect(filesContaining(dir, token)).toEqual([]);
    expect(await core.invoke('config.scan', {}, core.context('cli'))).toEqual([]);
  }, 60_000);
});

describe('secrets.set and secrets.delete with the database down', () => {
  it('leave the keychain as it was and say so; nothing is changed unrecorded', async () => {
    // A PostgreSQL nobody listens on: every audit write fails.
    const { core, store } = await openCore({ database: { url: 'postgres://nobody@127.0.0.1:1/none', auto_migrate_on_startup: false, ping_timeout_seconds: 1 } });
    const name = `test_sbak_${crypto.randomBytes(4).toString('hex')}`;
    cleanups.push(() => store.delete(name).then(() => undefined, () => undefined));
    const set = (value: string) => core.invoke('secrets.set', { name, value }, core.context('http'));

    const first = await set('brand-new-value-1').catch((e: unknown) => e);
    expect(isAppError(first) && first.code).toBe('E_DB_UNAVAILABLE');
    expect(await store.get(name)).toBeNull();
    expect(translator('tr').t((first as { text: never }).text)).toMatch(new RegExp(`^VAULT:${name} değiştirilmedi: `));
    expect((first as { technicalDetail?: string }).technicalDetail).toMatch(/the keychain change was undone$/);

    await store.set(name, 'the-old-value-0');
    expect(isAppError(await set('replacement-2').catch((e: unknown) => e))).toBe(true);
    expect(await store.get(name)).toBe('the-old-value-0');

    const del = await core.invoke('secrets.delete', { name }, core.context('http')).catch((e: unknown) => e);
    expect(isAppError(del) && del.code).toBe('E_DB_UNAVAILABLE');
    expect(await store.get(name)).toBe('the-old-value-0');
  }, 60_000);
});

describe('the audit chain key is not a setting', () => {
  it('secrets.set and secrets.delete refuse VAULT:audit_chain_key and leave it as it is', async () => {
    const { core, store } = await openCore({ audit: {} });
    await core.startAutoMigrate();
    // The default reference: the key was created in the keychain at first start.
    await core.audit.record({ action: 'TEST', target: 't', result: 'info', actor: 'a' });
    const key = await store.get('audit_chain_key');
    // Left in place: other suites in this keyring session chain with the same key.
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const calls = [() => core.invoke('secrets.set', { name: 'audit_chain_key', value: 'x'.repeat(40) }, core.context('http')), () => core.invoke('secrets.delete', { name: 'audit_chain_key' }, core.context('http'))];
    for (const call of calls) {
      const err = await call().catch((e: unknown) => e);
      expect(isAppError(err) && err.code).toBe('E_VALIDATION');
    }
    expect(await store.get('audit_chain_key')).toBe(key);
    expect(await core.audit.verify()).toMatchObject({ ok: true, key: 'present' });
  }, 60_000);
});
