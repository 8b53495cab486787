// Issue 12 §4–5 on the SQL Board in Chromium: the login type (SQL / Windows via NTLM) with the note
// that integrated single sign-on is not available, a Windows-account test against the TDS fake's
// NTLM, and the log of the statements sent to Mikro under the query console.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let fake: TdsFake;
let tmp: ReturnType<typeof tempDir>;
const PASSWORD = 'Windows-Şifre-55';

beforeAll(async () => {
  tmp = tempDir();
  fake = await startTdsFake({ ntlm: { accounts: { 'FABRIKA\\ali': PASSWORD } }, login: (l) => (l.ntlm?.verified ? { ok: true } : { ok: false, number: 18456, message: 'Login failed.' }) });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  tmp?.remove();
});

describe('SQL Board: Windows login and statement log', () => {
  it('says single sign-on is not available, logs in with a Windows account via NTLM, and lists the statements sent', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/mikro`);
    await page.getByRole('heading', { name: 'Mikro SQL (SQL Board)' }).waitFor();
    expect(await page.getByTestId('mikro-sso-note').textContent()).toContain('Tümleşik tek oturum açma');
    expect(await page.getByTestId('mikro-domain').count()).toBe(0);
    await page.getByTestId('mikro-authentication').selectOption('ntlm');
    await page.getByTestId('mikro-domain').fill('FABRIKA');
    await page.getByTestId('mikro-host').fill('127.0.0.1');
    await page.getByTestId('mikro-port').fill(String(fake.port));
    await page.getByTestId('mikro-database').fill('MikroDB_V16');
    await page.getByTestId('mikro-username').fill('ali');
    await page.getByTestId('mikro-password').fill(PASSWORD);
    await page.getByTestId('mikro-test').click();
    const result = page.getByTestId('mikro-test-result');
    await expect.poll(() => result.getAttribute('data-success'), { timeout: 20_000 }).toBe('true');
    expect(fake.logins.length).toBeGreaterThan(0);
    expect(fake.logins.every((l) => l.ntlm?.verified === true && l.password === '')).toBe(true);

    // Saved (password to the keychain), the console's own query runs as that Windows account.
    await page.getByTestId('mikro-save').click();
    await expect.poll(() => page.getByTestId('mikro-password').inputValue()).toBe('');
    await page.getByTestId('tab-query').click();
    await page.getByTestId('mikro-sql').fill('SELECT 1 AS ok');
    await page.getByTestId('mikro-run').click();
    await page.getByTestId('mikro-rows').waitFor();
    const log = page.getByTestId('mikro-statement-log');
    // No Refresh needed: a test or a query refetches the log.
    await expect.poll(async () => (await log.textContent()) ?? '').toContain('READ UNCOMMITTED');
    await expect.poll(async () => page.getByTestId('mikro-statement-log-rows').locator('tr[data-outcome="ok"]').count()).toBeGreaterThan(0);
    await expect.poll(async () => (await log.textContent()) ?? '').toContain('SELECT 1 AS ok');
    expect((await log.textContent()) ?? '').toContain('(system)'); // the connection test's own statements
    expect(await page.content()).not.toContain(PASSWORD);
    await server.core.secretStore?.delete('mikro_sql_password');
    await page.close();
  });
});
