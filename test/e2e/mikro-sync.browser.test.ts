// "Şimdi eşitle" on the SQL Board in Chromium (issue 16 §3): `serve` pointed at the TDS fake's
// Mikro installation; the button runs mikro.sync, the page shows its progress and result, and the
// table of the last sync per table follows; a failed sync names the failure.
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
const PASSWORD_ENV = 'OPTIPLAN_E2E_MIKRO_SYNC_PW';

beforeAll(async () => {
  tmp = tempDir();
  process.env[PASSWORD_ENV] = 'Eşitle-Şifre-12';
  const mikro = mikroInstallation({ companies: [{ kod: 'TEST', isim: 'Test Mobilya A.Ş.', accounts: 2_400, stock: 35 }] });
  fake = await startTdsFake({ mikro });
  // Each page of CARI_HESAPLAR takes a while, so the progress line can be seen.
  fake.setAnswer((sql, request) => {
    if (!/FROM \[dbo\]\.\[CARI_HESAPLAR\]/.test(sql)) return undefined;
    const answer = mikro.answer(request, 'MikroDB_V16_TEST');
    return answer ? { delayMs: 250, answer } : undefined;
  });
  // No schedule (interval 0): only the button syncs here.
  writeConfig(tmp.dir, 'mikro_connection.json', { host: fake.host, port: fake.port, database: 'MikroDB_V16_TEST', username: 'optiplan_ro', password: `ENV:${PASSWORD_ENV}`, encrypt: false, sync: { interval_minutes: 0, page_rows: 400 } });
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

describe('SQL Board: Şimdi eşitle', () => {
  it('syncs with progress, shows the result and the last sync per table; a failure is named', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?token=${server.token}#/mikro`);
    const card = page.getByTestId('mikro-sync');
    await card.waitFor();
    await expect.poll(async () => page.getByTestId('mikro-sync-status').locator('tr[data-status="NEVER"]').count(), { timeout: 20_000 }).toBe(2);
    await page.getByRole('button', { name: 'Şimdi eşitle' }).click();
    const progress = page.getByTestId('mikro-sync-progress');
    await expect.poll(async () => (await progress.textContent()) ?? '', { timeout: 30_000 }).toMatch(/^ ?Eşitleniyor… Cari hesaplar \(CARI_HESAPLAR\): [\d.]+ kayıt okundu \(\d+\. sayfa\)/);
    const result = page.getByTestId('mikro-sync-result');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 60_000 }).toBe('DONE');
    expect(await result.textContent()).toContain('Eşitleme tamamlandı (CARI_HESAPLAR ve STOKLAR): 2.435 kayıt okundu, 2.435 kayıt yeni veya değişmiş.');
    const accounts = page.getByTestId('mikro-sync-status').locator('tr[data-table="accounts"]');
    await expect.poll(() => accounts.getAttribute('data-status')).toBe('DONE');
    expect(await accounts.textContent()).toMatch(/Cari hesaplar \(CARI_HESAPLAR\)Tamam\d\d\.\d\d\.\d{4} \d\d:\d\d.*2\.400/);

    // Mikro goes away: the next sync fails and says so, the table shows it failed.
    await fake.close();
    await page.getByTestId('mikro-sync-run').click();
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 60_000 }).toBe('FAILED');
    expect(await result.textContent()).toMatch(/^CARI_HESAPLAR eşitlenemedi: /);
    await expect.poll(() => accounts.getAttribute('data-status')).toBe('FAILED');
    // The table says why in words (the catalogue's sentence), the raw text stays behind the toggle.
    const why = page.getByTestId('mikro-sync-error-accounts');
    await expect.poll(() => why.textContent()).toMatch(/\p{L}{3,}/u);
    expect(await why.textContent()).not.toMatch(/\bE_[A-Z_]+/);
    expect(await page.content()).not.toContain('Eşitle-Şifre-12');
    await page.close();
  }, 120_000);
});
