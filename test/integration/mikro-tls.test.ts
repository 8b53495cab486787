// TLS towards Mikro, end to end: real tedious (through MikroClient and the staged test) against the
// TDS fake speaking TLS inside PRELOGIN packets with a throw-away self-signed certificate.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { testMikroConnection } from '../../main/core/mikro/test-connection.js';
import type { MikroTestResult } from '../../shared/mikro.js';
import { CANARY, MemoryAudit, NO_SECRETS, TEST_ACTOR, client, expectNoCanary, fake, rejection, settingsFor, testForm } from './mikro-helpers.js';
import { connectTcp, sendPrelogin, tlsOverPrelogin } from '../../main/core/mikro/stages/prelogin-probe.js';

const actor = TEST_ACTOR;
const noSecrets = NO_SECRETS;
const tr = translator('tr');
const en = translator('en');
const form = (f: { host: string; port: number }, extra: Record<string, unknown> = {}) => testForm(f, { encrypt: true, ...extra });

const stage = (r: MikroTestResult, name: string) => r.stages?.find((s) => s.name === name);
const plainHex = (fp: string) => fp.replace(/:/g, '').toLowerCase();

describe('encrypt on against a self-signed certificate', () => {
  it('is refused at the tls stage with subject, issuer, expiry and fingerprint; no LOGIN7 is sent', async () => {
    const f = await fake({ tls: { encryption: 'on' } });
    const audit = new MemoryAudit();
    const r = await testMikroConnection(form(f), { actor, audit, secrets: noSecrets });
    expect(r).toMatchObject({ success: false, code: 'E_MIKRO_CERTIFICATE' });
    expect(r.stages?.map((s) => s.name)).toEqual(['parse', 'dns', 'browser', 'tcp', 'prelogin', 'tls']);
    expect(stage(r, 'tls')).toMatchObject({ status: 'FAIL', detail: { key: 'mikro.stages.tls.untrusted' } });
    expect(r.certificate?.fingerprint256).toBe(f.certificate!.fingerprint256);
    expect(r.certificate?.subject).toContain('SSL_Self_Signed_Fallback');
    const text = en.t(stage(r, 'tls')!.detail);
    expect(text).toContain(f.certificate!.fingerprint256);
    expect(text).toContain('SSL_Self_Signed_Fallback');
    expect(tr.t(r.hint!)).toContain('Bu sertifikaya güven (parmak izi sabitlenir)');
    expect(stage(r, 'tls')!.technical_detail).toMatch(/SELF_SIGNED|self-signed/i);
    expect(f.logins).toHaveLength(0);
    expectNoCanary(r, audit.rows);
  });

  it('a pinned fingerprint (any case, with or without colons) connects: LOGIN7 inside TLS, encrypt_option confirmed', async () => {
    const f = await fake({ tls: { encryption: 'on' } });
    const r = await testMikroConnection(form(f, { certificate_fingerprint: plainHex(f.certificate!.fingerprint256) }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(r).toMatchObject({ success: true, encryption: 'on', encryption_confirmed: true });
    expect(stage(r, 'tls')).toMatchObject({ status: 'PASS', detail: { key: 'mikro.stages.tls.pinned' }, facts: { protocol: 'TLSv1.2', pinned: true } });
    expect(f.logins.length).toBeGreaterThan(0);
    expect(f.logins.every((l) => l.encrypted && l.encryptRequested === 0x01)).toBe(true);
    expect(f.lastTls?.protocol).toBe('TLSv1.2');
  });

  it('a wrong pin is refused before any credential leaves: in the staged test and in the client every feature uses', async () => {
    const f = await fake({ tls: { encryption: 'on' } });
    const wrong = 'AB:'.repeat(31) + 'AB';
    const r = await testMikroConnection(form(f, { certificate_fingerprint: wrong }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(r).toMatchObject({ success: false, code: 'E_MIKRO_CERTIFICATE' });
    expect(stage(r, 'tls')).toMatchObject({ status: 'FAIL', detail: { key: 'mikro.stages.tls.pin_mismatch' } });
    expect(en.t(stage(r, 'tls')!.detail)).toContain(f.certificate!.fingerprint256);

    // The pin also gates tedious itself (MikroClient, on its 'secure' event): no LOGIN7 reaches the server.
    const { client: c } = client(settingsFor(f, { certificate_fingerprint: wrong }));
    const err = await rejection(c.query('SELECT 1'));
    expect(err).toMatchObject({ code: 'E_MIKRO_CERTIFICATE' });
    expect(c.pinFailure?.certificate.fingerprint256).toBe(f.certificate!.fingerprint256);
    expect(f.tlsHandshakes).toBeGreaterThan(0);
    expect(f.logins).toHaveLength(0);
    expectNoCanary(r, err);

    const { client: ok } = client(settingsFor(f, { certificate_fingerprint: f.certificate!.fingerprint256 }));
    expect((await ok.query('SELECT 1')).rows).toEqual([[1]]);
    expect(ok.transport.plain).toBe(0); // mssql's probe connection and the pool's: both TLS
    expect(ok.transport.tls).toBeGreaterThan(0);
    expect(f.logins.every((l) => l.encrypted)).toBe(true);
  });

  it('blanket trust_server_certificate connects with a WARN at the tls stage', async () => {
    const f = await fake({ tls: { encryption: 'on' } });
    const r = await testMikroConnection(form(f, { trust_server_certificate: true }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(r.success).toBe(true);
    expect(stage(r, 'tls')).toMatchObject({ status: 'WARN', detail: { key: 'mikro.stages.tls.trusted_blanket' } });
    expect(r.certificate?.fingerprint256).toBe(f.certificate!.fingerprint256);
  });
});

describe('an old server that speaks only TLS 1.0 (SQL Server 2012 as installed)', () => {
  const old = { serverVersion: '11.0.2100', tls: { encryption: 'on' as const, minVersion: 'TLSv1' as const, maxVersion: 'TLSv1' as const } };

  it('is named as old TLS with the version from PRELOGIN and the fix, never as a certificate problem', async () => {
    const f = await fake(old);
    const r = await testMikroConnection(form(f), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(r).toMatchObject({ success: false, code: 'E_MIKRO_OLD_TLS' });
    expect(stage(r, 'prelogin')).toMatchObject({ status: 'PASS', facts: { product: 'SQL Server 2012 RTM (11.0.2100)', tls12_capable: false } });
    expect(stage(r, 'tls')).toMatchObject({ status: 'FAIL', detail: { key: 'mikro.stages.tls.old_tls' } });
    expect(tr.t(stage(r, 'tls')!.detail)).toMatch(/SQL Server 2012.*eski TLS.*sertifika sorunu değildir/);
    expect(en.t(r.hint!)).toMatch(/KB3135244.*TLS 1\.2/);
    expect(stage(r, 'tls')!.technical_detail).toMatch(/protocol|version/i);
    expect(f.logins).toHaveLength(0);

    // The client every feature uses says the same (OpenSSL's ERR_SSL_* code is not a certificate's).
    const { client: c } = client(settingsFor(f, { trust_server_certificate: true }));
    const err = await rejection(c.query('SELECT 1'));
    expect(err).toMatchObject({ code: 'E_MIKRO_OLD_TLS' });
  });

  it('tls_min_version "1.0" connects for this connection only, and the tls stage WARNs (weak TLS)', async () => {
    const f = await fake(old);
    const r = await testMikroConnection(form(f, { tls_min_version: '1.0', certificate_fingerprint: f.certificate!.fingerprint256 }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(r.success).toBe(true);
    expect(stage(r, 'tls')).toMatchObject({ status: 'WARN', detail: { key: 'mikro.stages.tls.weak' }, facts: { protocol: 'TLSv1' } });
    expect(f.lastTls?.protocol).toBe('TLSv1');
    expect(f.logins.every((l) => l.encrypted)).toBe(true);
  });
});

describe('encryption modes as SQL Server has them', () => {
  it('REQ (Force Encryption): encrypt:false stops at prelogin (and tedious says EENCRYPT); encrypt:true runs TLS', async () => {
    const f = await fake({ tls: { encryption: 'req' } });
    const r = await testMikroConnection(form(f, { encrypt: false }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(r).toMatchObject({ success: false, code: 'E_MIKRO_CERTIFICATE' });
    expect(stage(r, 'prelogin')).toMatchObject({ status: 'FAIL', detail: { key: 'mikro.stages.prelogin.requires_encryption' }, facts: { encryption: 'REQ' } });
    const { client: plain } = client(settingsFor(f, { encrypt: false }));
    expect(await rejection(plain.query('SELECT 1'))).toMatchObject({ friendly: { reason: 'EENCRYPT' } });
    expect(f.logins).toHaveLength(0);

    const ok = await testMikroConnection(form(f, { certificate_fingerprint: f.certificate!.fingerprint256 }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(ok).toMatchObject({ success: true, encryption: 'on' });
    expect(f.logins.every((l) => l.encrypted)).toBe(true);
  });

  it('a server with a certificate but no force: tedious encrypt:false sends NOT_SUP and the whole session, password included, goes in clear', async () => {
    const f = await fake({ tls: { encryption: 'on' } });
    const r = await testMikroConnection(form(f, { encrypt: false }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(r).toMatchObject({ success: true, encryption: 'off' });
    expect(stage(r, 'prelogin')).toMatchObject({ status: 'WARN', detail: { key: 'mikro.stages.prelogin.clear_password' }, facts: { encryption: 'NOT_SUP' } });
    expect(stage(r, 'tls')).toMatchObject({ status: 'SKIP' });
    expect(f.logins.length).toBeGreaterThan(0);
    expect(f.logins.every((l) => !l.encrypted && l.encryptRequested === 0x02)).toBe(true);
    expect(f.tlsHandshakes).toBe(0);
  });

  it('login-only: a client that sends ENCRYPT_OFF gets OFF and a TLS handshake for its login (what SQL Server does)', async () => {
    const f = await fake({ tls: { encryption: 'on' } });
    const socket = await connectTcp(f.host, f.port, 3000);
    try {
      // sendPrelogin(false) sends NOT_SUP, as tedious does: the fake answers NOT_SUP and does no TLS.
      const { answer } = await sendPrelogin(socket, false, 3000);
      expect(answer).toMatchObject({ major: 16, encryption: 'NOT_SUP' });
    } finally {
      socket.destroy();
    }
    // An OFF client (ODBC's default) is answered OFF, and the login is wrapped in TLS.
    const raw = await connectTcp(f.host, f.port, 3000);
    try {
      const { TdsMessages, preloginPayload } = await import('../../main/core/mikro/stages/prelogin-probe.js');
      const payload = preloginPayload(false);
      payload[payload.readUInt16BE(6)] = 0x00; // ENCRYPTION option data → OFF
      const wire = new TdsMessages(raw);
      wire.send(0x12, payload);
      const { parsePreloginAnswer } = await import('../../main/core/mikro/stages/prelogin-probe.js');
      expect(parsePreloginAnswer(await wire.next()).encryption).toBe('OFF');
      const probe = await tlsOverPrelogin(wire, { minVersion: 'TLSv1.2', timeoutMs: 3000 });
      expect(probe.protocol).toBe('TLSv1.2');
      expect(probe.certificate.fingerprint256).toBe(f.certificate!.fingerprint256);
    } finally {
      raw.destroy();
    }
    expect(f.tlsHandshakes).toBe(1);
  });
});

describe('strict (TDS 8): TLS from the first byte', () => {
  it('the fake speaks TLS first with ALPN tds/8.0 and PRELOGIN inside it; tedious strict verifies the certificate by CA', async () => {
    const { testCertificate } = await import('../fakes/tds/cert.js');
    const cert = testCertificate('localhost');
    const f = await fake({ tls: { encryption: 'strict', certificate: cert } });
    const { default: sql } = await import('mssql');
    const pool = new sql.ConnectionPool({
      server: 'localhost',
      port: f.port,
      user: 'u',
      password: CANARY,
      database: 'D',
      connectionTimeout: 3000,
      options: { encrypt: 'strict' as unknown as boolean, cryptoCredentialsDetails: { ca: cert.cert } },
    });
    pool.on('error', () => undefined);
    try {
      await pool.connect();
      expect((await pool.request().query('SELECT 1 AS ok')).recordset).toEqual([{ ok: 1 }]);
    } finally {
      await pool.close();
    }
    expect(f.tlsHandshakes).toBeGreaterThan(0);
    expect(f.logins.every((l) => l.encrypted)).toBe(true);
  });
});

describe('a pin against a server that offers no TLS', () => {
  it('the staged test refuses before any login, and so does the client every feature uses', async () => {
    const f = await fake(); // NOT_SUP: no TLS at all
    const pin = 'AB:'.repeat(31) + 'AB';
    const r = await testMikroConnection(form(f, { certificate_fingerprint: pin }), { actor, audit: new MemoryAudit(), secrets: noSecrets });
    expect(stage(r, 'prelogin')).toMatchObject({ status: 'FAIL', detail: { key: 'mikro.stages.prelogin.pin_without_tls' } });
    expect(f.logins).toHaveLength(0);

    const { client: c } = client(settingsFor(f, { certificate_fingerprint: pin }));
    // tedious' own connection: refused on the PRELOGIN answer, before LOGIN7 (pinnedConnector).
    expect(await rejection(c.query('SELECT 1'))).toMatchObject({ code: 'E_MIKRO_CERTIFICATE', friendly: { reason: 'E_CERT_PIN_NO_TLS' } });
    expect(f.connections).toBeGreaterThan(1);
    expect(f.logins).toHaveLength(0);
  });
});
