// Login-only encryption (server with a certificate, Force Encryption off; client PRELOGIN OFF):
// SQL Server wraps only the LOGIN7 exchange in TLS and then carries on in clear on the same
// socket. A raw TDS client (tedious never sends OFF) drives the TDS fake through it over TCP; the
// bytes on the wire show the password inside TLS and the data in clear, and the console's
// encryption judgement (what `mikro_encryption` in verify/diagnostics reports) names exactly that.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { ENCRYPT_OPTION_SQL, judgeEncryption, parseEncryptOption } from '../../main/core/mikro/encryption.js';
import { loginOnlyClient } from '../fakes/tds/login-only-client.js';
import { CANARY, fake } from './mikro-helpers.js';

const tr = translator('tr');
const en = translator('en');
const ucs2 = (s: string) => Buffer.from(s, 'utf16le');

describe('login-only encryption', () => {
  it('the fake does what SQL Server does: OFF answered OFF, LOGIN7 inside TLS, then TDS in clear; encrypt_option says FALSE', async () => {
    const f = await fake({ tls: { encryption: 'on' } });
    const r = await loginOnlyClient(f.host, f.port, { user: 'optiplan_ro', password: CANARY, database: 'MikroDB', sql: ENCRYPT_OPTION_SQL });
    expect(r.prelogin.encryption).toBe('OFF');
    expect(r.tlsProtocol).toBe('TLSv1.2');
    expect(r.loggedIn).toBe(true);
    expect(f.tlsHandshakes).toBe(1);
    // The server got the login through TLS, password and all.
    expect(f.logins).toHaveLength(1);
    expect(f.logins[0]).toMatchObject({ encrypted: true, encryptRequested: 0x00, user: 'optiplan_ro', password: CANARY, database: 'MikroDB' });

    // What an eavesdropper sees: no LOGIN7 (user name, scrambled password) in clear…
    expect(r.sent.includes(r.login7)).toBe(false);
    expect(r.sent.includes(ucs2('optiplan_ro'))).toBe(false);
    expect(r.sent.includes(r.login7.subarray(r.login7.length - 64))).toBe(false);
    // …but the statement and its answer, readable.
    expect(r.sent.includes(ucs2(ENCRYPT_OPTION_SQL))).toBe(true);
    expect(f.statements).toContain(ENCRYPT_OPTION_SQL);
    expect(r.receivedClear.includes(ucs2('FALSE'))).toBe(true);
    expect(r.answer.includes(ucs2('FALSE'))).toBe(true);
  });

  it('the same server with a client that asks for encryption (tedious encrypt:true, pinned): TLS for the whole session, confirmed (PASS)', async () => {
    const f = await fake({ tls: { encryption: 'on' } });
    const { testMikroConnection } = await import('../../main/core/mikro/test-connection.js');
    const r = await testMikroConnection(
      { host: f.host, port: f.port, database: 'MikroDB', username: 'optiplan_ro', password: CANARY, encrypt: true, certificate_fingerprint: f.certificate!.fingerprint256, timeout_seconds: 3 },
      { actor: 'tester', secrets: { env: {}, store: null } },
    );
    expect(r).toMatchObject({ success: true, encryption: 'on', encryption_confirmed: true, encryption_detail: { key: 'mikro.encryption.confirmed' } });
  });

  it("the console's encryption check reports it: TLS seen, server FALSE → WARN, the password went in TLS, the data goes in clear", async () => {
    const f = await fake({ tls: { encryption: 'on' } });
    const r = await loginOnlyClient(f.host, f.port, { user: 'optiplan_ro', password: CANARY, database: 'MikroDB', sql: ENCRYPT_OPTION_SQL });
    // The server's own answer, read off the wire (the answer's nvarchar value).
    const server = parseEncryptOption(r.answer.includes(ucs2('FALSE')) ? 'FALSE' : r.answer.includes(ucs2('TRUE')) ? 'TRUE' : null);
    expect(server).toBe('FALSE');
    // The client half: the login's handshake happened (tedious would have emitted 'secure').
    const report = judgeEncryption(true, { tls: r.tlsProtocol ? 1 : 0, plain: 0 }, server);
    expect(report).toMatchObject({ status: 'WARN', state: 'off', client: 'tls', server_encrypt_option: 'FALSE', confirmed_by_server: false, detail: { key: 'mikro.encryption.login_only' } });
    expect(tr.t(report.detail)).toMatch(/parola TLS içinde gitti.*encrypt_option = FALSE.*açık metin/);
    expect(en.t(report.detail)).toMatch(/password travelled inside TLS.*clear text/);
    expect(tr.t(report.recommendation!)).toMatch(/Force Encryption = Yes/);

    // Not to be mistaken for the cases around it.
    expect(judgeEncryption(true, { tls: 0, plain: 1 }, 'FALSE').detail).toEqual({ key: 'mikro.encryption.not_in_effect' });
    expect(judgeEncryption(true, { tls: 1, plain: 0 }, 'TRUE')).toMatchObject({ status: 'PASS', detail: { key: 'mikro.encryption.confirmed' } });
  });
});
