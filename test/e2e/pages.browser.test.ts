/**
 * Every page of the console, as a new operator meets it on a machine where many things are
 * wrong at once: no keychain (this test runs without the Secret Service), Mikro pointing at a
 * closed port with no password, WhatsApp not set up, backup_config.json that does not parse.
 * In Turkish no English words, in English no Turkish ones (technical-detail toggles excepted);
 * every visible text run ≥ 4.5:1 contrast (3:1 large) computed in the browser; no sideways
 * scrolling and no word broken in the middle at 1024×700; nav labels and badges on one line; screenshots of every page at the
 * three sizes in both languages (test-results/screenshots/, looked at before closing the issue).
 */
import net from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { brokenWords, looksEnglish, looksTurkish, openPage, PAGES, readableText, screenshot, SIZES, sidewaysOverflow, textRuns, wrappedLabels, type PageName } from './page-checks.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;
let page: Page;
const contrastMin: { ratio: number; text: string; page: string }[] = [];

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  tmp = tempDir();
  writeConfig(tmp.dir, 'mikro_connection.json', {
    enabled: true,
    host: '127.0.0.1',
    port: await closedPort(),
    database: 'MikroDB_V16',
    username: 'optiplan_ro',
    password: 'VAULT:mikro_sql_password',
    timeout_seconds: 2,
    read_only: true,
  });
  // A comma missing on line 3: "Yapılandırma hatası" with the file, line and column.
  writeConfig(tmp.dir, 'backup_config.json', '{\n  "enabled": true\n  "retention_days": 30\n}\n');
  // No keychain for this console (as on a PC without the Secret Service), whatever the test machine has.
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir(), secretStore: null });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${server.url}/?token=${server.token}#/overview`);
  await page.locator('main h2').first().waitFor();
  // Results on the pages, so their texts are measured too: a failed Mikro test, a diagnostics run.
  await openPage(page, server.url, 'mikro');
  await page.getByTestId('mikro-test').click();
  await page.getByTestId('mikro-test-result').waitFor({ timeout: 20_000 });
  await openPage(page, server.url, 'diagnostics');
  await page.getByTestId('diag-run').click();
  await page.getByTestId('diag-report').waitFor({ timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  tmp?.remove();
  if (contrastMin.length) console.log('lowest contrast per page:', contrastMin);
});

async function setLanguage(lang: 'tr' | 'en'): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
    await page.getByTestId('language').selectOption(lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
}

describe('every page, with problems everywhere (Chromium against serve)', () => {
  it('shows the config-error and no-keychain banners on every page', async () => {
    await setLanguage('tr');
    for (const name of PAGES) {
      await openPage(page, server.url, name);
      const config = page.getByTestId('banner-config');
      expect(await config.textContent(), name).toContain('Yapılandırma hatası');
      expect(await config.textContent(), name).toMatch(/backup_config\.json/);
      expect(await config.textContent(), name).toMatch(/satır 3/);
      expect(await page.getByTestId('banner-keychain').textContent(), name).toContain('Windows Kimlik Bilgileri');
    }
    // Settings: the VAULT: actions are off with the reason, and the ENV: way is offered.
    await openPage(page, server.url, 'settings');
    const setNow = page.getByTestId('set-now-mikro_sql_password');
    expect(await setNow.isDisabled()).toBe(true);
    expect(await setNow.getAttribute('title')).toContain('VAULT:');
    expect(await page.getByTestId('vault-disabled').textContent()).toContain('ENV:');
    expect(await page.getByTestId('secret-save').isDisabled()).toBe(true);
  });

  for (const lang of ['tr', 'en'] as const) {
    it(`${lang}: only ${lang === 'tr' ? 'Turkish' : 'English'} words on every page (technical detail excepted)`, async () => {
      await setLanguage(lang);
      const leaks: string[] = [];
      for (const name of PAGES) {
        await openPage(page, server.url, name);
        for (const text of await readableText(page)) {
          if (lang === 'tr' ? looksEnglish(text) : looksTurkish(text)) leaks.push(`${name}: ${text}`);
        }
      }
      expect(leaks).toEqual([]);
    });
  }

  it('the contrast measure finds a text that is too faint (#999 on white is 2.8:1)', async () => {
    await openPage(page, server.url, 'overview');
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'faint-probe';
      p.style.cssText = 'color:#999;background:#fff';
      p.textContent = 'faint probe';
      document.querySelector('main')!.append(p);
    });
    const probe = (await textRuns(page)).find((r) => r.text === 'faint probe');
    await page.evaluate(() => document.getElementById('faint-probe')?.remove());
    expect(probe?.ratio).toBeCloseTo(2.85, 1);
  });

  it('every visible text run has contrast ≥ 4.5:1 (3:1 for large text), in both languages', async () => {
    const low: string[] = [];
    for (const lang of ['tr', 'en'] as const) {
      await setLanguage(lang);
      for (const name of PAGES) {
        await openPage(page, server.url, name);
        const runs = await textRuns(page);
        expect(runs.length, name).toBeGreaterThan(10);
        for (const r of runs) if (r.ratio < (r.large ? 3 : 4.5)) low.push(`${lang}/${name}: ${r.ratio.toFixed(2)} "${r.text}" (${r.where})`);
        const min = runs.reduce((a, b) => (b.ratio < a.ratio ? b : a));
        contrastMin.push({ ratio: Math.round(min.ratio * 100) / 100, text: min.text, page: `${lang}/${name}` });
      }
    }
    expect(low).toEqual([]);
  });

  it('at 1024×700 no page scrolls sideways; nav labels and badges never wrap at any size', async () => {
    const problems: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const lang of ['tr', 'en'] as const) {
        await setLanguage(lang);
        for (const name of PAGES) {
          await openPage(page, server.url, name);
          const overflow = await sidewaysOverflow(page);
          if (overflow > 0) problems.push(`${size.name} ${lang}/${name}: ${overflow}px sideways`);
          for (const l of await wrappedLabels(page)) problems.push(`${size.name} ${lang}/${name}: "${l}" wraps`);
        }
      }
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(problems).toEqual([]);
  }, 180_000);

  it('the broken-word measure finds a word split across lines, and not one that wraps whole or a path', async () => {
    await setLanguage('tr');
    await openPage(page, server.url, 'overview');
    await page.evaluate(() => {
      const add = (id: string, css: string, html: string) => {
        const p = document.createElement('p');
        p.id = id;
        p.style.cssText = `width:90px;${css}`;
        p.innerHTML = html;
        document.querySelector('main')!.append(p);
      };
      add('broken-probe', 'overflow-wrap:anywhere', 'Yapılandırmadosyalarınızı');
      add('whole-probe', 'overflow-wrap:normal', 'bir iki üç dört beş altı yedi');
      add('path-probe', 'overflow-wrap:anywhere', 'C:\\ProgramData\\OptiPlan360\\config');
    });
    const found = await brokenWords(page);
    await page.evaluate(() => ['broken-probe', 'whole-probe', 'path-probe'].forEach((id) => document.getElementById(id)?.remove()));
    expect(found.filter((w) => w.startsWith('Yapılandırmadosyalarınızı'))).toHaveLength(1);
    expect(found.filter((w) => /^(bir|iki|üç|dört|beş|altı|yedi) /.test(w) || w.includes('ProgramData'))).toEqual([]);
  });

  it('at 1024×700 no word is broken in the middle on any page, in both languages (only paths and hashes may break)', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    const broken: string[] = [];
    for (const lang of ['tr', 'en'] as const) {
      await setLanguage(lang);
      for (const name of PAGES) {
        await openPage(page, server.url, name);
        for (const w of await brokenWords(page)) broken.push(`${lang}/${name}: ${w}`);
      }
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(broken).toEqual([]);
  }, 120_000);

  it('below 1200 px the sidebar is a sticky bar whose menu opens the sections; keyboard: skip link and arrow-key tabs', async () => {
    await setLanguage('tr');
    await page.setViewportSize({ width: 1024, height: 700 });
    await openPage(page, server.url, 'overview');
    expect(await page.getByTestId('nav-audit').isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menü' }).click();
    await page.getByTestId('nav-audit').click();
    await page.locator('[data-testid="nav-audit"][aria-current="page"]').waitFor({ state: 'attached' });
    await page.setViewportSize({ width: 1366, height: 768 });
    // The skip link is the first stop and moves focus to the page.
    await page.reload();
    await page.locator('main h2').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('İçeriğe geç');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The SQL Board's tabs: arrow keys move the selection and the focus.
    await openPage(page, server.url, 'mikro');
    await page.getByRole('tab', { selected: true }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { selected: true }).getAttribute('data-testid')).toBe('tab-query');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tab');
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('tab', { selected: true }).getAttribute('data-testid')).toBe('tab-connection');
  }, 60_000);

  it('screenshots of every page at the three sizes in both languages', async () => {
    const files: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const lang of ['tr', 'en'] as const) {
        await setLanguage(lang);
        for (const name of PAGES as readonly PageName[]) {
          await openPage(page, server.url, name);
          files.push(await screenshot(page, `${name}-${lang}-${size.name}`));
        }
      }
    }
    expect(files).toHaveLength(PAGES.length * SIZES.length * 2);
  }, 180_000);
});
