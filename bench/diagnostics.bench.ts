/**
 * Diagnostics wall time vs its slowest check (R-DIAG-3), a group of checks sharing one connection
 * counting as one. Checks run concurrently, so a run should
 * take about as long as its slowest check (ratio ≈ 1), not the sum of all checks.
 *
 *   npx tsx bench/diagnostics.bench.ts [--runs 20] [--hang-timeout-ms 2000] [--out FILE]
 *
 * Scenario "loopback": a real Core on a temp SQLite file (migrated, a few hundred queue rows),
 * Mikro on the TDS fake (a SELECT-only login), every check of the default run.
 * Scenario "hang": the same, plus one dependency that accepts TCP and never answers, with its
 * check timeout at --hang-timeout-ms; the run should end near that timeout.
 * Prints one JSON object and a summary. Bounded: every run is capped by its check timeouts.
 */
import fs from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { buildChecks, runDiagnostics, type CheckDefinition, type CheckGroupDefinition, type CheckUnit } from '../main/core/diagnostics/index.js';
import { PERMISSIONS_DATABASE_SQL, PERMISSIONS_SERVER_SQL, ROLES_SQL } from '../main/core/mikro/read-only-verification.js';
import { MemorySecretStore } from '../main/core/secrets/memory-store.js';
import { startTdsFake } from '../test/fakes/tds/server.js';
import { openTestCore } from '../test/helpers/core.js';
import { writeConfig } from '../test/helpers/temp.js';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : def;
  return Number.isFinite(v) && v > 0 ? v : def;
}
const RUNS = Math.min(200, arg('runs', 20));
const HANG_MS = Math.min(10_000, arg('hang-timeout-ms', 2_000));
const outIdx = process.argv.indexOf('--out');
const OUT = outIdx >= 0 ? process.argv[outIdx + 1] : undefined;

/** The unit with its run wrapped in a stopwatch (a timed-out unit records its timeout). */
function timedUnit(u: CheckUnit, out: number[]): CheckUnit {
  const wrap = async <T>(fn: () => Promise<T> | T, timeoutMs: number): Promise<T> => {
    const t0 = performance.now();
    let recorded = false;
    const timer = setTimeout(() => ((recorded = true), out.push(timeoutMs)), timeoutMs);
    try {
      return await fn();
    } finally {
      clearTimeout(timer);
      if (!recorded) out.push(performance.now() - t0);
    }
  };
  if ('group' in u) {
    const g: CheckGroupDefinition = { ...u, run: (c) => wrap(() => u.run(c), c.timeoutMs) };
    return g;
  }
  const d: CheckDefinition = { ...u, run: (c) => wrap(() => u.run(c), c.timeoutMs) };
  return d;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}
const stats = (xs: number[]) => ({ median: round(quantile(xs, 0.5)), p95: round(quantile(xs, 0.95)), min: round(Math.min(...xs)), max: round(Math.max(...xs)) });
const round = (n: number) => Math.round(n * 100) / 100;

async function main(): Promise<void> {
  const tds = await startTdsFake({
    answer: (sql) => {
      const list = (names: string[]) => ({ columns: [{ name: 'permission_name', type: 'nvarchar' as const }], rows: names.map((n) => [n]) });
      if (sql === PERMISSIONS_DATABASE_SQL) return list(['CONNECT', 'SELECT']);
      if (sql === PERMISSIONS_SERVER_SQL) return list(['CONNECT SQL']);
      if (sql === ROLES_SQL) return { columns: ['db_owner', 'db_datawriter', 'db_ddladmin', 'sysadmin'].map((name) => ({ name, type: 'int' as const })), rows: [[0, 0, 0, 0]] };
      if (/WITH \(NOLOCK\)$/.test(sql)) return { columns: [{ name: 'id', type: 'int' }], rows: [[1]] };
      return undefined;
    },
  });
  const silent = net.createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  const silentPort = (silent.address() as net.AddressInfo).port;

  const tc = await openTestCore({}, { env: { BENCH_MIKRO_PW: 'bench-pw-0000' }, secretStore: new MemorySecretStore() });
  writeConfig(tc.dataDir, 'mikro_connection.json', { host: '127.0.0.1', port: tds.port, database: 'MikroDB', username: 'ro', password: 'ENV:BENCH_MIKRO_PW', timeout_seconds: 5, encrypt: false });
  await tc.core.migrations.up();
  const now = new Date().toISOString();
  for (let i = 0; i < 200; i++) {
    await tc.core.db.kysely.insertInto('outbox').values({ created_at: now, updated_at: now, integration: 'mikro', operation: 'push_order', payload: '{}', status: i % 10 ? 'DONE' : 'QUEUED', attempts: 0, max_retries: 5, next_attempt_at: null, last_error_code: null, last_error: null }).execute();
  }
  await tc.core.db.kysely.insertInto('sync_jobs').values({ integration: 'mikro', kind: 'pull', started_at: now, finished_at: now, status: 'DONE', records: 1, error: null }).execute();
  const ctx = tc.core.diagnostics.context('bench@local', { integrations: [] });

  const hung: CheckDefinition = {
    name: 'hung_dependency',
    category: 'system',
    timeoutMs: HANG_MS,
    run: ({ signal }) =>
      new Promise((_, reject) => {
        const sock = net.connect(silentPort, '127.0.0.1');
        sock.on('error', reject);
        signal.addEventListener('abort', () => (sock.destroy(), reject(new Error('aborted'))));
      }),
  };

  const scenarios = { loopback: [] as CheckUnit[], hang: [hung] };
  const result: Record<string, unknown> = { runs: RUNS, hang_timeout_ms: HANG_MS, node: process.version, platform: process.platform };
  try {
    for (const [label, extra] of Object.entries(scenarios)) {
      const wall: number[] = [];
      const slowest: number[] = [];
      const sum: number[] = [];
      const ratio: number[] = [];
      let checks = 0;
      let statuses: Record<string, string> = {};
      for (let i = 0; i < RUNS + 1; i++) {
        // Each unit timed from outside: a group (Mikro's six checks on one connection) counts as
        // one piece of work, since its checks report their own, shorter, per-query times.
        const unitMs: number[] = [];
        const units = [...buildChecks(ctx), ...extra].map((u) => timedUnit(u, unitMs));
        const t0 = performance.now();
        const r = await runDiagnostics(ctx, { checks: units, store: true });
        const w = performance.now() - t0;
        if (i === 0) continue; // warm-up: module loading, first connections
        const max = Math.max(...unitMs);
        wall.push(w);
        slowest.push(max);
        sum.push(unitMs.reduce((a, b) => a + b, 0));
        ratio.push(w / max);
        checks = r.checks.length;
        statuses = Object.fromEntries(r.checks.filter((c) => c.status !== 'PASS').map((c) => [c.name, c.status]));
      }
      result[label] = { checks, wall_ms: stats(wall), slowest_unit_ms: stats(slowest), sum_of_units_ms: stats(sum), wall_over_slowest: stats(ratio), not_pass: statuses };
    }
  } finally {
    await tc.cleanup();
    await tds.close();
    await new Promise<void>((r) => silent.close(() => r()));
  }

  const json = JSON.stringify(result, null, 2);
  process.stdout.write(`${json}\n`);
  if (OUT) fs.writeFileSync(OUT, json);
  for (const label of Object.keys(scenarios)) {
    const s = result[label] as { checks: number; wall_ms: { median: number; p95: number }; slowest_unit_ms: { median: number }; sum_of_units_ms: { median: number }; wall_over_slowest: { median: number; p95: number } };
    process.stdout.write(
      `${label}: ${s.checks} checks, wall median ${s.wall_ms.median} ms (p95 ${s.wall_ms.p95}), slowest unit median ${s.slowest_unit_ms.median} ms, ` +
        `sum of units median ${s.sum_of_units_ms.median} ms, wall/slowest median ${s.wall_over_slowest.median} (p95 ${s.wall_over_slowest.p95})\n`,
    );
  }
  // Anything left open (a pool's idle timer) must not keep the bench alive.
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
