/**
 * The Diagnostics page while a run is under way (issue 11): each check still running shows a live
 * timer against its OWN timeout ("3 sn / 32 sn"), not a page-wide constant. The Mikro server
 * accepts and never answers, and its login timeout is 15 s, so the Mikro verification (timeout
 * 2 × 15 s + 2 s = 32 s) is visibly running while the other checks have finished. Screenshots of
 * the page with the running check at 1366×768 in Turkish and English (test-results/screenshots/).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIKRO_VERIFY_NAMES } from '../../main/core/diagnostics/checks/mikro.js';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { screenshot } from './page-checks.js';

let browser: Browser;
let server: RunningServer;
let silentMikro: TdsFake;
let tmp: ReturnType<typeof tempDir>;
const MIKRO_TIMEOUT_S = 15;
const VERIFY_TIMEOUT_MS = MIKRO_TIMEOUT_S * 2_000 + 2_000;

beforeAll(async () => {
  tmp = tempDir();
  silentMikro = await startTdsFake({ mode: 'hang-after-accept' });
  process.env.DIAG_RUNNING_PW = 'diag-running-pw-7d1';
  writeConfig(tmp.dir, 'mikro_connection.json', {
    host: silentMikro.host,
    port: silentMikro.port,
    database: 'MikroDB',
    username: 'optiplan_ro',
    password: 'ENV:DIAG_RUNNING_PW',
    timeout_seconds: MIKRO_TIMEOUT_S,
    encrypt: false,
    read_only: true,
  });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await silentMikro?.close();
  tmp?.remove();
});

const timerText = (page: Page, name: string) => page.getByTestId(`timer-${name}`).textContent();

describe('Diagnostics page: running checks', () => {
  it('each running check shows a ticking timer against its own timeout, in Turkish and in English', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${server.url}/?token=${server.token}#/diagnostics`);
    await page.locator('main h2').first().waitFor();
    await page.getByTestId('diag-run').click();
    const row = page.getByTestId('running-mikro_connection');
    await row.waitFor({ timeout: 10_000 });
    // Its own timeout (32 s), not the default 15 s of the other checks.
    expect(await row.getAttribute('data-timeout-ms')).toBe(String(VERIFY_TIMEOUT_MS));
    expect(await timerText(page, 'mikro_connection')).toMatch(/^\d+ sn \/ 32 sn$/);
    expect(await row.textContent()).toContain('Çalışıyor');
    // Every running row shows its own: the Mikro verification group's 32 s, any other check
    // (mikro_config and mikro_tls_settings too) its default 15 s.
    // One snapshot of the list: a quick check may finish (and leave the list) while it is read.
    const rows = await page.$$eval('[data-testid^="running-"]', (els) =>
      els.map((e) => ({ name: (e.getAttribute('data-testid') ?? '').slice('running-'.length), timeout: e.getAttribute('data-timeout-ms'), text: e.textContent ?? '' })),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      const own = (MIKRO_VERIFY_NAMES as readonly string[]).includes(r.name) ? VERIFY_TIMEOUT_MS : 15_000;
      expect(r.timeout, r.name).toBe(String(own));
      expect(r.text, r.name).toMatch(new RegExp(`\\d+ sn / ${own / 1000} sn$`));
    }
    // The timer ticks.
    const first = await timerText(page, 'mikro_connection');
    await expect.poll(() => timerText(page, 'mikro_connection'), { timeout: 5_000 }).not.toBe(first);
    expect(await timerText(page, 'mikro_connection')).toMatch(/^[1-9]\d* sn \/ 32 sn$/);
    // Finished checks are listed beside it, and a finished check is not in the running list.
    await expect.poll(async () => page.locator('[data-testid^="live-"]').count(), { timeout: 10_000 }).toBeGreaterThan(3);
    expect(await page.locator('[data-testid="diag-running"] [data-testid="running-database_connection"]').count()).toBe(0);
    await screenshot(page, 'diagnostics-running-tr-1366x768');

    await page.getByTestId('language').selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    await expect.poll(() => timerText(page, 'mikro_connection')).toMatch(/^\d+ s \/ 32 s$/);
    expect(await row.textContent()).toContain('Running');
    expect(await page.getByTestId('diag-running').textContent()).toContain('Checks running now');
    await screenshot(page, 'diagnostics-running-en-1366x768');

    // When the run ends nothing is running any more, and the Mikro checks are reported.
    await page.getByTestId('diag-report').waitFor({ timeout: 40_000 });
    expect(await page.getByTestId('diag-running').count()).toBe(0);
    expect(await page.getByTestId('check-mikro_connection').getAttribute('data-status')).toBe('FAIL');
    await page.close();
  }, 90_000);
});
