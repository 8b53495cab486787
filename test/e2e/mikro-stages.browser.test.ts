// Issue 12 §2–3 on the SQL Board in Chromium: the staged test live, Cancel, and "Bu sertifikaya
// güven (parmak izi sabitlenir)" after a self-signed certificate is refused — then the pinned
// connection works (TDS fake with TLS over real TCP, real tedious in the serve process).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let tlsFake: TdsFake;
let hung: TdsFake;
let tmp: ReturnType<typeof tempDir>;
const PASSWORD = 'Sertifika-Şifre-12a';

beforeAll(async () => {
  tmp = tempDir();
  tlsFake = await startTdsFake({ tls: { encryption: 'on' }, serverVersion: '11.0.7001' });
  hung = await startTdsFake({ mode: 'hang-after-accept' });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await tlsFake?.close();
  await hung?.close();
  tmp?.remove();
});

describe('SQL Board: staged connection test', () => {
  it('refuses the self-signed certificate with its fingerprint, pins it on request, then connects inside TLS', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/mikro`);
    await page.getByRole('heading', { name: 'Mikro SQL (SQL Board)' }).waitFor();
    await page.getByTestId('mikro-host').fill('127.0.0.1');
    await page.getByTestId('mikro-port').fill(String(tlsFake.port));
    await page.getByTestId('mikro-database').fill('MikroDB_V16');
    await page.getByTestId('mikro-username').fill('optiplan_ro');
    // Unsaved values (the typed password is used for the test only; no keychain needed).
    await page.getByTestId('mikro-password').fill(PASSWORD);
    await page.getByTestId('mikro-test').click();
    const stages = page.getByTestId('mikro-stages');
    await expect.poll(() => page.getByTestId('mikro-stage-tls').getAttribute('data-status'), { timeout: 20_000 }).toBe('FAIL');
    expect(await page.getByTestId('mikro-stage-prelogin').textContent()).toContain('SQL Server 2012 SP4 (11.0.7001)');
    expect(await page.getByTestId('mikro-stage-login').getAttribute('data-status')).toBe('pending');
    expect(await page.getByTestId('mikro-certificate').textContent()).toContain(tlsFake.certificate!.fingerprint256);
    expect(tlsFake.logins).toHaveLength(0);

    await stages.getByTestId('mikro-pin-certificate').click();
    await page.getByTestId('mikro-pinned').waitFor();
    const file = await server.core.invoke('mikro.settings', {}, server.core.context('http'));
    expect(file.certificate_fingerprint).toBe(tlsFake.certificate!.fingerprint256);

    await page.getByTestId('mikro-test').click();
    await expect.poll(() => page.getByTestId('mikro-test-result').getAttribute('data-success'), { timeout: 20_000 }).toBe('true');
    expect(await page.getByTestId('mikro-stage-tls').getAttribute('data-status')).toBe('PASS');
    expect(await page.getByTestId('mikro-stage-permissions').getAttribute('data-status')).not.toBe('pending');
    expect(tlsFake.logins.length).toBeGreaterThan(0);
    expect(tlsFake.logins.every((l) => l.encrypted)).toBe(true);
    // The typed password stays in its field; no result or stage shows it.
    expect(await stages.textContent()).not.toContain(PASSWORD);
    expect(await page.getByTestId('mikro-test-result').textContent()).not.toContain(PASSWORD);
    await page.close();
  });

  it('shows the stages live and Cancel stops a test that hangs', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/mikro`);
    await page.getByTestId('mikro-host').fill('127.0.0.1');
    await page.getByTestId('mikro-port').fill(String(hung.port));
    await page.getByTestId('mikro-database').fill('MikroDB_V16');
    await page.getByTestId('mikro-timeout').fill('60');
    await page.getByTestId('mikro-test').click();
    // Live: tcp has passed while the test still runs (prelogin waits for an answer that never comes).
    await expect.poll(() => page.getByTestId('mikro-stage-tcp').getAttribute('data-status'), { timeout: 20_000 }).toBe('PASS');
    expect(await page.getByTestId('mikro-stage-prelogin').getAttribute('data-status')).toBe('pending');
    await page.getByTestId('mikro-test-cancel').click();
    await expect.poll(() => page.getByTestId('mikro-stage-prelogin').getAttribute('data-status'), { timeout: 10_000 }).toBe('FAIL');
    expect(await page.getByTestId('mikro-stage-prelogin').textContent()).toContain('Test iptal edildi.');
    await page.close();
  });
});
