/**
 * "Şimdi yedekle" double-clicked makes one backup and no error; a second window (another
 * browser context, as another operator's tab) shows the run as running while it goes, through
 * the job events, without a reload. The database is made big enough that the run takes a
 * while (a bulk table of incompressible bytes).
 */
import crypto from 'node:crypto';
import type { Browser } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir();
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  const k = server.core.db.kysely;
  await sql`create table ui_bulk (id integer primary key, data blob)`.execute(k);
  for (let i = 0; i < 48; i++) await sql`insert into ui_bulk (data) values (${crypto.randomBytes(1024 * 1024)})`.execute(k);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  tmp?.remove();
});

describe('Backups page: double click and a second window', () => {
  it('a double click makes one backup with no error; the other window shows it running', async () => {
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    for (const p of [a, b]) {
      await p.goto(`${server.url}/?token=${server.token}#/backups`);
      await p.getByTestId('backup-run').waitFor();
    }
    // Window B notes whether it ever showed the run as running (the run may end between two polls).
    await b.evaluate(() => {
      const w = window as unknown as { sawRunning: boolean };
      w.sawRunning = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="backup-progress"]')) w.sawRunning = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    const before = (await server.core.invoke('backup.list', {}, server.core.context('cli'))) as unknown[];

    await a.getByTestId('backup-run').dblclick();
    expect(await a.getByTestId('backup-run').isDisabled()).toBe(true);
    await a.getByTestId('backup-result').waitFor({ timeout: 90_000 });
    expect(await a.getByTestId('backup-result').getAttribute('data-status')).toBe('success');
    expect(await a.locator('.error-box').count()).toBe(0);

    await expect.poll(() => b.evaluate(() => (window as unknown as { sawRunning: boolean }).sawRunning), { timeout: 30_000 }).toBe(true);
    // B's history shows the new run without a reload.
    await expect.poll(() => b.getByTestId('backup-list').locator('tbody tr').count(), { timeout: 30_000 }).toBe(before.length + 1);
    const after = (await server.core.invoke('backup.list', {}, server.core.context('cli'))) as unknown[];
    expect(after.length).toBe(before.length + 1);
  }, 180_000);
});
