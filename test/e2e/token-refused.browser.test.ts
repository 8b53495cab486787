/**
 * A console window whose token the server refuses (an old link after serve restarted with a new
 * per-run token): the server is alive and the database healthy, so the window must say that its
 * token was refused (the server's errors.token_required, E_UNAUTHORIZED's next step) and not that the database is
 * down. With the right token neither banner shows.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;
let page: Page;

beforeAll(async () => {
  tmp = tempDir();
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir(), secretStore: null });
  await server.core.migrations.up();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  tmp?.remove();
});

describe('a refused token', () => {
  it('shows the token problem, not "database down"; the right token shows neither', async () => {
    await page.goto(`${server.url}/?token=${'x'.repeat(32)}#/overview`);
    const refused = page.locator('[data-testid="banner-access-refused"]');
    await refused.waitFor({ timeout: 20_000 });
    expect(await refused.getAttribute('data-code')).toBe('E_UNAUTHORIZED');
    // The server's own words (errors.token_required) and the code's next step (errors.E_UNAUTHORIZED).
    expect(await refused.innerText()).toContain('Bu istek token gerektirir');
    expect(await refused.innerText()).toContain('serve başlatılırken yazılan bağlantıyı (token ile) açın');
    expect(await page.locator('[data-testid="banner-db-down"]').count()).toBe(0);

    const fresh = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await fresh.goto(`${server.url}/?token=${server.token}#/overview`);
    await fresh.locator('[data-testid="sidebar-status"]').waitFor({ timeout: 20_000 });
    expect(await fresh.locator('[data-testid="banner-access-refused"]').count()).toBe(0);
    expect(await fresh.locator('[data-testid="banner-db-down"]').count()).toBe(0);
    await fresh.close();
  }, 90_000);
});
