// The Mikro checks in diagnostics against the TDS fake: config from a real mikro_connection.json
// in the temp config folder, the password from the environment (ENV: reference).
import { describe, expect, it } from 'vitest';
import type { DiagnosticCheck } from '../../shared/diagnostics.js';
import { MIKRO_VERIFY_NAMES, runDiagnostics } from '../../main/core/diagnostics/index.js';
import { PERMISSIONS_DATABASE_SQL, PERMISSIONS_SERVER_SQL, ROLES_SQL } from '../../main/core/mikro/read-only-verification.js';
import type { AnswerFn } from '../fakes/tds/server.js';
import { closedPort, fake } from './mikro-helpers.js';
import { openDiag } from './diagnostics-helpers.js';

const CANARY = 'Kanarya-Mikro-Şifre-91c2';

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
    expect(r.checks.map((c) => c.name)).toEqual(['mikro_config', ...MIKRO_VERIFY_NAMES, 'mikro_push_guard']);
    for (const name of ['mikro_config', 'mikro_connection', 'mikro_read_only', 'mikro_login_permissions', 'mikro_application_intent', 'mikro_tables_readable', 'mikro_push_guard']) {
      expect(by[name], name).toMatchObject({ status: 'PASS', category: 'mikro', recommendation: null });
    }
    // The fake cannot do TLS and encrypt is off: an honest WARN, not a pass.
    expect(by.mikro_encryption?.status).toBe('WARN');
    expect(by.mikro_connection?.detail).toMatch(/Connected/);
    expect(f.logins.at(-1)?.database).toBe('MikroDB_V16_TEST');
    expect(JSON.stringify(r)).not.toContain(CANARY);
  });

  it('not configured (the shipped template): WARN with the setup steps, never a crash or a silent pass', async () => {
    const { ctx } = await openDiag();
    const r = await runDiagnostics(ctx, { only: ['mikro'], store: false });
    const by = byName(r.checks);
    expect(by.mikro_config).toMatchObject({ status: 'WARN' });
    expect(by.mikro_config?.detail).toMatch(/host and database are required/);
    expect(by.mikro_config?.detail_tr).toMatch(/Host ve database zorunludur/);
    expect(by.mikro_config?.steps?.tr[0]).toMatch(/SQL Board/);
    for (const name of ['mikro_connection', 'mikro_login_permissions', 'mikro_application_intent', 'mikro_encryption', 'mikro_tables_readable']) {
      expect(by[name]?.status, name).toBe('WARN');
      expect(by[name]?.detail).toMatch(/^Not checked/);
    }
    expect(by.mikro_read_only?.status).toBe('PASS');
    expect(by.mikro_push_guard?.status).toBe('PASS');
  });

  it('an unreachable SQL Server: mikro_connection FAILS with the runbook steps; later checks say not checked', async () => {
    const port = await closedPort();
    const { ctx } = await openDiag({ configs: { 'mikro_connection.json': mikroFile(port) }, env: { MIKRO_TEST_PASSWORD: CANARY } });
    const r = await runDiagnostics(ctx, { only: ['mikro_connection', 'mikro_login_permissions'], store: false });
    const by = byName(r.checks);
    expect(r.checks.map((c) => c.name)).toEqual(['mikro_connection', 'mikro_login_permissions']);
    expect(by.mikro_connection?.status).toBe('FAIL');
    expect(by.mikro_connection?.steps?.tr).toEqual([
      'SQL Server erişilebilir mi? (sunucu, port 1433 veya instance, güvenlik duvarı)',
      'Read-only kullanıcının yetkileri doğru mu? (yalnızca SELECT, db_datareader)',
      'Yönetim panelinden bağlantı testini çalıştır (SQL Board → Bağlantı Testi)',
    ]);
    expect(by.mikro_login_permissions?.status).toBe('WARN');
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
      expect(by[name]?.detail).toMatch(/timed out after 1 s/);
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
