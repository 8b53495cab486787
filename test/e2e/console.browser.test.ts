import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../main/core/migrations/index.js';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir();
  // A fresh database with auto-migrate off, so "Upgrade to head" has real work to do.
  writeConfig(tmp.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  tmp?.remove();
});

describe('console UI in Chromium against serve', () => {
  it('Turkish by default: upgrade a fresh database to head, see healthy, switch to English', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    await page.goto(`${server.url}/?token=${server.token}#/database`);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByRole('heading', { name: 'Veritabanı ve Migration' }).waitFor();
    const state = page.getByTestId('schema-state');
    await expect.poll(() => state.getAttribute('data-at-head')).toBe('false');
    expect(await state.textContent()).toContain(`${MIGRATIONS.length} migration bekliyor`);

    // The Overview names the pending migrations with the upgrade button right there.
    await page.getByTestId('nav-overview').click();
    const next = page.getByTestId('next-database');
    await next.waitFor();
    expect(await next.textContent()).toContain('Veritabanı sayfasında şemayı güncelleyin');
    expect(await next.getByTestId('overview-upgrade').isEnabled()).toBe(true);
    await page.getByTestId('nav-database').click();
    await page.getByTestId('upgrade').click();
    await expect.poll(() => page.getByTestId('upgrade-result').textContent()).toContain(`${MIGRATIONS.length} migration uygulandı`);
    await expect.poll(() => state.getAttribute('data-at-head')).toBe('true');
    expect(await page.getByTestId('applied').locator('tbody tr').count()).toBe(MIGRATIONS.length);

    await page.getByTestId('nav-overview').click();
    const overall = page.getByTestId('overall-status');
    // A bare install is not "Sağlıklı": the database is, but Mikro, WhatsApp and the first backup are still to do.
    await expect.poll(() => overall.getAttribute('data-status')).toBe('setup');
    expect(await overall.textContent()).toBe('Kurulum tamamlanmadı');
    expect(await page.getByTestId('component-database').getAttribute('data-status')).toBe('healthy');
    expect(await page.getByTestId('first-run-backup').getAttribute('data-state')).toBe('todo');
    expect(await page.getByTestId('first-run-open-backup').getAttribute('href')).toBe('#/backups');
    expect(await page.getByTestId('component-database').textContent()).toContain('SQLite');
    // Numbers, durations and times in Turkish: "0,4 ms", "… saniye önce (02.12.2026 17:03 GMT+3)".
    const latencyTr = (await page.getByTestId('component-database').locator('td.num').textContent()) ?? '';
    expect(latencyTr).toMatch(/^\d+(,\d)? (ms|sn)$/);
    expect(await page.getByTestId('last-checked').textContent()).toMatch(/(saniye|dakika) önce|şimdi/);
    expect(await page.getByTestId('last-checked').textContent()).toMatch(/\d\d\.\d\d\.\d{4} \d\d:\d\d/);

    await page.getByTestId('language').selectOption('en');
    await expect.poll(() => overall.textContent()).toBe('Setup not finished');
    expect(await page.getByRole('heading', { level: 2 }).textContent()).toBe('System health');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const latencyEn = (await page.getByTestId('component-database').locator('td.num').textContent()) ?? '';
    expect(latencyEn).toMatch(/^\d+(\.\d)? (ms|s)$/);
    expect(await page.getByTestId('last-checked').textContent()).toMatch(/seconds? ago|minutes? ago|now/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('without the token the UI shows nothing and changes nothing: every read is refused with a clear message', async () => {
    const fresh = tempDir();
    writeConfig(fresh.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
    const other = await startServe({ host: '127.0.0.1', port: 0, dataDir: fresh.dir, uiDir: builtUiDir() });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${other.url}/#/database`);
      await page.getByText('Token yok', { exact: false }).waitFor();
      const alert = page.getByRole('alert').filter({ hasText: 'token' }).first();
      await alert.waitFor();
      // What happened and what to do, in Turkish; the code only behind the technical-detail toggle.
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain('token');
      expect(text).toContain('Ne yapmalı');
      expect(text).not.toContain('E_UNAUTHORIZED');
      await alert.getByTestId('technical-toggle').click();
      expect(await alert.getByTestId('technical-detail').textContent()).toContain('E_UNAUTHORIZED');
      expect(await page.getByTestId('schema-state').count()).toBe(0);
      expect((await other.core.migrations.status()).current).toBeNull();
      await context.close();
    } finally {
      await other.close();
      fresh.remove();
    }
  });
});
