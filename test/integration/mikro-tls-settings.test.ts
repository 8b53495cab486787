// The mikro_tls_settings check (verify and diagnostics): encrypt:false, blanket trust, old TLS allowed.
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { checkTlsSettings } from '../../main/core/mikro/checks.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { openTestCore, type TestCore } from '../helpers/core.js';

const tr = translator('tr');
const en = translator('en');
const safe = { encrypt: true, trust_server_certificate: false, certificate_fingerprint: null, tls_min_version: '1.2' } as const;

describe('checkTlsSettings', () => {
  it('PASS: encryption on, certificate verified or pinned, TLS 1.2 minimum', () => {
    expect(checkTlsSettings(safe, 'production').status).toBe('PASS');
    const pinned = checkTlsSettings({ ...safe, trust_server_certificate: true, certificate_fingerprint: 'AB:'.repeat(31) + 'AB' }, 'production');
    expect(pinned.status).toBe('PASS');
    expect(tr.t(pinned.detail)).toContain('parmak izi sabitlenmiş');
  });

  it('encrypt:false says the password goes in clear: WARN in development, FAIL in production', () => {
    const dev = checkTlsSettings({ ...safe, encrypt: false }, 'development');
    expect(dev.status).toBe('WARN');
    const prod = checkTlsSettings({ ...safe, encrypt: false }, 'production');
    expect(prod.status).toBe('FAIL');
    expect(tr.t(prod.detail)).toMatch(/SQL parolasını ağda açık metin/);
    expect(en.t(prod.detail)).toMatch(/SQL password across the network in clear text/);
    expect(prod.recommendation).toBeTruthy();
  });

  it('blanket trust_server_certificate is a WARN; tls_min_version below 1.2 is a WARN (“zayıf TLS 1.0 kullanılıyor”)', () => {
    expect(checkTlsSettings({ ...safe, trust_server_certificate: true }, 'development').status).toBe('WARN');
    const weak = checkTlsSettings({ ...safe, tls_min_version: '1.0' }, 'production');
    expect(weak.status).toBe('WARN');
    expect(tr.t(weak.detail)).toMatch(/^zayıf TLS 1\.0 kullanılıyor/);
  });
});

describe('mikro.verify carries mikro_tls_settings', () => {
  let tc: TestCore | undefined;
  let f: TdsFake | undefined;
  afterEach(async () => {
    await tc?.cleanup();
    await f?.close();
    tc = f = undefined;
  });

  it('after the encryption check: WARN for trust_server_certificate, PASS once encryption and verification are sane', async () => {
    f = await startTdsFake();
    tc = await openTestCore({}, { env: { MIKRO_PW: 'x' } });
    const ctx = tc.core.context('cli');
    await tc.core.invoke('mikro.save', { host: f.host, port: f.port, database: 'MikroDB', username: 'u', trust_server_certificate: true }, ctx);
    const checks = await tc.core.invoke('mikro.verify', {}, ctx);
    const names = checks.map((c) => c.name);
    expect(names.indexOf('mikro_tls_settings')).toBe(names.indexOf('mikro_encryption') + 1);
    expect(checks.find((c) => c.name === 'mikro_tls_settings')).toMatchObject({ status: 'WARN' });

    await tc.core.invoke('mikro.save', { trust_server_certificate: false, tls_min_version: '1.2' }, ctx);
    const again = await tc.core.invoke('mikro.verify', {}, ctx);
    expect(again.find((c) => c.name === 'mikro_tls_settings')).toMatchObject({ status: 'PASS' });
  });

  it('saving a pin or an older TLS is audited (MIKRO_TLS_POLICY_CHANGED)', async () => {
    tc = await openTestCore();
    await tc.core.migrations.up();
    const ctx = tc.core.context('cli');
    const fp = 'cd'.repeat(32);
    const view = await tc.core.invoke('mikro.save', { host: '10.0.0.5', database: 'MikroDB', certificate_fingerprint: fp, tls_min_version: '1.0' }, ctx);
    expect(view).toMatchObject({ certificate_fingerprint: 'CD:'.repeat(31) + 'CD', tls_min_version: '1.0' });
    const rows = await tc.core.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'MIKRO_TLS_POLICY_CHANGED').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.detail).toMatch(/certificate pinned: SHA-256 CD:CD.*tls_min_version 1\.2 -> 1\.0 \(weak TLS allowed/);
  });
});
