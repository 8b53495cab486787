/**
 * `/health` against its physical floor, measured by an outside load generator (wrk), on SQLite
 * (better-sqlite3, the default) and PostgreSQL (pg):
 *
 * - floor: a bare `node:http` server answering each request with one `SELECT 1` through the same
 *   driver, done the cheapest way that driver offers (a prepared better-sqlite3 statement on the
 *   same file / a named pg statement through a Pool on the same database) and a small JSON body;
 * - door: the real `serve` (createServer: guards, composite health, localization, JSON), on
 *   `/health` and, for comparison, `/health/live` (no database at all).
 *
 * NODE_ENV=production, as installed (no schema check of each event payload). Everything runs in
 * this process under the same wrk settings (threads, connections, duration), in WRK_ROUNDS rounds
 * that alternate floor and door, so a shared machine's load changes hit both alike; each figure
 * is the median of the rounds, each ratio the median of the rounds' ratios. Goal (issue 13):
 * /health latency ≤ 1.5× the floor's, throughput ≥ 2/3 of it. The load average is printed with
 * the figures: on a busy machine they are rough, re-run on a quiet one. Set WRK_DURATION (s),
 * WRK_CONNECTIONS and WRK_ROUNDS to change the load; wrk comes from Debian (`apt-get install wrk`).
 */
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createServer } from '../main/server/server.js';
import { createThrowawayDb } from '../test/helpers/pg.js';
import { openTestCore } from '../test/helpers/core.js';
import { report, round } from './lib.js';

const DURATION_S = Number(process.env.WRK_DURATION ?? 5);
const CONNECTIONS = Number(process.env.WRK_CONNECTIONS ?? 8);
const ROUNDS = Math.max(1, Number(process.env.WRK_ROUNDS ?? 3));
const THREADS = 1;
/** Issue 13's goal. */
const MAX_LATENCY_RATIO = 1.5;
const MIN_THROUGHPUT_RATIO = 2 / 3;

interface WrkResult {
  p50_ms: number;
  p99_ms: number;
  rps: number;
  non_2xx: number;
  requests: number;
  /** This process's CPU time (user + system) per answered request: less sensitive to a busy machine than req/s. */
  cpu_us_per_req: number;
}

function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version exits 1 after printing its banner.
    return (err as { status?: number }).status === 1;
  }
}

/** wrk's latency distribution line ("     50%  278.00us") → ms. */
function parseLatency(text: string, pct: string): number {
  const m = new RegExp(`\\s${pct}(?:\\.0+)?%\\s+([\\d.]+)(us|ms|s)\\b`).exec(text);
  if (!m) throw new Error(`wrk output without ${pct}%: ${text}`);
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
}

function runWrk(url: string): Promise<WrkResult> {
  const cpu0 = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${DURATION_S}s`, '--latency', url]);
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.on('error', reject);
    child.on('close', () => {
      try {
        const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
        const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
        const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
        const cpu = process.cpuUsage(cpu0);
        resolve({ p50_ms: round(parseLatency(out, '50')), p99_ms: round(parseLatency(out, '99')), rps: Math.round(rps), non_2xx: non2xx, requests, cpu_us_per_req: round((cpu.user + cpu.system) / requests, 1) });
      } catch (err) {
        reject(err);
      }
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** The floor: node:http + one SELECT 1 through the driver + a small JSON body. */
function floorServer(select1: () => Promise<void>): http.Server {
  return http.createServer((_req, res) => {
    select1().then(
      () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"healthy","database":"healthy"}');
      },
      () => {
        res.writeHead(503);
        res.end();
      },
    );
  });
}

async function bench(engine: 'sqlite' | 'postgres'): Promise<void> {
  const pgDb = engine === 'postgres' ? await createThrowawayDb('optiplan_bench') : null;
  const tc = await openTestCore(pgDb ? { url: pgDb.url } : {});
  let closeDriver = async () => {};
  try {
    await tc.core.migrations.up();
    let select1: () => Promise<void>;
    if (engine === 'sqlite') {
      const db = new Database(path.join(tc.dataDir, 'optiplan360.sqlite'));
      const stmt = db.prepare('select 1 as ok');
      select1 = async () => void stmt.get();
      closeDriver = async () => void db.close();
    } else {
      const pool = new pg.Pool({ connectionString: pgDb!.url, max: 5 });
      select1 = async () => void (await pool.query({ name: 'floor-select-1', text: 'select 1 as ok' }));
      closeDriver = () => pool.end();
    }
    const floor = floorServer(select1);
    const floorPort = await listen(floor);
    const app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: 'b'.repeat(32) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const appBase = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const urls = { floor: `http://127.0.0.1:${floorPort}/`, health: `${appBase}/health`, live: `${appBase}/health/live` };
    // Warm-up all (JIT, pools), then measure in alternating rounds.
    for (const u of Object.values(urls)) for (let i = 0; i < 300; i++) await (await fetch(u)).arrayBuffer();
    const loadBefore = os.loadavg();
    const rounds: Record<keyof typeof urls, WrkResult>[] = [];
    // Requests that arrive together share one check (HealthService.check): how many did, on average.
    let checks = 0;
    let healthRequests = 0;
    const unsubscribe = tc.core.events.subscribe((e) => void (e.name === 'health.sample' && checks++));
    for (let r = 0; r < ROUNDS; r++) {
      const one = { floor: await runWrk(urls.floor), health: await runWrk(urls.health), live: await runWrk(urls.live) };
      healthRequests += one.health.requests;
      if (one.health.non_2xx > 0) throw new Error(`/health answered ${one.health.non_2xx} non-2xx`);
      rounds.push(one);
    }
    unsubscribe();
    const loadAfter = os.loadavg();
    await app.close();
    await new Promise((r) => floor.close(r));
    const med = (k: keyof typeof urls): WrkResult => ({
      p50_ms: round(median(rounds.map((x) => x[k].p50_ms))),
      p99_ms: round(median(rounds.map((x) => x[k].p99_ms))),
      rps: Math.round(median(rounds.map((x) => x[k].rps))),
      non_2xx: rounds.reduce((a, x) => a + x[k].non_2xx, 0),
      requests: rounds.reduce((a, x) => a + x[k].requests, 0),
      cpu_us_per_req: round(median(rounds.map((x) => x[k].cpu_us_per_req)), 1),
    });
    const ratio = (k: 'health' | 'live', f: (x: WrkResult) => number) => round(median(rounds.map((x) => f(x[k]) / f(x.floor))), 2);
    const f = med('floor');
    const h = med('health');
    const l = med('live');
    const figures = {
      floor: f,
      health: h,
      live: l,
      latency_ratio_p50: ratio('health', (x) => x.p50_ms),
      latency_ratio_p99: ratio('health', (x) => x.p99_ms),
      throughput_ratio: ratio('health', (x) => x.rps),
      cpu_ratio: ratio('health', (x) => x.cpu_us_per_req),
      requests_per_check: round(healthRequests / Math.max(1, checks), 2),
      live_latency_ratio_p50: ratio('live', (x) => x.p50_ms),
      live_throughput_ratio: ratio('live', (x) => x.rps),
      goal_met: ratio('health', (x) => x.p50_ms) <= MAX_LATENCY_RATIO && ratio('health', (x) => x.rps) >= MIN_THROUGHPUT_RATIO,
      load_average: { before: loadBefore.map((x) => round(x, 2)), after: loadAfter.map((x) => round(x, 2)), cpus: os.cpus().length },
      wrk: { threads: THREADS, connections: CONNECTIONS, duration_s: DURATION_S, rounds: ROUNDS },
    };
    report(`health.${engine}`, figures);
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(
      [
        `${engine} (median of ${ROUNDS} rounds, wrk -c${CONNECTIONS} -d${DURATION_S}s; load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} → ${loadAfter.map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs)`,
        ...(
          [
            ['floor       ', f],
            ['/health     ', h],
            ['/health/live', l],
          ] as const
        ).map(([name, x]) => `  ${name} p50 ${x.p50_ms.toFixed(3)} ms  p99 ${x.p99_ms.toFixed(3)} ms  ${x.rps} req/s  ${x.cpu_us_per_req} µs CPU/request`),
        `  /health latency ×${figures.latency_ratio_p50} p50 (×${figures.latency_ratio_p99} p99), goal ≤ ×${MAX_LATENCY_RATIO}: ${verdict(figures.latency_ratio_p50 <= MAX_LATENCY_RATIO)}`,
        `  /health throughput ×${figures.throughput_ratio}, goal ≥ ×${round(MIN_THROUGHPUT_RATIO, 2)}: ${verdict(figures.throughput_ratio >= MIN_THROUGHPUT_RATIO)}`,
        `  /health CPU per request ×${figures.cpu_ratio} of the floor's (what the ratios tend to on an idle machine); ${figures.requests_per_check} requests shared each check (one started in the same event-loop turn or in flight; never a finished one)`,
      ].join('\n'),
    );
  } finally {
    await closeDriver();
    await tc.cleanup();
    await pgDb?.drop();
  }
}

if (!wrkAvailable()) throw new Error('wrk is required for this bench: apt-get install wrk');
// What an installed console runs: no schema check of every event payload (a development aid).
process.env.NODE_ENV = 'production';
await bench('sqlite');
await bench('postgres');
