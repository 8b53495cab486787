// The Mikro checks in diagnostics against the TDS fake: config from a real mikro_connection.json
// in the temp config folder, the password from the environment (ENV: reference).
import { describe, expect, it } from 'vitest';
import type { DiagnosticCheck } from '../../shared/diagnostics.js';
import { translator } from '../../shared/i18n/translator.js';
import { MIKRO_VERIFY_NAMES, runDiagnostics } from '../../main/core/diagnostics/index.js';
import { PERMISSIONS_DATABASE_SQL, PERMISSIONS_SERVER_SQL, ROLES_SQL } from '../../main/core/mikro/read-only-verification.js';
import type { AnswerFn } from '../fakes/tds/server.js';
import { closedPort, fake } from './mikro-helpers.js';
import { openDiag } from './diagnostics-helpers.js';

const CANARY = 'Kanarya-Mikro-Şifre-91c2';
const tr = translator('tr');
const en = translator('en');

/** A SELECT-only login, as SQL Server answers the verification queries. */
const reader: AnswerFn = (sql) => {
  const list = (names: string[]) => ({ columns: [{ name: 'permission_name', type: 'nvarchar' as const }], rows: names.map((n) => [n]) });
  if (sql === PERMISSIONS_DATABASE_SQL) return list(['CONNECT', 'SELECT']);
  if (sql === PERMISSIONS_SERVER_SQL) return list(['CONNECT SQL']);
  if (sql === ROLES_SQL) {
    const names = ['db_owner', 'db_datawriter', 'db_ddladmin', 'sysadmin'];
    return { columns: names.map((name) => ({ name, type: 'int' as const })), rows: [names.map(() => 0)] };
  }
  if (/WITH \(NOLOCK\)$/.test(sql)) return { columns: [{ name: 'id', type: 'int' }], rows: [[1]] };
  return undefined;
};

function mikroFile(port: number, extra: Record<string, unknown> = {}) {
  return {
    host: '127.0.0.1',
    port,
    database: 'MikroDB_V16_TEST',
    username: 'optiplan_ro',
    password: 'ENV:MIKRO_TEST_PASSWORD',
    timeout_seconds: 3,
    encrypt: false,
    read_only: true,
    ...extra,
  };
}

const byName = (checks: DiagnosticCheck[]) => Object.fromEntries(checks.map((c) => [c.name, c]));

describe('Mikro checks in diagnostics', () => {
  it('connected to a SELECT-only login: config, connection, read-only, permissions, tables and the push guard PASS', async () => {
    const f = await fake({ answer: reader });
    const { ctx } = await openDiag({ configs: { 'mikro_connection.json': mikroFile(f.port) }, env: { MIKRO_TEST_PASSWORD: CANARY } });
    const r = await runDiagnostics(ctx, { only: ['mikro'] });
    const by = byName(r.checks);
    expect(r.checks.map((c) => c.name)).toEqual(['mikro_config', ...MIKRO_VERIFY_NAMES, 'mikro_tls_settings', 'mikro_push_guard']);
    for (const name of ['mikro_config', 'mikro_connection', 'mikro_read_only', 'mikro_login_permissions', 'mikro_application_intent', 'mikro_tables_readable', 'mikro_push_guard']) {
      expect(by[name], name).toMatchObject({ status: 'PASS', category: 'mikro', recommendation: null });
    }
    // The fake cannot do TLS and encrypt is off: an honest WARN, not a pass.
    expect(by.mikro_encryption?.status).toBe('WARN');
    // encrypt:false in the file: the password would go in clear (WARN outside production).
    expect(by.mikro_tls_settings?.status).toBe('WARN');
    expect(by.mikro_tls_settings?.detail).toMatchObject({ key: 'mikro.tls_settings.clear_password' });
    expect(en.t(by.mikro_connection!.detail)).toMatch(/^Connected \(/);
    expect(tr.t(by.mikro_connection!.detail)).toMatch(/^Bağlantı başarılı \(/);
    expect(tr.t(by.mikro_config!.detail)).toMatch(/^Mikro yapılandırılmış: mssql:\/\/127\.0\.0\.1:\d+\/MikroDB_V16_TEST \(sunucu bilgisinin kaynağı: dosya, parola: ENV:MIKRO_TEST_PASSWORD\)\.$/);
    for (const c of r.checks) {
      expect(c.title).toEqual({ key: `mikro.checks.${c.name}.title` });
      expect(tr.has(c.title.key) && en.has(c.title.key)).toBe(true);
    }
    expect(f.logins.at(-1)?.database).toBe('MikroDB_V16_TEST');
    expect(JSON.stringify(r)).not.toContain(CANARY);
  });

  it('not configured (the shipped template): WARN "set it up or switch it off" with the setup steps; the server checks SKIP', async () => {
    const { ctx } = await openDiag();
    const r = await runDiagnostics(ctx, { only: ['mikro'], store: false });
    const by = byName(r.checks);
    expect(by.mikro_config).toMatchObject({ status: 'WARN' });
    expect(en.t(by.mikro_config!.detail)).toBe('Mikro is not set up: the host and the database are required.');
    expect(tr.t(by.mikro_config!.detail)).toBe('Mikro bağlantısı kurulmadı: sunucu (host) ve veritabanı zorunludur.');
    expect(tr.t(by.mikro_config!.recommendation!)).toMatch(/^Kurun veya kapatın/);
    expect(tr.t(by.mikro_config!.steps[0]!)).toMatch(/SQL Board/);
    for (const name of ['mikro_connection', 'mikro_login_permissions', 'mikro_application_intent', 'mikro_encryption', 'mikro_tables_readable']) {
      expect(by[name], name).toMatchObject({ status: 'SKIP', skipped_because: 'mikro_config', recommendation: null, steps: [] });
      expect(tr.t(by[name]!.detail)).toBe('Mikro bağlantısı kurulmadığı için atlandı.');
    }
    expect(by.mikro_read_only?.status).toBe('PASS');
    expect(by.mikro_push_guard?.status).toBe('PASS');
    expect(r.status).toBe('WARN');
  });

  it('"enabled": false: every Mikro check SKIPs naming the setting, nothing connects, and the run is PASS', async () => {
    const f = await fake({ answer: reader });
    const { ctx, core } = await openDiag({ configs: { 'mikro_connection.json': mikroFile(f.port, { enabled: false }) }, env: { MIKRO_TEST_PASSWORD: CANARY } });
    const audit = async () => (await core.db.kysely.selectFrom('audit_log').select('id').execute()).length;
    const auditBefore = await audit();
    const r = await runDiagnostics(ctx, { only: ['mikro'], store: false });
    expect(r.checks.map((c) => c.name)).toEqual(['mikro_config', ...MIKRO_VERIFY_NAMES, 'mikro_tls_settings', 'mikro_push_guard']);
    for (const c of r.checks) {
      expect(c, c.name).toMatchObject({ status: 'SKIP', skipped_because: 'mikro_connection.json enabled', recommendation: null, steps: [] });
      expect(tr.t(c.detail)).toBe('Mikro kapalı ("enabled": false) olduğu için atlandı.');
      expect(en.t(c.detail)).toBe('Skipped because Mikro is switched off ("enabled": false).');
    }
    expect(r.status).toBe('PASS');
    expect(f.connections).toBe(0);
    expect(f.bytesReceived).toBe(0);
    // The health snapshot taken during the run says disabled too, without a connection.
    expect(r.health_snapshot?.components.mikro.status).toBe('disabled');
    expect(await audit()).toBe(auditBefore);
  });

  it('an invalid mikro_connection.json: mikro_config FAILs naming the field; the checks that need it SKIP naming mikro_config', async () => {
    const { ctx } = await openDiag({ configs: { 'mikro_connection.json': { host: 'h', database: 'd', password: 'plain-literal' } } });
    const r = await runDiagnostics(ctx, { only: ['mikro'], store: false });
    const by = byName(r.checks);
    expect(by.mikro_config?.status).toBe('FAIL');
    expect(by.mikro_config?.technical_detail).toMatch(/password/);
    expect(by.mikro_connection).toMatchObject({ status: 'SKIP', skipped_because: 'mikro_config' });
    expect(tr.t(by.mikro_connection!.detail)).toBe('“Mikro yapılandırması” kontrolü başarısız olduğu için atlandı.');
    // The push guard needs no Mikro settings: it still runs.
    expect(by.mikro_push_guard?.status).toBe('PASS');
  });

  for (const engine of ['sqlite', 'postgres'] as const) it(`the push-guard probe writes no audit rows and leaves no outbox or integration_errors rows (${engine})`, async () => {
    const { ctx, core } = await openDiag({ engine });
    const count = async () => ({
      audit: (await core.db.kysely.selectFrom('audit_log').select('id').execute()).length,
      outbox: (await core.db.kysely.selectFrom('outbox').select('id').execute()).length,
      errors: (await core.db.kysely.selectFrom('integration_errors').select('id').execute()).length,
    });
    const before = await count();
    const r = await runDiagnostics(ctx, { only: ['mikro_push_guard'], store: false });
    expect(r.checks).toEqual([expect.objectContaining({ name: 'mikro_push_guard', status: 'PASS' })]);
    expect(r.checks[0]?.observed).toMatchObject({ clients_created: 0, connections_opened: 0, bytes_sent: 0 });
    expect(await count()).toEqual(before);
  });

  it('an unreachable SQL Server: mikro_connection FAILS with the runbook steps; later checks say not checked', async () => {
    const port = await closedPort();
    const { ctx } = await openDiag({ configs: { 'mikro_connection.json': mikroFile(port) }, env: { MIKRO_TEST_PASSWORD: CANARY } });
    const r = await runDiagnostics(ctx, { only: ['mikro_connection', 'mikro_login_permissions'], store: false });
    const by = byName(r.checks);
    expect(r.checks.map((c) => c.name)).toEqual(['mikro_connection', 'mikro_login_permissions']);
    expect(by.mikro_connection?.status).toBe('FAIL');
    expect(tr.t(by.mikro_connection!.detail)).toMatch(/^Mikro bağlantısı başarısız: Sunucu bağlantıyı reddetti/);
    expect(by.mikro_connection?.technical_detail).toMatch(/ECONNREFUSED/);
    // The runbook's steps come from the playbook by the check's name.
    expect(by.mikro_connection!.steps.map((m) => m.key)).toEqual(['playbook.mikro_connection.1', 'playbook.mikro_connection.2', 'playbook.mikro_connection.3']);
    expect(by.mikro_login_permissions).toMatchObject({ status: 'SKIP', skipped_because: 'mikro_connection' });
    expect(JSON.stringify(r)).not.toContain(CANARY);
  });

  it('a SQL Server that accepts and never answers is cut at the timeout; the run does not wait for it', async () => {
    const f = await fake({ mode: 'hang-after-accept' });
    const { ctx } = await openDiag({ configs: { 'mikro_connection.json': mikroFile(f.port, { timeout_seconds: 30 }) }, env: { MIKRO_TEST_PASSWORD: CANARY } });
    const started = Date.now();
    const r = await runDiagnostics(ctx, { timeoutMs: 1_000, store: false });
    const took = Date.now() - started;
    expect(took).toBeLessThan(4_000);
    const by = byName(r.checks);
    for (const name of ['mikro_connection', 'mikro_login_permissions', 'mikro_read_only']) {
      expect(by[name]?.status, name).toBe('FAIL');
      expect(en.t(by[name]!.detail)).toMatch(/did not finish within 1 s/);
      expect(by[name]?.duration_ms).toBe(1000);
    }
    // The rest of the run was not held up by it.
    expect(by.database_connection?.status).toBe('PASS');
    expect(by.mikro_push_guard?.status).toBe('PASS');
    expect(r.status).toBe('FAIL');
    // Dropping the hung sockets lets every pending connect (ours and the app's health client) end now.
    await f.close();
  });
});
