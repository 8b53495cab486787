/**
 * The SQL Board as one Connect-style flow (issue 11), against the TDS test server: Enter in the
 * form runs the test (it does not save); a result stays tied to the values it tested (editing a
 * field marks it as stale and the form as unsaved); the form keeps its state across the tabs;
 * "Test et ve kaydet" tests then saves; after the saved settings change without a test the
 * page says the saved settings were not tested; the query console runs with Ctrl+Enter and
 * copies the grid with its headers; the row count and time are in tr-TR.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

let browser: Browser;
let context: BrowserContext;
let server: RunningServer;
let fake: TdsFake;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir();
  fake = await startTdsFake();
  process.env.OPTIPLAN_TEST_MIKRO_PW = 'flow-test-password';
  writeConfig(tmp.dir, 'mikro_connection.json', {
    enabled: true,
    host: '127.0.0.1',
    port: fake.port,
    database: 'MikroDB_V16',
    username: 'optiplan_ro',
    password: 'ENV:OPTIPLAN_TEST_MIKRO_PW',
    timeout_seconds: 3,
    encrypt: false,
    read_only: true,
  });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
  context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  tmp?.remove();
});

describe('SQL Board flow in Chromium', () => {
  it('Enter tests, results belong to the values tested, state survives the tabs, Test and save saves', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/mikro`);
    const host = page.getByTestId('mikro-host');
    await expect.poll(() => host.inputValue()).toBe('127.0.0.1');

    const tested = page.waitForResponse((r) => r.url().endsWith('/api/op/mikro.test'));
    const saved = () => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/op/mikro.save')).length);
    await host.press('Enter');
    await tested;
    const result = page.getByTestId('mikro-test-result');
    await expect.poll(() => result.getAttribute('data-success'), { timeout: 20_000 }).toBe('true');
    expect(await saved()).toBe(0);
    expect(await page.getByTestId('mikro-unsaved').count()).toBe(0);

    // Editing a field: the result is now for the previous values, and the form is unsaved.
    await page.getByTestId('mikro-database').fill('MikroDB_V17');
    await page.getByTestId('mikro-test-stale').waitFor();
    await page.getByTestId('mikro-unsaved').waitFor();
    // The query tab and back: the edit is still there.
    await page.getByTestId('tab-query').click();
    await page.getByTestId('tab-connection').click();
    expect(await page.getByTestId('mikro-database').inputValue()).toBe('MikroDB_V17');
    // Leaving through the sidebar asks first; dismissing keeps the page.
    page.once('dialog', (d) => void d.dismiss());
    await page.getByTestId('nav-overview').click();
    expect(page.url()).toContain('#/mikro');

    // Test and save: tested with the new value, then saved; the page is clean again.
    await page.getByTestId('mikro-test-save').click();
    await expect.poll(() => page.getByTestId('mikro-unsaved').count(), { timeout: 20_000 }).toBe(0);
    const file = JSON.parse(fs.readFileSync(path.join(tmp.dir, 'config', 'mikro_connection.json'), 'utf8')) as { database: string };
    expect(file.database).toBe('MikroDB_V17');
    expect(await page.getByTestId('mikro-saved-untested').count()).toBe(0);

    // The saved settings change without a test (here: on disk, as another window would): the page says so.
    await server.core.invoke('mikro.save', { database: 'MikroDB_V18' }, server.core.context('cli'));
    await page.reload();
    await page.getByTestId('mikro-saved-untested').waitFor();
    expect(await page.getByTestId('mikro-saved-untested').textContent()).toContain('Kaydedilen ayarlar henüz test edilmedi');
    await page.close();
  });

  it('the query console runs with Ctrl+Enter, shows rows and time in tr-TR, and copies with headers', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/mikro`);
    await page.getByTestId('tab-query').click();
    await page.getByTestId('mikro-sql').fill('SELECT 1 AS n');
    await page.getByTestId('mikro-sql').press('Control+Enter');
    const count = page.getByTestId('mikro-row-count');
    await count.waitFor({ timeout: 20_000 });
    expect(await count.textContent()).toMatch(/^1 satır \(\d+(,\d)? (ms|sn)\)$/);
    await page.getByTestId('mikro-copy').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('n\r\n1\r\n');
    await page.close();
  });
});
