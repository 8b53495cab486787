// Connection test, friendly failures and the statement guard, against the TDS fake over real TCP.
import dgram from 'node:dgram';
import { describe, expect, it, vi } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { testMikroConnection } from '../../main/core/mikro/test-connection.js';
import { AuditLog } from '../../main/core/audit/audit-log.js';
import { CANARY, MemoryAudit, client, closedPort, expectNoCanary, fake, onCleanup, rejection, settingsFor, tempDb } from './mikro-helpers.js';

const actor = 'tester@host (cli)';
const noSecrets = { env: {}, store: null };
const tr = translator('tr');
const en = translator('en');

function form(f: { host: string; port: number }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { host, port, database, username, timeout_seconds, encrypt, trust_server_certificate } = settingsFor(f);
  return { host, port, database, username, timeout_seconds, encrypt, trust_server_certificate, password: CANARY, ...extra };
}

describe('testMikroConnection', () => {
  it('succeeds with latency, server version, encryption truth and ReadOnly intent on every login', async () => {
    const f = await fake({ serverVersion: '16.0.4135' });
    const audit = new MemoryAudit();
    const r = await testMikroConnection(form(f), { actor, audit, secrets: noSecrets });
    expect(r).toMatchObject({ success: true, message: { key: 'mikro.test.success' }, read_only_intent: true, product_version: '16.0.4135' });
    // The older backend's exact Turkish text, and its English.
    expect(tr.t(r.message)).toBe('Bağlantı başarılı');
    expect(en.t(r.message)).toBe('Connection successful');
    expect(r.latency_ms).toBeGreaterThan(0);
    expect(r.server_version).toMatch(/^Microsoft SQL Server 2022 .*16\.0\.4135/);
    // encrypt:true against a NOT_SUP server: tedious carried on in clear text; we say so.
    expect(r.encryption).toBe('off');
    expect(r.encryption_confirmed).toBe(false);
    expect(en.t(r.hint!)).toMatch(/certificate|encryption/i);
    expect(tr.t(r.hint!)).toMatch(/sertifika|şifreleme/i);
    expect(r.encryption_detail).toEqual({ key: 'mikro.encryption.not_in_effect' });
    expect(f.logins).toHaveLength(1); // mssql's check login is kept for the queries (first-connection.ts), not made twice
    for (const login of f.logins) {
      expect(login).toMatchObject({ readOnlyIntent: true, appName: 'OptiPlan360 Console', database: 'MikroDB_V16_TEST', user: 'optiplan_ro' });
      expect(login.typeFlags & 0x20).toBe(0x20);
      expect(login.password).toBe(CANARY);
    }
    // The staged test's database stage asks the server which database the session opened.
    expect(f.statements.some((st) => st.includes('SELECT DB_NAME() AS db'))).toBe(true);
    expect(f.statements).not.toContain('SELECT 1;'); // no pool validation round trips
    await vi.waitFor(() => expect(f.openConnections).toBe(0)); // short-lived pool closed
    const rows = audit.byAction('MIKRO_CONNECTION_TEST');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ result: 'success', actor, target: `mssql://127.0.0.1:${f.port}/MikroDB_V16_TEST` });
    expect(rows[0]?.new_value).toMatchObject({ password: '(typed for this test, not stored)' });
    expectNoCanary(r, audit.rows);
  });

  it('a blank password uses the stored reference (ENV:), an unknown VAULT: reference fails cleanly', async () => {
    const f = await fake();
    const audit = new MemoryAudit();
    const env = { MIKRO_PW_FOR_TEST: CANARY };
    const ok = await testMikroConnection(form(f, { password: '', password_ref: 'ENV:MIKRO_PW_FOR_TEST' }), { actor, audit, secrets: { env, store: null } });
    expect(ok.success).toBe(true);
    expect(f.logins.at(-1)?.password).toBe(CANARY);
    expect(audit.rows[0]?.new_value).toMatchObject({ password: 'ENV:MIKRO_PW_FOR_TEST' });

    f.clearRecords();
    const missing = await testMikroConnection(form(f, { password: undefined, password_ref: 'VAULT:mikro_pw' }), { actor, audit, secrets: noSecrets });
    expect(missing).toMatchObject({ success: false, code: 'E_SECRET_NOT_FOUND' });
    expect(tr.t(missing.message)).toMatch(/^Bağlantı hatası: Mikro parolası bulunamadı/);
    expect(en.t(missing.message)).toMatch(/^Connection failed: The Mikro password could not be found/);
    // The credential-free stages (tcp, prelogin) ran; no LOGIN7 without a password.
    expect(f.logins).toHaveLength(0);
    expect(missing.stages?.at(-1)).toMatchObject({ name: 'login', status: 'FAIL' });
    expectNoCanary(ok, missing, audit.rows);
  });

  it('the real audit log gets the full (masked) failure detail, never the typed password', async () => {
    const f = await fake({ login: () => ({ ok: false, number: 18456, message: `Login failed for user 'optiplan_ro'. Reason: Password '${CANARY}' did not match.`, class: 14 }) });
    const db = await tempDb();
    const log = new AuditLog(db);
    const r = await testMikroConnection(form(f), { actor, audit: log, secrets: noSecrets });
    expect(r).toMatchObject({ success: false, code: 'E_MIKRO_LOGIN_FAILED' });
    const rows = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'MIKRO_CONNECTION_TEST').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ result: 'failure', actor });
    expect(rows[0]?.detail).toMatch(/^E_MIKRO_LOGIN_FAILED \[ELOGIN\] at login: Login failed for user 'optiplan_ro'\. Reason: Password '\*\*\*' did not match\./);
    expectNoCanary(r, rows);
    expect((await log.verify()).ok).toBe(true);
  });

  it('host and database are required; nothing is sent', async () => {
    const f = await fake();
    const audit = new MemoryAudit();
    for (const input of [form(f, { host: '' }), form(f, { database: '  ' }), {}]) {
      const r = await testMikroConnection(input, { actor, audit, secrets: noSecrets });
      expect(r).toMatchObject({ success: false, code: 'E_VALIDATION', message: { key: 'mikro.test.host_database_required' } });
      expect(tr.t(r.message)).toBe('Host ve database zorunludur');
      expect(en.t(r.message)).toBe('Host and database are required');
    }
    const bad = await testMikroConnection(form(f, { port: 'abc' }), { actor, audit, secrets: noSecrets });
    expect(bad).toMatchObject({ success: false, code: 'E_VALIDATION' });
    // The field is named in the reader's language; zod's words are technical detail.
    expect(tr.t(bad.message)).toBe('Geçersiz alan: Port');
    expect(en.t(bad.message)).toMatch(/^Invalid field: /);
    expect(bad.technical_detail).toMatch(/^port: /);
    expect(f.connections).toBe(0);
    expectNoCanary(bad, audit.rows);
  });

  describe('failures map to stable codes with Turkish and English text', () => {
    const tr_ = tr;
    const en_ = en;
    async function failing(input: Record<string, unknown>, code: string, enText: RegExp, trText: RegExp) {
      const audit = new MemoryAudit();
      const r = await testMikroConnection(input, { actor, audit, secrets: noSecrets });
      expect(r.success).toBe(false);
      expect(r.code).toBe(code);
      expect(tr_.t(r.message)).toMatch(/^Bağlantı hatası: /);
      expect(tr_.t(r.message)).toMatch(trText);
      expect(en_.t(r.message)).toMatch(/^Connection failed: /);
      expect(en_.t(r.message)).toMatch(enText);
      expect(r.hint && tr_.t(r.hint) && en_.t(r.hint)).toBeTruthy();
      // The driver's words travel beside the message, never inside it.
      expect(r.technical_detail).toBeTruthy();
      expect(tr_.t(r.message)).not.toContain(r.technical_detail!);
      const row = audit.byAction('MIKRO_CONNECTION_TEST')[0];
      expect(row).toMatchObject({ result: 'failure' });
      expect(row?.detail).toContain(code);
      expectNoCanary(r, audit.rows);
      return { r, row };
    }

    it('refused port → E_MIKRO_UNREACHABLE (ECONNREFUSED)', async () => {
      const port = await closedPort();
      const { row } = await failing(form({ host: '127.0.0.1', port }), 'E_MIKRO_UNREACHABLE', /refused the connection.*service is stopped/, /reddetti/);
      expect(row?.detail).toMatch(/ECONNREFUSED/);
    });

    it('login failed (18456) → E_MIKRO_LOGIN_FAILED', async () => {
      const f = await fake({ login: (l) => ({ ok: false, number: 18456, message: `Login failed for user '${l.user}'.`, class: 14 }) });
      const { row } = await failing(form(f), 'E_MIKRO_LOGIN_FAILED', /Login failed/, /Oturum açılamadı/);
      expect(row?.detail).toMatch(/Login failed for user 'optiplan_ro'/);
    });

    it('a server that accepts and never answers → E_MIKRO_TIMEOUT within timeout_seconds', async () => {
      const f = await fake({ mode: 'hang-after-accept' });
      const started = Date.now();
      await failing(form(f, { timeout_seconds: 1 }), 'E_MIKRO_TIMEOUT', /within 1 s \(timed out\)/, /zaman aşımı/);
      // A bound on waiting (a hang would never end), generous for loaded CI machines.
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('unknown host → E_MIKRO_UNREACHABLE (ENOTFOUND)', async () => {
      await failing(form({ host: 'nonexistent.invalid', port: 1433 }), 'E_MIKRO_UNREACHABLE', /nonexistent\.invalid.*could not be resolved.*unknown host/, /çözülemedi/);
    });

    it('named instance: found via the SQL Browser, unknown, or Browser silent (UDP 1434)', async () => {
      const browser = dgram.createSocket('udp4');
      const bound = await new Promise<boolean>((resolve) => {
        browser.once('error', () => resolve(false));
        browser.bind(1434, '127.0.0.1', () => resolve(true));
      });
      // Never a skip: a hidden test is not a passing one. Only this test binds UDP 1434 here.
      if (!bound) throw new Error('UDP 1434 (SQL Server Browser port) is in use on this machine: free it to run this test');
      onCleanup(() => new Promise<void>((resolve) => browser.close(() => resolve())));
      const f = await fake();
      let answer: string | null = null;
      browser.on('message', (_msg, rinfo) => {
        if (answer === null) return; // silent Browser
        const body = Buffer.from(answer, 'ascii');
        browser.send(Buffer.concat([Buffer.from([0x05, body.length & 0xff, body.length >> 8]), body]), rinfo.port, rinfo.address);
      });
      const base = form(f, { port: undefined, instance: 'MIKRO', timeout_seconds: 1 });

      answer = `ServerName;FAKE;InstanceName;MIKRO;IsClustered;No;Version;16.0.1000;tcp;${f.port};;`;
      const found = await testMikroConnection(base, { actor, audit: new MemoryAudit(), secrets: noSecrets });
      expect(found.success).toBe(true);
      expect(f.logins.every((l) => l.readOnlyIntent)).toBe(true);

      answer = 'ServerName;FAKE;InstanceName;OTHER;IsClustered;No;Version;16.0.1000;tcp;1;;';
      await failing(base, 'E_MIKRO_INSTANCE', /Instance “MIKRO” does not exist.*OTHER/, /“MIKRO” örneği bu sunucuda yok.*OTHER/);

      answer = null;
      const { r } = await failing(base, 'E_MIKRO_INSTANCE', /SQL Server Browser/, /SQL Server Browser/);
      expect(en.t(r.hint!)).toMatch(/UDP 1434/);
      expect(tr.t(r.hint!)).toMatch(/UDP 1434/);
    });
  });
});

describe('MikroClient statement guard', () => {
  const WRITES = [
    'INSERT INTO CARI_HESAPLAR (cari_kod) VALUES (1)',
    "UPDATE STOKLAR SET sto_isim = 'x'",
    'DELETE FROM STOKLAR',
    'MERGE STOKLAR AS t USING X AS s ON 1=1 WHEN MATCHED THEN DELETE;',
    'EXEC sp_who',
    'sp_configure',
    'DROP TABLE STOKLAR',
    'CREATE TABLE T (a int)',
    'ALTER TABLE STOKLAR ADD x int',
    'TRUNCATE TABLE STOKLAR',
    'GRANT SELECT ON STOKLAR TO public',
    'SELECT * INTO KOPYA FROM STOKLAR',
    'SELECT 1; DELETE FROM STOKLAR',
    'SELECT 1 DELETE FROM STOKLAR',
    "SELECT * FROM OPENROWSET('SQLNCLI', 'x', 'y')",
    'WITH x AS (SELECT 1 AS a) DELETE FROM STOKLAR',
    'BEGIN TRAN',
    '',
  ];

  it(`refuses ${WRITES.length} write statements before the password, a pool or a byte`, async () => {
    const f = await fake();
    const { client: c, passwordCalls } = client(settingsFor(f));
    for (const text of WRITES) {
      const e = await rejection(c.query(text));
      expect(e.code, text).toBe('E_MIKRO_READ_ONLY');
      expect(e.details?.[0]?.message, text).toMatch(/^[A-Z_]+$/);
      expect(tr.t(e.friendly!.message as never)).toMatch(/[çğıöşüİ]/);
      expectNoCanary(e);
    }
    expect(f.connections).toBe(0);
    expect(f.bytesReceived).toBe(0);
    expect(passwordCalls()).toBe(0);

    // Once connected, refusals still send nothing.
    const ok = await c.query('SELECT 1 AS ok');
    expect(ok.rows).toEqual([[1]]);
    const { connections, bytesReceived } = f;
    const statements = f.statements.length;
    for (const text of WRITES) await rejection(c.query(text));
    expect(f.connections).toBe(connections);
    expect(f.bytesReceived).toBe(bytesReceived);
    expect(f.statements).toHaveLength(statements);
  });

  it("tedious' socket towards Mikro has Nagle off (TCP_NODELAY), pinned or not, TLS or not", async () => {
    const { default: net } = await import('node:net');
    const noDelay = vi.spyOn(net.Socket.prototype, 'setNoDelay');
    onCleanup(() => noDelay.mockRestore());
    const plain = await fake();
    const tls = await fake({ tls: { encryption: 'on' } });
    const towards = (port: number) => noDelay.mock.contexts.filter((s, i) => (s as import('node:net').Socket).remotePort === port && noDelay.mock.calls[i]![0] !== false);
    await client(settingsFor(plain, { encrypt: false })).client.query('SELECT 1 AS ok');
    expect(towards(plain.port).length).toBeGreaterThan(0);
    await client(settingsFor(tls, { certificate_fingerprint: tls.certificate!.fingerprint256 })).client.query('SELECT 1 AS ok');
    expect(towards(tls.port).length).toBeGreaterThan(0);
    expect(tls.logins.every((l) => l.encrypted)).toBe(true);
  });

  it('a pool that connected but never ran a query leaves no connection open on close()', async () => {
    const f = await fake();
    const { client: c } = client(settingsFor(f));
    await c.connect();
    expect(f.openConnections).toBe(1); // the check login, held for the first query
    await c.close();
    await vi.waitFor(() => expect(f.openConnections).toBe(0));
    expect(f.connections).toBe(1);
  });

  it('reuses one pool for the app and reconnects after close()', async () => {
    const f = await fake();
    const { client: c, passwordCalls } = client(settingsFor(f));
    for (let i = 0; i < 5; i++) await c.query('SELECT 1 AS ok');
    expect(f.connections).toBe(1); // mssql's check connection, kept and reused (first-connection.ts)
    expect(passwordCalls()).toBe(1);
    await c.close();
    await vi.waitFor(() => expect(f.openConnections).toBe(0)); // close() closed it
    expect((await c.query('SELECT 1 AS ok')).rows).toEqual([[1]]);
    expect(f.connections).toBe(2);
    expect(c.transport).toEqual({ tls: 0, plain: 2 });
  });

  it('query errors carry friendly texts and never the password', async () => {
    const f = await fake({ answer: (s) => (s.includes('NOPE') ? { error: { number: 208, message: `Invalid object name 'NOPE' ${CANARY}.` } } : undefined) });
    const { client: c } = client(settingsFor(f));
    const e = await rejection(c.query('SELECT * FROM NOPE'));
    expect(e.code).toBe('E_MIKRO_QUERY_FAILED');
    expect(e.friendly?.reason).toBe('208');
    expect(e.message).toMatch(/Invalid object name 'NOPE' \*\*\*/);
    expectNoCanary(e, e.friendly);
  });
});
