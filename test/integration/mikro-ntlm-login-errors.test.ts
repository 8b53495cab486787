// Issue 12 §4: login failures explained as SQL Server really behaves — 18456 never tells the client
// the reason (state 1), 4060 / 4064 (database not openable / default database), EENCRYPT (server
// forces encryption), NTLM over the staged connection test — each with Turkish and English next
// steps; and the connection test's `server` facts. Real tedious against the TDS fake over TCP.
import { describe, expect, it } from 'vitest';
import { testMikroConnection } from '../../main/core/mikro/test-connection.js';
import { DATA_SIZE_SQL, SERVER_FACTS_SQL } from '../../main/core/mikro/server-facts.js';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import type { LoginResult } from '../fakes/tds/server.js';
import { CANARY, client, expectNoCanary, fake, MemoryAudit, rejection, settingsFor } from './mikro-helpers.js';

const tr = translator('tr');
const en = translator('en');
const noSecrets = { env: {}, store: null };

async function loginError(result: LoginResult, overrides = {}) {
  const f = await fake({ login: () => result });
  const e = await rejection(client(settingsFor(f, overrides)).client.query('SELECT 1', undefined, { maxRows: 1 }));
  const friendly = e.friendly as unknown as { message: Message; hint: Message; technical_detail: string };
  return { e, friendly };
}

describe('login errors', () => {
  it('18456: the client never sees the real reason (state 1); the hint lists the likely ones and what the DBA looks up', async () => {
    const { e, friendly } = await loginError({ ok: false, number: 18456, state: 1, message: "Login failed for user 'optiplan_ro'." });
    expect(e.code).toBe('E_MIKRO_LOGIN_FAILED');
    expect(friendly.message.key).toBe('mikro.errors.login_failed.message');
    const hintTr = tr.t(friendly.hint);
    expect(hintTr).toMatch(/her zaman “durum 1”/);
    expect(hintTr).toMatch(/xp_readerrorlog 0, 1, N'18456'/);
    expect(hintTr).toMatch(/8 parola yanlış/);
    expect(hintTr).toMatch(/58 SQL kimlik doğrulaması kapalı/);
    const hintEn = en.t(friendly.hint);
    expect(hintEn).toMatch(/always 'state 1'/);
    expect(hintEn).toMatch(/2\/5 no such login, 6 a Windows account typed as a SQL login, 7 login disabled, 8 wrong password/);
    expect(friendly.technical_detail).toContain("Login failed for user 'optiplan_ro'.");
    expectNoCanary(e);
  });

  it('4060: the database cannot be opened, named', async () => {
    const { e, friendly } = await loginError({ ok: false, number: 4060, message: 'Cannot open database "MikroDB_V16_TEST" requested by the login. The login failed.' });
    expect(e.code).toBe('E_MIKRO_LOGIN_FAILED');
    expect(tr.t(friendly.message)).toBe('“MikroDB_V16_TEST” veritabanı açılamadı: bulunamadı veya kullanıcının erişim izni yok.');
    expect(en.t(friendly.hint)).toMatch(/db_datareader/);
  });

  it("4064: the login's default database cannot be opened, with the DBA's fix", async () => {
    const { e, friendly } = await loginError({ ok: false, number: 4064, message: 'Cannot open user default database. Login failed.' });
    expect(e.code).toBe('E_MIKRO_LOGIN_FAILED');
    expect(friendly.message.key).toBe('mikro.errors.default_database.message');
    expect(tr.t(friendly.message)).toBe('Oturum açılamadı: kullanıcının varsayılan veritabanı açılamıyor (hata 4064).');
    expect(en.t(friendly.hint)).toContain('ALTER LOGIN [user] WITH DEFAULT_DATABASE = [MikroDB_V16];');
    expect(tr.t(friendly.hint)).toContain('ALTER LOGIN [kullanici] WITH DEFAULT_DATABASE = [MikroDB_V16];');
  });

  it('EENCRYPT: the server forces encryption and the connection has it off', async () => {
    const f = await fake({ preloginEncryption: 0x03 });
    const e = await rejection(client(settingsFor(f, { encrypt: false })).client.query('SELECT 1', undefined, { maxRows: 1 }));
    const friendly = e.friendly as unknown as { message: Message; hint: Message; reason: string };
    expect(friendly.reason).toBe('EENCRYPT');
    expect(tr.t(friendly.message)).toBe('Sunucu şifreli bağlantı istiyor, ancak şifreleme kapalı.');
    expect(tr.t(friendly.hint)).toMatch(/Force Encryption/);
    expect(en.t(friendly.hint)).toMatch(/^Turn on 'Encrypt Connection' in the SQL Board: the server forces encryption/);
    expect(f.logins).toHaveLength(0); // no LOGIN7 (and so no password) was sent
  });
});

describe('connection test', () => {
  it('a successful test carries the server facts', async () => {
    const f = await fake({
      serverVersion: '15.0.4312',
      answer: (sql) => {
        if (sql === SERVER_FACTS_SQL) {
          const cols = ['product_version', 'product_level', 'update_level', 'edition', 'engine_edition', 'server_collation', 'database_collation'] as const;
          return { columns: cols.map((name) => ({ name, type: name === 'engine_edition' ? ('int' as const) : ('nvarchar' as const) })), rows: [['15.0.4312.2', 'RTM', 'CU21', 'Express Edition (64-bit)', 4, 'Turkish_CI_AS', 'Turkish_CI_AS']] };
        }
        if (sql === DATA_SIZE_SQL) return { columns: [{ name: 'data_bytes', type: 'bigint' }], rows: [[5 * 1024 ** 3]] };
        return undefined;
      },
    });
    const { host, port, database, username } = settingsFor(f);
    const r = await testMikroConnection({ host, port, database, username, password: CANARY, encrypt: false, timeout_seconds: 3 }, { actor: 'tester', audit: new MemoryAudit(), secrets: noSecrets });
    expect(r.success).toBe(true);
    expect(r.server).toMatchObject({ product: 'SQL Server 2019 (15.0.4312)', edition: 'Express Edition (64-bit)', express: true, database_collation: 'Turkish_CI_AS', data_used_percent: 50 });
    expectNoCanary(r);
  });

  it('DOMAIN\\user typed into a SQL login: the staged test stops at login with the Windows-account hint', async () => {
    const f = await fake({ login: (l) => ({ ok: false, number: 18456, message: `Login failed for user '${l.user}'.` }) });
    const { host, port, database } = settingsFor(f);
    const r = await testMikroConnection({ host, port, database, username: 'FABRIKA\\ali', password: CANARY, encrypt: false, timeout_seconds: 3 }, { actor: 'tester', audit: new MemoryAudit(), secrets: noSecrets });
    expect(r.success).toBe(false);
    const login = r.stages?.find((s) => s.name === 'login');
    expect(login?.status).toBe('FAIL');
    expect(tr.t(r.message)).toContain('Windows hesabı (ETKİALANI\\kullanıcı) gibi yazılmış');
    expect(en.t(r.hint!)).toMatch(/Windows account \(NTLM\)/);
    expectNoCanary(r);
  });

  it('a Windows account over the staged test: NTLM in LOGIN7, then the login stage passes', async () => {
    const f = await fake({ ntlm: { accounts: { 'FABRIKA\\ali': CANARY } }, login: (l) => (l.ntlm?.verified ? { ok: true } : { ok: false, number: 18456, message: 'Login failed.' }) });
    const { host, port, database } = settingsFor(f);
    const r = await testMikroConnection(
      { host, port, database, username: 'ali', authentication: 'ntlm', domain: 'FABRIKA', password: CANARY, encrypt: false, timeout_seconds: 3 },
      { actor: 'tester', audit: new MemoryAudit(), secrets: noSecrets },
    );
    expect(r.success).toBe(true);
    expect(r.stages?.find((s) => s.name === 'login')?.status).toBe('PASS');
    expect(f.logins.length).toBeGreaterThan(0);
    expect(f.logins.every((l) => l.ntlm?.verified === true && l.password === '')).toBe(true);
    expectNoCanary(r);
  });
});
