/**
 * "Şimdi ayarla" on a missing VAULT: reference (and "Değiştir" on a stored one) takes the user to
 * the value field: the name is filled in, the field has the focus and is on screen. Needs the
 * real Secret Service (scripts/with-keyring.sh, as npm test runs it).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;
const NAME = 'whatsapp_webhook_verify';

beforeAll(async () => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error('run under scripts/with-keyring.sh (npm test does): this test needs a real Secret Service');
  tmp = tempDir();
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await server?.core.secretStore?.delete(NAME).catch(() => undefined);
  await browser?.close();
  await server?.close();
  tmp?.remove();
});

describe('Settings: Şimdi ayarla / Değiştir move the focus to the value', () => {
  it('fills the name, focuses the value field in view; after saving, Değiştir does the same', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(`${server.url}/?token=${server.token}#/settings`);
    await expect.poll(() => page.getByTestId('keychain-status').getAttribute('data-available')).toBe('true');
    const setNow = page.getByTestId(`set-now-${NAME}`);
    expect(await setNow.isDisabled()).toBe(false);
    await setNow.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('secret-value');
    expect(await page.getByTestId('secret-name').inputValue()).toBe(NAME);
    expect(await page.getByTestId('secret-value').isVisible()).toBe(true);
    const box = (await page.getByTestId('secret-value').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(700);
    expect(await page.getByTestId('secret-focus-hint').textContent()).toContain(NAME);

    await page.keyboard.type('focus-test-value');
    await page.keyboard.press('Enter');
    await page.getByTestId('secret-saved').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId(`secret-${NAME}`).getByRole('button', { name: 'Değiştir' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('secret-value');
    expect(await page.getByTestId('secret-name').inputValue()).toBe(NAME);
    await page.close();
  });
});
