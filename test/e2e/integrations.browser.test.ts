import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { startGraphFake, type GraphFake } from '../fakes/graph/server.js';
import { CANARY_APP_SECRET, CANARY_TOKEN, CANARY_VERIFY, whatsappJson } from '../fakes/graph/harness.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let graph: GraphFake;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir();
  // serve reads ENV: references from its own environment (this test file runs in its own process).
  Object.assign(process.env, { WA_TOKEN: CANARY_TOKEN, WA_VERIFY: CANARY_VERIFY, WA_APP_SECRET: CANARY_APP_SECRET });
  graph = await startGraphFake({ token: CANARY_TOKEN, tokenError: 'expired' });
  writeConfig(tmp.dir, 'whatsapp.json', whatsappJson(graph));
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await graph?.close();
  tmp?.remove();
});

describe('WhatsApp and Backups pages in Chromium', () => {
  it('an expired token shows as FAIL with the playbook step, and the token is never on the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/whatsapp`);
    await page.getByTestId('wa-run-checks').click();
    const token = page.getByTestId('check-whatsapp_token');
    await expect.poll(() => token.getAttribute('data-status'), { timeout: 20_000 }).toBe('FAIL');
    const text = (await token.textContent()) ?? '';
    expect(text).toMatch(/süre/i);
    expect(text).toMatch(/token/i);
    // Turkish sentences only: Meta's English words stay behind the technical-detail toggle.
    expect(text).not.toMatch(/\b(expired|Session|has expired)\b/);
    expect(await token.getByTestId('check-title').textContent()).toBeTruthy();
    expect(await token.locator('.badge').textContent()).toBe('BAŞARISIZ');
    expect(await page.getByText('Token geçerliliği ve süresi', { exact: false }).count()).toBeGreaterThan(0);
    expect(await page.content()).not.toContain(CANARY_TOKEN);
    await page.close();
  });

  it('back up now with verify shows progress to a verified run in the history', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/backups`);
    await page.getByTestId('backup-run-verify').click();
    const result = page.getByTestId('backup-result');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 30_000 }).toBe('success');
    expect(await result.textContent()).toContain('Doğrulama tamam');
    // Sizes and durations in Turkish ("20,0 KB", "2,5 sn"), never an English unit.
    const row = page.getByTestId('backup-list').locator('tbody tr').first();
    await expect.poll(() => row.textContent()).toMatch(/başarılı.*doğrulandı/);
    expect(await row.locator('td[data-col=size]').textContent()).toMatch(/^\d+(,\d)? (B|KB|MB|GB)$/);
    expect(await row.locator('td[data-col=duration]').textContent()).toMatch(/^\d+(,\d)? (ms|sn|dk)$/);
    await expect.poll(() => page.getByTestId('check-backup_recency').getAttribute('data-status')).toBe('PASS');
    await page.close();
  });
});
