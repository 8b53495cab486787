import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let slowMikro: TdsFake;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir();
  // A Mikro server that accepts and never answers: its checks take their timeout, so the
  // other results visibly arrive first.
  slowMikro = await startTdsFake({ mode: 'hang-after-accept' });
  process.env.DIAG_MIKRO_PW = 'diag-canary-pw-51c';
  writeConfig(tmp.dir, 'mikro_connection.json', {
    host: slowMikro.host,
    port: slowMikro.port,
    database: 'MikroDB',
    username: 'optiplan_ro',
    password: 'ENV:DIAG_MIKRO_PW',
    timeout_seconds: 2,
    encrypt: false,
    read_only: true,
  });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await slowMikro?.close();
  tmp?.remove();
});

describe('Diagnostics page in Chromium', () => {
  it('runs from the page, shows results as they arrive, exports HTML that shows the same statuses', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/diagnostics`);
    await page.getByTestId('diag-run').click();
    // Results arrive while the Mikro checks are still waiting on the silent server.
    await page.getByTestId('diag-progress').waitFor();
    await expect.poll(async () => page.locator('[data-testid^="live-"]').count(), { timeout: 15_000 }).toBeGreaterThan(3);
    expect(await page.getByTestId('live-mikro_connection').count()).toBe(0);

    const report = page.getByTestId('diag-report');
    await report.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('check-mikro_connection').getAttribute('data-status')).toBe('FAIL');
    expect(await page.getByTestId('check-database_connection').getAttribute('data-status')).toBe('PASS');
    // Each check reads with its human title and a Turkish status; the stable name stays beside it.
    const mikroRow = page.getByTestId('check-mikro_connection');
    expect(await mikroRow.getByTestId('check-title').textContent()).toBe(translator('tr').text('mikro.checks.mikro_connection.title'));
    expect(await mikroRow.locator('.badge').textContent()).toBe('BAŞARISIZ');
    expect(await mikroRow.textContent()).toMatch(/\d+(,\d)? (ms|sn)/);
    // Checks that depend on the failed connection are SKIP, neutral, and say which check they wait for.
    const skipped = page.locator('[data-testid^="check-"][data-status="SKIP"]');
    if ((await skipped.count()) > 0) {
      const first = skipped.first();
      expect(await first.locator('.badge').textContent()).toBe('ATLANDI');
      expect(await first.locator('.badge').getAttribute('class')).toContain('badge-muted');
      expect(await first.textContent()).toContain('Bağlı olduğu');
    }
    // The password of the Mikro connection is nowhere on the page.
    expect(await page.content()).not.toContain('diag-canary-pw-51c');
    const onPage = new Map<string, string>();
    for (const row of await page.locator('[data-testid^="check-"][data-status]').all()) {
      onPage.set(((await row.getAttribute('data-testid')) ?? '').slice('check-'.length), (await row.getAttribute('data-status')) ?? '');
    }
    const overall = await report.getAttribute('data-status');

    const download = page.waitForEvent('download');
    await page.getByTestId('diag-export-html').click();
    const file = path.join(tmp.dir, 'report.html');
    await (await download).saveAs(file);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).not.toContain('diag-canary-pw-51c');
    expect(html).not.toMatch(/<script\s+src|<link[^>]+href="https?:/i);

    const viewer = await context.newPage();
    await viewer.goto(`file://${file}`);
    const inReport = new Map<string, string>();
    for (const el of await viewer.locator('article.check').all()) {
      const id = ((await el.getAttribute('id')) ?? '').replace(/^check-/, '');
      const cls = (await el.getAttribute('class')) ?? '';
      inReport.set(id, /s-(PASS|WARN|FAIL|SKIP)/.exec(cls)?.[1] ?? '');
    }
    expect(inReport.size).toBe(onPage.size);
    expect([...inReport.entries()].sort()).toEqual([...onPage.entries()].sort());
    expect(await viewer.content()).toContain(overall!);
    await context.close();
  });
});
