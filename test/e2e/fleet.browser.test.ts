/**
 * The "Konsollar" page (issue 18) in Chromium against serve. With SQLite it explains that the
 * fleet needs the shared PostgreSQL and what to set. On PostgreSQL (a throwaway database) it
 * lists this console (highlighted) beside a second one recorded through the core's fleet service,
 * with its health, its last diagnostics and the failing checks in words, and a third that stopped
 * twenty minutes ago shown as "Sessiz" with how long. Turkish shows no English words, English no
 * Turkish ones; nothing scrolls sideways at 1024×700; screenshots at three sizes in both languages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetService } from '../../main/core/fleet/fleet-service.js';
import { silentLogger } from '../../main/core/logging/logger.js';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { createThrowawayDb, withPg, type ThrowawayDb } from '../helpers/pg.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { looksEnglish, looksTurkish, openPage, readableText, screenshot, SIZES, sidewaysOverflow, wrappedLabels } from './page-checks.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

async function setLanguage(p: Page, lang: 'tr' | 'en'): Promise<void> {
  if ((await p.evaluate(() => document.documentElement.lang)) !== lang) {
    await p.getByTestId('language').selectOption(lang);
    await p.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
}

/** Every readable text of the page in `lang` that reads as the other language. */
async function leaks(p: Page, lang: 'tr' | 'en'): Promise<string[]> {
  return (await readableText(p, 'main')).filter((t) => (lang === 'tr' ? looksEnglish(t) : looksTurkish(t)));
}

async function fits(p: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  await p.setViewportSize({ width: 1024, height: 700 });
  const overflow = await sidewaysOverflow(p);
  if (overflow > 0) problems.push(`${label}: ${overflow}px sideways`);
  for (const l of await wrappedLabels(p)) problems.push(`${label}: "${l}" wraps`);
  return problems;
}

async function shoot(p: Page, baseUrl: string, prefix: string): Promise<void> {
  for (const size of SIZES) {
    await p.setViewportSize({ width: size.width, height: size.height });
    for (const lang of ['tr', 'en'] as const) {
      await setLanguage(p, lang);
      await openPage(p, baseUrl, 'fleet');
      await screenshot(p, `${prefix}-${lang}-${size.name}`);
    }
  }
  await p.setViewportSize({ width: 1366, height: 768 });
}

describe('Konsollar with SQLite', () => {
  let server: RunningServer;
  let tmp: ReturnType<typeof tempDir>;
  let page: Page;

  beforeAll(async () => {
    tmp = tempDir();
    server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir(), env: { ...process.env, OPTIPLAN_CONSOLE_NAME: 'TEK-PC' } });
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${server.url}/?token=${server.token}#/fleet`);
  }, 60_000);

  afterAll(async () => {
    await page?.close();
    await server?.close();
    tmp?.remove();
  });

  it('explains that the fleet needs the shared PostgreSQL and what to set, in both languages', async () => {
    await setLanguage(page, 'tr');
    await openPage(page, server.url, 'fleet');
    const box = page.getByTestId('fleet-unavailable');
    await box.waitFor();
    expect(await box.getAttribute('data-engine')).toBe('sqlite');
    const tr = (await box.textContent()) ?? '';
    expect(tr).toContain('ortak PostgreSQL veritabanı gerektirir');
    expect(tr).toContain('database.url');
    expect(tr).toContain('OPTIPLAN_CONSOLE_NAME');
    expect(tr).toContain('TEK-PC');
    expect(await page.getByTestId('fleet-list').count()).toBe(0);
    expect(await leaks(page, 'tr')).toEqual([]);
    await setLanguage(page, 'en');
    expect(await box.textContent()).toContain('needs the shared PostgreSQL database');
    expect(await leaks(page, 'en')).toEqual([]);
    expect(await fits(page, 'sqlite')).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('screenshots at the three sizes in both languages', async () => {
    await shoot(page, server.url, 'fleet-sqlite');
  }, 60_000);
});

describe('Konsollar on the shared PostgreSQL', () => {
  let server: RunningServer;
  let tmp: ReturnType<typeof tempDir>;
  let pgDb: ThrowawayDb;
  let page: Page;
  let other: FleetService;
  let stopped: FleetService;

  beforeAll(async () => {
    tmp = tempDir();
    pgDb = await createThrowawayDb('optiplan_ui_fleet');
    writeConfig(tmp.dir, 'system_config.json', { database: { url: pgDb.url, auto_migrate_on_startup: true } });
    server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir(), env: { ...process.env, OPTIPLAN_CONSOLE_NAME: 'ATOLYE-PC-1' } });
    // This console records itself once its background start has migrated the schema.
    for (const until = Date.now() + 30_000; ; ) {
      const v = (await server.core.invoke('fleet.list', {}, server.core.context('cli'))) as { consoles: unknown[] };
      if (v.consoles.length === 1) break;
      if (Date.now() > until) throw new Error('this console never recorded itself in the fleet');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // A second console on the same database (its own name and user), recorded through the fleet service…
    const version = server.core.version;
    other = new FleetService({ db: server.core.db, name: 'OFIS-PC-2', user: 'muhasebe', version, logger: silentLogger() });
    await other.start();
    await other.noteHealth('degraded');
    await other.noteDiagnostics('FAIL', ['backup_recency', 'mikro_connection']);
    // …and a third that stopped twenty minutes ago (the threshold is ten).
    stopped = new FleetService({ db: server.core.db, name: 'DEPO-PC-3', user: 'depo', version, logger: silentLogger() });
    await stopped.start();
    await withPg(pgDb.url, (c) => c.query(`UPDATE consoles SET last_seen = $1 WHERE name = 'DEPO-PC-3'`, [new Date(Date.now() - 20 * 60_000).toISOString()]));
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${server.url}/?token=${server.token}#/fleet`);
  }, 90_000);

  afterAll(async () => {
    other?.stop();
    stopped?.stop();
    await page?.close();
    await server?.close();
    await pgDb?.drop().catch(() => undefined);
    tmp?.remove();
  });

  it('lists every console: this one highlighted, the other with its statuses and failing checks in words, the stopped one silent', async () => {
    await setLanguage(page, 'tr');
    await openPage(page, server.url, 'fleet');
    const list = page.getByTestId('fleet-list');
    await list.waitFor();
    expect(await list.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')))).toEqual(['fleet-ATOLYE-PC-1', 'fleet-DEPO-PC-3', 'fleet-OFIS-PC-2']);
    expect(await page.getByTestId('fleet-count').textContent()).toBe('3 konsol, 1 sessiz');

    const self = page.getByTestId('fleet-ATOLYE-PC-1');
    expect(await self.getAttribute('data-self')).toBe('true');
    expect(await self.getAttribute('class')).toBe('self-row');
    expect(await self.textContent()).toContain('bu konsol');
    expect(await page.locator('tr.self-row').count()).toBe(1);

    const ofis = page.getByTestId('fleet-OFIS-PC-2');
    expect(await ofis.getAttribute('data-state')).toBe('fail');
    expect(await ofis.locator('.badge').first().textContent()).toBe('Sorunlu');
    expect(await ofis.textContent()).toContain('Kısmen sağlıklı');
    expect(await ofis.textContent()).toContain('muhasebe');
    expect(await ofis.getByTestId('fleet-failing').textContent()).toBe('Sorunlu: Son yedeğin yaşı ve Mikro bağlantısı');
    // Last seen in tr-TR date and time.
    expect(await ofis.locator('td').nth(1).textContent()).toMatch(/\d\d\.\d\d\.\d{4} \d\d:\d\d/);

    const depo = page.getByTestId('fleet-DEPO-PC-3');
    expect(await depo.getAttribute('data-state')).toBe('silent');
    expect(await depo.locator('.badge').first().textContent()).toBe('Sessiz');
    expect(await depo.getByTestId('fleet-silent-for').textContent()).toBe('20 dk görülmedi');
    expect(await page.locator('.error-box').count()).toBe(0);
  });

  it('a diagnostics run of this console shows in its own row without a reload', async () => {
    await openPage(page, server.url, 'fleet');
    const self = page.getByTestId('fleet-ATOLYE-PC-1').getByTestId('fleet-diagnostics');
    expect(await self.locator('.badge').count()).toBe(0);
    await server.core.invoke('diagnostics.run', { only: ['log_folder'] }, server.core.context('http'));
    await expect.poll(() => self.locator('.badge').getAttribute('data-status'), { timeout: 30_000 }).toMatch(/^(PASS|WARN|FAIL)$/);
  }, 60_000);

  for (const lang of ['tr', 'en'] as const) {
    it(`${lang}: only ${lang === 'tr' ? 'Turkish' : 'English'} words, and it fits at 1024×700`, async () => {
      await setLanguage(page, lang);
      await openPage(page, server.url, 'fleet');
      await page.getByTestId('fleet-list').waitFor();
      expect(await leaks(page, lang)).toEqual([]);
      if (lang === 'en') {
        expect(await page.getByTestId('fleet-OFIS-PC-2').getByTestId('fleet-failing').textContent()).toBe('Failing: Age of the last backup and Mikro connection');
        expect(await page.getByTestId('fleet-DEPO-PC-3').getByTestId('fleet-silent-for').textContent()).toBe('not seen for 20 min');
      }
      expect(await fits(page, `postgres ${lang}`)).toEqual([]);
      await page.setViewportSize({ width: 1366, height: 768 });
    });
  }

  it('screenshots at the three sizes in both languages', async () => {
    await shoot(page, server.url, 'fleet-postgres');
  }, 60_000);
});
