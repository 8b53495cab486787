import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;
const CANARY = `ui-canary-${crypto.randomBytes(6).toString('hex')}`;
const NAME = 'whatsapp_access_token';

beforeAll(async () => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) throw new Error('run under scripts/with-keyring.sh (npm test does): this test needs a real Secret Service');
  tmp = tempDir();
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await server?.core.secretStore?.delete(NAME).catch(() => undefined);
  await browser?.close();
  await server?.close();
  tmp?.remove();
});

describe('Settings & secrets and Audit log in Chromium', () => {
  it('a secret set from the page shows as stored; its value is in neither the DOM nor any response', async () => {
    const page = await browser.newPage();
    const bodies: string[] = [];
    page.on('response', async (res) => {
      if (res.request().method() === 'POST' || res.url().includes('/api/')) bodies.push(await res.text().catch(() => ''));
    });
    await page.goto(`${server.url}/?token=${server.token}#/settings`);
    await expect.poll(() => page.getByTestId('keychain-status').getAttribute('data-available')).toBe('true');
    // The shipped whatsapp.json references VAULT:whatsapp_access_token, which is not set yet.
    await page.getByTestId('missing-secrets').getByText(`VAULT:${NAME}`).waitFor();

    await page.getByTestId('secret-name').fill(NAME);
    await page.getByTestId('secret-value').fill(CANARY);
    await page.getByTestId('secret-save').click();
    await page.getByTestId('secret-saved').waitFor();
    await page.getByTestId(`secret-${NAME}`).waitFor();
    expect(await page.getByTestId(`secret-${NAME}`).textContent()).toMatch(/Anahtar deposunda · değiştirildi/);
    expect(await page.getByTestId(`secret-${NAME}`).textContent()).toContain('whatsapp.json#access_token');
    expect(await page.getByTestId('secret-value').inputValue()).toBe('');
    expect(await server.core.secretStore!.get(NAME)).toBe(CANARY);

    await page.reload();
    await page.getByTestId(`secret-${NAME}`).waitFor();
    expect(await page.content()).not.toContain(CANARY);
    expect(bodies.length).toBeGreaterThan(3);
    for (const b of bodies) expect(b).not.toContain(CANARY);

    // The Audit log page shows the change, verifies the chain and never the value.
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-rows').getByText('SECRET_SET').first().waitFor();
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toMatch(/Denetim zinciri sağlam/);
    // Turkish: the CSV delimiter defaults to ";" (Excel in Turkey); English switches it to ",".
    expect(await page.getByTestId('audit-delimiter').inputValue()).toBe(';');
    const request = page.waitForRequest((r) => r.url().endsWith('/api/op/audit.export'));
    const download = page.waitForEvent('download');
    await page.getByTestId('audit-export').click();
    expect(JSON.parse((await request).postData() ?? '{}')).toMatchObject({ delimiter: ';' });
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^optiplan360-audit-.*\.csv$/);
    const csv = fs.readFileSync((await file.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFid;ts;actor;action;target;result;detail;old_value;new_value;hash');
    await page.getByTestId('language').selectOption('en');
    await expect.poll(() => page.getByTestId('audit-delimiter').inputValue()).toBe(',');
    await page.getByTestId('language').selectOption('tr');
    expect(await page.content()).not.toContain(CANARY);
    await page.close();
  });
});
