import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../main/server/server.js';
import { runCli } from '../helpers/cli.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

// Three states picked with --only on one migrated SQLite data folder:
//   database → PASS; queues (no sync ever recorded) → WARN; backup (no backup yet) → FAIL.
const STATES = { PASS: ['database'], WARN: ['queues'], FAIL: ['backup'] } as const;
const EXPECTED: Record<'none' | 'warn' | 'fail', Record<keyof typeof STATES, number>> = {
  none: { PASS: 0, WARN: 0, FAIL: 0 },
  warn: { PASS: 0, WARN: 2, FAIL: 2 },
  fail: { PASS: 0, WARN: 0, FAIL: 2 },
};

let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  tmp = tempDir();
  writeConfig(tmp.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
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
    expect(r.stdout).toMatch(/diagnostics: FAIL/);
  });

  it('bad flags give a usage message and exit 64; an internal error exits 1', async () => {
    const bad = await runCli(['diagnostics', '--fail-on', 'sometimes', '--data-dir', tmp.dir]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/Allowed choices are none, warn, fail/);
    const unknown = await runCli(['diagnostics', '--only', 'no_such_check', '--data-dir', tmp.dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/E_VALIDATION.*no_such_check/);
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

  it('answers the report in the older shape (a superset), and the run is stored', async () => {
    const port = (app.server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/integration/diagnostics`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; timestamp: string; health_snapshot: unknown; checks: { name: string; status: string; detail: string; recommendation: string | null }[]; run_id: number };
    expect(['PASS', 'WARN', 'FAIL']).toContain(body.status);
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
