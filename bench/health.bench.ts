/**
 * `/health` against its physical floor, measured by an outside load generator (wrk), on SQLite
 * (better-sqlite3, the default) and PostgreSQL (pg):
 *
 * - floor: a bare `node:http` server answering each request with one `SELECT 1` through the same
 *   driver (a better-sqlite3 statement on the same file / a pg Pool on the same database) and a
 *   small JSON body;
 * - door: the real `serve` (createServer: guards, hooks, composite health, localization, JSON).
 *
 * NODE_ENV=production, as installed (no schema check of each event payload). Both run in this
 * process, one after the other, under the same wrk settings (threads,
 * connections, duration). Figures: p50/p99 latency and requests/s of each, and the ratios
 * (goal: latency ≤ 1.5× the floor, throughput ≥ 2/3 of it). Set WRK_DURATION (s) and
 * WRK_CONNECTIONS to change the load; wrk comes from Debian (`apt-get install wrk`).
 */
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createServer } from '../main/server/server.js';
import { createThrowawayDb } from '../test/helpers/pg.js';
import { openTestCore } from '../test/helpers/core.js';
import { report, round } from './lib.js';

const DURATION_S = Number(process.env.WRK_DURATION ?? 5);
const CONNECTIONS = Number(process.env.WRK_CONNECTIONS ?? 8);
const THREADS = 1;

interface WrkResult {
  p50_ms: number;
  p99_ms: number;
  rps: number;
  non_2xx: number;
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
        resolve({ p50_ms: round(parseLatency(out, '50')), p99_ms: round(parseLatency(out, '99')), rps: Math.round(rps), non_2xx: non2xx });
      } catch (err) {
        reject(err);
      }
    });
  });
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
      select1 = async () => void (await pool.query('select 1 as ok'));
      closeDriver = () => pool.end();
    }
    const floor = floorServer(select1);
    const floorPort = await listen(floor);
    const app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: 'b'.repeat(32) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const appUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/health`;
    const floorUrl = `http://127.0.0.1:${floorPort}/`;
    // Warm-up both (JIT, pools), then measure each in turn.
    for (const u of [floorUrl, appUrl]) for (let i = 0; i < 300; i++) await (await fetch(u)).arrayBuffer();
    const f = await runWrk(floorUrl);
    const h = await runWrk(appUrl);
    await app.close();
    await new Promise((r) => floor.close(r));
    if (h.non_2xx > 0) throw new Error(`/health answered ${h.non_2xx} non-2xx`);
    const figures = {
      floor: f,
      health: h,
      latency_ratio_p50: round(h.p50_ms / f.p50_ms, 2),
      latency_ratio_p99: round(h.p99_ms / f.p99_ms, 2),
      throughput_ratio: round(h.rps / f.rps, 2),
      wrk: { threads: THREADS, connections: CONNECTIONS, duration_s: DURATION_S },
    };
    report(`health.${engine}`, figures);
    console.log(
      `${engine}: floor p50 ${f.p50_ms} ms p99 ${f.p99_ms} ms ${f.rps} req/s | /health p50 ${h.p50_ms} ms p99 ${h.p99_ms} ms ${h.rps} req/s | latency ×${figures.latency_ratio_p50} (p50) ×${figures.latency_ratio_p99} (p99), throughput ×${figures.throughput_ratio}`,
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
