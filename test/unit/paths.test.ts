import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDatabase, parseDatabaseUrl, redactUrl } from '../../main/core/db/database-url.js';
import { resolveEnvironment } from '../../main/core/environment.js';
import { resolvePaths } from '../../main/core/paths.js';

describe('data folder (R-CFG-0)', () => {
  it('--data-dir beats OPTIPLAN_DATA_DIR beats the platform default', () => {
    const env = { OPTIPLAN_DATA_DIR: '/env/data' };
    expect(resolvePaths({ dataDir: '/flag/data', env, platform: 'linux', homeDir: '/home/u' }).dataDir).toBe('/flag/data');
    expect(resolvePaths({ env, platform: 'linux', homeDir: '/home/u' }).dataDir).toBe('/env/data');
    expect(resolvePaths({ env: {}, platform: 'linux', homeDir: '/home/u' }).dataDir).toBe('/home/u/.config/OptiPlan360');
    expect(resolvePaths({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', homeDir: '/home/u' }).dataDir).toBe('/xdg/OptiPlan360');
    expect(resolvePaths({ env: {}, platform: 'darwin', homeDir: '/Users/u' }).dataDir).toBe('/Users/u/Library/Application Support/OptiPlan360');
  });

  it('Windows default is %APPDATA%\\OptiPlan360, as Electron userData', async () => {
    const { platformDataDir } = await import('../../main/core/paths.js');
    expect(platformDataDir('win32', { APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'C:\\Users\\op')).toBe('C:\\Users\\op\\AppData\\Roaming\\OptiPlan360');
  });

  it('config folder: --config-dir > OPTIPLAN_CONFIG_DIR > <data>/config; logs and backups inside data', () => {
    const p = resolvePaths({ dataDir: '/d', env: {} });
    expect(p.configDir).toBe('/d/config');
    expect(p.logDir).toBe('/d/logs');
    expect(p.defaultSqliteFile).toBe('/d/optiplan360.sqlite');
    expect(resolvePaths({ dataDir: '/d', env: { OPTIPLAN_CONFIG_DIR: '/c' } }).configDir).toBe('/c');
    expect(resolvePaths({ dataDir: '/d', configDir: '/f', env: { OPTIPLAN_CONFIG_DIR: '/c' } }).configDir).toBe('/f');
  });
});

describe('database choice (R-DB-1)', () => {
  const base = { defaultSqliteFile: '/d/optiplan360.sqlite', baseDir: '/d' };
  it('DATABASE_URL > database.url > embedded SQLite', () => {
    expect(chooseDatabase({ ...base })).toMatchObject({ engine: 'sqlite', file: '/d/optiplan360.sqlite' });
    expect(chooseDatabase({ ...base, configUrl: 'sqlite:local.db' })).toMatchObject({ engine: 'sqlite', file: path.resolve('/d/local.db') });
    expect(chooseDatabase({ ...base, configUrl: 'sqlite:local.db', envUrl: 'postgres://u@h:5432/db' })).toMatchObject({ engine: 'postgres', database: 'db' });
  });

  it('merges a referenced password into the URL but never into the shown target', () => {
    const spec = chooseDatabase({ ...base, configUrl: 'postgresql://app@db.local:5432/optiplan', password: 's3cr3t/&' });
    expect(spec.engine).toBe('postgres');
    if (spec.engine !== 'postgres') throw new Error('unreachable');
    expect(new URL(spec.connectionString).password).toBe(encodeURIComponent('s3cr3t/&'));
    expect(spec.target).not.toContain('s3cr3t');
  });

  it('redacts passwords in URLs, including query-string ones', () => {
    expect(redactUrl('postgres://u:pw@h/db')).toBe('postgres://u:***@h/db');
    expect(redactUrl('postgres://u@h/db?password=pw&sslmode=require')).not.toContain('=pw');
  });

  it('rejects unknown schemes and SQLite URLs without a path, naming database.url', () => {
    expect(() => parseDatabaseUrl('mysql://x', '/')).toThrow(/database\.url/);
    expect(() => parseDatabaseUrl('sqlite:', '/')).toThrow(/file path/);
  });

  it('OPTIPLAN_ENV beats system_config environment', () => {
    expect(resolveEnvironment('production', 'development')).toBe('production');
    expect(resolveEnvironment(undefined, 'prod')).toBe('production');
    expect(resolveEnvironment('', undefined)).toBe('development');
  });
});
