/**
 * The support bundle (issue 18) through the CLI door as support would ask for it: canary secrets
 * from every source (environment, keychain, a literal in a config file and another in its .bak)
 * and a phone number are planted in the config and the logs, and none of them is in any file of
 * the zip; every manifest hash is right; `unzip -t` opens it; manifest.json comes first.
 * Runs under scripts/with-keyring.sh (real Secret Service).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { KeytarSecretStore } from '../../main/core/secrets/keytar-store.js';
import { runCli } from '../helpers/cli.js';
import { TEST_AUDIT_KEY, TEST_AUDIT_KEY_ENV } from '../helpers/core.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { filesContaining, openBundle, sha256, type Extracted } from './support-bundle-helpers.js';

const hex = () => crypto.randomBytes(6).toString('hex');
const ENV_CANARY = `envCanary-${hex()}`;
const VAULT_CANARY = `vaultCanary-${hex()}`;
const LITERAL_CANARY = `literalCanary-${hex()}`;
const BAK_CANARY = `bakCanary-${hex()}`;
const VAULT_NAME = `bundle_canary_${hex()}`;
const PHONE = '0532 123 45 93';
const MIKRO_IP = '192.168.10.25';
const DB_HOST = 'pg-atolye.example.lan';

let tmp: ReturnType<typeof tempDir>;
let bundle: Extracted;
let cliOut: string;
let zipPath: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error('run under scripts/with-keyring.sh: this test needs a real Secret Service');
  tmp = tempDir('optiplan bundle ');
  const store = new KeytarSecretStore(tmp.dir);
  await store.set(VAULT_NAME, VAULT_CANARY);
  writeConfig(tmp.dir, 'system_config.json', { environment: 'test', audit: { key_ref: `ENV:${TEST_AUDIT_KEY_ENV}` }, database: { auto_migrate_on_startup: true } });
  writeConfig(tmp.dir, 'mikro_connection.json', { enabled: true, host: MIKRO_IP, port: 1433, database: 'MikroDB', username: 'okuyucu', password: LITERAL_CANARY, read_only: true, note: `Muhasebe: ${PHONE}` });
  // An older literal left in the .bak (the .bak never goes in; its value is searched for anyway).
  writeConfig(tmp.dir, 'mikro_connection.json.bak', { enabled: true, host: MIKRO_IP, password: BAK_CANARY });
  writeConfig(tmp.dir, 'whatsapp.json', { enabled: false, access_token: `VAULT:${VAULT_NAME}`, app_secret: 'ENV:OPTIPLAN_CANARY_SECRET' });
  const logs = path.join(tmp.dir, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const line = (msg: string) => `${JSON.stringify({ level: 30, time: Date.now(), msg })}\n`;
  fs.writeFileSync(
    path.join(logs, 'optiplan360.1.log'),
    [
      line(`connecting to ${MIKRO_IP}:1433 as okuyucu`),
      line(`login with password=${LITERAL_CANARY} refused`),
      line(`old password ${BAK_CANARY} still in a script`),
      line(`token ${VAULT_CANARY} echoed by a driver`),
      line(`env secret ${ENV_CANARY} echoed`),
      line(`postgres://app@${DB_HOST}:5432/optiplan unreachable`),
      line(`müşteri aradı: ${PHONE}`),
      line('script ran with password=notKnownAnywhere42 in its arguments'),
    ].join(''),
  );
  env = { OPTIPLAN_DATA_DIR: tmp.dir, OPTIPLAN_CANARY_SECRET: ENV_CANARY, [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY, OPTIPLAN_CONSOLE_NAME: 'ATOLYE-PC-3', DATABASE_URL: '' };
  // A stored diagnostics run to bundle (only quick checks: Mikro's host is not reachable here).
  const core = await Core.open({ dataDir: tmp.dir, secretStore: store, env });
  await core.startAutoMigrate();
  await core.invoke('diagnostics.run', { only: ['system', 'database', 'queues'] }, core.context('cli'));
  await core.close();

  zipPath = path.join(tmp.dir, 'çıktı klasörü', 'destek paketi.zip');
  const r = await runCli(['support', 'bundle', '--output', zipPath, '--lang', 'tr'], env);
  cliOut = r.stdout + r.stderr;
  expect(r.code, cliOut).toBe(0);
  bundle = openBundle(zipPath, path.join(tmp.dir, 'extracted'));
}, 120_000);

afterAll(async () => {
  await new KeytarSecretStore(tmp.dir).delete(VAULT_NAME).catch(() => undefined);
  tmp?.remove();
});

describe('support bundle: nothing secret or personal in any file', () => {
  it('the CLI says where the zip is, in Turkish, with its SHA-256', () => {
    expect(cliOut).toContain('Destek paketi yazıldı');
    expect(cliOut).toContain(zipPath);
    expect(cliOut).toMatch(/SHA-256: [0-9a-f]{64}/);
  });

  it('no canary secret (environment, keychain, config literal, .bak literal) is in any file', () => {
    for (const canary of [ENV_CANARY, VAULT_CANARY, LITERAL_CANARY, BAK_CANARY]) expect(filesContaining(bundle, canary), canary).toEqual([]);
    // …and they were there to find: the log line survived with the value replaced.
    expect(bundle.files.get('logs/optiplan360.1.log')!.toString()).toContain('echoed by a driver');
  });

  it('a password written as password=… in free text goes even when the console does not know it', () => {
    expect(filesContaining(bundle, 'notKnownAnywhere42')).toEqual([]);
    expect(bundle.files.get('logs/optiplan360.1.log')!.toString()).toContain('password=[redacted] in its arguments');
  });

  it('every JSON file of the bundle still parses after redaction', () => {
    for (const [name, content] of bundle.files) if (name.endsWith('.json')) expect(() => JSON.parse(content.toString()), name).not.toThrow();
  });

  it('the phone number is masked everywhere', () => {
    for (const form of [PHONE, '5321234593', '532 123 45 93']) expect(filesContaining(bundle, form), form).toEqual([]);
    expect(bundle.files.get('logs/optiplan360.1.log')!.toString()).toContain('+90 532 *** ** 93');
  });

  it('the IP and the configured host names get the same pseudonym in every file', () => {
    expect(filesContaining(bundle, MIKRO_IP)).toEqual([]);
    expect(filesContaining(bundle, DB_HOST)).toEqual([]);
    const config = JSON.parse(bundle.files.get('config/mikro_connection.json')!.toString()) as { host: string; password: string };
    expect(config.host).toMatch(/^host-\d+$/);
    expect(bundle.files.get('logs/optiplan360.1.log')!.toString()).toContain(`connecting to ${config.host}:1433`);
  });

  it('config files keep their references, lose their literals, and no .bak is in the zip', () => {
    const mikro = JSON.parse(bundle.files.get('config/mikro_connection.json')!.toString()) as Record<string, string>;
    expect(mikro.password).not.toBe(LITERAL_CANARY);
    const wa = JSON.parse(bundle.files.get('config/whatsapp.json')!.toString()) as Record<string, string>;
    expect(wa.access_token).toBe(`VAULT:${VAULT_NAME}`);
    expect(wa.app_secret).toBe('ENV:OPTIPLAN_CANARY_SECRET');
    expect(bundle.order.filter((n) => n.endsWith('.bak'))).toEqual([]);
  });
});

describe('support bundle: the zip and its manifest', () => {
  it('manifest.json is the first entry and lists every other file with the right size and SHA-256', () => {
    expect(bundle.order[0]).toBe('manifest.json');
    const listed = bundle.manifest.files.map((f) => f.name).sort();
    expect(listed).toEqual(bundle.order.slice(1).sort());
    for (const f of bundle.manifest.files) {
      const content = bundle.files.get(f.name)!;
      expect(content.length, f.name).toBe(f.size);
      expect(sha256(content), f.name).toBe(f.sha256);
    }
  });

  it('holds the parts the issue names, and the manifest the versions and the console name', () => {
    for (const name of ['README.txt', 'health.json', 'migrations.json', 'backups.json', 'audit-verify.json', 'mikro-statements.json', 'diagnostics/latest.json', 'diagnostics/latest.html', 'config/system_config.json'])
      expect(bundle.order, name).toContain(name);
    expect(bundle.manifest.console_name).toBe('ATOLYE-PC-3');
    expect(bundle.manifest.runtime.node).toBe(process.versions.node);
    expect(bundle.manifest.options.log_limit_bytes).toBe(20 * 1024 * 1024);
    const verify = JSON.parse(bundle.files.get('audit-verify.json')!.toString()) as { ok: boolean; last_id: number };
    expect(verify.ok).toBe(true);
    expect(verify.last_id).toBeGreaterThan(0);
  });

  it('the README is in the chosen language and says what redaction cannot promise', () => {
    const readme = bundle.files.get('README.txt')!.toString();
    expect(readme).toContain('OptiPlan360 destek paketi');
    expect(readme).toContain('Maskelemenin söz veremedikleri');
    expect(readme).toContain('\r\n');
  });

  it('making the bundle is audited', async () => {
    const core = await Core.open({ dataDir: tmp.dir, env });
    try {
      const page = await core.invoke('audit.list', { limit: 20 }, core.context('cli'));
      const row = page.rows.find((r) => r.action === 'SUPPORT_BUNDLE_CREATED');
      expect(row?.result).toBe('success');
      expect(row?.target).toMatch(/^optiplan360-support-ATOLYE-PC-3-.*\.zip$/);
    } finally {
      await core.close();
    }
  });

  it('nothing of the bundle stays behind in the data folder (staging removed, zip moved to --output)', () => {
    const left = fs.readdirSync(path.join(tmp.dir, 'support'), { recursive: true }).map(String).filter((n) => !n.startsWith('.staging'));
    expect(left).toEqual([]);
    expect(fs.readdirSync(path.join(tmp.dir, 'support', '.staging'))).toEqual([]);
  });
});
