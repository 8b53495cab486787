/**
 * CLI start-up (issue 15): `--version` and `health --json` of the bundled CLI
 * (dist/cli/optiplan360.cjs, what the installer ships) against a bare `node -e 0`, plus the
 * source-checkout launcher (bin/optiplan360.js) and `migrate up` on a fresh database per engine.
 * The target is `health --json` within 3× `node -e 0`. Uses hyperfine when installed (wall and
 * CPU time, warm-up runs; `apt-get install hyperfine`), else timed spawns (wall time only).
 * CPU time is the steadier figure on a busy machine. Also reports the bundles' sizes.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { BIN, REPO } from '../test/helpers/cli.js';
import { createThrowawayDb } from '../test/helpers/pg.js';
import { tempDir, writeConfig } from '../test/helpers/temp.js';
import { report, round, summarize } from './lib.js';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 10);
const BUNDLE = path.join(REPO, 'dist', 'cli', 'optiplan360.cjs');
if (!fs.existsSync(BUNDLE)) throw new Error('dist/cli/optiplan360.cjs is missing: run `npm run build` first');

interface Timing {
  wall_ms: ReturnType<typeof summarize>;
  cpu_ms: number | null;
}

const hasHyperfine = spawnSync('hyperfine', ['--version'], { encoding: 'utf8' }).status === 0;

function spawnTimes(cmd: string[], env: NodeJS.ProcessEnv = {}): Timing {
  const once = () => {
    const t0 = performance.now();
    const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd: REPO, env: { ...process.env, ...env }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd.join(' ')} exited ${r.status}: ${r.stderr}`);
    return performance.now() - t0;
  };
  once();
  return { wall_ms: summarize(Array.from({ length: RUNS }, once)), cpu_ms: null };
}

/** hyperfine's JSON: per-run wall times, mean user and system CPU seconds. */
function hyperfineTimes(cmd: string[]): Timing {
  const out = path.join(os.tmpdir(), `optiplan-bench-${process.pid}.json`);
  const quoted = cmd.map((a) => (/[\s"']/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(' ');
  const r = spawnSync('hyperfine', ['-N', '-w', '3', '-r', String(RUNS), '--export-json', out, quoted], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hyperfine ${quoted}: ${r.stderr}`);
  const res = (JSON.parse(fs.readFileSync(out, 'utf8')) as { results: { times: number[]; user: number; system: number }[] }).results[0]!;
  fs.rmSync(out, { force: true });
  return { wall_ms: summarize(res.times.map((s) => s * 1000)), cpu_ms: round((res.user + res.system) * 1000) };
}

const times = (cmd: string[]) => (hasHyperfine ? hyperfineTimes(cmd) : spawnTimes(cmd));

function gzSize(file: string): { bytes: number; gzip_bytes: number } {
  const buf = fs.readFileSync(file);
  return { bytes: buf.length, gzip_bytes: zlib.gzipSync(buf).length };
}

// --- start-up -----------------------------------------------------------------------------
const t = tempDir();
writeConfig(t.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
spawnSync(process.execPath, [BUNDLE, 'migrate', 'up', '--data-dir', t.dir], { cwd: REPO });
const node = times([process.execPath, '-e', '0']);
const version = times([process.execPath, BUNDLE, '--version']);
const health = times([process.execPath, BUNDLE, 'health', '--json', '--data-dir', t.dir]);
const healthBin = times([process.execPath, BIN, 'health', '--json', '--data-dir', t.dir]);
t.remove();

const ratio = (a: Timing, b: Timing) => round(a.wall_ms.p50 / b.wall_ms.p50, 2);
const cpuRatio = (a: Timing, b: Timing) => (a.cpu_ms !== null && b.cpu_ms !== null ? round(a.cpu_ms / b.cpu_ms, 2) : null);

// --- migrate up on fresh databases (whole process) ----------------------------------------
function once(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: REPO, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return performance.now() - t0;
}
const sqliteUp: number[] = [];
const pgUp: number[] = [];
for (let i = 0; i < Math.min(RUNS, 5); i++) {
  const s = tempDir();
  writeConfig(s.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
  sqliteUp.push(once(['migrate', 'up', '--data-dir', s.dir]));
  s.remove();
  const d = await createThrowawayDb('optiplan_bench');
  const p = tempDir();
  writeConfig(p.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
  pgUp.push(once(['migrate', 'up', '--data-dir', p.dir], { DATABASE_URL: d.url }));
  p.remove();
  await d.drop();
}

// --- bundle sizes ---------------------------------------------------------------------------
const chunk = (dir: string, prefix: string) => fs.readdirSync(path.join(REPO, dir)).find((f) => f.startsWith(prefix));
const cliRun = chunk('dist/cli', 'cli-run-');
const sizes = {
  main_bundle: gzSize(path.join(REPO, 'dist', 'main', 'app', 'main.cjs')),
  preload_bundle: gzSize(path.join(REPO, 'dist', 'main', 'app', 'preload.cjs')),
  host_bundle: gzSize(path.join(REPO, 'dist', 'host', 'core-host.cjs')),
  cli_start_chunk: cliRun ? gzSize(path.join(REPO, 'dist', 'cli', cliRun)) : null,
};

report('cli', {
  timer: hasHyperfine ? 'hyperfine' : 'spawnSync',
  node_e0: node,
  version_bundle: version,
  health_json_bundle: health,
  health_json_bin: healthBin,
  health_vs_node_wall: ratio(health, node),
  health_vs_node_cpu: cpuRatio(health, node),
  version_vs_node_wall: ratio(version, node),
  version_vs_node_cpu: cpuRatio(version, node),
  migrate_up_fresh_sqlite_process_ms: summarize(sqliteUp),
  migrate_up_fresh_postgres_process_ms: summarize(pgUp),
  sizes,
});
console.log(
  `node -e 0 p50 ${node.wall_ms.p50} ms; --version p50 ${version.wall_ms.p50} ms (${ratio(version, node)}×); health --json p50 ${health.wall_ms.p50} ms (${ratio(health, node)}×, CPU ${cpuRatio(health, node) ?? '?'}×); ` +
    `bin/optiplan360.js health p50 ${healthBin.wall_ms.p50} ms; main bundle ${sizes.main_bundle.bytes} B (${sizes.main_bundle.gzip_bytes} B gzip)`,
);
