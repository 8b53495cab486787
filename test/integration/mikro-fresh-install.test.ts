// Issue 16's "done when", through the core's doors: a fresh install pointed at the TDS test server
// (no company database chosen yet) discovers the company, saves it, passes the schema contract in
// verify, syncs, and diagnostics' last_sync_recency is PASS; Mikro receives only SELECTs.
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { mikroInstallation } from '../fakes/tds/mikro-setup.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { writeConfig } from '../helpers/temp.js';
import { lastSyncCheck } from './mikro-sync-helpers.js';

const tr = translator('tr');
let tc: TestCore | null = null;
let fake: TdsFake | null = null;
afterEach(async () => {
  await tc?.cleanup();
  await fake?.close();
  tc = null;
  fake = null;
});

describe('a fresh install against the TDS test server', () => {
  it('Firmaları bul → Seç + Kaydet → verify (schema contract PASS) → sync → last_sync_recency PASS', async () => {
    fake = await startTdsFake({ mikro: mikroInstallation({ companies: [{ kod: '2026', isim: 'Örnek Ağaç Ürünleri San. A.Ş.', accounts: 120, stock: 40 }] }) });
    tc = await openTestCore({}, { env: { MIKRO_FRESH_PW: 'Taze-Kurulum-Şifre-8' } });
    const { core } = tc;
    const ctx = core.context('cli');
    writeConfig(tc.dataDir, 'mikro_connection.json', { host: fake.host, port: fake.port, database: '', username: 'optiplan_ro', password: 'ENV:MIKRO_FRESH_PW', encrypt: false, sync: { interval_minutes: 0, page_rows: 50 } });
    await core.migrateUp('tester@host via cli');
    expect((await core.invoke('mikro.settings', {}, ctx)).configured).toBe(false);

    const found = await core.invoke('mikro.companies', {}, ctx);
    expect(found.companies).toEqual([{ code: '2026', name: 'Örnek Ağaç Ürünleri San. A.Ş.', database: 'MikroDB_V16_2026', exists: true }]);
    const saved = await core.invoke('mikro.save', { database: found.companies[0]!.database }, ctx);
    expect(saved).toMatchObject({ configured: true, database: 'MikroDB_V16_2026' });

    const checks = await core.invoke('mikro.verify', {}, ctx);
    const contract = checks.find((c) => c.name === 'mikro_schema_contract')!;
    expect(contract.status).toBe('PASS');
    expect(tr.t(contract.detail)).toBe('Şema sözleşmesi tutuyor: CARI_HESAPLAR ve STOKLAR (14 sütun, uyumlu türlerle).');
    expect(checks.find((c) => c.name === 'mikro_tables_readable')?.status).toBe('PASS');

    const sync = await core.invoke('mikro.sync', {}, ctx);
    expect(sync.status).toBe('DONE');
    expect((await lastSyncCheck(core)).status).toBe('PASS');

    const sent = fake.requests.map((r) => r.sql).filter((s) => !/^set ansi_nulls on/i.test(s)); // tedious' own session setup
    expect(sent.filter((s) => !/^SELECT\b/i.test(s))).toEqual([]);
  }, 120_000);
});
