// "Firmaları bul" on the SQL Board in Chromium (issue 16 §1): `serve` pointed at the TDS fake's
// Mikro installation; the button lists the master's companies, "Seç" fills the Database field
// (unsaved until Kaydet), a company whose database is gone cannot be picked.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { mikroInstallation } from '../fakes/tds/mikro-setup.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

let browser: Browser;
let server: RunningServer;
let fake: TdsFake;
let tmp: ReturnType<typeof tempDir>;
const PASSWORD_ENV = 'OPTIPLAN_E2E_MIKRO_COMPANIES_PW';

beforeAll(async () => {
  tmp = tempDir();
  process.env[PASSWORD_ENV] = 'Firma-Şifre-31';
  fake = await startTdsFake({
    mikro: mikroInstallation({
      companies: [
        { kod: 'TEST', isim: 'Test Mobilya A.Ş.', accounts: 2, stock: 1 },
        { kod: 'IZMIR', isim: 'İzmir Şube Ağaç İşleri', accounts: 2, stock: 1 },
        { kod: 'ESKI', isim: 'Eski Çalışma Yılı', missing: true },
      ],
    }),
  });
  writeConfig(tmp.dir, 'mikro_connection.json', { host: fake.host, port: fake.port, database: 'MikroDB_V16_TEST', username: 'optiplan_ro', password: `ENV:${PASSWORD_ENV}`, encrypt: false, sync: { interval_minutes: 0 } });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  tmp?.remove();
  delete process.env[PASSWORD_ENV];
});

describe('SQL Board: Firmaları bul', () => {
  it('lists the companies and picking one fills the Database field', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/mikro`);
    const card = page.getByTestId('mikro-companies');
    await card.waitFor();
    expect(await page.getByTestId('mikro-database').inputValue()).toBe('MikroDB_V16_TEST');
    await page.getByRole('button', { name: 'Firmaları bul' }).click();
    const list = page.getByTestId('mikro-companies-list');
    await list.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('mikro-companies-message').textContent()).toBe('MikroDB_V16 ana veritabanında 3 firma bulundu.');
    expect(await page.getByTestId('mikro-company-IZMIR').textContent()).toContain('İzmir Şube Ağaç İşleri');
    expect(await page.getByTestId('mikro-company-ESKI').textContent()).toContain('MikroDB_V16_ESKI (sunucuda yok)');
    expect(await page.getByTestId('mikro-company-pick-ESKI').isDisabled()).toBe(true);
    expect(await page.getByTestId('mikro-company-pick-TEST').isDisabled()).toBe(true); // already the database
    await page.getByTestId('mikro-company-pick-IZMIR').click();
    expect(await page.getByTestId('mikro-database').inputValue()).toBe('MikroDB_V16_IZMIR');
    expect(await page.getByTestId('mikro-companies-picked').textContent()).toBe('Veritabanı alanı “MikroDB_V16_IZMIR” olarak dolduruldu; kaydetmeyi unutmayın.');
    expect(await page.content()).not.toContain('Firma-Şifre-31');
    // Only SELECTs went to Mikro.
    const sent = fake.requests.map((r) => r.sql).filter((s) => !/^set ansi_nulls on/i.test(s));
    expect(sent.filter((s) => !/^SELECT\b/i.test(s))).toEqual([]);
    await page.close();
  }, 120_000);
});
