/**
 * The Diagnostics page's "Destek paketi" (issue 18) in Chromium against serve: the preview lists
 * the files that would go in with their sizes (tr-TR: 20,0 KB) and what is taken out; a double
 * click on "Destek paketi oluştur" makes exactly one bundle and shows its path, size and hash; a
 * second window shows the bundle as running while it is made; in a browser there is no "Farklı
 * kaydet…" and the page says where the file is; Turkish shows no English words and English no
 * Turkish ones; nothing scrolls sideways at 1024×700. Screenshots at three sizes, both languages.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { looksEnglish, looksTurkish, openPage, readableText, SCREENSHOT_DIR, SIZES, sidewaysOverflow, textRuns } from './page-checks.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;
let page: Page;
const supportDir = () => path.join(tmp.dir, 'support');
const zips = () => (fs.existsSync(supportDir()) ? fs.readdirSync(supportDir()).filter((f) => f.endsWith('.zip')) : []);

beforeAll(async () => {
  tmp = tempDir('optiplan support ui ');
  writeConfig(tmp.dir, 'backup_config.json', { enabled: false });
  // Logs the bundle takes: one of exactly 20 KB, and a large one so the bundle takes a moment to make.
  const logs = path.join(tmp.dir, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  fs.writeFileSync(path.join(logs, 'optiplan360-old.log'), `${'{"level":30,"msg":"eski satır"}\n'.repeat(400_000)}`);
  fs.utimesSync(path.join(logs, 'optiplan360-old.log'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
  fs.writeFileSync(path.join(logs, 'optiplan360-small.log'), 'x'.repeat(20 * 1024));
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir(), secretStore: null });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`${server.url}/?token=${server.token}#/diagnostics`);
  await page.getByTestId('support-section').waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  tmp?.remove();
});

async function setLanguage(p: Page, lang: 'tr' | 'en'): Promise<void> {
  if ((await p.evaluate(() => document.documentElement.lang)) !== lang) {
    await p.getByTestId('language').selectOption(lang);
    await p.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
}

describe('Diagnostics: the support bundle section (Chromium against serve)', () => {
  it('"Önizle" lists the files with their sizes (tr-TR) and what is taken out', async () => {
    await setLanguage(page, 'tr');
    await page.getByTestId('support-preview').click();
    const list = page.getByTestId('support-preview-list');
    await list.waitFor();
    const size = (name: string) => list.locator(`tr[data-file="${name}"] [data-col="size"]`).textContent();
    expect(await size('logs/optiplan360-small.log')).toBe('20,0 KB');
    expect(await size('config/backup_config.json')).toMatch(/^\d+ B$/);
    expect(await size('manifest.json')).toBe('oluşturulurken belli olur');
    expect(await list.locator('tbody tr').count()).toBeGreaterThanOrEqual(12);
    expect(await list.textContent()).toContain('en fazla 20,0 MB');
    const redacted = await page.getByTestId('support-redacted').textContent();
    expect(redacted).toContain('Gizli değerler');
    expect(redacted).toContain('.bak dosyaları');
    expect(redacted).toContain('+90 532 *** ** 93');
    // Nothing is written by a preview.
    expect(zips()).toEqual([]);
  });

  it('a double click makes exactly one bundle and shows its path; another window shows it running', async () => {
    const other = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await other.goto(`${server.url}/?token=${server.token}#/diagnostics`);
    await other.getByTestId('support-make').waitFor();
    await other.evaluate(() => {
      const w = window as unknown as { sawRunning: boolean };
      w.sawRunning = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="support-running"]')) w.sawRunning = true;
      }).observe(document.body, { subtree: true, childList: true });
    });

    await page.getByTestId('support-make').dblclick();
    expect(await page.getByTestId('support-make').isDisabled()).toBe(true);
    await page.getByTestId('support-result').waitFor({ timeout: 90_000 });
    expect(zips()).toHaveLength(1);
    const shown = await page.getByTestId('support-result-path').textContent();
    expect(shown).toBe(path.join(supportDir(), zips()[0]!));
    expect(await page.getByTestId('support-result-size').textContent()).toMatch(/^\d+(,\d)? (B|KB|MB)$/);
    expect(await page.getByTestId('support-result-sha').textContent()).toMatch(/^[0-9a-f]{16}$/);
    expect(await page.locator('.error-box').count()).toBe(0);
    // A browser cannot save it elsewhere: no "Farklı kaydet…", the page says where the file is.
    expect(await page.getByTestId('support-save-as').count()).toBe(0);
    expect(await page.getByTestId('support-where').textContent()).toContain('konsolun çalıştığı bilgisayarda');
    const audit = (await server.core.invoke('audit.list', { limit: 50 }, server.core.context('cli'))) as { rows: { action: string }[] };
    expect(audit.rows.filter((r) => r.action === 'SUPPORT_BUNDLE_CREATED')).toHaveLength(1);

    // The other window saw it running and then shows the same result, without a reload.
    await expect.poll(() => other.evaluate(() => (window as unknown as { sawRunning: boolean }).sawRunning), { timeout: 30_000 }).toBe(true);
    await other.getByTestId('support-result').waitFor({ timeout: 30_000 });
    expect(await other.getByTestId('support-result-path').textContent()).toBe(shown);
    await other.close();
  }, 120_000);

  for (const lang of ['tr', 'en'] as const) {
    it(`${lang}: the section reads only ${lang === 'tr' ? 'Turkish' : 'English'}, and fits at 1024×700`, async () => {
      await setLanguage(page, lang);
      await page.setViewportSize({ width: 1024, height: 700 });
      try {
        await page.getByTestId('support-preview-list').waitFor();
        const texts = await readableText(page, '[data-testid="support-section"]');
        expect(texts.filter((t) => (lang === 'tr' ? looksEnglish(t) : looksTurkish(t)))).toEqual([]);
        expect(texts).toContain(lang === 'tr' ? 'Destek paketi hazır' : 'Support bundle ready');
        expect(texts.length).toBeGreaterThan(20);
        // Preview and result open: every text run of the page still ≥ 4.5:1 (3:1 large).
        const faint = (await textRuns(page)).filter((r) => r.ratio < (r.large ? 3 : 4.5)).map((r) => `${r.ratio.toFixed(2)} "${r.text}"`);
        expect(faint).toEqual([]);
        expect(await sidewaysOverflow(page)).toBe(0);
      } finally {
        await page.setViewportSize({ width: 1366, height: 768 });
      }
    });
  }

  it('screenshots of the section at the three sizes in both languages', async () => {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const files: string[] = [];
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (const lang of ['tr', 'en'] as const) {
        await setLanguage(page, lang);
        await openPage(page, server.url, 'diagnostics');
        const file = path.join(SCREENSHOT_DIR, `support-bundle-${lang}-${size.name}.png`);
        // A full-page shot clipped to the section: an element shot scrolls it under the sticky bar (below 1200 px).
        await page.evaluate(() => window.scrollTo(0, 0));
        const box = (await page.getByTestId('support-section').boundingBox())!;
        await page.screenshot({ path: file, fullPage: true, clip: { x: Math.max(0, box.x - 8), y: Math.max(0, box.y - 8), width: box.width + 16, height: box.height + 16 } });
        files.push(file);
      }
    }
    expect(files.every((f) => fs.statSync(f).size > 0)).toBe(true);
  }, 60_000);
});
