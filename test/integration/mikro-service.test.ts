import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import { createServer } from '../../main/server/server.js';
import { startTdsFake, type TdsFake } from '../fakes/tds/server.js';
import { runCli } from '../helpers/cli.js';
import { openTestCore, type TestCore } from '../helpers/core.js';

const CANARY = 'Kanarya-SQLBoard-91b2';
let tc: TestCore | undefined;
let fake: TdsFake | undefined;
let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  await tc?.cleanup();
  await fake?.close();
  tc = fake = app = undefined;
});

async function setup(): Promise<{ tc: TestCore; store: MemorySecretStore; fake: TdsFake }> {
  fake = await startTdsFake();
  const store = new MemorySecretStore();
  tc = await openTestCore({}, { secretStore: store });
  await tc.core.migrations.up();
  return { tc, store, fake };
}

const ctx = () => tc!.core.context('ipc');
const tr = translator('tr');
const en = translator('en');
const mikroFile = () => JSON.parse(fs.readFileSync(path.join(tc!.dataDir, 'config', 'mikro_connection.json'), 'utf8'));

describe('SQL Board through the core', () => {
  it('save keeps read_only true, puts the password in the keychain (never the file); a blank password keeps it', async () => {
    const { store, fake: f } = await setup();
    const raw = mikroFile();
    raw.read_only = false; // the older backend's save dropped it: we always write it back true
    raw.site_note = 'unknown keys survive';
    fs.writeFileSync(path.join(tc!.dataDir, 'config', 'mikro_connection.json'), JSON.stringify(raw));

    const view = await tc!.core.invoke('mikro.save', { host: f.host, port: f.port, database: 'MikroDB', username: 'optiplan_ro', password: CANARY, encrypt: false }, ctx());
    expect(view).toMatchObject({ configured: true, host: f.host, read_only: true, password_set: true, password_ref: 'VAULT:mikro_sql_password' });
    expect(await store.get('mikro_sql_password')).toBe(CANARY);
    expect(mikroFile()).toMatchObject({ read_only: true, password: 'VAULT:mikro_sql_password', site_note: 'unknown keys survive' });
    expect(fs.readFileSync(path.join(tc!.dataDir, 'config', 'mikro_connection.json'), 'utf8')).not.toContain(CANARY);

    const again = await tc!.core.invoke('mikro.save', { host: f.host, database: 'MikroDB2', password: '' }, ctx());
    expect(again.database).toBe('MikroDB2');
    expect(again.password_set).toBe(true);
    expect(await store.get('mikro_sql_password')).toBe(CANARY);

    const audit = await tc!.core.db.kysely.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['MIKRO_CONFIG_UPDATED', 'CONFIG_SAVED']));
    expect(JSON.stringify(audit)).not.toContain(CANARY);
  });

  it('test connection on saved settings: success, read-only intent on every login, last test remembered; health shows mikro', async () => {
    const { fake: f } = await setup();
    await tc!.core.invoke('mikro.save', { host: f.host, port: f.port, database: 'MikroDB', username: 'optiplan_ro', password: CANARY, encrypt: false }, ctx());
    const r = await tc!.core.invoke('mikro.test', {}, ctx());
    expect(r).toMatchObject({ success: true, message: { key: 'mikro.test.success' }, read_only_intent: true });
    expect(tr.t(r.message)).toBe('Bağlantı başarılı');
    expect(f.logins.length).toBeGreaterThan(0);
    expect(f.logins.every((l) => l.readOnlyIntent)).toBe(true);
    expect(f.logins[0]!.password).toBe(CANARY);
    const view = await tc!.core.invoke('mikro.settings', {}, ctx());
    expect(view.last_test).toMatchObject({ success: true });
    const health = await tc!.core.health.check();
    expect(health.components.mikro.status).toBe('healthy');
    expect(JSON.stringify(health)).not.toContain(CANARY);
  });

  it('test connection on UNSAVED values does not change the file; a failure gives a friendly code', async () => {
    const { fake: f } = await setup();
    const before = mikroFile();
    const r = await tc!.core.invoke('mikro.test', { host: f.host, port: f.port, database: 'X', username: 'u', password: CANARY, encrypt: false }, ctx());
    expect(r.success).toBe(true);
    expect(mikroFile()).toEqual(before);
    await f.close();
    const down = await tc!.core.invoke('mikro.test', { host: f.host, port: f.port, database: 'X', username: 'u', password: CANARY, encrypt: false, timeout_seconds: 2 }, ctx());
    expect(down).toMatchObject({ success: false, code: 'E_MIKRO_UNREACHABLE' });
    expect(tr.t(down.message)).toMatch(/^Bağlantı hatası: /);
    expect(en.t(down.message)).toMatch(/^Connection failed: /);
    expect(JSON.stringify(down)).not.toContain(CANARY);
    const view = await tc!.core.invoke('mikro.settings', {}, ctx());
    expect(view.last_test).toMatchObject({ success: false, message: 'E_MIKRO_UNREACHABLE' });
  });

  it('the query console refuses writes before anything is sent; runs a SELECT', async () => {
    const { fake: f } = await setup();
    await tc!.core.invoke('mikro.save', { host: f.host, port: f.port, database: 'MikroDB', username: 'optiplan_ro', password: CANARY, encrypt: false }, ctx());
    const bytes = f.bytesReceived;
    await expect(tc!.core.invoke('mikro.query', { sql: 'DELETE FROM CARI_HESAPLAR' }, ctx())).rejects.toMatchObject({ code: 'E_MIKRO_READ_ONLY' });
    await expect(tc!.core.invoke('mikro.query', { sql: 'SELECT 1; DROP TABLE STOKLAR' }, ctx())).rejects.toMatchObject({ code: 'E_MIKRO_READ_ONLY' });
    expect(f.bytesReceived).toBe(bytes);
    const ok = await tc!.core.invoke('mikro.query', { sql: 'SELECT 1' }, ctx());
    expect(ok.rows).toEqual([[1]]);
  });

  it('GET /api/v1/mikro/health answers the compatible shape', async () => {
    const { fake: f } = await setup();
    app = await createServer(tc!.core, { host: '127.0.0.1', port: 0, token: 'x'.repeat(32) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/api/v1/mikro/health`;
    expect(await (await fetch(url)).json()).toMatchObject({ status: 'error', code: 'E_MIKRO_NOT_CONFIGURED' });
    // The legacy `detail` is the Turkish free text whatever the language; `message` follows Accept-Language.
    const down = (await (await fetch(url, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })).json()) as Record<string, unknown>;
    expect(down).toEqual({
      status: 'error',
      code: 'E_MIKRO_NOT_CONFIGURED',
      detail: 'Mikro bağlantısı kurulmadı: sunucu (host) ve veritabanı zorunludur.',
      message: 'Mikro is not set up: the host and the database are required.',
    });
    await tc!.core.invoke('mikro.save', { host: f.host, port: f.port, database: 'MikroDB', username: 'optiplan_ro', password: CANARY, encrypt: false }, ctx());
    const ok = (await (await fetch(url)).json()) as { status: string; latency_ms: number };
    expect(ok.status).toBe('ok');
    expect(typeof ok.latency_ms).toBe('number');
  });

  it('CLI mikro push-check proves every push is refused (no Mikro needed) without leaving rows; verify without config warns; texts in one language', async () => {
    const { tc: t } = await setup();
    const rows = async () => ({
      audit: (await t.core.db.kysely.selectFrom('audit_log').select('id').execute()).length,
      outbox: (await t.core.db.kysely.selectFrom('outbox').select('id').execute()).length,
      errors: (await t.core.db.kysely.selectFrom('integration_errors').select('id').execute()).length,
    });
    const before = await rows();
    const push = await runCli(['mikro', 'push-check', '--json', '--lang', 'tr', '--data-dir', t.dataDir]);
    expect(push.code).toBe(0);
    const pushed = JSON.parse(push.stdout) as { name: string; status: string; title: string; detail: string };
    expect(pushed).toMatchObject({ name: 'mikro_push_guard', status: 'PASS', title: 'Mikro yazma (PUSH) koruması' });
    expect(pushed.detail).toMatch(/E_MIKRO_READ_ONLY ile engellendi; Mikro’ya hiç bağlantı açılmadı\.$/);
    expect(await rows()).toEqual(before);

    const verify = await runCli(['mikro', 'verify', '--json', '--lang', 'en', '--data-dir', t.dataDir]);
    expect(verify.code).toBe(0);
    const checks = JSON.parse(verify.stdout) as { name: string; status: string; detail: string; recommendation: string | null; skipped_because?: string }[];
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['mikro_read_only', 'PASS'],
      ['mikro_connection', 'WARN'],
      ['mikro_login_permissions', 'SKIP'],
      ['mikro_least_privilege', 'SKIP'],
      ['mikro_application_intent', 'SKIP'],
      ['mikro_encryption', 'SKIP'],
      ['mikro_tls_settings', 'PASS'], // a config fact: judged without a server
      ['mikro_tables_readable', 'SKIP'],
      ['mikro_schema_contract', 'SKIP'],
      ['mikro_server', 'SKIP'],
      ['mikro_push_guard', 'PASS'],
    ]);
    expect(checks[1]).toMatchObject({ detail: 'Mikro is not set up: the host and the database are required.' });
    expect(checks[1]!.recommendation).toMatch(/^Set it up or switch it off/);
    expect(checks[2]).toMatchObject({ skipped_because: 'mikro_connection', detail: 'Skipped because the Mikro connection is not set up.' });

    const human = await runCli(['mikro', 'verify', '--lang', 'tr', '--data-dir', t.dataDir]);
    expect(human.stdout).toMatch(/UYARI\s+Mikro bağlantısı: Mikro bağlantısı kurulmadı: sunucu \(host\) ve veritabanı zorunludur\./);
    expect(human.stdout).toMatch(/→ Kurun veya kapatın/);
    expect(human.stdout).toMatch(/ATLANDI\s+Mikro kullanıcısının yetkileri: Mikro bağlantısı kurulmadığı için atlandı\./);
    expect(human.stdout).not.toMatch(/\b(the|is|not|failed)\b/);

    const testTr = await runCli(['mikro', 'test', '--lang', 'tr', '--data-dir', t.dataDir]);
    expect(testTr).toMatchObject({ code: 1, stdout: 'BAŞARISIZ: Host ve database zorunludur\n' });
    const testEn = await runCli(['mikro', 'test', '--lang', 'en', '--data-dir', t.dataDir]);
    expect(testEn).toMatchObject({ code: 1, stdout: 'FAILED: Host and database are required\n' });

    const health = await runCli(['mikro', 'health', '--lang', 'en', '--data-dir', t.dataDir]);
    expect(health.code).toBe(1);
    expect(health.stdout).toBe('Mikro error E_MIKRO_NOT_CONFIGURED: Mikro is not set up: the host and the database are required.\n');
    const healthJson = JSON.parse((await runCli(['mikro', 'health', '--json', '--lang', 'en', '--data-dir', t.dataDir])).stdout) as Record<string, unknown>;
    // The legacy `detail` keeps its Turkish free text in every language; `message` follows --lang.
    expect(healthJson).toEqual({
      status: 'error',
      code: 'E_MIKRO_NOT_CONFIGURED',
      detail: 'Mikro bağlantısı kurulmadı: sunucu (host) ve veritabanı zorunludur.',
      message: 'Mikro is not set up: the host and the database are required.',
    });
  });
});

describe('CLI mikro test, human lines from the catalogue', () => {
  it('success and failure in Turkish and English (password from an ENV: reference)', async () => {
    const { fake: f, tc: t } = await setup();
    const file = path.join(t.dataDir, 'config', 'mikro_connection.json');
    fs.writeFileSync(file, JSON.stringify({ ...mikroFile(), host: f.host, port: f.port, database: 'MikroDB', username: 'optiplan_ro', password: 'ENV:MIKRO_CLI_PW', encrypt: false }));
    const env = { MIKRO_CLI_PW: CANARY };
    const okTr = await runCli(['mikro', 'test', '--lang', 'tr', '--data-dir', t.dataDir], env);
    expect(okTr.code).toBe(0);
    expect(okTr.stdout).toMatch(/^BAĞLANDI: Bağlantı başarılı \(\d+(,\d)? (ms|sn), Microsoft SQL Server .*, şifreleme: kapalı\)\n/);
    expect(okTr.stdout).toMatch(/Ne yapmalı: /);
    const okEn = await runCli(['mikro', 'test', '--lang', 'en', '--data-dir', t.dataDir], env);
    expect(okEn.stdout).toMatch(/^CONNECTED: Connection successful \(\d+(\.\d)? (ms|s), Microsoft SQL Server .*, encryption: off\)\n/);
    await f.close();
    const downTr = await runCli(['mikro', 'test', '--lang', 'tr', '--data-dir', t.dataDir], env);
    expect(downTr.code).toBe(1);
    expect(downTr.stdout).toMatch(/^BAŞARISIZ: Bağlantı hatası: 127\.0\.0\.1:\d+ bağlantıyı reddetti: SQL Server hizmeti durmuş/);
    // The stages, one line each, up to the one that failed.
    expect(downTr.stdout).toMatch(/\n {2}BAŞARISIZ\s+TCP bağlantısı \(\d+(,\d)? ms\): /);
    expect(downTr.stdout).not.toMatch(/Ön oturum/);
    expect(downTr.stdout).toMatch(/\n {2}Ne yapmalı: Sunucuda SQL Server hizmetinin çalıştığını/);
    expect(downTr.stdout).toMatch(/\n {2}Teknik ayrıntı: .*ECONNREFUSED/);
    const downEn = await runCli(['mikro', 'test', '--json', '--lang', 'en', '--data-dir', t.dataDir], env);
    const body = JSON.parse(downEn.stdout) as { success: boolean; code: string; message: string; hint: string; technical_detail: string };
    expect(body).toMatchObject({ success: false, code: 'E_MIKRO_UNREACHABLE' });
    expect(body.message).toMatch(/^Connection failed: 127\.0\.0\.1:\d+ refused the connection/);
    expect(body.hint).toMatch(/^Check that the SQL Server service is running/);
    expect((body as unknown as { stages: { name: string; status: string }[] }).stages.map((s) => s.name)).toEqual(['parse', 'dns', 'browser', 'tcp']);
    expect(body.technical_detail).toMatch(/ECONNREFUSED/);
    for (const out of [okTr, okEn, downTr, downEn]) expect(out.stdout + out.stderr).not.toContain(CANARY);
  });
});

describe('"enabled": false', () => {
  it('switches Mikro off: checks SKIP, health disabled, console refused, and no connection is ever attempted', async () => {
    const { fake: f } = await setup();
    await tc!.core.invoke('mikro.save', { host: f.host, port: f.port, database: 'MikroDB', username: 'optiplan_ro', password: CANARY, encrypt: false }, ctx());
    const file = mikroFile();
    fs.writeFileSync(path.join(tc!.dataDir, 'config', 'mikro_connection.json'), JSON.stringify({ ...file, enabled: false }));
    f.clearRecords();

    const view = await tc!.core.invoke('mikro.settings', {}, ctx());
    expect(view).toMatchObject({ enabled: false, configured: true });
    const health = await tc!.core.health.check();
    expect(health.components.mikro).toMatchObject({ status: 'disabled' });
    expect(health.status).toBe('healthy');

    const checks = await tc!.core.invoke('mikro.verify', {}, ctx());
    expect(checks.map((c) => c.name)).toEqual(['mikro_read_only', 'mikro_connection', 'mikro_login_permissions', 'mikro_least_privilege', 'mikro_application_intent', 'mikro_encryption', 'mikro_tls_settings', 'mikro_tables_readable', 'mikro_schema_contract', 'mikro_server', 'mikro_push_guard']);
    for (const c of checks) {
      expect(c, c.name).toMatchObject({ status: 'SKIP', skipped_because: 'mikro_connection.json enabled', recommendation: null, steps: [] });
      expect(tr.t(c.detail)).toBe('Mikro kapalı ("enabled": false) olduğu için atlandı.');
      expect(en.t(c.detail)).toBe('Skipped because Mikro is switched off ("enabled": false).');
    }
    expect(await tc!.core.invoke('mikro.pushCheck', {}, ctx())).toMatchObject({ status: 'SKIP', skipped_because: 'mikro_connection.json enabled' });
    const legacy = await tc!.core.invoke('mikro.health', {}, ctx());
    expect(legacy).toMatchObject({ status: 'error', code: 'E_MIKRO_NOT_CONFIGURED', message: { key: 'mikro.errors.disabled.message' } });
    await expect(tc!.core.invoke('mikro.query', { sql: 'SELECT 1' }, ctx())).rejects.toMatchObject({ code: 'E_MIKRO_NOT_CONFIGURED', text: { key: 'mikro.errors.disabled.message' } });

    // Nothing in Mikro was called.
    expect(f.connections).toBe(0);
    expect(f.bytesReceived).toBe(0);

    // Switched back on: the same settings connect again.
    fs.writeFileSync(path.join(tc!.dataDir, 'config', 'mikro_connection.json'), JSON.stringify({ ...file, enabled: true }));
    expect((await tc!.core.health.check()).components.mikro.status).toBe('healthy');
    expect(f.connections).toBeGreaterThan(0);
  });
});

describe('outbox processor in the long-running doors', () => {
  it('Core.startBackground starts it: a queued Mikro push ends FAILED E_MIKRO_READ_ONLY (audited) without touching Mikro; close stops it', async () => {
    const { fake: f } = await setup();
    const { enqueueOutbox } = await import('../../main/core/mikro/outbox.js');
    const id = await enqueueOutbox(tc!.core.db, { integration: 'mikro', operation: 'push_invoice', payload: { id: 'F-12' } });
    await tc!.core.startBackground();
    const row = () => tc!.core.db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await expect.poll(async () => (await row()).status, { timeout: 5_000 }).toBe('FAILED');
    expect(await row()).toMatchObject({ last_error_code: 'E_MIKRO_READ_ONLY', attempts: 1 });
    const audit = await tc!.core.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'MIKRO_PUSH_BLOCKED').execute();
    expect(audit.map((a) => a.target)).toEqual(['mikro:push_invoice:F-12']);
    expect(f.connections).toBe(0);
  });
});

describe('query console cancel', () => {
  it('a running query is cancelled on the server when asked', async () => {
    const { fake: f } = await setup();
    await tc!.core.invoke('mikro.save', { host: f.host, port: f.port, database: 'MikroDB', username: 'optiplan_ro', password: CANARY, encrypt: false }, ctx());
    f.setAnswer((sqlText) => (/STOKLAR/.test(sqlText) ? { hang: true } : undefined));
    const running = tc!.core.invoke('mikro.query', { sql: 'SELECT sto_kod FROM STOKLAR', query_id: 'q-1' }, ctx());
    await expect.poll(() => f.statements.some((s) => s.includes('STOKLAR'))).toBe(true);
    expect(await tc!.core.invoke('mikro.cancelQuery', { query_id: 'q-1' }, ctx())).toEqual({ cancelled: true });
    await expect(running).rejects.toMatchObject({ code: 'E_MIKRO_QUERY_FAILED', text: { key: 'mikro.errors.cancelled.message' }, technicalDetail: expect.stringContaining('cancelled') });
    await expect.poll(() => f.attentions).toBeGreaterThan(0);
    expect(await tc!.core.invoke('mikro.cancelQuery', { query_id: 'q-1' }, ctx())).toEqual({ cancelled: false });
    const rows = await tc!.core.db.kysely.selectFrom('audit_log').select(['action', 'result']).where('action', '=', 'MIKRO_SQL_QUERY').execute();
    expect(rows).toEqual([{ action: 'MIKRO_SQL_QUERY', result: 'failure' }]);
  });
});
