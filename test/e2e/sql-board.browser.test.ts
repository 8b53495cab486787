import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let fake: TdsFake;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir();
  fake = await startTdsFake();
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  tmp?.remove();
});

describe('SQL Board in Chromium', () => {
  it('test connection succeeds against the TDS test server, then fails with the friendly message once it is stopped', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/mikro`);
    await page.getByRole('heading', { name: 'Mikro SQL (SQL Board)' }).waitFor();
    expect(await page.getByTestId('mikro-readonly').isChecked()).toBe(true);
    expect(await page.getByTestId('mikro-readonly').isDisabled()).toBe(true);

    await page.getByTestId('mikro-host').fill('127.0.0.1');
    await page.getByTestId('mikro-port').fill(String(fake.port));
    await page.getByTestId('mikro-database').fill('MikroDB_V16');
    await page.getByTestId('mikro-username').fill('optiplan_ro');
    await page.getByTestId('mikro-password').fill('typed-for-this-test');
    await page.getByTestId('mikro-timeout').fill('2');
    await page.getByTestId('mikro-test').click();

    const result = page.getByTestId('mikro-test-result');
    await expect.poll(() => result.getAttribute('data-success')).toBe('true');
    expect(await result.textContent()).toContain('Bağlantı başarılı');
    expect(fake.logins.every((l) => l.readOnlyIntent)).toBe(true);

    // Save: the password goes to the keychain, the field is emptied, the page says it is stored.
    await page.getByTestId('mikro-save').click();
    await expect.poll(() => page.getByTestId('mikro-password').inputValue()).toBe('');
    await page.getByText('Anahtar deposunda kayıtlı (VAULT:mikro_sql_password)').waitFor();
    expect(await page.content()).not.toContain('typed-for-this-test');
    expect(await server.core.secretStore!.get('mikro_sql_password')).toBe('typed-for-this-test');

    await fake.close();
    await page.getByTestId('mikro-test').click();
    await expect.poll(() => result.getAttribute('data-success')).toBe('false');
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('Bağlantı hatası');
    expect(text).not.toContain('typed-for-this-test');
    expect(await result.getAttribute('data-code')).toBe('E_MIKRO_UNREACHABLE');
    // The last test reads as the code's catalogue text; the code itself is technical detail.
    const last = page.getByTestId('mikro-last-test');
    await expect.poll(() => last.textContent()).toContain(translator('tr').text('errors.E_MIKRO_UNREACHABLE.message'));
    expect(await last.textContent()).not.toContain('E_MIKRO_UNREACHABLE');
    await last.getByTestId('technical-toggle').click();
    expect(await last.getByTestId('technical-detail').textContent()).toContain('E_MIKRO_UNREACHABLE');
    await server.core.secretStore!.delete('mikro_sql_password');
    await page.close();
  });
});
