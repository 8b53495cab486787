// diagnostics.progress while a run is under way: the checks finished so far AND the checks running
// now, each with when it started and its own timeout (a check's own, the default, or the run's
// `timeout_ms`), on a real Core through the runner and the service the doors call.
import { describe, expect, it } from 'vitest';
import type { RunningCheck } from '../../shared/diagnostics.js';
import { DEFAULT_CHECK_TIMEOUT_MS, defineCheck, defineGroup, runDiagnostics, type CheckUnit } from '../../main/core/diagnostics/index.js';
import { DiagnosticsService, type DiagnosticsDeps } from '../../main/core/diagnostics/diagnostics-service.js';
import type { Core } from '../../main/core/core.js';
import { free, openDiag } from './diagnostics-helpers.js';

function depsOf(core: Core, whatsapp: DiagnosticsDeps['whatsapp']): DiagnosticsDeps {
  return {
    db: core.db,
    migrations: core.migrations,
    health: core.health,
    audit: { record: (e) => core.record(e), verify: () => core.audit.verify() },
    config: core.config,
    secretStore: core.secretStore,
    env: {},
    environment: core.environment,
    paths: core.paths,
    version: core.version,
    autoMigrate: () => core.autoMigrate,
    whatsapp,
    backup: null,
  };
}

/** A promise and the function that settles it. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

async function until<T>(read: () => T, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}

const names = (rs: readonly RunningCheck[]) => rs.map((r) => r.name).sort();

describe('the runner reports the checks running now', () => {
  it('each with its own timeout and start; a finished check leaves the list; a group shows each declared name', async () => {
    const { ctx } = await openDiag();
    const slow = gate();
    const group = gate();
    const units: CheckUnit[] = [
      defineCheck({ name: 'quick', category: 'system', run: () => ({ status: 'PASS', detail: free('hızlı', 'quick') }) }),
      defineCheck({ name: 'slow_own_timeout', category: 'system', timeoutMs: 4_321, run: async () => (await slow.wait, { status: 'PASS', detail: free('yavaş', 'slow') }) }),
      defineGroup({ group: 'g', category: 'mikro', names: ['g_one', 'g_two'], timeoutMs: 22_000, run: async () => (await group.wait, [{ name: 'g_one', status: 'PASS', detail: free('bir', 'one') }, { name: 'g_two', status: 'PASS', detail: free('iki', 'two') }]) }),
    ];
    const snapshots: RunningCheck[][] = [];
    const before = Date.now();
    const done = runDiagnostics(ctx, { checks: units, store: false, onRunning: (r) => snapshots.push(r) });
    const latest = () => snapshots.at(-1) ?? [];
    // quick finishes at once; the slow one and the group's two names are still running.
    const waiting = await until(latest, (r) => names(r).join() === 'g_one,g_two,slow_own_timeout');
    const by = Object.fromEntries(waiting.map((r) => [r.name, r]));
    expect(by.slow_own_timeout).toMatchObject({ category: 'system', timeout_ms: 4_321, title: { key: 'system.checks.slow_own_timeout.title' } });
    expect(by.g_one).toMatchObject({ category: 'mikro', timeout_ms: 22_000 });
    expect(by.g_two?.timeout_ms).toBe(22_000);
    for (const r of waiting) {
      expect(Date.parse(r.started_at)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(r.started_at)).toBeLessThanOrEqual(Date.now());
    }
    slow.open();
    await until(latest, (r) => names(r).join() === 'g_one,g_two');
    group.open();
    await done;
    expect(latest()).toEqual([]);
  });

  it('a run-wide timeout_ms is the timeout each running check shows; without one a check without its own shows the default', async () => {
    const { ctx } = await openDiag();
    const held = gate();
    const unit = defineCheck({ name: 'held', category: 'system', timeoutMs: 9_000, run: async () => (await held.wait, { status: 'PASS', detail: free('tamam', 'ok') }) });
    const plain = defineCheck({ name: 'plain', category: 'system', run: async () => (await held.wait, { status: 'PASS', detail: free('tamam', 'ok') }) });
    let seen: RunningCheck[] = [];
    const withRunTimeout = runDiagnostics(ctx, { checks: [unit], store: false, timeoutMs: 2_500, onRunning: (r) => (seen = r) });
    await until(() => seen, (r) => r.length === 1);
    expect(seen[0]?.timeout_ms).toBe(2_500);
    let seenPlain: RunningCheck[] = [];
    const withoutRunTimeout = runDiagnostics(ctx, { checks: [plain], store: false, onRunning: (r) => (seenPlain = r) });
    await until(() => seenPlain, (r) => r.length === 1);
    expect(seenPlain[0]?.timeout_ms).toBe(DEFAULT_CHECK_TIMEOUT_MS);
    held.open();
    await Promise.all([withRunTimeout, withoutRunTimeout]);
  });

  it('a throwing onRunning listener does not change the report', async () => {
    const { ctx } = await openDiag();
    const r = await runDiagnostics(ctx, {
      checks: [defineCheck({ name: 'ok', category: 'system', run: () => ({ status: 'PASS', detail: free('tamam', 'ok') }) })],
      store: false,
      onRunning: () => {
        throw new Error('listener bug');
      },
    });
    expect(r.checks.map((c) => [c.name, c.status])).toEqual([['ok', 'PASS']]);
  });
});

describe('diagnostics.progress with a slow check', () => {
  it('shows the slow WhatsApp module as running with its start and timeout until it answers; then nothing runs', async () => {
    const { core } = await openDiag();
    const held = gate();
    const svc = new DiagnosticsService(depsOf(core, { checkNames: () => ['whatsapp_config'], check: async () => (await held.wait, []) }));
    const idle = svc.progress();
    expect(idle).toEqual({ running: false, started_at: null, checks: [], running_checks: [], expected: 0 });
    const run = svc.run('tester@host', { only: ['whatsapp'] });
    const during = await until(
      () => svc.progress(),
      (p) => p.running_checks.length > 0,
    );
    expect(during.running).toBe(true);
    expect(during.checks).toEqual([]);
    expect(during.running_checks).toEqual([{ name: 'whatsapp_config', category: 'whatsapp', title: { key: 'whatsapp.checks.whatsapp_config.title' }, started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), timeout_ms: DEFAULT_CHECK_TIMEOUT_MS }]);
    expect(Date.parse(during.running_checks[0]!.started_at)).toBeGreaterThanOrEqual(Date.parse(during.started_at!) - 1000);
    held.open();
    const report = await run;
    expect(report.checks.map((c) => c.name)).toEqual(['whatsapp_config']);
    expect(svc.progress()).toMatchObject({ running: false, running_checks: [] });
  });

});
