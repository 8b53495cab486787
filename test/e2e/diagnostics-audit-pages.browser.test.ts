/**
 * Diagnostics and Audit pages as an operator reads them (issue 11): Diagnostics opens on the
 * latest stored run, its counts are labelled ("2 başarısız · 7 uyarı · 21 geçti"), problems come
 * first with a "sadece sorunlar" filter, a running run shows a ticking timer and the per-check
 * timeout, and printing opens every check's steps. Audit shows action codes as words (the code
 * small beside) and hides probe rows until asked.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;
let silent: TcpProxy;

beforeAll(async () => {
  tmp = tempDir();
  // A Mikro that accepts and never answers: the Mikro checks run until their timeout.
  silent = await startTcpProxy('127.0.0.1', 9);
  silent.setMode('blackhole');
  process.env.OPTIPLAN_TEST_SILENT_PW = 'typed-for-the-silent-server';
  writeConfig(tmp.dir, 'mikro_connection.json', { enabled: true, host: '127.0.0.1', port: silent.port, database: 'MikroDB_V16', username: 'optiplan_ro', password: 'ENV:OPTIPLAN_TEST_SILENT_PW', timeout_seconds: 4, read_only: true });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  await server.core.invoke('diagnostics.run', {}, server.core.context('cli'));
  await server.core.audit.record({ action: 'MIKRO_PUSH_BLOCKED', target: 'outbox probe', result: 'blocked', actor: 'root (diagnostics)', detail: 'push guard probe' });
  browser = await launchChromium();
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await silent?.close();
  tmp?.remove();
});

describe('Diagnostics and Audit pages in Chromium', () => {
  it('opens on the latest run with labelled counts, problems first, a problems-only filter and steps open for print', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/diagnostics`);
    // No click: the stored run is shown.
    const report = page.getByTestId('diag-report');
    await report.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('diag-counts').textContent()).toMatch(/^\d+ başarısız · \d+ uyarı · \d+ geçti · \d+ atlandı · /);
    const problems = page.getByTestId('diag-problems').locator('tr[data-status]');
    expect(await problems.count()).toBeGreaterThan(0);
    const statuses = await problems.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses.every((s) => s === 'FAIL' || s === 'WARN')).toBe(true);
    expect(statuses.indexOf('WARN') === -1 || statuses.lastIndexOf('FAIL') < statuses.indexOf('WARN')).toBe(true);
    // Human title first, the stable id small beside it.
    const first = problems.first();
    expect(await first.getByTestId('check-title').textContent()).not.toMatch(/^[a-z_]+$/);
    expect(await first.locator('.check-meta code').textContent()).toMatch(/^[a-z_]+$/);

    await page.getByTestId('diag-passes').waitFor();
    await page.getByTestId('diag-only-problems').check();
    expect(await page.getByTestId('diag-passes').count()).toBe(0);
    await page.getByTestId('diag-only-problems').uncheck();

    expect(await page.locator('main details:not([open])').count()).toBeGreaterThan(0);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await page.locator('main details:not([open])').count()).toBe(0);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await page.locator('main details:not([open])').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('a running run shows a ticking timer and the per-check timeout', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/diagnostics`);
    await page.getByTestId('diag-report').waitFor({ timeout: 15_000 });
    await page.getByTestId('diag-run').click();
    const elapsed = page.getByTestId('diag-elapsed');
    await elapsed.waitFor({ timeout: 10_000 });
    const firstText = await elapsed.textContent();
    await expect.poll(() => elapsed.textContent(), { timeout: 5_000 }).not.toBe(firstText);
    // Each check under its own timeout (diagnostics-running.browser.test.ts shows each running one's).
    expect(await page.getByTestId('diag-progress').textContent()).toContain('kendi zaman aşımıyla');
    await page.getByTestId('diag-report').waitFor({ timeout: 60_000 });
    await page.close();
  }, 90_000);

  it('Audit: action codes as words, probe rows hidden until shown', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 700 } });
    await page.goto(`${server.url}/?token=${server.token}#/audit`);
    const rows = page.getByTestId('audit-rows');
    await rows.waitFor();
    expect(await rows.locator('tr[data-action="MIKRO_PUSH_BLOCKED"]').count()).toBe(0);
    await page.getByTestId('audit-probes-hidden').waitFor();
    await page.getByTestId('audit-show-probes').check();
    const probe = rows.locator('tr[data-action="MIKRO_PUSH_BLOCKED"]').first();
    await probe.waitFor();
    expect(await probe.textContent()).toContain('Mikro’ya yazma engellendi');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await page.close();
  });
});
