// Issue 12 §3 on the SQL Board in Chromium: the TLS fields. `tls_min_version` (1.2 by default; an
// older one shows the warning that it is audited and a WARN) and `certificate_fingerprint`
// (validated, with or without colons) are set in the form, saved, written to
// mikro_connection.json and read back into the form after a reload; "Bu sertifikaya güven (parmak
// izi sabitlenir)" after a certificate failure fills the fingerprint field.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let tlsFake: TdsFake;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir();
  tlsFake = await startTdsFake({ tls: { encryption: 'on' } });
  writeConfig(tmp.dir, 'mikro_connection.json', { enabled: true, host: '127.0.0.1', port: tlsFake.port, database: 'MikroDB_V16', username: 'optiplan_ro', password: 'ENV:OPTIPLAN_TEST_TLS_FIELDS_PW', timeout_seconds: 4, read_only: true });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await tlsFake?.close();
  tmp?.remove();
});

const readFile = () => JSON.parse(fs.readFileSync(path.join(tmp.dir, 'config', 'mikro_connection.json'), 'utf8')) as Record<string, unknown>;

async function openBoard(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${server.url}/?token=${server.token}#/mikro`);
  await page.getByTestId('mikro-tls-fields').waitFor();
  return page;
}

describe('SQL Board: TLS fields', () => {
  it('sets the minimum TLS version and a fingerprint, validates it, saves them into mikro_connection.json and reads them back', async () => {
    const page = await openBoard();
    const min = page.getByTestId('mikro-tls-min-version');
    const fp = page.getByTestId('mikro-certificate-fingerprint');
    // Defaults: TLS 1.2, no pin, no warning.
    expect(await min.inputValue()).toBe('1.2');
    expect(await fp.inputValue()).toBe('');
    expect(await page.getByTestId('mikro-tls-weak-warning').count()).toBe(0);

    // An older TLS: the form says what that means before anything is saved.
    await min.selectOption('1.0');
    const warning = page.getByTestId('mikro-tls-weak-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/Zayıf TLS 1\.0 yalnızca bu bağlantı için izinli olur: değişiklik denetim kaydına yazılır, doğrulama ve tanılama “zayıf TLS 1\.0 kullanılıyor” UYARISI verir.*KB3135244/);
    expect(await min.getAttribute('aria-describedby')).toBe(await warning.getAttribute('id'));

    // Not a fingerprint: said at once, in Turkish, and marked invalid.
    await fp.fill('AB:CD:12');
    const error = page.getByTestId('mikro-certificate-fingerprint-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Geçerli bir SHA-256 parmak izi değil');
    expect(await fp.getAttribute('aria-invalid')).toBe('true');
    // A real one without colons, in lower case: accepted.
    const plain = tlsFake.certificate!.fingerprint256.replace(/:/g, '').toLowerCase();
    await fp.fill(plain);
    await expect.poll(() => error.count()).toBe(0);
    expect(await fp.getAttribute('aria-invalid')).toBe('false');

    await page.getByTestId('mikro-save').click();
    await expect.poll(() => readFile().tls_min_version).toBe('1.0');
    const file = readFile();
    expect(file.certificate_fingerprint).toBe(tlsFake.certificate!.fingerprint256); // stored as AA:BB:…
    expect(file.read_only).toBe(true);
    // Audited (after the file is written): the pin and the weak TLS each named.
    const tlsAudit = async () => (await server.core.invoke('audit.list', { action: 'MIKRO_TLS_POLICY_CHANGED', limit: 5 }, server.core.context('http'))).rows[0]?.detail ?? '';
    await expect.poll(tlsAudit).toMatch(/certificate pinned: SHA-256 .*tls_min_version 1\.2 -> 1\.0 \(weak TLS allowed for this connection\)/);

    // Read back into the form from the file.
    await page.reload();
    await page.getByTestId('mikro-tls-fields').waitFor();
    await expect.poll(() => page.getByTestId('mikro-tls-min-version').inputValue()).toBe('1.0');
    expect(await page.getByTestId('mikro-certificate-fingerprint').inputValue()).toBe(tlsFake.certificate!.fingerprint256);
    expect(await page.getByTestId('mikro-tls-weak-warning').count()).toBe(1);
    expect(await page.getByTestId('mikro-unsaved').count()).toBe(0);

    // Back to 1.2 and the pin removed: the file says so too.
    await page.getByTestId('mikro-tls-min-version').selectOption('1.2');
    await page.getByTestId('mikro-certificate-fingerprint').fill('');
    expect(await page.getByTestId('mikro-tls-weak-warning').count()).toBe(0);
    await page.getByTestId('mikro-save').click();
    await expect.poll(() => readFile().tls_min_version).toBe('1.2');
    expect(readFile().certificate_fingerprint ?? '').toBe('');
    await page.close();
  });

  it('"Bu sertifikaya güven (parmak izi sabitlenir)" after the certificate failure fills the fingerprint field', async () => {
    const page = await openBoard();
    await page.getByTestId('mikro-password').fill('Parmak-İzi-Şifre-1');
    await page.getByTestId('mikro-test').click();
    await expect.poll(() => page.getByTestId('mikro-stage-tls').getAttribute('data-status'), { timeout: 20_000 }).toBe('FAIL');
    const trust = page.getByTestId('mikro-pin-certificate');
    expect(await trust.textContent()).toBe('Bu sertifikaya güven (parmak izi sabitlenir)');
    await trust.click();
    await page.getByTestId('mikro-pinned').waitFor();
    await expect.poll(() => page.getByTestId('mikro-certificate-fingerprint').inputValue()).toBe(tlsFake.certificate!.fingerprint256);
    expect(readFile().certificate_fingerprint).toBe(tlsFake.certificate!.fingerprint256);
    // The pinned form tests green: the field's value is what the test uses.
    await page.getByTestId('mikro-test').click();
    await expect.poll(() => page.getByTestId('mikro-test-result').getAttribute('data-success'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('mikro-stage-tls').getAttribute('data-status')).toBe('PASS');
    await page.close();
  });
});
