import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntryInput } from '../../main/core/audit/audit-types.js';
import { ConfigService } from '../../main/core/config/config-service.js';
import { seedConfigDir, defaultTemplatesDir } from '../../main/core/config/config-files.js';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import { tempDir } from '../helpers/temp.js';
import type { AppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';

let tmp: ReturnType<typeof tempDir>;
let dir: string;
let audit: AuditEntryInput[];
let store: MemorySecretStore;
let crash = false;
let svc: ConfigService;

beforeEach(() => {
  tmp = tempDir();
  dir = path.join(tmp.dir, 'config');
  seedConfigDir(dir, defaultTemplatesDir());
  audit = [];
  store = new MemorySecretStore();
  crash = false;
  svc = new ConfigService(dir, { record: async (e) => void audit.push(e) }, () => store, {
    beforeRename: () => {
      if (crash) throw new Error('simulated crash between temp write and rename');
    },
  });
});
afterEach(() => tmp.remove());

const read = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));

describe('config files', () => {
  it('the shipped templates are all valid and hold no plain-text secret', () => {
    expect(svc.checkAll().every((f) => f.exists && f.valid)).toBe(true);
    expect(svc.scan()).toEqual([]);
  });

  it('save merges, keeps unknown keys, keeps a .bak and audits old/new', async () => {
    const file = path.join(dir, 'whatsapp.json');
    const raw = read('whatsapp.json');
    raw.custom_section = { keep: 'me', nested: [1, 2] };
    fs.writeFileSync(file, JSON.stringify(raw));
    const before = fs.readFileSync(file, 'utf8');

    const report = await svc.save('whatsapp.json', { phone_number_id: '1234567890' }, 'op@pc');
    expect(report.valid).toBe(true);
    const after = read('whatsapp.json');
    expect(after.phone_number_id).toBe('1234567890');
    expect(after.custom_section).toEqual({ keep: 'me', nested: [1, 2] });
    expect(after.templates.order_ready.name).toBe('order_ready_notification');
    expect(fs.readFileSync(`${file}.bak`, 'utf8')).toBe(before);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'CONFIG_SAVED', target: 'whatsapp.json', result: 'success', actor: 'op@pc' });
  });

  it('a crash between the temp write and the rename leaves the old file intact', async () => {
    const file = path.join(dir, 'system_config.json');
    const before = fs.readFileSync(file, 'utf8');
    crash = true;
    await expect(svc.save('system_config.json', { environment: 'production' }, 'op@pc')).rejects.toThrow(/simulated crash/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(audit).toEqual([]);
  });

  it('an invalid change is refused with file + path, and nothing is written', async () => {
    const before = fs.readFileSync(path.join(dir, 'backup_config.json'), 'utf8');
    await expect(svc.save('backup_config.json', { retention_days: -3 }, 'op@pc')).rejects.toMatchObject({
      code: 'E_CONFIG_INVALID',
      message: expect.stringMatching(/backup_config\.json is invalid — retention_days/),
    });
    expect(fs.readFileSync(path.join(dir, 'backup_config.json'), 'utf8')).toBe(before);
  });

  it('a literal secret in a change is refused; a reference is accepted', async () => {
    const refused = await svc.save('whatsapp.json', { access_token: 'EAAGm0PX4ZCpsBAKZCanaryToken1234567890abcdef' }, 'op@pc').catch((e: AppError) => e);
    expect(refused).toMatchObject({ code: 'E_VALIDATION', details: [{ path: 'access_token', message: { key: 'config.errors.expected_ref' } }] });
    expect(translator('tr').t((refused as AppError).text)).toMatch(/^whatsapp\.json: access_token alanı gizli değeri düz metin olarak saklardı/);
    expect(translator('en').t((refused as AppError).details[0]!.message as Message)).toMatch(/VAULT:<name>/);
    expect(JSON.stringify((refused as AppError).toBody())).not.toContain('CanaryToken');
    await svc.save('whatsapp.json', { access_token: 'ENV:WA_TOKEN' }, 'op@pc');
    expect(read('whatsapp.json').access_token).toBe('ENV:WA_TOKEN');
  });

  it('a broken file is reported with its problem, not thrown', () => {
    fs.writeFileSync(path.join(dir, 'mikro_connection.json'), '{"host": "db", "port": "abc"');
    const r = svc.checkFile('mikro_connection.json');
    expect(r).toMatchObject({ exists: true, valid: false, problem: { key: 'config.errors.not_json_at', params: { file: 'mikro_connection.json', line: 1 } } });
    expect(translator('tr').t(r.problem!)).toMatch(/^mikro_connection\.json geçerli bir JSON değil: satır 1, sütun \d+\.$/);
    expect(r.message).toMatch(/mikro_connection\.json: not valid JSON/);
  });

  it('a schema error names file, JSON path, line and column, the field in the reader\'s language', () => {
    fs.writeFileSync(path.join(dir, 'mikro_connection.json'), '{\n  "host": "db",\n  "port": "abc"\n}\n');
    const r = svc.checkFile('mikro_connection.json');
    expect(r).toMatchObject({ exists: true, valid: false, errors: [{ path: 'port' }] });
    expect(translator('tr').t(r.problem!)).toMatch(/^mikro_connection\.json geçersiz: mikro_connection\.json, port \(satır 3, sütun 11\): “Port” alanı: /);
    expect(translator('en').t(r.errors[0]!.message as Message)).toMatch(/^mikro_connection\.json, port \(line 3, column 11\): “Port”/);
    expect(r.message).toMatch(/port/);
  });
});

describe('plain-text secret scan (R-CFG-5)', () => {
  const planted: [string, string, unknown, boolean][] = [
    ['mikro_connection.json', 'password', 'Mikro!2024', true],
    ['whatsapp.json', 'access_token', 'EAAGm0PX4ZCpsBAKZCanaryToken1234567890abcdef', true],
    ['whatsapp.json', 'webhook_verify_token', 'my-verify-token-123', true],
    ['whatsapp.json', 'app_secret', '0123456789abcdef0123456789abcdef', true],
    ['system_config.json', 'database.url', 'postgres://optiplan:Sup3rS3cret@db.local:5432/optiplan', true],
    ['system_config.json', 'database.password', 'pg-password', true],
    ['whatsapp.json', 'phone_number_id', 'EAAGm0PX4ZCpsBAKZCanaryToken1234567890abcdef', true],
    ['backup_config.json', 'nas_path', 'Server=db;Database=x;User Id=sa;Password=Hunter2;', true],
    // No false alarms:
    ['mikro_connection.json', 'username', 'mikro_reader', false],
    ['whatsapp.json', 'webhook_verify_token', 'VAULT:whatsapp_webhook_verify', false],
    ['whatsapp.json', 'app_secret', 'ENV:WA_APP_SECRET', false],
    ['whatsapp.json', 'access_token', '<access-token>', false],
    ['whatsapp.json', 'access_token', '', false],
    ['system_config.json', 'database.url', 'postgres://optiplan@db.local:5432/optiplan', false],
    ['system_config.json', 'database.url', 'postgresql://<user>:<password>@<host>:5432/<db>', false],
    ['system_config.json', 'whatsapp.access_token_ref', 'VAULT:whatsapp_access_token', false],
  ];

  it.each(planted)('%s %s = %j → finding: %s', (file, dotted, value, expected) => {
    const raw = read(file);
    const keys = dotted.split('.');
    let node = raw;
    for (const k of keys.slice(0, -1)) node = node[k] ??= {};
    node[keys.at(-1)!] = value;
    fs.writeFileSync(path.join(dir, file), JSON.stringify(raw));
    const found = svc.scan().filter((f) => f.file === file && f.path === dotted);
    expect(found.length > 0).toBe(expected);
    expect(JSON.stringify(svc.scan())).not.toContain(String(value) || '\u0000');
  });

  it('the connection_string with credentials in backup_config.json is found inside an array', () => {
    const raw = read('backup_config.json');
    raw.databases[0].connection_string = 'postgresql://backup:B4ckupPw@nas:5432/optiplan';
    fs.writeFileSync(path.join(dir, 'backup_config.json'), JSON.stringify(raw));
    expect(svc.scan()).toEqual([
      { file: 'backup_config.json', path: 'databases[0].connection_string', kind: 'credential_url', suggested_ref: 'VAULT:backup_config.databases.0.connection_string' },
    ]);
  });

  it('fix moves every literal into the keychain, rewrites it to VAULT:, audits without values, then scans clean', async () => {
    const canary = 'canary-Mikro-pw-7f3a';
    const m = read('mikro_connection.json');
    m.password = canary;
    m.unknown_extra = true;
    fs.writeFileSync(path.join(dir, 'mikro_connection.json'), JSON.stringify(m));
    const w = read('whatsapp.json');
    w.access_token = 'EAAGcanaryWhatsappToken0123456789abcdefXYZ';
    fs.writeFileSync(path.join(dir, 'whatsapp.json'), JSON.stringify(w));

    const { moved } = await svc.fixSecrets(undefined, 'admin@pc');
    expect(moved.map((x) => x.ref).sort()).toEqual(['VAULT:mikro_connection.password', 'VAULT:whatsapp.access_token']);
    expect(await store.get('mikro_connection.password')).toBe(canary);
    expect(read('mikro_connection.json')).toMatchObject({ password: 'VAULT:mikro_connection.password', unknown_extra: true });
    expect(svc.scan()).toEqual([]);
    expect(JSON.stringify(audit)).not.toContain(canary);
    expect(JSON.stringify(audit)).not.toContain('EAAGcanary');
    expect(audit.map((a) => a.action)).toEqual(['CONFIG_SECRET_MOVED', 'CONFIG_SECRET_MOVED']);
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith('.bak')) expect(fs.readFileSync(path.join(dir, f), 'utf8')).not.toContain(canary);
    }
  });

  it('fix without a keychain changes nothing', async () => {
    const m = read('mikro_connection.json');
    m.password = 'pw-literal-123';
    fs.writeFileSync(path.join(dir, 'mikro_connection.json'), JSON.stringify(m));
    const none = new ConfigService(dir, { record: async () => undefined }, () => null);
    await expect(none.fixSecrets(undefined, 'a@b')).rejects.toMatchObject({ code: 'E_KEYCHAIN_UNAVAILABLE' });
    expect(read('mikro_connection.json').password).toBe('pw-literal-123');
  });

  it('reading a file masks literal secrets but shows references', () => {
    const m = read('mikro_connection.json');
    m.password = 'visible-if-broken';
    fs.writeFileSync(path.join(dir, 'mikro_connection.json'), JSON.stringify(m));
    const { value } = svc.read('mikro_connection.json');
    expect(JSON.stringify(value)).not.toContain('visible-if-broken');
    expect(svc.read('whatsapp.json').value).toMatchObject({ access_token: 'VAULT:whatsapp_access_token' });
  });
});
