/**
 * `/health` latency (p50/p99) and throughput on loopback against SQLite and PostgreSQL, beside
 * the raw `SELECT 1` round trip through the same driver in the same run: the ratio is the figure
 * (what the HTTP door, the composite check and JSON cost on top of the database itself).
 * Bounded: a fixed number of sequential requests, then a fixed-duration concurrent burst.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createServer } from '../main/server/server.js';
import { createThrowawayDb } from '../test/helpers/pg.js';
import { openTestCore } from '../test/helpers/core.js';
import { report, round, summarize } from './lib.js';

const N = Number(process.env.BENCH_N ?? 2000);
const BURST_MS = Number(process.env.BENCH_BURST_MS ?? 3000);
const CONCURRENCY = 8;

async function bench(engine: 'sqlite' | 'postgres'): Promise<void> {
  const pgDb = engine === 'postgres' ? await createThrowawayDb('optiplan_bench') : null;
  const tc = await openTestCore(pgDb ? { url: pgDb.url } : {});
  try {
    await tc.core.migrations.up();
    const k = tc.core.db.kysely;
    for (let i = 0; i < 200; i++) await sql`select 1`.execute(k); // warm-up
    const raw: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      await sql`select 1`.execute(k);
      raw.push(performance.now() - t0);
    }
    const app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: 'b'.repeat(32) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/health`;
    for (let i = 0; i < 200; i++) await (await fetch(url)).arrayBuffer();
    const health: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`health answered ${res.status}`);
      health.push(performance.now() - t0);
    }
    let done = 0;
    const until = performance.now() + BURST_MS;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < until) {
          await (await fetch(url)).arrayBuffer();
          done++;
        }
      }),
    );
    await app.close();
    const r = summarize(raw);
    const h = summarize(health);
    report(`health.${engine}`, {
      select1_ms: r,
      health_ms: h,
      ratio_p50: round(h.p50 / r.p50, 2),
      ratio_p99: round(h.p99 / r.p99, 2),
      throughput_rps: Math.round(done / (BURST_MS / 1000)),
      concurrency: CONCURRENCY,
    });
    console.log(`${engine}: SELECT 1 p50 ${r.p50} ms p99 ${r.p99} ms | /health p50 ${h.p50} ms p99 ${h.p99} ms (×${round(h.p50 / r.p50, 1)} p50) | ${Math.round(done / (BURST_MS / 1000))} req/s at ${CONCURRENCY} concurrent`);
  } finally {
    await tc.cleanup();
    await pgDb?.drop();
  }
}

await bench('sqlite');
await bench('postgres');
