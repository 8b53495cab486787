// Read-only verification (R-MIKRO-6, -7, -9) with the fake's answers scripted per statement.
import type sql from 'mssql';
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { effectiveMikroSettings } from '../../main/core/mikro/mikro-config.js';
import { MikroClient } from '../../main/core/mikro/mikro-connection.js';
import {
  checkApplicationIntent,
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
import { CANARY, client, closedPort, expectNoCanary, fake, onCleanup, settingsFor } from './mikro-helpers.js';
import { mikroInstallation } from '../fakes/tds/mikro-setup.js';

const tr = translator('tr');
const en = translator('en');

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
    expect(check).toMatchObject({ status: 'PASS', observed: { database_rights: ['CONNECT', 'SELECT', 'SHOWPLAN'], write_rights: [], write_roles: [] } });
    expect(en.t(check.detail)).toBe('The login is read-only on the server (database rights: CONNECT, SELECT and SHOWPLAN; no write role).');
    expect(tr.t(check.detail)).toBe('Kullanıcı sunucuda salt okunur (veritabanı yetkileri: CONNECT, SELECT ve SHOWPLAN; yazma rolü yok).');
    expect(f.statements).toEqual(expect.arrayContaining([PERMISSIONS_DATABASE_SQL, PERMISSIONS_SERVER_SQL, ROLES_SQL]));
  });

  const offenders: Array<[string, Login, RegExp]> = [
    ['INSERT', { ...READER, db: ['CONNECT', 'SELECT', 'INSERT'] }, /rights: INSERT; roles: none\)/],
    ['EXECUTE', { ...READER, db: ['CONNECT', 'SELECT', 'EXECUTE'] }, /rights: EXECUTE; roles: none\)/],
    ['UPDATE, DELETE, ALTER, CREATE TABLE, CONTROL', { ...READER, db: ['SELECT', 'UPDATE', 'DELETE', 'ALTER', 'CREATE TABLE', 'CONTROL'] }, /rights: ALTER, CONTROL, CREATE TABLE, DELETE, UPDATE;/],
    ['db_owner', { ...READER, roles: { db_owner: 1 } }, /roles: db_owner\)/],
    ['db_datawriter', { ...READER, roles: { db_datawriter: 1 } }, /roles: db_datawriter\)/],
    ['db_ddladmin', { ...READER, roles: { db_ddladmin: 1 } }, /roles: db_ddladmin\)/],
    ['sysadmin', { ...READER, server: ['CONNECT SQL', 'CONTROL SERVER'], roles: { sysadmin: 1 } }, /rights: CONTROL SERVER; roles: sysadmin\)/],
  ];
  for (const [label, login, detail] of offenders) {
    it(`a login with ${label} FAILS naming it`, async () => {
      const f = await fake({ answer: server(login) });
      const check = await checkLoginPermissions(client(settingsFor(f)).client);
      expect(check.status).toBe('FAIL');
      expect(en.t(check.detail)).toMatch(detail);
      expect(tr.t(check.detail)).toMatch(/yazabiliyor/);
      expect(en.t(check.recommendation!)).toMatch(/db_datareader/);
      expect(tr.t(check.recommendation!)).toMatch(/db_datareader/);
    });
  }

  it('unreadable permissions are a WARN, not a PASS', async () => {
    const f = await fake({ answer: (sql) => (sql === PERMISSIONS_DATABASE_SQL ? { error: { number: 229, message: 'denied', class: 14 } } : server(READER)(sql, undefined as never)) });
    const unreadable = await checkLoginPermissions(client(settingsFor(f)).client);
    expect(unreadable.status).toBe('WARN');
    expect(tr.t(unreadable.detail)).toBe('Kullanıcı yetkileri okunamadı: Yetki reddedildi: kullanıcının bu nesneyi okuma (SELECT) izni yok.');
    expect(unreadable.technical_detail).toMatch(/denied/);
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
    expect(en.t(check.detail)).toMatch(/configured but not in effect/);
    expect(tr.t(check.detail)).toMatch(/yapılandırılmış ancak etkin değil/);
    expect(en.t(check.recommendation!)).toMatch(/certificate/i);
    expect(c.transport).toEqual({ tls: 0, plain: 1 });
    expect(f.logins.every((l) => l.encryptRequested === 0x01)).toBe(true); // we did ask for it
    expect(f.statements).toContain(ENCRYPT_OPTION_SQL);
  });

  it('encrypt:false → WARN that it is off by configuration; the server cannot be asked → still WARN', async () => {
    const f = await fake({ answer: server(READER) });
    const off = await checkEncryption(client(settingsFor(f, { encrypt: false })).client);
    expect(off).toMatchObject({ status: 'WARN' });
    expect(en.t(off.detail)).toMatch(/turned off in the configuration/);
    expect(tr.t(off.detail)).toMatch(/yapılandırmada kapalı/);
  });
});

describe('master tables', () => {
  it('readable tables PASS; a missing table (208) and a denied one (229) FAIL by name', async () => {
    const f = await fake({ answer: server(READER) });
    const ok = await checkMasterTables(client(settingsFor(f)).client, ['CARI_HESAPLAR', 'dbo.STOKLAR']);
    expect(ok).toMatchObject({ status: 'PASS' });
    expect(en.t(ok.detail)).toBe('Tables readable: CARI_HESAPLAR and dbo.STOKLAR.');
    expect(tr.t(ok.detail)).toBe('Tablolar okunabiliyor: CARI_HESAPLAR ve dbo.STOKLAR.');
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
    expect(en.t(bad.detail)).toBe('Not readable: TBLSTSABIT (208) and STOKLAR (229) (SQL Server error number in brackets: 208 no such table, 229 permission denied).');
    expect(tr.t(bad.detail)).toMatch(/^Okunamayan tablolar: TBLSTSABIT \(208\) ve STOKLAR \(229\)/);
    expect(bad.observed).toEqual({ unreadable: [{ table: 'TBLSTSABIT', reason: '208' }, { table: 'STOKLAR', reason: '229' }] });
    // The server's words are technical detail only.
    expect(bad.technical_detail).toMatch(/Invalid object name 'TBLSTSABIT'/);
    expect(en.t(bad.detail)).not.toMatch(/Invalid object name/);
  });
});

describe('verifyMikroReadOnly', () => {
  it('runs every check in order through the guard', async () => {
    // The Mikro installation answers the catalog the schema contract reads (mikro-setup.ts).
    const f = await fake({ answer: server({ ...READER, encrypt: 'FALSE' }), mikro: mikroInstallation() });
    const eff = effectiveMikroSettings({ read_only: false, master_tables: ['CARI_HESAPLAR'] }, {});
    const checks = await verifyMikroReadOnly(client(settingsFor(f)).client, eff);
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['mikro_read_only', 'WARN'],
      ['mikro_connection', 'PASS'],
      ['mikro_login_permissions', 'PASS'],
      ['mikro_least_privilege', 'PASS'],
      ['mikro_application_intent', 'PASS'],
      ['mikro_encryption', 'WARN'],
      ['mikro_tables_readable', 'PASS'],
      ['mikro_schema_contract', 'PASS'],
      ['mikro_server', 'PASS'],
    ]);
    expect(en.t(checks[0]!.detail)).toMatch(/read_only forced on/);
    expect(en.t(checks[4]!.detail)).toMatch(/^ApplicationIntent=ReadOnly was sent on every connection \(\d+ connections\)/);
    expect(checks.every((c) => typeof c.duration_ms === 'number')).toBe(true);
    for (const c of checks) expect(c.title).toEqual({ key: `mikro.checks.${c.name}.title` });
    expect(f.logins.every((l) => l.readOnlyIntent)).toBe(true);
  });

  it('no connection → mikro_connection FAIL (reason as message, driver text as technical detail); the server checks SKIP naming it', async () => {
    const port = await closedPort();
    const checks = await verifyMikroReadOnly(client(settingsFor({ host: '127.0.0.1', port })).client, effectiveMikroSettings({}, {}));
    expect(checks.map((c) => c.status)).toEqual(['PASS', 'FAIL', 'SKIP', 'SKIP', 'SKIP', 'SKIP', 'SKIP', 'SKIP', 'SKIP']);
    expect(tr.t(checks[1]!.detail)).toMatch(/^Mikro bağlantısı başarısız: Sunucu bağlantıyı reddetti \(127\.0\.0\.1:\d+\)/);
    expect(en.t(checks[1]!.detail)).toMatch(/^Mikro connection failed: The server refused the connection \(127\.0\.0\.1:\d+\): nothing listens for SQL Server on that port\.$/);
    expect(checks[1]?.technical_detail).toMatch(/^E_MIKRO_UNREACHABLE \[ECONNREFUSED\]: /);
    for (const c of checks.slice(2)) {
      expect(c).toMatchObject({ skipped_because: 'mikro_connection', recommendation: null, steps: [] });
      expect(tr.t(c.detail)).toBe('“Mikro bağlantısı” kontrolü başarısız olduğu için atlandı.');
      expect(en.t(c.detail)).toBe('Skipped because the “Mikro connection” check failed.');
    }
    expectNoCanary(checks);
  });
});

/** A client whose connections leave ApplicationIntent out (what a regression in buildMssqlConfig would do). */
class NoIntentClient extends MikroClient {
  protected override mssqlConfig(password: string | undefined): sql.config {
    const config = super.mssqlConfig(password);
    return { ...config, options: { ...config.options, readOnlyIntent: false } };
  }
}

describe('mikro_application_intent: what the connections really sent', () => {
  it('PASS when every LOGIN7 carried ApplicationIntent=ReadOnly', async () => {
    const f = await fake({ answer: server(READER) });
    const c = client(settingsFor(f)).client;
    await c.query('SELECT 1 AS ok', undefined, { maxRows: 1 });
    const check = checkApplicationIntent(c);
    expect(check.status).toBe('PASS');
    expect(check.observed).toEqual({ connections: c.intent.connections, read_only_intent: c.intent.connections });
    expect(c.intent.connections).toBe(f.logins.length);
  });

  it('FAIL when a connection logged in without it (the fake sees the flag missing too)', async () => {
    const f = await fake({ answer: server(READER) });
    const c = new NoIntentClient(settingsFor(f), async () => CANARY);
    onCleanup(() => c.close());
    await c.query('SELECT 1 AS ok', undefined, { maxRows: 1 });
    expect(f.logins.some((l) => !l.readOnlyIntent)).toBe(true);
    const check = checkApplicationIntent(c);
    expect(check.status).toBe('FAIL');
    expect(en.t(check.detail)).toMatch(/connections were opened without ApplicationIntent=ReadOnly/);
    expect(tr.t(check.detail)).toMatch(/bağlantı ApplicationIntent=ReadOnly olmadan açıldı/);
  });

  it('WARN when no connection was observed', async () => {
    const f = await fake();
    expect(checkApplicationIntent(client(settingsFor(f)).client).status).toBe('WARN');
  });
});
