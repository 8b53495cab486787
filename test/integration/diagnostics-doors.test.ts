import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../main/server/server.js';
import { runCli } from '../helpers/cli.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

// Three states picked with --only on one migrated SQLite data folder in "staging":
//   audit (an intact chain) → PASS; database_engine (SQLite in staging) → WARN; backup (no backup yet) → FAIL.
const STATES = { PASS: ['audit'], WARN: ['database_engine'], FAIL: ['backup'] } as const;
const EXPECTED: Record<'none' | 'warn' | 'fail', Record<keyof typeof STATES, number>> = {
  none: { PASS: 0, WARN: 0, FAIL: 0 },
  warn: { PASS: 0, WARN: 2, FAIL: 2 },
  fail: { PASS: 0, WARN: 0, FAIL: 2 },
};

let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  tmp = tempDir();
  writeConfig(tmp.dir, 'system_config.json', { environment: 'staging', database: { auto_migrate_on_startup: false } });
  expect((await runCli(['migrate', 'up', '--data-dir', tmp.dir])).code).toBe(0);
});
afterAll(() => tmp.remove());

describe('optiplan360 diagnostics (compatible with run_integration_diagnostics.py)', () => {
  for (const failOn of ['none', 'warn', 'fail'] as const) {
    for (const state of ['PASS', 'WARN', 'FAIL'] as const) {
      it(`--fail-on ${failOn} with status ${state} exits ${EXPECTED[failOn][state]}`, async () => {
        const r = await runCli(['diagnostics', '--json', '--fail-on', failOn, '--only', ...STATES[state], '--data-dir', tmp.dir]);
        expect(JSON.parse(r.stdout).status).toBe(state);
        expect(r.code).toBe(EXPECTED[failOn][state]);
      });
    }
  }

  it('the default threshold is fail; --format html --output writes a self-contained report', async () => {
    const out = path.join(tmp.dir, 'r.html');
    const r = await runCli(['diagnostics', '--only', 'backup', '--format', 'html', '--output', out, '--data-dir', tmp.dir]);
    expect(r.code).toBe(2);
    const html = fs.readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('backup_recency');
    expect(html).toContain('<html lang="tr">');
    expect(r.stdout).toMatch(/tanılama: BAŞARISIZ/);
    const en = await runCli(['diagnostics', '--lang', 'en', '--only', 'backup', '--format', 'md', '--output', path.join(tmp.dir, 'r.md'), '--data-dir', tmp.dir]);
    expect(en.code).toBe(2);
    expect(en.stdout).toMatch(/diagnostics: FAIL/);
    expect(fs.readFileSync(path.join(tmp.dir, 'r.md'), 'utf8')).toMatch(/^# OptiPlan360 Integration Diagnostics Report/);
  });

  it('bad flags give a usage message and exit 64; an internal error exits 1', async () => {
    const bad = await runCli(['diagnostics', '--fail-on', 'sometimes', '--data-dir', tmp.dir]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/Allowed choices are none, warn, fail/);
    const unknown = await runCli(['diagnostics', '--only', 'no_such_check', '--data-dir', tmp.dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/E_VALIDATION/);
    expect(unknown.stderr).toMatch(/Bilinmeyen kontrol veya kategori: no_such_check/);
  });
});

describe('GET /api/v1/integration/diagnostics', () => {
  let tc: TestCore;
  let app: FastifyInstance;
  beforeAll(async () => {
    tc = await openTestCore();
    await tc.core.migrations.up();
    app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: 't'.repeat(32) });
    await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await tc.cleanup();
  });

  it('answers the report in the older shape (a superset) to a caller with the token, and the run is stored', async () => {
    const port = (app.server.address() as { port: number }).port;
    const anonymous = await fetch(`http://127.0.0.1:${port}/api/v1/integration/diagnostics`);
    expect(anonymous.status).toBe(401);
    expect(await tc.core.invoke('diagnostics.list', {}, tc.core.context('ipc'))).toEqual([]);
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/integration/diagnostics`, { headers: { authorization: `Bearer ${'t'.repeat(32)}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; timestamp: string; health_snapshot: unknown; checks: { name: string; status: string; title: string; detail: string; recommendation: string | null }[]; run_id: number };
    expect(['PASS', 'WARN', 'FAIL']).toContain(body.status);
    // Texts arrive as text in one language (Turkish by default), names stay the stable ids.
    const engine = body.checks.find((c) => c.name === 'database_engine')!;
    expect(engine).toMatchObject({ title: 'Veritabanı motoru', detail: expect.stringMatching(/SQLite kullanılıyor/) });
    expect(body.health_snapshot).toMatchObject({ status: expect.any(String) });
    const names = body.checks.map((c) => c.name);
    for (const n of ['mikro_connection', 'mikro_read_only', 'outbox_failed', 'unresolved_errors', 'queue_backlog', 'last_sync_recency', 'backend_health', 'database_engine', 'audit_chain']) {
      expect(names).toContain(n);
    }
    for (const c of body.checks) if (c.status === 'PASS') expect(c.recommendation).toBeNull();
    const runs = await tc.core.invoke('diagnostics.list', {}, tc.core.context('ipc'));
    expect(runs[0]?.id).toBe(body.run_id);
  });
});
