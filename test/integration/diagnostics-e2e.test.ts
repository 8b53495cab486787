// The result the issue asks for, end to end through the CLI as CI runs it: an installation whose
// unused integrations are switched off (Mikro and WhatsApp `"enabled": false`) and whose backup is
// taken and verified reaches PASS, so `optiplan360 diagnostics --fail-on warn` exits 0. And
// diagnostics probes write no audit rows: one run writes at most one.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticsReport } from '../../shared/diagnostics.js';
import { translator } from '../../shared/i18n/translator.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { openDiag } from './diagnostics-helpers.js';

const FROM_SOURCE = { OPTIPLAN_CLI_FROM_SOURCE: '1' };

let tmp: ReturnType<typeof tempDir>;

const cli = (args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', tmp.dir], FROM_SOURCE);

function auditRows(): number {
  const db = new Database(path.join(tmp.dir, 'optiplan360.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('select count(*) as n from audit_log').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** What is not PASS, for the assertion message (so a failure says which check and why). */
function problems(r: DiagnosticsReport | { checks: Array<{ name: string; status: string; detail: unknown; technical_detail?: string }> }): string {
  return r.checks
    .filter((c) => c.status !== 'PASS' && c.status !== 'SKIP')
    .map((c) => `${c.name} ${c.status}: ${typeof c.detail === 'string' ? c.detail : JSON.stringify(c.detail)}${c.technical_detail ? ` [${c.technical_detail}]` : ''}`)
    .join('\n');
}

beforeAll(async () => {
  tmp = tempDir();
  // An installation set up for local use: SQLite, Mikro and WhatsApp switched off (the shipped
  // templates fill the other files in on first start).
  writeConfig(tmp.dir, 'system_config.json', { environment: 'test', database: { auto_migrate_on_startup: false } });
  writeConfig(tmp.dir, 'mikro_connection.json', { enabled: false, read_only: true });
  writeConfig(tmp.dir, 'whatsapp.json', { enabled: false });
  const migrate = await cli(['migrate', 'up']);
  expect(migrate.code, migrate.stderr).toBe(0);
  const backup = await cli(['backup', 'run', '--verify', '--json', '--lang', 'en']);
  expect(backup.code, `${backup.stdout}\n${backup.stderr}`).toBe(0);
  expect(JSON.parse(backup.stdout)).toMatchObject({ status: 'success', verify: { status: 'ok' } });
}, 120_000);
afterAll(() => tmp.remove());

describe('optiplan360 diagnostics on a set-up installation with unused parts switched off', () => {
  it('is PASS and --fail-on warn exits 0; the switched-off parts are SKIP saying why', async () => {
    const r = await cli(['diagnostics', '--fail-on', 'warn', '--json', '--lang', 'en']);
    const report = JSON.parse(r.stdout) as { status: string; checks: Array<{ name: string; category: string; status: string; detail: string; skipped_because?: string; technical_detail?: string }> };
    expect(report.status, problems(report)).toBe('PASS');
    expect(r.code, r.stderr).toBe(0);
    const by = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    // Honest SKIPs: the integrations switched off, the queues with no producer.
    for (const c of report.checks.filter((x) => x.category === 'mikro' || x.category === 'whatsapp')) {
      expect(c.status, c.name).toBe('SKIP');
      expect(c.skipped_because, c.name).toMatch(/enabled/);
    }
    for (const name of ['outbox_failed', 'queue_backlog', 'last_sync_recency']) expect(by[name]?.status, name).toBe('SKIP');
    // And the real checks really ran and passed.
    for (const name of ['backend_health', 'database_connection', 'database_engine', 'migrations_at_head', 'config_files_valid', 'plaintext_secrets', 'keychain_available', 'audit_chain', 'backup_recency', 'backup_verify']) {
      expect(by[name]?.status, `${name}: ${by[name]?.detail}`).toBe('PASS');
    }
  }, 60_000);

  it('the human summary says so in Turkish by default', async () => {
    const r = await cli(['diagnostics', '--fail-on', 'warn']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^OptiPlan360 \S+ tanılama: GEÇTİ \(\d+ kontrol, /);
    expect(r.stdout).toMatch(/ATLANDI/);
    expect(r.stdout).toMatch(/Özet: BAŞARISIZ: 0 · UYARI: 0 · GEÇTİ: \d+ · ATLANDI: \d+/);
  }, 60_000);

  it('three diagnostics runs add at most three audit rows (probes write none)', async () => {
    const before = auditRows();
    for (let i = 0; i < 3; i++) expect((await cli(['diagnostics', '--json'])).code).toBe(0);
    const after = auditRows();
    expect(after - before).toBeLessThanOrEqual(3);
    const verify = await cli(['audit', 'verify', '--json']);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });
  }, 120_000);
});

describe('audit rows per run, in process', () => {
  it('three runs of the whole diagnostics (every check, failures included) add at most three audit rows', async () => {
    // Nothing switched off and nothing set up: Mikro, WhatsApp and the keychain all fail or warn,
    // which is where probes used to write.
    const { core } = await openDiag();
    const count = async () => Number((await core.db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    for (let i = 0; i < 3; i++) {
      const r = await core.diagnostics.run('tester@host via cli');
      expect(r.checks.length).toBeGreaterThan(10);
    }
    const added = await count();
    const rows = await core.db.kysely.selectFrom('audit_log').select(['action', 'target']).orderBy('id').execute();
    expect(added - before, JSON.stringify(rows.slice(before))).toBeLessThanOrEqual(3);
    expect(translator('tr').t((await core.diagnostics.get((await core.diagnostics.list(1, 0))[0]!.id)).report.checks[0]!.title)).toBe('Backend sağlığı');
  }, 60_000);
});
