// "Firmaları bul" (issue 16 §1) with the real client (mssql/tedious over TCP) against the TDS fake's
// Mikro installation: the master's VERI_TABANLARI, the next master when one is missing or closed,
// sys.databases names when none is readable, a server that cannot be reached; and the CLI.
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { companiesFromDatabaseNames, discoverCompanies } from '../../main/core/mikro/companies.js';
import { mikroInstallation } from '../fakes/tds/mikro-setup.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { TEST_AUDIT_KEY, TEST_AUDIT_KEY_ENV } from '../helpers/core.js';
import { CANARY, closedPort, expectNoCanary, fake, rejection, settingsFor } from './mikro-helpers.js';

const tr = translator('tr');
const en = translator('en');
const password = async () => CANARY;
const COMPANIES = [
  { kod: 'TEST', isim: 'Test Mobilya Sanayi ve Ticaret A.Ş.', accounts: 3, stock: 2 },
  { kod: 'IZMIR', isim: 'İzmir Şube Ağaç İşleri Ltd. Şti.', accounts: 2, stock: 1 },
  { kod: 'ESKI', isim: 'Eski Çalışma Yılı', missing: true },
];

describe('discoverCompanies', () => {
  it('reads VERI_TABANLARI of MikroDB_V16 read-only: codes, Turkish names, <master>_<kod>, whether each database exists', async () => {
    const f = await fake({ mikro: mikroInstallation({ companies: COMPANIES }) });
    const r = await discoverCompanies(settingsFor(f, { database: 'ignored' }), password);
    expect(r).toMatchObject({ source: 'master', master: 'MikroDB_V16', attempts: [{ database: 'MikroDB_V16', outcome: 'read' }] });
    expect(r.companies).toEqual([
      { code: 'ESKI', name: 'Eski Çalışma Yılı', database: 'MikroDB_V16_ESKI', exists: false },
      { code: 'IZMIR', name: 'İzmir Şube Ağaç İşleri Ltd. Şti.', database: 'MikroDB_V16_IZMIR', exists: true },
      { code: 'TEST', name: 'Test Mobilya Sanayi ve Ticaret A.Ş.', database: 'MikroDB_V16_TEST', exists: true },
    ]);
    expect(tr.t(r.message)).toBe('MikroDB_V16 ana veritabanında 3 firma bulundu.');
    expect(en.t(r.message)).toBe('Companies found in the master database MikroDB_V16: 3.');
    // Read-only: only SELECTs, every login with ApplicationIntent=ReadOnly, into the master.
    const sent = f.requests.map((q) => q.sql).filter((s) => !/^set ansi_nulls on/i.test(s)); // tedious' own session setup
    expect(sent.filter((s) => !/^SELECT\b/i.test(s))).toEqual([]);
    expect(f.logins.map((l) => [l.database, l.readOnlyIntent])).toEqual([['MikroDB_V16', true]]);
    expect(f.requests.filter((q) => /VERI_TABANLARI/.test(q.sql)).every((q) => q.session?.isolation === 'READ UNCOMMITTED')).toBe(true);
    expectNoCanary(r);
  });

  it('tries the next master when one is not on the server (MikroDB_V15)', async () => {
    const f = await fake({ mikro: mikroInstallation({ master: 'MikroDB_V15', companies: COMPANIES.slice(0, 1) }) });
    const r = await discoverCompanies(settingsFor(f), password);
    expect(r.master).toBe('MikroDB_V15');
    expect(r.attempts.map((a) => [a.database, a.outcome])).toEqual([['MikroDB_V16', 'unavailable'], ['MikroDB_V15', 'read']]);
    expect(r.attempts[0]?.technical_detail).toContain('Cannot open database "MikroDB_V16"');
    expect(r.companies.map((c) => c.database)).toEqual(['MikroDB_V15_TEST']);
  });

  it('a master without SELECT permission → database names from sys.databases (no titles)', async () => {
    const mikro = mikroInstallation({ master: 'MikroDesktop', companies: COMPANIES.slice(0, 2), otherDatabases: ['Muhasebe_Arsiv', 'ReportServer'] });
    mikro.deny('MikroDesktop', 'select');
    const f = await fake({ mikro });
    const r = await discoverCompanies(settingsFor(f), password);
    expect(r.source).toBe('database_names');
    expect(r.attempts.map((a) => a.outcome)).toEqual(['unavailable', 'unavailable', 'denied']);
    expect(r.companies).toEqual([
      { code: 'IZMIR', name: null, database: 'MikroDesktop_IZMIR', exists: true },
      { code: 'TEST', name: null, database: 'MikroDesktop_TEST', exists: true },
    ]);
    expect(tr.t(r.message)).toMatch(/^Ana veritabanı okunamadı; sunucudaki veritabanı adlarından 2 firma bulundu/);
    // tedious retries a 4060 login (transient for Azure) before the next master is tried.
    expect([...new Set(f.logins.map((l) => l.database))]).toEqual(['MikroDB_V16', 'MikroDB_V15', 'MikroDesktop', 'master']);
  });

  it('a server that cannot be reached is the connection error, not "no companies"', async () => {
    const port = await closedPort();
    const e = await rejection(discoverCompanies(settingsFor({ host: '127.0.0.1', port }), password));
    expect(e.code).toBe('E_MIKRO_UNREACHABLE');
    expectNoCanary(e);
  });

  it('recognises company databases among names (any case), nothing else', () => {
    expect(companiesFromDatabaseNames(['master', 'MikroDB_V16', 'MikroDB_V16_TEST', 'mikrodb_v15_2019', 'MikroDesktop_ABC', 'MikroDB_V14_OLD', 'Muhasebe'])).toEqual([
      { code: 'TEST', name: null, database: 'MikroDB_V16_TEST', exists: true },
      { code: '2019', name: null, database: 'mikrodb_v15_2019', exists: true },
      { code: 'ABC', name: null, database: 'MikroDesktop_ABC', exists: true },
    ]);
  });
});

let server: TdsFake | null = null;
let tmp: { dir: string; remove(): void } | null = null;
afterEach(async () => {
  await server?.close();
  tmp?.remove();
  server = null;
  tmp = null;
});

describe('optiplan360 mikro companies', { timeout: 180_000 }, () => {
  it('lists the companies in Turkish, --json in English; exit 0', async () => {
    server = await startTdsFake({ mikro: mikroInstallation({ companies: COMPANIES }) });
    tmp = tempDir('optiplan-companies-cli-');
    const env = { [TEST_AUDIT_KEY_ENV]: TEST_AUDIT_KEY, MIKRO_CO_PW: 'Cli-Parola-77' };
    writeConfig(tmp.dir, 'system_config.json', { environment: 'test', audit: { key_ref: `ENV:${TEST_AUDIT_KEY_ENV}` }, database: { auto_migrate_on_startup: false } });
    writeConfig(tmp.dir, 'mikro_connection.json', { host: server.host, port: server.port, database: 'MikroDB_V16_TEST', username: 'optiplan_ro', password: 'ENV:MIKRO_CO_PW', encrypt: false });
    const run = await runCli(['mikro', 'companies', '--data-dir', tmp.dir], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'MikroDB_V16 ana veritabanında 3 firma bulundu.\n' +
        '  ESKI  Eski Çalışma Yılı  → MikroDB_V16_ESKI (sunucuda yok)\n' +
        '  IZMIR  İzmir Şube Ağaç İşleri Ltd. Şti.  → MikroDB_V16_IZMIR\n' +
        '  TEST  Test Mobilya Sanayi ve Ticaret A.Ş.  → MikroDB_V16_TEST\n',
    );
    const json = await runCli(['mikro', 'companies', '--json', '--lang', 'en', '--data-dir', tmp.dir], env);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout) as { source: string; message: string; companies: Array<{ database: string }> };
    expect(r.source).toBe('master');
    expect(r.message).toBe('Companies found in the master database MikroDB_V16: 3.');
    expect(r.companies.map((c) => c.database)).toContain('MikroDB_V16_IZMIR');
    expect(json.stdout).not.toContain('Cli-Parola-77');
  });
});
