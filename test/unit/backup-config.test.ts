// backup_config.json (R-BAK-1) and the PostgreSQL tool plumbing: which database is backed up,
// literal credentials refused, argv without the password, tool lookup (incl. Windows layout).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../main/core/db/database-url.js';
import { BackupConfigSchema, classifyConnectionString, defaultBackupConfig, resolveBackupSource, type BackupConfig } from '../../main/core/backup/backup-config.js';
import { dbnameArgs, findPgTool, pgConnection, summariseStderr, withDatabase } from '../../main/core/backup/pg-tools.js';
import { backupFileName, isInside } from '../../main/core/backup/backup-files.js';
import { tempDir } from '../helpers/temp.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const dirs: { remove(): void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

const own = parseDatabaseUrl('postgres://app:own-pw@db.local:5433/optiplan', '/data');
const cfg = (databases: BackupConfig['databases']) => BackupConfigSchema.parse({ databases });

describe('backup_config.json', () => {
  it('the shipped template parses, and its placeholder entry means "the app database"', async () => {
    const template = BackupConfigSchema.parse(JSON.parse(fs.readFileSync(path.join(REPO, 'config/backup_config.json'), 'utf8')));
    expect(template).toMatchObject({ retention_days: 30, compression: true, schedule: { enabled: true, time: '02:00', verify: true } });
    expect(classifyConnectionString(template.databases[0]!.connection_string)).toBe('placeholder');
    expect(await resolveBackupSource(template, own, { baseDir: '/data' })).toMatchObject({ own: true, name: 'optiplan', spec: own });
    expect(defaultBackupConfig()).toMatchObject({ databases: [], retention_days: 30, compression: true });
    expect(defaultBackupConfig().schedule).toBeUndefined(); // no schedule block: no daily run
  });

  it.each([
    [null, 'empty'],
    ['', 'empty'],
    ['<connection string>', 'placeholder'],
    ['postgresql://<user>:<password>@<host>:5432/<db>', 'placeholder'],
    ['VAULT:backup_db_url', 'reference'],
    ['ENV:BACKUP_DB_URL', 'reference'],
    ['postgresql://backup@db.local:5432/optiplan', 'literal'],
    ['postgresql://backup:S3cret!@db.local:5432/optiplan', 'literal_credential'],
    ['Server=x;User Id=u;Password=hunter22;', 'literal_credential'],
  ])('connection_string %j is %s', (value, kind) => {
    expect(classifyConnectionString(value)).toBe(kind);
  });

  it('resolves a reference to another database; refuses a literal password without echoing it', async () => {
    const env = { BACKUP_DB_URL: 'postgres://bk:ref-pw@other:5432/erp' };
    const viaRef = await resolveBackupSource(cfg([{ name: 'erp copy', type: 'postgresql', connection_string: 'ENV:BACKUP_DB_URL' }]), own, { baseDir: '/data', secrets: { env, store: null } });
    expect(viaRef).toMatchObject({ own: false, name: 'erp_copy', spec: { engine: 'postgres', database: 'erp', target: 'postgres://bk:***@other:5432/erp' } });
    const sqlite = await resolveBackupSource(cfg([{ name: 'local', type: 'sqlite', connection_string: 'sqlite:db/other.sqlite' }]), own, { baseDir: '/data' });
    expect(sqlite.spec).toMatchObject({ engine: 'sqlite', file: path.resolve('/data', 'db/other.sqlite') });
    const literal = resolveBackupSource(cfg([{ name: 'x', type: 'postgresql', connection_string: 'postgres://u:Lit3ral-Pw@h/db' }]), own, { baseDir: '/data' });
    await expect(literal).rejects.toMatchObject({ code: 'E_CONFIG_INVALID', message: expect.stringMatching(/literal password.*VAULT:<name>/) });
    await expect(literal).rejects.not.toMatchObject({ message: expect.stringContaining('Lit3ral-Pw') });
    await expect(resolveBackupSource(cfg([{ name: 'x', type: 'postgresql', connection_string: 'ENV:MISSING_X' }]), own, { baseDir: '/d', secrets: { env: {}, store: null } })).rejects.toMatchObject({ code: 'E_SECRET_NOT_FOUND' });
  });

  it('rejects a malformed schedule time and keeps unknown keys (loose, forward compatible)', () => {
    expect(BackupConfigSchema.safeParse({ schedule: { time: '25:00' } }).success).toBe(false);
    expect(BackupConfigSchema.parse({ future_key: 1 })).toMatchObject({ future_key: 1 });
  });
});

describe('pg tool argv and environment', () => {
  it('puts host/port/user/dbname in argv and the (decoded) password only in PGPASSWORD', () => {
    const c = pgConnection('postgresql://bk%40corp:p%40ss%3Aw0rd@10.0.0.5:6543/opti%20plan?sslmode=require', { PATH: '/bin', PGHOST: 'stale', PGPASSWORD: 'old' });
    expect(c.args).toEqual(['--host', '10.0.0.5', '--port', '6543', '--username', 'bk@corp', '--no-password']);
    expect(c).toMatchObject({ database: 'opti plan', password: 'p@ss:w0rd' });
    expect(c.env).toMatchObject({ PATH: '/bin', PGPASSWORD: 'p@ss:w0rd', PGSSLMODE: 'require', PGAPPNAME: 'optiplan360-backup' });
    expect(c.env.PGHOST).toBeUndefined();
    expect(JSON.stringify(c.args)).not.toMatch(/p@ss|w0rd/);
    expect(dbnameArgs(c, 'plain')).toMatchObject({ args: ['--dbname', 'plain'] });
    // A name pg_dump would parse as a conninfo string goes through PGDATABASE instead.
    expect(dbnameArgs(c, 'a=b')).toMatchObject({ args: [], env: { PGDATABASE: 'a=b' } });
    expect(withDatabase('postgres://u:pw@h:1/src?sslmode=require', 'scratch')).toBe('postgres://u:pw@h:1/scratch?sslmode=require');
    // No password in the URL: whatever the environment provides (PGPASSWORD, .pgpass) stays.
    expect(pgConnection('postgres://u@h/db', { PGPASSWORD: 'from-env' }).env.PGPASSWORD).toBe('from-env');
  });

  it('summarises stderr to its last lines with passwords and credential URLs scrubbed', () => {
    const stderr = 'pg_dump: warning\n\npg_dump: error: connection to server at "h" failed: FATAL: password authentication failed for user "u"\npg_dump: detail: tried postgres://u:S3cr%21t@h/db with S3cr!t\n';
    const s = summariseStderr(stderr, ['S3cr!t']);
    expect(s).toMatch(/^pg_dump: warning \| pg_dump: error: connection to server .* \| pg_dump: detail: tried postgres:\/\/u:\[redacted\]@h\/db with \[redacted\]$/);
    expect(summariseStderr('x'.repeat(2000), [])).toHaveLength(601);
  });

  it('finds pg_dump from pg_dump_path (file or folder), PATH, or the newest C:\\Program Files\\PostgreSQL\\<v>\\bin', () => {
    const t = tempDir();
    dirs.push(t);
    const exe = (p: string) => {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, '#!/bin/sh\n', { mode: 0o755 });
      return p;
    };
    const custom = exe(path.join(t.dir, 'custom', 'pg_dump'));
    exe(path.join(t.dir, 'custom', 'pg_restore'));
    expect(findPgTool('pg_dump', { configuredPath: custom, env: {} })).toBe(custom);
    expect(findPgTool('pg_restore', { configuredPath: custom, env: {} })).toBe(path.join(t.dir, 'custom', 'pg_restore'));
    expect(findPgTool('pg_dump', { configuredPath: path.join(t.dir, 'custom'), env: {} })).toBe(custom);
    expect(() => findPgTool('pg_dump', { configuredPath: path.join(t.dir, 'nope', 'pg_dump'), env: {} })).toThrow(/pg_dump not found at .*nope.*pg_dump_path/);

    const onPath = exe(path.join(t.dir, 'bin2', 'pg_dump'));
    expect(findPgTool('pg_dump', { env: { PATH: `${path.join(t.dir, 'empty')}:${path.dirname(onPath)}` } })).toBe(onPath);
    expect(() => findPgTool('pg_dump', { env: { PATH: path.join(t.dir, 'empty') }, platform: 'linux' })).toThrow(/pg_dump not found on PATH/);

    const pf = path.join(t.dir, 'Program Files');
    exe(path.join(pf, 'PostgreSQL', '9.6', 'bin', 'pg_dump.exe'));
    const v16 = exe(path.join(pf, 'PostgreSQL', '16', 'bin', 'pg_dump.exe'));
    fs.mkdirSync(path.join(pf, 'PostgreSQL', '17', 'bin'), { recursive: true }); // no pg_dump.exe: skipped
    expect(findPgTool('pg_dump', { env: { Path: '' }, platform: 'win32', programFiles: [path.join(t.dir, 'missing'), pf] })).toBe(v16);
    expect(() => findPgTool('pg_dump', { env: {}, platform: 'win32', programFiles: [] })).toThrow(/C:\\Program Files\\PostgreSQL\\<version>\\bin/);
  });
});

describe('backup file names', () => {
  it('are sortable, unique per run and free of characters Windows refuses', () => {
    const n = backupFileName('optiplan', 'sqlite', new Date('2025-01-02T03:04:05.678Z'), 42, '.sqlite.gz');
    expect(n).toBe('optiplan-sqlite-20250102T030405Z-42.sqlite.gz');
    expect(n).not.toMatch(/[:<>"|?*]/);
    expect(isInside('/a/b', '/a/b/c.dump')).toBe(true);
    expect(isInside('/a/b', '/a/bc/x')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
  });
});
