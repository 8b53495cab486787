/**
 * The WhatsApp page as a form (issue 11): the settings are edited without JSON and saved into
 * whatsapp.json only (a template removed in the form is deleted from the file); a duplicate key
 * in system_config.json is offered for removal and deleted there;
 * the template table shows each template's approval status (from the checks) and parameter
 * count; a template that is not APPROVED is refused before anything is sent; the number is
 * validated with a Turkish example.
 */
import fs from 'node:fs';
import path from 'node:path';
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
const readJson = (name: string) => JSON.parse(fs.readFileSync(path.join(tmp.dir, 'config', name), 'utf8')) as Record<string, unknown>;

beforeAll(async () => {
  tmp = tempDir();
  Object.assign(process.env, { WA_TOKEN: CANARY_TOKEN, WA_VERIFY: CANARY_VERIFY, WA_APP_SECRET: CANARY_APP_SECRET });
  graph = await startGraphFake({ token: CANARY_TOKEN });
  (graph.state.templates as { name: string; status: string }[]).find((x) => x.name === 'delivery_reminder')!.status = 'PENDING';
  writeConfig(tmp.dir, 'whatsapp.json', whatsappJson(graph));
  // The older backend's place for the same key, with another value: whatsapp.json wins, the page offers to clear it.
  writeConfig(tmp.dir, 'system_config.json', { whatsapp: { phone_number_id: '111222333' } });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await graph?.close();
  tmp?.remove();
});

describe('WhatsApp page in Chromium', () => {
  it('saves the form into whatsapp.json, deletes a removed template, and deletes the duplicate key from system_config.json', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/whatsapp`);
    const form = page.getByTestId('wa-settings-form');
    await form.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('wa-field-phone_number_id').inputValue()).toBe(graph.state.phoneNumberId);
    expect(await page.getByTestId('wa-clear-phone_number_id').isChecked({ timeout: 5_000 })).toBe(true);
    await page.getByTestId('wa-field-business_account_id').fill('12ab');
    expect(await page.getByTestId('wa-save').isDisabled()).toBe(true);
    expect(await form.textContent()).toContain('Yalnızca rakam girin');
    await page.getByTestId('wa-field-business_account_id').fill(graph.state.wabaId);
    await page.getByTestId('wa-field-api_version').fill('v23.0');
    // A template removed in the form is deleted from the file (not kept by the merge).
    const names = await page.locator('[data-testid^="wa-template-name-"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    await page.getByTestId(`wa-template-remove-${names.indexOf('order_completed')}`).click();
    await page.getByTestId('wa-save').click();
    await page.getByTestId('wa-saved').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('wa-saved').textContent()).toContain('phone_number_id');
    expect(await page.getByTestId('wa-saved').textContent()).toContain('order_completed');

    const wa = readJson('whatsapp.json');
    expect(wa.api_version).toBe('v23.0');
    expect(wa.access_token).toBe('ENV:WA_TOKEN'); // untouched: secrets are not part of the form
    expect(Object.keys(wa.templates as object).sort()).toEqual(['delivery_reminder', 'order_ready']);
    expect(fs.readFileSync(path.join(tmp.dir, 'config', 'whatsapp.json'), 'utf8')).not.toContain('order_completed');
    // The duplicate key is deleted from system_config.json, not blanked.
    expect(readJson('system_config.json').whatsapp).toEqual({});
    // The duplicate is gone, so the page no longer offers to clear it.
    await expect.poll(() => page.getByTestId('wa-duplicates').count()).toBe(0);
    await page.close();
  });

  it('template statuses and parameter counts; a PENDING template and a bad number are refused before sending', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/whatsapp`);
    await page.getByTestId('wa-run-checks').click();
    const approved = page.getByTestId('wa-template-order_ready');
    await expect.poll(() => approved.locator('[data-template-status]').getAttribute('data-template-status'), { timeout: 20_000 }).toBe('APPROVED');
    expect(await approved.locator('.badge').textContent()).toBe('onaylı');
    expect(await approved.locator('td.num').textContent()).toBe('2');
    expect(await page.getByTestId('wa-template-delivery_reminder').locator('[data-template-status]').getAttribute('data-template-status')).toBe('PENDING');

    const sends = () => graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).length;
    const sent = sends();
    await page.getByTestId('wa-template').selectOption('delivery_reminder');
    await page.getByTestId('wa-not-approved').waitFor();
    expect(await page.getByTestId('wa-send').isDisabled()).toBe(true);

    await page.getByTestId('wa-template').selectOption('order_ready');
    await page.getByTestId('wa-to').fill('12');
    await page.getByTestId('wa-send').click();
    expect(await page.getByTestId('wa-to-error').textContent()).toContain('örn. 0532 123 45 67');
    expect(await page.getByTestId('wa-send-result').count()).toBe(0);
    expect(sends()).toBe(sent);
    await page.close();
  });
});
