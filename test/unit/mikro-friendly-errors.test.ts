// Pure mapping of driver error shapes (as mssql 12 / tedious 19 build them) to stable codes,
// the encryption judgement and CSV quoting. The same paths run against the TDS fake in
// test/integration/mikro-*.test.ts; these cover shapes the fake cannot produce (TLS, routing).
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import { friendlyMikroError, maskSecrets, toMikroError } from '../../main/core/mikro/friendly-errors.js';
import { judgeEncryption, parseEncryptOption } from '../../main/core/mikro/encryption.js';
import { csvCell, toCsv } from '../../shared/csv.js';
import { assertReadOnlyStatement } from '../../main/core/mikro/guard/index.js';
import { offendingPermissions, quoteTableName } from '../../main/core/mikro/read-only-verification.js';
import { pushBlockedResult } from '../../main/core/mikro/push-guard.js';
import { backoffMs } from '../../main/core/mikro/outbox.js';

/** mssql ConnectionError → tedious ConnectionError → cause, like the real chain. */
function connErr(code: string, message: string, cause?: unknown): Error {
  const inner = Object.assign(new Error(message), { code, ...(cause ? { cause } : {}) });
  return Object.assign(new Error(message), { name: 'ConnectionError', code, originalError: inner });
}
function osErr(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
function reqErr(number: number, message: string): Error {
  const inner = Object.assign(new Error(message), { info: { number, message } });
  return Object.assign(new Error(message), { name: 'RequestError', code: 'EREQUEST', number, originalError: inner });
}

const ctx = { host: 'sql01', port: 1433, database: 'MikroDB', timeout_seconds: 10 };
const tr = translator('tr');
const en = translator('en');

describe('friendlyMikroError', () => {
  const cases: Array<[string, unknown, string, string | undefined, Record<string, unknown>?]> = [
    ['login failed', connErr('ELOGIN', "Login failed for user 'ro'."), 'E_MIKRO_LOGIN_FAILED', 'ELOGIN'],
    ['database missing', connErr('ELOGIN', 'Cannot open database "X" requested by the login.'), 'E_MIKRO_LOGIN_FAILED', 'ELOGIN'],
    ['connect timeout', connErr('ETIMEOUT', 'Failed to connect to sql01:1433 in 10000ms'), 'E_MIKRO_TIMEOUT', 'ETIMEOUT'],
    ['request timeout', Object.assign(new Error('Timeout: Request failed to complete in 500ms'), { name: 'RequestError', code: 'ETIMEOUT' }), 'E_MIKRO_TIMEOUT', 'ETIMEOUT'],
    ['refused (AggregateError)', connErr('ESOCKET', 'Failed to connect - Could not connect (sequence)', new AggregateError([osErr('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:1433')], 'Could not connect (sequence)')), 'E_MIKRO_UNREACHABLE', 'ECONNREFUSED'],
    ['unknown host', connErr('ESOCKET', 'getaddrinfo ENOTFOUND nope', osErr('ENOTFOUND', 'getaddrinfo ENOTFOUND nope')), 'E_MIKRO_UNREACHABLE', 'ENOTFOUND'],
    ['no route', connErr('ESOCKET', 'connect EHOSTUNREACH', osErr('EHOSTUNREACH', 'connect EHOSTUNREACH 10.9.9.9:1433')), 'E_MIKRO_UNREACHABLE', 'EHOSTUNREACH'],
    ['self-signed', connErr('ESOCKET', 'self-signed certificate', osErr('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')), 'E_MIKRO_CERTIFICATE', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['altname', connErr('ESOCKET', "Hostname/IP does not match certificate's altnames", osErr('ERR_TLS_CERT_ALTNAME_INVALID', 'x')), 'E_MIKRO_CERTIFICATE', 'ERR_TLS_CERT_ALTNAME_INVALID'],
    ['server requires encryption', connErr('EENCRYPT', "Server requires encryption, set 'encrypt' config option to true."), 'E_MIKRO_CERTIFICATE', 'EENCRYPT'],
    ['instance lookup', connErr('EINSTLOOKUP', 'Port for MIKRO not found in sql01'), 'E_MIKRO_INSTANCE', 'EINSTLOOKUP'],
    ['browser silent', connErr('ETIMEOUT', 'Failed to connect to sql01\\MIKRO in 10000ms'), 'E_MIKRO_INSTANCE', 'EINSTLOOKUP', { instance: 'MIKRO' }],
    ['permission denied', reqErr(229, "The SELECT permission was denied on the object 'CARI_HESAPLAR'"), 'E_MIKRO_QUERY_FAILED', '229'],
    ['invalid object', reqErr(208, "Invalid object name 'NOPE'."), 'E_MIKRO_QUERY_FAILED', '208'],
    ['read-only db', reqErr(3906, 'Failed to update database because the database is read-only.'), 'E_MIKRO_QUERY_FAILED', '3906'],
    ['query naming a certificate table', reqErr(208, "Invalid object name 'sys.certificatez'."), 'E_MIKRO_QUERY_FAILED', '208'],
    ['connection closed', connErr('ECONNCLOSED', 'Connection is closed.'), 'E_MIKRO_UNREACHABLE', 'ESOCKET'],
    ['secret missing', new AppError('E_SECRET_NOT_FOUND', 'secret VAULT:mikro is not in the keychain'), 'E_SECRET_NOT_FOUND', 'E_SECRET_NOT_FOUND'],
  ];
  for (const [label, err, code, reason, extra] of cases) {
    it(`${label} → ${code}`, () => {
      const f = friendlyMikroError(err, { ...ctx, ...extra });
      expect(f.code).toBe(code);
      expect(f.reason).toBe(reason);
      // Both sentences and hints exist in both catalogues, and differ by language.
      for (const m of [f.message, f.hint]) {
        expect(m.key).toMatch(/^mikro\.errors\./);
        for (const t of [tr, en]) expect(t.has(m.key), `${t.lang} ${m.key}`).toBe(true);
        expect(tr.t(m).length).toBeGreaterThan(10);
        expect(tr.t(m)).not.toBe(en.t(m));
      }
      // The driver's words are technical detail, never inside the sentence.
      const raw = err instanceof Error ? err.message : '';
      if (raw.length > 12) {
        expect(f.technical_detail).toContain(raw);
        expect(tr.t(f.message)).not.toContain(raw);
        expect(en.t(f.message)).not.toContain(raw);
      }
    });
  }

  it('says which socket failure it was, in words (the socket error’s name only in the technical detail)', () => {
    expect(en.t(friendlyMikroError(cases[4]![1], ctx).message)).toMatch(/refused the connection/);
    expect(en.t(friendlyMikroError(cases[4]![1], ctx).message)).not.toMatch(/ECONNREFUSED/);
    expect(friendlyMikroError(cases[4]![1], ctx).technical_detail).toMatch(/ECONNREFUSED/);
    expect(en.t(friendlyMikroError(cases[4]![1], ctx).message)).toContain('sql01:1433');
    expect(tr.t(friendlyMikroError(cases[5]![1], ctx).message)).toMatch(/adı çözülemedi/);
    expect(tr.t(friendlyMikroError(cases[5]![1], ctx).message)).not.toMatch(/ENOTFOUND/);
    expect(en.t(friendlyMikroError(cases[7]![1], ctx).hint)).toMatch(/Trust Server Certificate/);
    expect(tr.t(friendlyMikroError(cases[7]![1], ctx).hint)).toMatch(/Sunucu sertifikasına güven/);
    expect(en.t(friendlyMikroError(cases[10]![1], { ...ctx, instance: 'MIKRO' }).hint)).toMatch(/UDP 1434/);
    // The connect timeout names the limit, formatted per language.
    expect(tr.t(friendlyMikroError(cases[2]![1], ctx).message)).toContain('10 sn');
    expect(en.t(friendlyMikroError(cases[2]![1], ctx).message)).toContain('10 s');
  });

  it('a MikroError reads as its message, with the hint as next step and the driver text as technical detail', () => {
    const e = toMikroError(cases[0]![1], ctx);
    expect(e.text).toEqual(e.friendly.message);
    expect(e.nextStep).toEqual(e.friendly.hint);
    expect(e.toBody()).toMatchObject({ code: 'E_MIKRO_LOGIN_FAILED', technical_detail: expect.stringContaining("Login failed for user 'ro'.") });
    expect(tr.t(e.text)).toBe('Oturum açılamadı: SQL Server kullanıcı adını veya parolayı kabul etmedi.');
    expect(en.t(e.text)).toBe('Login failed: SQL Server rejected the user name or password.');
  });

  it('keeps the guard reasonCode and its texts', () => {
    let thrown: unknown;
    try {
      assertReadOnlyStatement('DELETE FROM STOKLAR');
    } catch (e) {
      thrown = e;
    }
    const e = toMikroError(thrown);
    expect(e.code).toBe('E_MIKRO_READ_ONLY');
    expect(e.friendly.reason).toBe('WRITE_KEYWORD');
    expect(e.details[0]?.message).toBe('WRITE_KEYWORD');
    expect(e.friendly.message).toEqual({ key: 'mikro.guard.WRITE_KEYWORD' });
    expect(tr.t(e.friendly.message)).toMatch(/salt okunur/);
    expect(en.t(e.friendly.message)).toMatch(/read-only/);
    expect(e.friendly.technical_detail).toMatch(/statement refused \[WRITE_KEYWORD\]/);
  });

  it('masks the password in every form, and password=… pairs', () => {
    const canary = 'Kanarya"Pw;42 ğ';
    const raw = `Login failed: pw ${canary} / ${JSON.stringify(canary)} / ${encodeURIComponent(canary)} Password=hunter22;Pwd='x y' {"password":"abc\\"def"}`;
    const masked = maskSecrets(raw, [canary]);
    expect(masked).not.toContain(canary);
    expect(masked).not.toContain(encodeURIComponent(canary));
    expect(masked).not.toContain('hunter22');
    expect(masked).not.toContain('abc');
    const f = friendlyMikroError(connErr('ELOGIN', raw), { ...ctx, secrets: [canary] });
    expect(JSON.stringify(f)).not.toContain(canary);
    expect(toMikroError(connErr('ELOGIN', raw), { secrets: [canary] }).message).not.toContain(canary);
  });
});

describe('encryption judgement', () => {
  it('covers configured/observed/server combinations', () => {
    expect(judgeEncryption(true, { tls: 2, plain: 0 }, 'TRUE')).toMatchObject({ state: 'on', status: 'PASS', confirmed_by_server: true });
    expect(judgeEncryption(true, { tls: 2, plain: 0 }, null)).toMatchObject({ state: 'on', status: 'WARN', confirmed_by_server: false });
    expect(judgeEncryption(true, { tls: 0, plain: 2 }, null)).toMatchObject({ state: 'off', status: 'WARN', client: 'plain' });
    expect(en.t(judgeEncryption(true, { tls: 0, plain: 2 }, null).detail)).toMatch(/not in effect/);
    expect(tr.t(judgeEncryption(true, { tls: 0, plain: 2 }, null).detail)).toMatch(/etkin değil/);
    expect(judgeEncryption(true, { tls: 2, plain: 0 }, 'TRUE').detail).toEqual({ key: 'mikro.encryption.confirmed' });
    expect(judgeEncryption(true, { tls: 1, plain: 1 }, 'TRUE')).toMatchObject({ state: 'off', client: 'mixed', status: 'WARN' });
    expect(judgeEncryption(true, { tls: 2, plain: 0 }, 'FALSE')).toMatchObject({ state: 'off', status: 'WARN' });
    expect(judgeEncryption(true, { tls: 0, plain: 0 }, null)).toMatchObject({ state: 'unknown', status: 'WARN' });
    expect(judgeEncryption(false, { tls: 0, plain: 1 }, 'FALSE')).toMatchObject({ state: 'off', status: 'WARN' });
    expect(parseEncryptOption('TRUE ')).toBe('TRUE');
    expect(parseEncryptOption('false')).toBe('FALSE');
    expect(parseEncryptOption(undefined)).toBeNull();
  });
});

describe('helpers', () => {
  it('CSV: RFC 4180 quoting, CRLF, BOM, Turkish text, formula escaping', () => {
    const csv = toCsv(['kod', 'ünvan', { name: 'not,lar' }], [
      ['120.01', 'Şahin Ağaç İşleri "Özel" Ltd.', 'satır1\nsatır2'],
      [null, 'ığüşöç', '=HYPERLINK("x")'],
      [42, true, new Date('2024-03-05T10:20:30.123Z')],
    ]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe(
      '\uFEFFkod,ünvan,"not,lar"\r\n' +
        '120.01,"Şahin Ağaç İşleri ""Özel"" Ltd.","satır1\nsatır2"\r\n' +
        ',ığüşöç,"\'=HYPERLINK(""x"")"\r\n' +
        '42,1,2024-03-05T10:20:30.123Z\r\n',
    );
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(toCsv(['a'], [['x;y']], { delimiter: ';', bom: false })).toBe('a\r\n"x;y"\r\n');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('-5', { escapeFormulas: false })).toBe('-5');
    expect(csvCell(new Uint8Array([1, 171]))).toBe('0x01AB');
  });

  it('quotes table names and spots write rights', () => {
    expect(quoteTableName('dbo.CARI_HESAPLAR')).toBe('[dbo].[CARI_HESAPLAR]');
    expect(() => quoteTableName('X]; DROP TABLE Y--')).toThrow();
    expect(offendingPermissions(['CONNECT', 'SELECT', 'SHOWPLAN', 'VIEW DEFINITION', 'VIEW DATABASE STATE'])).toEqual([]);
    expect(offendingPermissions(['SELECT', 'insert', 'EXECUTE', 'ALTER ANY USER', 'CREATE TABLE', 'CONTROL', 'DELETE', 'UPDATE', 'TAKE OWNERSHIP'])).toEqual([
      'ALTER ANY USER', 'CONTROL', 'CREATE TABLE', 'DELETE', 'EXECUTE', 'INSERT', 'TAKE OWNERSHIP', 'UPDATE',
    ]);
  });

  it('push result text and outbox backoff', () => {
    expect(pushBlockedResult('push_order')).toEqual({
      success: false,
      error: 'Mikro P1 read-only mod aktif. Yazma islemi engellendi: push_order. PUSH yerine PULL/read-only akislarini kullanin.',
      code: 'E_MIKRO_READ_ONLY',
    });
    expect([0, 1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
  });
});
