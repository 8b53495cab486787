// Windows accounts (issue 12 §4): with `authentication: "ntlm"` real tedious sends LOGIN7 carrying an
// NTLM NEGOTIATE, the TDS fake answers with an SSPI CHALLENGE, tedious sends the AUTHENTICATE
// (message 0x11) and the fake checks it — domain, user, NTLMv2 response and, for a known account,
// the NTProofStr computed from the password — before LOGINACK. All over real TCP.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { effectiveMikroSettings } from '../../main/core/mikro/mikro-config.js';
import { checkLeastPrivilege } from '../../main/core/mikro/read-only-verification.js';
import { ntowfV2 } from '../fakes/tds/ntlm.js';
import type { LoginFn } from '../fakes/tds/server.js';
import { CANARY, client, expectNoCanary, fake, rejection, settingsFor } from './mikro-helpers.js';

const tr = translator('tr');
const en = translator('en');

/** Like SQL Server: a Windows login is accepted only when its NTLM proof checks out. */
const windowsOnly: LoginFn = (l) =>
  l.ntlm?.verified === true ? { ok: true } : { ok: false, number: 18456, state: 1, message: `Login failed for user '${l.ntlm ? `${l.ntlm.domain}\\${l.ntlm.user}` : l.user}'.` };

describe('NTLM login (Windows account)', () => {
  it('LOGIN7 carries an NTLM SSPI exchange; the proof is verified; no password travels in LOGIN7', async () => {
    const f = await fake({ ntlm: { accounts: { 'FABRIKA\\ali.veli': CANARY } }, login: windowsOnly });
    const { client: c } = client(settingsFor(f, { authentication: 'ntlm', domain: 'fabrika', username: 'ali.veli' }));
    const r = await c.query('SELECT 1 AS ok', undefined, { maxRows: 1 });
    expect(r.rows).toEqual([[1]]);
    expect(f.logins.length).toBeGreaterThanOrEqual(1);
    expect(f.logins.every((l) => l.ntlm?.verified === true)).toBe(true);
    const login = f.logins[0]!;
    expect(login.ntlm).toMatchObject({ negotiateDomain: 'FABRIKA', domain: 'FABRIKA', user: 'ali.veli', ntlmV2: true, targetInfoEchoed: true, verified: true });
    // NEGOTIATE flags tedious sets: Unicode, NTLM, extended session security.
    expect(login.ntlm!.negotiateFlags & 0x00000001).toBe(0x1);
    expect(login.ntlm!.negotiateFlags & 0x00000200).toBe(0x200);
    expect(login.ntlm!.negotiateFlags & 0x00080000).toBe(0x80000);
    // The password is not in LOGIN7 (only its NTLMv2 proof in the SSPI exchange), nor the user.
    expect(login.password).toBe('');
    expect(login.user).toBe('');
    expect(login.readOnlyIntent).toBe(true);
    expectNoCanary(r, f.requests);
  });

  it('a wrong Windows password is refused by the proof check and explained as a Windows login failure', async () => {
    const f = await fake({ ntlm: { accounts: { 'FABRIKA\\ali.veli': 'the-right-one' } }, login: windowsOnly });
    const { client: c } = client(settingsFor(f, { authentication: 'ntlm', domain: 'FABRIKA', username: 'ali.veli' }));
    const e = await rejection(c.query('SELECT 1', undefined, { maxRows: 1 }));
    expect(f.logins[0]?.ntlm).toMatchObject({ ntlmV2: true, verified: false });
    expect(e.code).toBe('E_MIKRO_LOGIN_FAILED');
    const friendly = e.friendly as unknown as { message: Message; hint: Message };
    expect(friendly.message.key).toBe('mikro.errors.login_failed_windows.message');
    expect(tr.t(friendly.message)).toMatch(/Windows hesabıyla \(NTLM\)/);
    expect(en.t(friendly.hint)).toMatch(/CREATE LOGIN \[FACTORY\\user\] FROM WINDOWS/);
    expectNoCanary(e);
  });

  it('FABRIKA\\user typed as the user name with no domain is split into domain and user', async () => {
    const f = await fake({ ntlm: { accounts: { 'FABRIKA\\ayse': CANARY } }, login: windowsOnly });
    const { client: c } = client(settingsFor(f, { authentication: 'ntlm', domain: null, username: 'FABRIKA\\ayse' }));
    await c.query('SELECT 1', undefined, { maxRows: 1 });
    expect(f.logins[0]?.ntlm).toMatchObject({ domain: 'FABRIKA', user: 'ayse', verified: true });
  });

  it('DOMAIN\\user typed into a SQL login gets the Windows-account hint', async () => {
    const f = await fake({ login: (l) => ({ ok: false, number: 18456, message: `Login failed for user '${l.user}'.` }) });
    const { client: c } = client(settingsFor(f, { username: 'FABRIKA\\ali' }));
    const e = await rejection(c.query('SELECT 1', undefined, { maxRows: 1 }));
    expect(f.logins[0]?.user).toBe('FABRIKA\\ali');
    expect(f.logins[0]?.ntlm).toBeUndefined();
    expect(e.code).toBe('E_MIKRO_LOGIN_FAILED');
    const friendly = e.friendly as unknown as { message: Message; hint: Message };
    expect(friendly.message.key).toBe('mikro.errors.sql_login_looks_windows.message');
    expect(tr.t(friendly.message)).toBe('Oturum açılamadı: “FABRIKA\\ali” bir Windows hesabı (ETKİALANI\\kullanıcı) gibi yazılmış, ancak kimlik doğrulama “SQL Server oturumu” seçili.');
    expect(en.t(friendly.hint)).toMatch(/Windows account \(NTLM\)/);
  });

  it('the fake computes NTOWFv2 as [MS-NLMP] 4.2.4.1.1 does (md4 from js-md4: node:crypto has none on OpenSSL 3)', () => {
    // User "User", domain "Domain", password "Password" → 0c868a403bfd7a93a3001ef22ef02e3f.
    expect(ntowfV2('Password', 'User', 'Domain').toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });
});

describe('least privilege as the server sees the Windows login', () => {
  it('SUSER_NAME() is DOMAIN\\user for an NTLM login: PASS for a plain account, WARN when it is a sysadmin', async () => {
    const eff = effectiveMikroSettings({ host: '127.0.0.1', database: 'MikroDB_V16_TEST' }, {});
    const plain = await fake({ ntlm: { accounts: { 'FABRIKA\\ali': CANARY } }, login: windowsOnly });
    const ok = await checkLeastPrivilege(client(settingsFor(plain, { authentication: 'ntlm', domain: 'FABRIKA', username: 'ali' })).client, eff);
    expect(ok).toMatchObject({ status: 'PASS', observed: { login: 'FABRIKA\\ali', roles: [] } });
    const admin = await fake({ ntlm: { accounts: { 'FABRIKA\\it': CANARY } }, login: windowsOnly, roles: { sysadmin: true } });
    const warn = await checkLeastPrivilege(client(settingsFor(admin, { authentication: 'ntlm', domain: 'FABRIKA', username: 'it' })).client, eff);
    expect(warn).toMatchObject({ status: 'WARN', observed: { login: 'FABRIKA\\it', roles: ['sysadmin', 'db_owner'] } });
  });

  it('a SQL login named sa is sa, sysadmin and db_owner', async () => {
    const f = await fake();
    const check = await checkLeastPrivilege(client(settingsFor(f, { username: 'sa' })).client, effectiveMikroSettings({ host: '127.0.0.1', database: 'MikroDB' }, {}));
    expect(check).toMatchObject({ status: 'WARN', observed: { login: 'sa', roles: ['sa', 'sysadmin', 'db_owner'] } });
  });
});
