/**
 * The application database goes away under a running console (PostgreSQL behind a TCP proxy
 * whose link is cut): every page shows the same banner with the runbook's steps and keeps what
 * it showed, and once the link is back the banner goes and the pages refresh by themselves —
 * no reload, no click.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { createThrowawayDb, viaHostPort, type ThrowawayDb } from '../helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { openPage, PAGES } from './page-checks.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;
let pgDb: ThrowawayDb;
let proxy: TcpProxy;
let page: Page;

beforeAll(async () => {
  tmp = tempDir();
  pgDb = await createThrowawayDb('optiplan_ui_down');
  proxy = await startTcpProxy('127.0.0.1', 5432);
  writeConfig(tmp.dir, 'system_config.json', {
    database: { url: viaHostPort(pgDb.url, '127.0.0.1', proxy.port), auto_migrate_on_startup: true, ping_timeout_seconds: 1 },
  });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await proxy?.close();
  await pgDb?.drop().catch(() => undefined);
  tmp?.remove();
});

describe('app database down (Chromium against serve on PostgreSQL)', () => {
  it('every page shows the banner and keeps its content; the console recovers by itself', async () => {
    await page.goto(`${server.url}/?token=${server.token}#/overview`);
    await page.getByTestId('components').waitFor();
    expect(await page.getByTestId('banner-db-down').count()).toBe(0);
    // The audit page before the outage: rows from the startup migrations.
    await openPage(page, server.url, 'audit');
    await page.getByTestId('audit-rows').waitFor();

    proxy.setMode('refuse');
    await openPage(page, server.url, 'overview');
    await page.getByTestId('refresh-health').click();
    const banner = page.getByTestId('banner-db-down');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain('Uygulama veritabanına ulaşılamıyor');
    expect(await banner.textContent()).toContain('PostgreSQL servisini kontrol edin');
    expect(await banner.textContent()).not.toMatch(/ECONNREFUSED|ECONNRESET/);
    // The Overview still shows its table, with the database row now unhealthy.
    await expect.poll(() => page.getByTestId('component-database').getAttribute('data-status'), { timeout: 30_000 }).toBe('unhealthy');

    for (const name of PAGES) {
      await openPage(page, server.url, name);
      expect(await banner.isVisible(), name).toBe(true);
      expect((await page.locator('main h2').first().textContent())?.length, name).toBeGreaterThan(2);
    }
    // The audit page was visited before: it keeps its rows while the database is away.
    await openPage(page, server.url, 'audit');
    expect(await page.getByTestId('audit-rows').locator('tbody tr').count()).toBeGreaterThan(0);

    proxy.setMode('forward');
    // No reload, no click: the next health check sees the database and every query refetches.
    await expect.poll(() => banner.count(), { timeout: 45_000, interval: 500 }).toBe(0);
    await openPage(page, server.url, 'overview');
    await expect.poll(() => page.getByTestId('component-database').getAttribute('data-status'), { timeout: 30_000 }).toBe('healthy');
    await openPage(page, server.url, 'audit');
    await page.getByTestId('audit-rows').waitFor();
    expect(await page.locator('.error-box').count()).toBe(0);
  }, 180_000);
});
