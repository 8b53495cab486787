// `optiplan360 mikro sync` and `mikro sync-status` as a user runs them (their own process), in
// Turkish by default and in English with --lang en, against the TDS fake's Mikro installation.
import { afterEach, describe, expect, it } from 'vitest';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { mikroInstallation } from '../fakes/tds/mikro-setup.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { TEST_AUDIT_KEY, TEST_AUDIT_KEY_ENV } from '../helpers/core.js';

let fake: TdsFake | null = null;
let tmp: { dir: string; remove(): void } | null = null;
afterEach(async () => {
  await fake?.close();
  tmp?.remove();
  fake = null;
  tmp = null;
});

const env = () => ({ [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY, MIKRO_SYNC_PW: 'Cli-Parola-55' });

async function setup(): Promise<string> {
  fake = await startTdsFake({ mikro: mikroInstallation({ companies: [{ kod: 'TEST', isim: 'Test Mobilya A.Ş.', accounts: 1_250, stock: 12 }] }) });
  tmp = tempDir('optiplan-sync-cli-');
  writeConfig(tmp.dir, 'system_config.json', { environment: 'test', audit: { key_ref: `ENV:${TEST_AUDIT_KEY_ENV}` }, database: { auto_migrate_on_startup: false } });
  writeConfig(tmp.dir, 'mikro_connection.json', { host: fake.host, port: fake.port, database: 'MikroDB_V16_TEST', username: 'optiplan_ro', password: 'ENV:MIKRO_SYNC_PW', encrypt: false, sync: { page_rows: 500 } });
  expect((await runCli(['migrate', 'up', '--data-dir', tmp.dir], env())).code).toBe(0);
  return tmp.dir;
}

// Each CLI run is its own Node process (several seconds from source on a busy machine).
describe('optiplan360 mikro sync', { timeout: 180_000 }, () => {
  it('syncs in Turkish by default, --tables narrows it, --json and --lang en; sync-status lists each table; an unknown table is refused', async () => {
    const d = await setup();
    const run = await runCli(['mikro', 'sync', '--data-dir', d], env());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Eşitleme tamamlandı \(CARI_HESAPLAR ve STOKLAR\): 1\.262 kayıt okundu, 1\.262 kayıt yeni veya değişmiş\.\n/);
    expect(run.stdout).toMatch(/ {2}Cari hesaplar \(CARI_HESAPLAR\): Tamam; 1\.250 okundu, 1\.250 değişti, 0 iptal; 3 sayfa, /);

    const json = await runCli(['mikro', 'sync', '--tables', 'stock', '--full', '--json', '--lang', 'en', '--data-dir', d], env());
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout) as { status: string; full: boolean; tables: Array<{ table: string; rows_read: number; rows_changed: number }>; message: string; job: { id: string } };
    expect(r).toMatchObject({ status: 'DONE', full: true, tables: [{ table: 'stock', rows_read: 12, rows_changed: 0 }] });
    expect(r.message).toBe('Sync finished (STOKLAR): 12 row(s) read, 0 new or changed.');

    const status = await runCli(['mikro', 'sync-status', '--data-dir', d], env());
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^ {2}Cari hesaplar \(CARI_HESAPLAR\): Tamam; son \d\d\.\d\d\.\d{4} \d\d:\d\d.*; aynada 1\.250 kayıt\n {2}Stoklar \(STOKLAR\): Tamam; .*aynada 12 kayıt\n$/);

    const bad = await runCli(['mikro', 'sync', '--tables', 'cari', '--data-dir', d], env());
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('bilinmeyen tablo “cari”; geçerli olanlar: accounts ve stock');
  });

  it('a failed sync exits 1 naming the failure in the run’s language', async () => {
    const d = await setup();
    await fake!.close();
    const run = await runCli(['mikro', 'sync', '--tables', 'accounts', '--lang', 'en', '--data-dir', d], env());
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^CARI_HESAPLAR could not be synced: /);
    expect(run.stdout).toMatch(/Accounts \(CARI_HESAPLAR\): Failed; 0 read/);
  });
});
