// mikro_connection.json schema and the single env-fallback resolver (R-MIKRO-1).
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import { effectiveMikroSettings, isConfigured, isValidTableName, MIKRO_DEFAULTS, parseMikroConnectionFile } from '../../main/core/mikro/mikro-config.js';

function configError(fn: () => unknown): { message: string; paths: string[] } {
  try {
    fn();
  } catch (e) {
    if (!isAppError(e)) throw e;
    expect(e.code).toBe('E_CONFIG_INVALID');
    return { message: e.message, paths: e.details.map((d) => d.path) };
  }
  throw new Error('expected E_CONFIG_INVALID');
}

describe('mikro_connection.json schema', () => {
  it('applies the defaults when the file is missing or empty', () => {
    for (const file of [undefined, null, {}]) {
      const eff = effectiveMikroSettings(file, {});
      expect(eff.settings).toEqual({
        host: null,
        port: 1433,
        instance: null,
        database: null,
        username: null,
        password_ref: null,
        timeout_seconds: 10,
        encrypt: true,
        trust_server_certificate: false,
        certificate_fingerprint: null,
        tls_min_version: '1.2',
        ...(eff.settings.authentication !== undefined ? { authentication: 'sql', domain: null } : {}),
        read_only: true,
        master_tables: ['CARI_HESAPLAR', 'STOKLAR'],
      });
      expect(Object.values(eff.sources).every((s) => s === 'default')).toBe(true);
      expect(eff.warnings).toEqual([]);
      expect(isConfigured(eff.settings)).toBe(false);
    }
  });

  it('reads every key and keeps unknown keys', () => {
    const raw = {
      host: ' 10.0.0.5 ',
      port: 1444,
      instance: 'MIKRO',
      database: 'MikroDB_V16_ACME',
      username: 'optiplan_ro',
      password: 'VAULT:mikro_password',
      timeout_seconds: 5,
      encrypt: false,
      trust_server_certificate: true,
      read_only: true,
      master_tables: ['dbo.CARI_HESAPLAR', 'STOKLAR', 'TBLSTSABIT'],
      note: 'kept',
      nested: { x: 1 },
    };
    const file = parseMikroConnectionFile(raw);
    expect(file.note).toBe('kept');
    expect(file.nested).toEqual({ x: 1 });
    const eff = effectiveMikroSettings(raw, {});
    expect(eff.settings).toMatchObject({ host: '10.0.0.5', port: 1444, instance: 'MIKRO', password_ref: 'VAULT:mikro_password', timeout_seconds: 5, encrypt: false, trust_server_certificate: true });
    expect(eff.settings.master_tables).toEqual(['dbo.CARI_HESAPLAR', 'STOKLAR', 'TBLSTSABIT']);
    expect(eff.sources).toMatchObject({ host: 'file', port: 'file', password: 'file', encrypt: 'file', read_only: 'file', master_tables: 'file' });
    expect(isConfigured(eff.settings)).toBe(true);
  });

  it('refuses a literal password, naming the key and not the value', () => {
    const canary = 'Canary-Literal-Pw-4711';
    const err = configError(() => parseMikroConnectionFile({ host: 'h', database: 'd', password: canary }));
    expect(err.paths).toEqual(['password']);
    expect(err.message).toMatch(/mikro_connection\.json/);
    expect(err.message).toMatch(/password/);
    expect(err.message).not.toContain(canary);
    // Empty and references are fine.
    for (const ok of ['', '  ', null, 'ENV:MIKRO_PW', 'VAULT:mikro.sql-pw']) {
      expect(() => parseMikroConnectionFile({ password: ok })).not.toThrow();
    }
    // A placeholder is a literal too.
    expect(configError(() => parseMikroConnectionFile({ password: '<password>' })).paths).toEqual(['password']);
  });

  it('validates types and table names', () => {
    expect(configError(() => parseMikroConnectionFile({ port: '1433' })).paths).toEqual(['port']);
    expect(configError(() => parseMikroConnectionFile({ port: 70000 })).paths).toEqual(['port']);
    expect(configError(() => parseMikroConnectionFile({ encrypt: 'yes' })).paths).toEqual(['encrypt']);
    expect(configError(() => parseMikroConnectionFile({ timeout_seconds: 0 })).paths).toEqual(['timeout_seconds']);
    const bad = configError(() => parseMikroConnectionFile({ master_tables: ['CARI_HESAPLAR', 'X; DROP TABLE Y', '[STOKLAR]', 'a.b.c'] }));
    expect(bad.paths).toEqual(['master_tables[1]', 'master_tables[2]', 'master_tables[3]']);
    expect(configError(() => parseMikroConnectionFile({ master_tables: [] })).paths).toEqual(['master_tables']);
    expect(isValidTableName('dbo.CARI_HESAPLAR')).toBe(true);
    expect(isValidTableName('STOK_HAREKETLERI')).toBe(true);
    expect(isValidTableName('dbo.')).toBe(false);
    expect(isValidTableName('1TABLE')).toBe(false);
  });

  it('accepts the alias read_only_mode', () => {
    expect(effectiveMikroSettings({ read_only_mode: true }, {}).sources.read_only).toBe('file');
    const off = effectiveMikroSettings({ read_only_mode: false }, {});
    expect(off.settings.read_only).toBe(true);
    expect(off.read_only_requested).toBe(false);
    expect(off.warnings.map((w) => w.code)).toEqual(['MIKRO_READ_ONLY_FORCED']);
  });
});

describe('legacy env fallback', () => {
  const cases: Array<{ field: 'host' | 'database' | 'username' | 'instance'; vars: [string, string] }> = [
    { field: 'host', vars: ['MIKRO_SERVER', 'MIKRO_DB_HOST'] },
    { field: 'database', vars: ['MIKRO_DATABASE', 'MIKRO_DB_DATABASE'] },
    { field: 'username', vars: ['MIKRO_USER', 'MIKRO_DB_USERNAME'] },
  ];
  for (const { field, vars } of cases) {
    it(`${field}: ${vars.join(' | ')}, the file wins, env fills gaps`, () => {
      const [first, second] = vars;
      expect(effectiveMikroSettings({}, { [second]: 'from-second' }).settings[field]).toBe('from-second');
      const both = effectiveMikroSettings({}, { [first]: 'from-first', [second]: 'from-second' });
      expect(both.settings[field]).toBe('from-first');
      expect(both.sources[field]).toBe('env');
      expect(both.env_vars[field]).toBe(first);
      const fileWins = effectiveMikroSettings({ [field]: 'from-file' }, { [first]: 'from-first' });
      expect(fileWins.settings[field]).toBe('from-file');
      expect(fileWins.sources[field]).toBe('file');
      // A blank file value is "not set".
      expect(effectiveMikroSettings({ [field]: '  ' }, { [first]: 'x' }).settings[field]).toBe('x');
    });
  }

  it('instance and port come from MIKRO_DB_INSTANCE / MIKRO_DB_PORT', () => {
    const eff = effectiveMikroSettings({}, { MIKRO_DB_INSTANCE: 'SQLEXPRESS', MIKRO_DB_PORT: '1500' });
    expect(eff.settings.instance).toBe('SQLEXPRESS');
    expect(eff.settings.port).toBe(1500);
    expect(eff.sources).toMatchObject({ instance: 'env', port: 'env' });
    expect(effectiveMikroSettings({ port: 1600 }, { MIKRO_DB_PORT: '1500' }).settings.port).toBe(1600);
    const bad = effectiveMikroSettings({}, { MIKRO_DB_PORT: '14x3' });
    expect(bad.settings.port).toBe(MIKRO_DEFAULTS.port);
    expect(bad.sources.port).toBe('default');
    expect(bad.warnings.map((w) => w.code)).toEqual(['MIKRO_ENV_INVALID']);
  });

  it('an env password becomes an ENV: reference; the value never enters the settings', () => {
    const secret = 'Env-Secret-Value-9931';
    const eff = effectiveMikroSettings({}, { MIKRO_DB_PASSWORD: secret });
    expect(eff.settings.password_ref).toBe('ENV:MIKRO_DB_PASSWORD');
    expect(eff.sources.password).toBe('env');
    expect(JSON.stringify(eff)).not.toContain(secret);
    expect(effectiveMikroSettings({}, { MIKRO_PASSWORD: 'a', MIKRO_DB_PASSWORD: 'b' }).settings.password_ref).toBe('ENV:MIKRO_PASSWORD');
    expect(effectiveMikroSettings({ password: 'VAULT:mikro' }, { MIKRO_PASSWORD: 'a' }).settings.password_ref).toBe('VAULT:mikro');
    expect(effectiveMikroSettings({ password: '' }, { MIKRO_PASSWORD: 'a' }).sources.password).toBe('env');
  });

  it('a complete env-only setup is configured', () => {
    const eff = effectiveMikroSettings(null, { MIKRO_SERVER: 'sql01', MIKRO_DATABASE: 'MikroDB', MIKRO_USER: 'ro', MIKRO_PASSWORD: 'x' });
    expect(isConfigured(eff.settings)).toBe(true);
    expect(eff.sources).toMatchObject({ host: 'env', database: 'env', username: 'env', password: 'env', port: 'default' });
  });
});

describe('read-only can only be forced on', () => {
  for (const value of ['false', '0', 'off', 'garbage', '', 'FALSE', 'no']) {
    it(`MIKRO_READ_ONLY_MODE=${JSON.stringify(value)} keeps read-only on`, () => {
      for (const file of [{}, { read_only: false }, { read_only: true }, { read_only_mode: false }]) {
        const eff = effectiveMikroSettings(file, { MIKRO_READ_ONLY_MODE: value });
        expect(eff.settings.read_only).toBe(true);
        expect(eff.warnings.map((w) => w.code)).toContain('MIKRO_READ_ONLY_ENV_IGNORED');
      }
    });
  }

  it('MIKRO_READ_ONLY_MODE=true turns it on quietly; read_only:false in the file is forced on with a warning', () => {
    const on = effectiveMikroSettings({}, { MIKRO_READ_ONLY_MODE: 'true' });
    expect(on.settings.read_only).toBe(true);
    expect(on.sources.read_only).toBe('env');
    expect(on.warnings).toEqual([]);
    const forced = effectiveMikroSettings({ read_only: false }, {});
    expect(forced.settings.read_only).toBe(true);
    expect(forced.read_only_requested).toBe(false);
    expect(forced.warnings).toHaveLength(1);
    expect(forced.warnings[0]?.message).toEqual({ key: 'mikro.config.warnings.read_only_forced' });
    expect(translator('en').t(forced.warnings[0]!.message)).toMatch(/P1 has no write-back; read_only forced on/);
    expect(translator('tr').t(forced.warnings[0]!.message)).toMatch(/read_only zorla açık tutuldu/);
  });

  it('names a bad port variable in both languages', () => {
    const bad = effectiveMikroSettings({}, { MIKRO_DB_PORT: 'abc' });
    expect(translator('tr').t(bad.warnings[0]!.message)).toBe('MIKRO_DB_PORT geçerli bir port numarası değil (1-65535); 1433 kullanılıyor.');
    expect(translator('en').t(bad.warnings[0]!.message)).toBe('MIKRO_DB_PORT is not a port number (1-65535); using 1433.');
  });
});

describe('"enabled"', () => {
  it('defaults to true; false switches Mikro off and is kept apart from "not configured"', () => {
    expect(effectiveMikroSettings({}, {}).enabled).toBe(true);
    expect(effectiveMikroSettings({ enabled: true, host: 'h', database: 'd' }, {}).enabled).toBe(true);
    const off = effectiveMikroSettings({ enabled: false, host: 'h', database: 'd' }, {});
    expect(off.enabled).toBe(false);
    expect(off.settings.host).toBe('h');
    expect(configError(() => effectiveMikroSettings({ enabled: 'no' }, {})).paths).toEqual(['enabled']);
  });
});
