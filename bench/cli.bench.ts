/**
 * CLI start-up (issue 15): `--version` and `health --json` of the bundled CLI
 * (dist/cli/optiplan360.cjs, what the installer ships) against a bare `node -e 0`, plus the
 * source-checkout launcher (bin/optiplan360.js) and `migrate up` on a fresh database per engine.
 * The target is `health --json` within 3× `node -e 0`. Uses hyperfine when installed (wall and
 * CPU time, warm-up runs; `apt-get install hyperfine`), else timed spawns (wall time only). The
 * commands run in ONE hyperfine invocation, so that `node -e 0` and the CLI see the same load
 * on a shared machine and the ratio stays fair; CPU time is the steadier figure there. The
 * warm-up runs also fill the code cache (Node's, or main/host/code-cache.ts on Node 20), as an
 * installed PC's second and later Task Scheduler calls have it. BENCH_CLI_BUNDLE names another
 * built optiplan360.cjs (e.g. one built with `--outDir` away from dist/). Also reports the
 * bundles' sizes and the JavaScript a `health --json` run loads.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { BIN, REPO } from '../test/helpers/cli.js';
import { createThrowawayDb } from '../test/helpers/pg.js';
import { tempDir, writeConfig } from '../test/helpers/temp.js';
import { report, round, summarize } from './lib.js';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 10);
const BUNDLE = path.resolve(process.env.BENCH_CLI_BUNDLE ?? path.join(REPO, 'dist', 'cli', 'optiplan360.cjs'));
if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` first`);

interface Timing {
  wall_ms: ReturnType<typeof summarize>;
  /** hyperfine's standard deviation of the wall time (mean ± σ). */
  wall_sd_ms: number | null;
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
  return { wall_ms: summarize(Array.from({ length: RUNS }, once)), wall_sd_ms: null, cpu_ms: null };
}

/** hyperfine's JSON for all commands of one invocation: per-run wall times, mean user and system CPU seconds. */
function hyperfineTimes(cmds: string[][]): Timing[] {
  const out = path.join(os.tmpdir(), `optiplan-bench-${process.pid}.json`);
  const quoted = cmds.map((cmd) => cmd.map((a) => (/[\s"']/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a)).join(' '));
  const r = spawnSync('hyperfine', ['-N', '-w', '3', '-r', String(RUNS), '--export-json', out, ...quoted], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`hyperfine ${quoted.join(' | ')}: ${r.stderr}`);
  const results = (JSON.parse(fs.readFileSync(out, 'utf8')) as { results: { times: number[]; stddev: number | null; user: number; system: number }[] }).results;
  fs.rmSync(out, { force: true });
  return results.map((res) => ({ wall_ms: summarize(res.times.map((s) => s * 1000)), wall_sd_ms: res.stddev === null ? null : round(res.stddev * 1000), cpu_ms: round((res.user + res.system) * 1000) }));
}

const times = (cmds: string[][]): Timing[] => (hasHyperfine ? hyperfineTimes(cmds) : cmds.map((cmd) => spawnTimes(cmd)));

/** How much JavaScript a run compiles: the .cjs files it loads (the entry and its chunks) and their bytes. */
function loadedBytes(args: string[]): { files: number; bytes: number } {
  const probe = `const M=require('module');const o=M.prototype._compile;let f=0,b=0;M.prototype._compile=function(c,n){if(n.endsWith('.cjs')){f++;b+=Buffer.byteLength(c)}return o.call(this,c,n)};process.on('exit',()=>process.stderr.write('LOADED '+f+' '+b+'\\n'))`;
  const r = spawnSync(process.execPath, ['-e', `${probe};require(${JSON.stringify(BUNDLE)})`, BUNDLE, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' } });
  const m = /LOADED (\d+) (\d+)/.exec(r.stderr ?? '');
  return { files: Number(m?.[1] ?? NaN), bytes: Number(m?.[2] ?? NaN) };
}

function gzSize(file: string): { bytes: number; gzip_bytes: number } | null {
  if (!fs.existsSync(file)) return null;
  const buf = fs.readFileSync(file);
  return { bytes: buf.length, gzip_bytes: zlib.gzipSync(buf).length };
}

// --- start-up -----------------------------------------------------------------------------
const t = tempDir();
writeConfig(t.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
spawnSync(process.execPath, [BUNDLE, 'migrate', 'up', '--data-dir', t.dir], { cwd: REPO });
const [node, version, health, healthBin] = times([
  [process.execPath, '-e', '0'],
  [process.execPath, BUNDLE, '--version'],
  [process.execPath, BUNDLE, 'health', '--json', '--data-dir', t.dir],
  [process.execPath, BIN, 'health', '--json', '--data-dir', t.dir],
]) as [Timing, Timing, Timing, Timing];
const loaded = { version: loadedBytes(['--version']), health_json: loadedBytes(['health', '--json', '--data-dir', t.dir]) };
t.remove();

const ratio = (a: Timing, b: Timing) => round(a.wall_ms.p50 / b.wall_ms.p50, 2);
const meanRatio = (a: Timing, b: Timing) => round(a.wall_ms.mean / b.wall_ms.mean, 2);
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
const chunk = (dir: string, prefix: string) => fs.readdirSync(dir).find((f) => f.startsWith(prefix));
const cliRun = chunk(path.dirname(BUNDLE), 'cli-run-');
const sizes = {
  main_bundle: gzSize(path.join(REPO, 'dist', 'main', 'app', 'main.cjs')),
  preload_bundle: gzSize(path.join(REPO, 'dist', 'main', 'app', 'preload.cjs')),
  host_bundle: gzSize(path.join(REPO, 'dist', 'host', 'core-host.cjs')),
  cli_start_chunk: cliRun ? gzSize(path.join(path.dirname(BUNDLE), cliRun)) : null,
};

report('cli', {
  timer: hasHyperfine ? 'hyperfine' : 'spawnSync',
  node_e0: node,
  version_bundle: version,
  health_json_bundle: health,
  health_json_bin: healthBin,
  code_cache: 'enableCompileCache' in module ? 'node' : process.env.NODE_DISABLE_COMPILE_CACHE ? 'off' : 'optiplan360 (main/host/code-cache.ts)',
  loaded_js: loaded,
  health_vs_node_wall: ratio(health, node),
  health_vs_node_wall_mean: meanRatio(health, node),
  health_vs_node_cpu: cpuRatio(health, node),
  version_vs_node_wall: ratio(version, node),
  version_vs_node_cpu: cpuRatio(version, node),
  migrate_up_fresh_sqlite_process_ms: summarize(sqliteUp),
  migrate_up_fresh_postgres_process_ms: summarize(pgUp),
  sizes,
  load_average: os.loadavg(),
});
console.log(
  `node -e 0 ${node.wall_ms.mean} ± ${node.wall_sd_ms ?? '?'} ms; --version ${version.wall_ms.mean} ± ${version.wall_sd_ms ?? '?'} ms (${meanRatio(version, node)}×); ` +
    `health --json ${health.wall_ms.mean} ± ${health.wall_sd_ms ?? '?'} ms (${meanRatio(health, node)}× mean, ${ratio(health, node)}× p50, CPU ${cpuRatio(health, node) ?? '?'}×; ` +
    `${loaded.health_json.files} files, ${loaded.health_json.bytes} B of JavaScript); bin/optiplan360.js health p50 ${healthBin.wall_ms.p50} ms; ` +
    `main bundle ${sizes.main_bundle?.bytes ?? '?'} B (${sizes.main_bundle?.gzip_bytes ?? '?'} B gzip); load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
);
