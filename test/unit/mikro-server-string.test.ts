// Server strings as admins type them, PRELOGIN versions named as products, fingerprints, old-TLS wordings.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { parseServerString } from '../../main/core/mikro/server-string.js';
import { sqlServerProduct } from '../../main/core/mikro/sql-server-versions.js';
import { isFingerprint, isOldTlsFailure, normaliseFingerprint } from '../../main/core/mikro/tls-policy.js';
import { friendlyMikroError } from '../../main/core/mikro/friendly-errors.js';

const tr = translator('tr');
const en = translator('en');

describe('parseServerString', () => {
  it.each([
    ['10.0.0.5', 1433, null, { host: '10.0.0.5', port: 1433, instance: null, form: 'host', tcp_prefix: false }],
    ['10.0.0.5', 1500, null, { host: '10.0.0.5', port: 1500, instance: null, form: 'host' }],
    ['MIKROSRV,1444', 1433, null, { host: 'MIKROSRV', port: 1444, instance: null, form: 'host,port' }],
    ['tcp:MIKROSRV,1444', 1433, null, { host: 'MIKROSRV', port: 1444, form: 'host,port', tcp_prefix: true }],
    ['MIKROSRV\\SQLEXPRESS', 1433, null, { host: 'MIKROSRV', port: null, instance: 'SQLEXPRESS', form: 'host\\instance' }],
    ['TCP:MIKROSRV\\SQLEXPRESS', 1433, null, { host: 'MIKROSRV', instance: 'SQLEXPRESS', tcp_prefix: true }],
    ['MIKROSRV', 1433, 'MIKRO', { host: 'MIKROSRV', port: null, instance: 'MIKRO', form: 'host\\instance' }],
    ['MIKROSRV\\mikro', 1433, 'MIKRO', { instance: 'MIKRO' }],
    ['.\\SQLEXPRESS', 1433, null, { host: 'localhost', instance: 'SQLEXPRESS' }],
    ['(local)', 1433, null, { host: 'localhost', port: 1433 }],
    ['  192.168.1.20 , 1433 ', 1433, null, { host: '192.168.1.20', port: 1433, form: 'host,port' }],
  ] as const)('%s (port field %s, instance field %s)', (host, port, instance, expected) => {
    const r = parseServerString(host, port, instance);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.server).toMatchObject(expected);
  });

  it.each([
    ['', null, 'empty'],
    ['MIKROSRV\\SQLEXPRESS,1433', null, 'port_and_instance'],
    ['MIKROSRV,1433', 'SQLEXPRESS', 'port_and_instance'],
    ['MIKROSRV\\A', 'B', 'instance_conflict'],
    ['MIKROSRV,abc', null, 'bad_port'],
    ['MIKROSRV,70000', null, 'bad_port'],
    ['np:\\\\MIKROSRV\\pipe\\sql\\query', null, 'protocol'],
    ['MIKROSRV\\', null, 'empty_instance'],
    ['MIKRO SRV', null, 'bad_host'],
  ] as const)('%s with instance field %s is refused (%s)', (host, instance, key) => {
    const r = parseServerString(host, 1433, instance);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.key).toBe(`mikro.stages.parse.${key}`);
      expect(tr.t(r.problem)).not.toBe(r.problem.key);
      expect(en.t(r.problem)).not.toBe(r.problem.key);
    }
  });
});

describe('sqlServerProduct', () => {
  it.each([
    [10, 50, 1600, 'SQL Server 2008 R2 RTM (10.50.1600)', false],
    [10, 50, 6000, 'SQL Server 2008 R2 SP3 (10.50.6000)', false],
    [10, 50, 6560, 'SQL Server 2008 R2 SP3 (10.50.6560)', true],
    [11, 0, 2100, 'SQL Server 2012 RTM (11.0.2100)', false],
    [11, 0, 5058, 'SQL Server 2012 SP2 (11.0.5058)', false],
    [11, 0, 5352, 'SQL Server 2012 SP2 (11.0.5352)', true],
    [11, 0, 6020, 'SQL Server 2012 SP3 (11.0.6020)', false],
    [11, 0, 7001, 'SQL Server 2012 SP4 (11.0.7001)', true],
    [12, 0, 2000, 'SQL Server 2014 RTM (12.0.2000)', false],
    [12, 0, 6024, 'SQL Server 2014 SP3 (12.0.6024)', true],
    [13, 0, 5026, 'SQL Server 2016 SP2 (13.0.5026)', true],
    [14, 0, 3456, 'SQL Server 2017 (14.0.3456)', true],
    [15, 0, 4345, 'SQL Server 2019 (15.0.4345)', true],
    [16, 0, 1000, 'SQL Server 2022 (16.0.1000)', true],
  ] as const)('%i.%i.%i → %s', (major, minor, build, name, tls12) => {
    expect(sqlServerProduct(major, minor, build)).toMatchObject({ name, tls12 });
  });
});

describe('fingerprints and old TLS', () => {
  it('normalises a SHA-256 fingerprint with or without colons', () => {
    const hex = 'ab'.repeat(32);
    expect(isFingerprint(hex)).toBe(true);
    expect(isFingerprint('AB:'.repeat(31) + 'AB')).toBe(true);
    expect(isFingerprint('ab'.repeat(20))).toBe(false); // SHA-1 length
    expect(normaliseFingerprint(hex)).toBe('AB:'.repeat(31) + 'AB');
  });

  it('tells OpenSSL and BoringSSL protocol failures apart from certificate failures', () => {
    for (const m of ['error:0A000102:SSL routines::unsupported protocol', 'no protocols available', 'wrong version number', 'tlsv1 alert protocol version', 'OPENSSL_internal:UNSUPPORTED_PROTOCOL', 'TLSV1_ALERT_PROTOCOL_VERSION']) {
      expect(isOldTlsFailure([], [m])).toBe(true);
    }
    expect(isOldTlsFailure(['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'], [])).toBe(true);
    expect(isOldTlsFailure(['DEPTH_ZERO_SELF_SIGNED_CERT'], ['self-signed certificate'])).toBe(false);
    // The friendly error of the pool path: old TLS, not the certificate text.
    const err = Object.assign(new Error('Failed to connect to 10.0.0.5:1433 - 80DCEB45:error:100000f0:SSL routines:OPENSSL_internal:UNSUPPORTED_PROTOCOL'), { code: 'ESOCKET' });
    expect(friendlyMikroError(err)).toMatchObject({ code: 'E_MIKRO_OLD_TLS' });
    const cert = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(friendlyMikroError(cert)).toMatchObject({ code: 'E_MIKRO_CERTIFICATE' });
  });
});
