// Read-only verification (R-MIKRO-6, -7, -9) with the fake's answers scripted per statement.
import { describe, expect, it } from 'vitest';
import { effectiveMikroSettings } from '../../main/core/mikro/mikro-config.js';
import {
  checkEncryption,
  checkLoginPermissions,
  checkMasterTables,
  PERMISSIONS_DATABASE_SQL,
  PERMISSIONS_SERVER_SQL,
  ROLES_SQL,
  verifyMikroReadOnly,
} from '../../main/core/mikro/read-only-verification.js';
import { ENCRYPT_OPTION_SQL } from '../../main/core/mikro/encryption.js';
import type { AnswerFn, ScriptedReply } from '../fakes/tds/server.js';
import { client, closedPort, expectNoCanary, fake, settingsFor } from './mikro-helpers.js';

interface Login {
  db?: string[];
  server?: string[];
  roles?: { db_owner?: number; db_datawriter?: number; db_ddladmin?: number; sysadmin?: number };
  tables?: Record<string, ScriptedReply>;
  encrypt?: string | null;
}

const READER: Login = { db: ['CONNECT', 'SELECT', 'SHOWPLAN'], server: ['CONNECT SQL', 'VIEW ANY DATABASE'], roles: {} };

/** Answers the verification queries the way SQL Server would for a login with these rights. */
function server(login: Login): AnswerFn {
  return (sql) => {
    const list = (names: string[] = []) => ({ columns: [{ name: 'permission_name', type: 'nvarchar' as const }], rows: names.map((n) => [n]) });
    if (sql === PERMISSIONS_DATABASE_SQL) return list(login.db);
    if (sql === PERMISSIONS_SERVER_SQL) return list(login.server);
    if (sql === ROLES_SQL) {
      const r = login.roles ?? {};
      const names = ['db_owner', 'db_datawriter', 'db_ddladmin', 'sysadmin'] as const;
      return { columns: names.map((name) => ({ name, type: 'int' as const })), rows: [names.map((n) => r[n] ?? 0)] };
    }
    if (sql === ENCRYPT_OPTION_SQL) {
      if (login.encrypt === undefined) return { error: { number: 300, message: 'VIEW SERVER STATE permission was denied on object', class: 14 } };
      return { columns: [{ name: 'encrypt_option', type: 'nvarchar' }], rows: login.encrypt === null ? [] : [[login.encrypt]] };
    }
    const table = /FROM (\[[^\]]+\](?:\.\[[^\]]+\])?) WITH \(NOLOCK\)$/.exec(sql)?.[1];
    if (table) return login.tables?.[table] ?? { columns: [{ name: 'id', type: 'int' }], rows: [[1]] };
    return undefined;
  };
}

describe('login permissions', () => {
  it('a SELECT-only login passes', async () => {
    const f = await fake({ answer: server(READER) });
    const check = await checkLoginPermissions(client(settingsFor(f)).client);
    expect(check).toMatchObject({ name: 'mikro_login_permissions', status: 'PASS', recommendation: null });
    expect(check.detail).toMatch(/CONNECT, SELECT, SHOWPLAN/);
    expect(f.statements).toEqual(expect.arrayContaining([PERMISSIONS_DATABASE_SQL, PERMISSIONS_SERVER_SQL, ROLES_SQL]));
  });

  const offenders: Array<[string, Login, RegExp]> = [
    ['INSERT', { ...READER, db: ['CONNECT', 'SELECT', 'INSERT'] }, /rights INSERT\b/],
    ['EXECUTE', { ...READER, db: ['CONNECT', 'SELECT', 'EXECUTE'] }, /rights EXECUTE\b/],
    ['UPDATE, DELETE, ALTER, CREATE TABLE, CONTROL', { ...READER, db: ['SELECT', 'UPDATE', 'DELETE', 'ALTER', 'CREATE TABLE', 'CONTROL'] }, /rights ALTER, CONTROL, CREATE TABLE, DELETE, UPDATE/],
    ['db_owner', { ...READER, roles: { db_owner: 1 } }, /role db_owner/],
    ['db_datawriter', { ...READER, roles: { db_datawriter: 1 } }, /role db_datawriter/],
    ['db_ddladmin', { ...READER, roles: { db_ddladmin: 1 } }, /role db_ddladmin/],
    ['sysadmin', { ...READER, server: ['CONNECT SQL', 'CONTROL SERVER'], roles: { sysadmin: 1 } }, /rights CONTROL SERVER; role sysadmin/],
  ];
  for (const [label, login, detail] of offenders) {
    it(`a login with ${label} FAILS naming it`, async () => {
      const f = await fake({ answer: server(login) });
      const check = await checkLoginPermissions(client(settingsFor(f)).client);
      expect(check.status).toBe('FAIL');
      expect(check.detail).toMatch(detail);
      expect(check.detail_tr).toMatch(/yazabiliyor/);
      expect(check.recommendation).toMatch(/db_datareader/);
    });
  }

  it('unreadable permissions are a WARN, not a PASS', async () => {
    const f = await fake({ answer: (sql) => (sql === PERMISSIONS_DATABASE_SQL ? { error: { number: 229, message: 'denied', class: 14 } } : server(READER)(sql, undefined as never)) });
    expect((await checkLoginPermissions(client(settingsFor(f)).client)).status).toBe('WARN');
    const empty = await fake({ answer: server({ ...READER, db: [] }) });
    expect((await checkLoginPermissions(client(settingsFor(empty)).client)).status).toBe('WARN');
  });
});

describe('encryption truth', () => {
  it('encrypt:true against a NOT_SUP server → WARN "not in effect"', async () => {
    const f = await fake({ answer: server({ ...READER, encrypt: 'FALSE' }) });
    const c = client(settingsFor(f, { encrypt: true })).client;
    const check = await checkEncryption(c);
    expect(check.status).toBe('WARN');
    expect(check.detail).toMatch(/configured but not in effect/);
    expect(check.recommendation).toMatch(/certificate/i);
    expect(c.transport).toEqual({ tls: 0, plain: 2 });
    expect(f.logins.every((l) => l.encryptRequested === 0x01)).toBe(true); // we did ask for it
    expect(f.statements).toContain(ENCRYPT_OPTION_SQL);
  });

  it('encrypt:false → WARN that it is off by configuration; the server cannot be asked → still WARN', async () => {
    const f = await fake({ answer: server(READER) });
    const off = await checkEncryption(client(settingsFor(f, { encrypt: false })).client);
    expect(off).toMatchObject({ status: 'WARN' });
    expect(off.detail).toMatch(/turned off in the configuration/);
  });
});

describe('master tables', () => {
  it('readable tables PASS; a missing table (208) and a denied one (229) FAIL by name', async () => {
    const f = await fake({ answer: server(READER) });
    const ok = await checkMasterTables(client(settingsFor(f)).client, ['CARI_HESAPLAR', 'dbo.STOKLAR']);
    expect(ok).toMatchObject({ status: 'PASS', detail: 'Tables readable: CARI_HESAPLAR, dbo.STOKLAR.' });
    expect(f.statements).toContain('SELECT TOP 1 * FROM [CARI_HESAPLAR] WITH (NOLOCK)');
    expect(f.statements).toContain('SELECT TOP 1 * FROM [dbo].[STOKLAR] WITH (NOLOCK)');

    const g = await fake({
      answer: server({
        ...READER,
        tables: {
          '[TBLSTSABIT]': { error: { number: 208, message: "Invalid object name 'TBLSTSABIT'." } },
          '[STOKLAR]': { error: { number: 229, message: "The SELECT permission was denied on the object 'STOKLAR'", class: 14 } },
        },
      }),
    });
    const bad = await checkMasterTables(client(settingsFor(g)).client, ['CARI_HESAPLAR', 'TBLSTSABIT', 'STOKLAR']);
    expect(bad.status).toBe('FAIL');
    expect(bad.detail).toBe('Not readable: TBLSTSABIT does not exist (208); STOKLAR SELECT permission denied (229).');
    expect(bad.detail_tr).toMatch(/TBLSTSABIT bulunamadı/);
  });
});

describe('verifyMikroReadOnly', () => {
  it('runs every check in order through the guard', async () => {
    const f = await fake({ answer: server({ ...READER, encrypt: 'FALSE' }) });
    const eff = effectiveMikroSettings({ read_only: false, master_tables: ['CARI_HESAPLAR'] }, {});
    const checks = await verifyMikroReadOnly(client(settingsFor(f)).client, eff);
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['mikro_read_only', 'WARN'],
      ['mikro_connection', 'PASS'],
      ['mikro_login_permissions', 'PASS'],
      ['mikro_application_intent', 'PASS'],
      ['mikro_encryption', 'WARN'],
      ['mikro_tables_readable', 'PASS'],
    ]);
    expect(checks[0]?.detail).toMatch(/read_only forced on/);
    expect(checks[3]?.detail).toMatch(/ApplicationIntent=ReadOnly/);
    expect(checks.every((c) => typeof c.duration_ms === 'number')).toBe(true);
    expect(f.logins.every((l) => l.readOnlyIntent)).toBe(true);
  });

  it('no connection → mikro_connection FAIL with the older text, the rest not checked', async () => {
    const port = await closedPort();
    const checks = await verifyMikroReadOnly(client(settingsFor({ host: '127.0.0.1', port })).client, effectiveMikroSettings({}, {}));
    expect(checks.map((c) => c.status)).toEqual(['PASS', 'FAIL', 'WARN', 'WARN', 'WARN', 'WARN']);
    expect(checks[1]?.detail_tr).toMatch(/^Mikro baglantisi basarisiz: /);
    expect(checks[1]?.detail).toMatch(/ECONNREFUSED/);
    expectNoCanary(checks);
  });
});
