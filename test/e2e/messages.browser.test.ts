/**
 * The console renders the core's Messages itself (the HTTP transport asks for them raw): a
 * check's title and detail follow the language switch, and raw driver text stays behind the
 * "Teknik ayrıntı" toggle until it is opened.
 */
import net from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Check } from '../../shared/checks.js';
import type { MikroTestResult } from '../../shared/mikro.js';
import { translator } from '../../shared/i18n/translator.js';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir();
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  tmp?.remove();
});

/** What the UI gets: the operation's result with its Messages raw. */
async function rawOp<T>(name: string, input: unknown = {}): Promise<T> {
  const res = await fetch(`${server.url}/api/op/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-optiplan-messages': 'raw', authorization: `Bearer ${server.token}` },
    body: JSON.stringify(input),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('Messages in the console (Chromium against serve)', () => {
  it('switching the language changes a check’s title and detail from Turkish to English', async () => {
    const checks = await rawOp<Check[]>('backup.checks');
    // A check whose detail does not depend on the clock ("17 dakika önce" would move on).
    const check = checks.find((c) => !/\{\{[^}]*, ?(ago|when)\}\}/.test(JSON.stringify(c))) ?? checks[0]!;
    const tr = translator('tr');
    const en = translator('en');
    expect(tr.t(check.title)).not.toBe(en.t(check.title));

    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/backups`);
    const row = page.getByTestId(`check-${check.name}`);
    await row.waitFor();
    const title = row.getByTestId('check-title');
    const detail = row.getByTestId('check-detail');
    await expect.poll(() => title.textContent()).toBe(tr.t(check.title));
    expect(await detail.textContent()).toBe(tr.t(check.detail));
    expect(await row.locator('.badge').textContent()).toBe(tr.text(`common.status.${check.status}`));

    await page.getByTestId('language').selectOption('en');
    await expect.poll(() => title.textContent()).toBe(en.t(check.title));
    expect(await detail.textContent()).toBe(en.t(check.detail));
    expect(await row.locator('.badge').textContent()).toBe(en.text(`common.status.${check.status}`));
    // The message keys never show as text in either language.
    expect(await page.locator('body').innerText()).not.toMatch(/\b(backup|common|errors)\.[a-z_]+\.[a-z_.]+/);

    await page.getByTestId('language').selectOption('tr');
    await expect.poll(() => title.textContent()).toBe(tr.t(check.title));
    await page.close();
  });

  it('the technical detail of a failed Mikro test stays hidden until its toggle is clicked', async () => {
    const port = await closedPort();
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/mikro`);
    await page.getByTestId('mikro-host').fill('127.0.0.1');
    await page.getByTestId('mikro-port').fill(String(port));
    await page.getByTestId('mikro-database').fill('MikroDB_V16');
    await page.getByTestId('mikro-username').fill('optiplan_ro');
    await page.getByTestId('mikro-password').fill('typed-for-this-test');
    await page.getByTestId('mikro-timeout').fill('2');
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/op/mikro.test'));
    await page.getByTestId('mikro-test').click();
    const body = (await (await answer).json()) as MikroTestResult;
    expect(body.success).toBe(false);
    expect(body.technical_detail, 'a refused connection carries the driver’s words as technical detail').toBeTruthy();
    const raw = body.technical_detail!;

    const result = page.getByTestId('mikro-test-result');
    await expect.poll(() => result.getAttribute('data-success')).toBe('false');
    // The sentence is the catalogue's, in Turkish; the driver's words are nowhere on the page yet.
    expect(await result.locator('strong').first().textContent()).toBe(translator('tr').t(body.message));
    expect(await page.content()).not.toContain(raw);
    expect(await page.locator('body').innerText()).not.toContain(raw);

    const toggle = result.getByTestId('technical-toggle');
    expect(await toggle.textContent()).toContain('Teknik ayrıntı');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await expect.poll(() => result.getByTestId('technical-detail').textContent()).toContain(raw);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    expect(await result.getByTestId('technical-detail').count()).toBe(0);

    await page.getByTestId('language').selectOption('en');
    await expect.poll(() => result.getByTestId('technical-toggle').textContent()).toContain('Technical detail');
    expect(await result.locator('strong').first().textContent()).toBe(translator('en').t(body.message));
    // The typed password stays in its own field (React mirrors it there); no result or detail echoes it.
    expect(await result.innerHTML()).not.toContain('typed-for-this-test');
    expect(JSON.stringify(body)).not.toContain('typed-for-this-test');
    await page.close();
  });
});
