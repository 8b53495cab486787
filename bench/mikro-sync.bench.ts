/**
 * PULL sync figures (issue 16), against the loopback TDS test server holding BENCH_SYNC_ROWS
 * (default 100 000) CARI_HESAPLAR rows (test/fakes/tds/mikro-setup.ts):
 *  - baseline: tedious alone reading the same rows with ONE SELECT (fullTableStatement, the same
 *    columns and order), rows counted and dropped;
 *  - a full sync of those rows into the app database (runPullSync: pages of `page_rows` through
 *    MikroClient with the guard and the session prelude, each page upserted with its watermark in
 *    one transaction), on SQLite and PostgreSQL; the ratio sync / baseline (goal ≤ 1,5×);
 *  - an incremental sync after 1 % of the rows changed;
 *  - CPU of this process beside wall time (steadier on a busy machine; PostgreSQL's work is not in it);
 *  - memory: RSS sampled every 20 ms during each run (peak − before) and the process's maxRSS
 *    (resourceUsage; the fake lives in this process too, so its rows count in both figures).
 * `npm run bench -- mikro-sync`. BENCH_SYNC_ENGINES=sqlite|postgres|sqlite,postgres (default both),
 * BENCH_SYNC_PAGE_ROWS (default 5 000), BENCH_SYNC_RUNS (rounds of baseline + full syncs, default 3: best, median and
 * the median of each round's own ratio are reported).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openAppDatabase, type AppDatabase } from '../main/core/db/app-database.js';
import { MIGRATIONS, MigrationRunner } from '../main/core/migrations/index.js';
import { MikroClient } from '../main/core/mikro/mikro-connection.js';
import { runPullSync } from '../main/core/mikro/sync/sync-run.js';
import { SYNC_TABLE_SPECS } from '../main/core/mikro/sync/sync-tables.js';
import { fullTableStatement } from '../main/core/mikro/sync-statements.js';
import { FIXTURE_BASE_TIME, touchRows } from '../test/fakes/tds/mikro-fixtures.js';
import { mikroInstallation } from '../test/fakes/tds/mikro-setup.js';
import { startTdsFake, type TdsFake } from '../test/fakes/tds/server.js';
import { createThrowawayDb } from '../test/helpers/pg.js';
import { report, round } from './lib.js';

const ROWS = Number(process.env.BENCH_SYNC_ROWS ?? 100_000);
const PAGE_ROWS = Number(process.env.BENCH_SYNC_PAGE_ROWS ?? 5_000);
const RUNS = Math.max(1, Number(process.env.BENCH_SYNC_RUNS ?? 3));
const ENGINES = (process.env.BENCH_SYNC_ENGINES ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as Array<'sqlite' | 'postgres'>;
const DB = 'MikroDB_V16_BENCH';
const MiB = 1024 * 1024;

/** Peak RSS growth while `fn` runs (sampled), and its time. */
async function measured<T>(fn: () => Promise<T>): Promise<{ ms: number; cpu_ms: number; rss_peak_mb: number; value: T }> {
  const before = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    const cpu = process.cpuUsage(cpu0);
    return { ms: performance.now() - t0, cpu_ms: (cpu.user + cpu.system) / 1000, rss_peak_mb: round((peak - before) / MiB, 1), value };
  } finally {
    clearInterval(timer);
  }
}

/** tedious alone: one connection, one SELECT of every row, rows counted. */
async function tediousOneSelect(fake: TdsFake): Promise<number> {
  const { Connection, Request } = (await import('tedious')) as typeof import('tedious');
  return new Promise<number>((resolve, reject) => {
    const c = new Connection({
      server: fake.host,
      authentication: { type: 'default', options: { userName: 'optiplan_ro', password: 'bench-pw' } },
      options: { port: fake.port, database: DB, encrypt: false, readOnlyIntent: true, rowCollectionOnRequestCompletion: false, requestTimeout: 600_000 },
    });
    c.on('connect', (err) => {
      if (err) return reject(err);
      let rows = 0;
      const r = new Request(fullTableStatement(SYNC_TABLE_SPECS.accounts.shape), (e) => {
        c.close();
        if (e) reject(e);
        else resolve(rows);
      });
      r.on('row', () => rows++);
      c.execSql(r);
    });
    c.connect();
  });
}

async function appDb(engine: 'sqlite' | 'postgres'): Promise<{ db: AppDatabase; drop: () => Promise<void> }> {
  if (engine === 'postgres') {
    const pg = await createThrowawayDb('optiplan_syncbench');
    const db = openAppDatabase({ engine: 'postgres', connectionString: pg.url, target: pg.name, database: pg.name });
    await new MigrationRunner(db, MIGRATIONS).up();
    return { db, drop: async () => (await db.close(), await pg.drop()) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optiplan-syncbench-'));
  const file = path.join(dir, 'app.sqlite');
  const db = openAppDatabase({ engine: 'sqlite', file, target: file });
  await new MigrationRunner(db, MIGRATIONS).up();
  return { db, drop: async () => (await db.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}

const mikro = mikroInstallation({ companies: [{ kod: 'BENCH', isim: 'Bench Mobilya A.Ş.', accounts: ROWS, stock: 0 }] });
const fake = await startTdsFake({ mikro });
const client = new MikroClient({ host: fake.host, port: fake.port, instance: null, database: DB, username: 'optiplan_ro', encrypt: false, trust_server_certificate: false, timeout_seconds: 30 }, async () => 'bench-pw');

// Warm both paths once (module loading, the fake's sorted order cache). Then RUNS rounds, each a
// baseline SELECT followed by a full sync per engine: a machine that slows down or speeds up
// between phases would bias a ratio of figures taken minutes apart, so each round's sync is also
// compared with its own round's baseline (the paired ratios' median is reported beside best/best).
await tediousOneSelect(fake);
const accounts = mikro.table(DB, 'CARI_HESAPLAR');
// Each incremental run stamps its 1 % with a later time than anything synced before (as the ERP does).
let touchDay = 30;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = { ms: [] as number[], cpu: [] as number[], rss: [] as number[] };
const fulls = new Map(ENGINES.map((e) => [e, { ms: [] as number[], cpu: [] as number[], rss: [] as number[], paired: [] as number[], pages: 0 }]));
const incrementals = new Map<string, { ms: number; rss_peak_mb: number; read: number; changed: number }>();
for (let i = 0; i < RUNS; i++) {
  const b = await measured(() => tediousOneSelect(fake));
  if (b.value !== ROWS) throw new Error(`tedious read ${b.value} rows, expected ${ROWS}`);
  base.ms.push(b.ms);
  base.cpu.push(b.cpu_ms);
  base.rss.push(b.rss_peak_mb);
  for (const engine of ENGINES) {
    const f = fulls.get(engine)!;
    const { db, drop } = await appDb(engine);
    try {
      const deps = { db, client, audit: null, actor: 'bench', companyDb: DB, pageRows: PAGE_ROWS };
      const m = await measured(() => runPullSync(deps, { full: true, tables: ['accounts'] }));
      const t = m.value.tables[0]!;
      if (m.value.status !== 'DONE' || t.rows_read !== ROWS || t.rows_changed !== ROWS) throw new Error(`full sync: ${JSON.stringify(m.value.tables)}`);
      f.ms.push(m.ms);
      f.cpu.push(m.cpu_ms);
      f.rss.push(m.rss_peak_mb);
      f.paired.push(m.ms / b.ms);
      f.pages = t.pages;
      if (i === RUNS - 1) {
        const touched = touchRows(accounts, { every: 100, at: new Date(FIXTURE_BASE_TIME + touchDay++ * 86_400_000), patch: { cari_unvan2: `Bench değişiklik ${engine} ${i}` } });
        const inc = await measured(() => runPullSync(deps, { full: false, tables: ['accounts'] }));
        const ti = inc.value.tables[0]!;
        if (ti.rows_read !== touched.length || ti.rows_changed !== touched.length) throw new Error(`incremental: ${JSON.stringify(ti)} for ${touched.length} touched`);
        incrementals.set(engine, { ms: inc.ms, rss_peak_mb: inc.rss_peak_mb, read: ti.rows_read, changed: ti.rows_changed });
      }
    } finally {
      await drop();
    }
  }
}
const baseline = Math.min(...base.ms);
const baselineCpu = Math.min(...base.cpu);
report('mikro-sync tedious one SELECT', { rows: ROWS, runs: RUNS, ms: round(baseline, 1), median_ms: round(median(base.ms), 1), cpu_ms: round(baselineCpu, 1), rows_per_s: Math.round(ROWS / (baseline / 1000)), rss_peak_mb: Math.max(...base.rss) });
for (const engine of ENGINES) {
  const f = fulls.get(engine)!;
  const best = Math.min(...f.ms);
  const inc = incrementals.get(engine)!;
  report(`mikro-sync full ${engine}`, {
    rows: ROWS,
    page_rows: PAGE_ROWS,
    pages: f.pages,
    runs: RUNS,
    ms: round(best, 1),
    median_ms: round(median(f.ms), 1),
    rows_per_s: Math.round(ROWS / (best / 1000)),
    ratio_vs_one_select: round(best / baseline, 2),
    // Each round's sync over the same round's SELECT, median over the rounds.
    ratio_paired_median: round(median(f.paired), 2),
    // This process's CPU (the fake's share included in both; the write worker's too): steadier than wall time on a busy machine; PostgreSQL's own work is not in it.
    cpu_ms: round(Math.min(...f.cpu), 1),
    cpu_ratio_vs_one_select: round(Math.min(...f.cpu) / baselineCpu, 2),
    goal_ratio: 1.5,
    rss_peak_mb: Math.max(...f.rss),
  });
  report(`mikro-sync incremental 1% ${engine}`, { rows: ROWS, read: inc.read, changed: inc.changed, ms: round(inc.ms, 1), rss_peak_mb: inc.rss_peak_mb });
}
report('mikro-sync process', { max_rss_mb: round((process.resourceUsage().maxRSS * 1024) / MiB, 1), load_avg: os.loadavg().map((x) => round(x, 2)), cpus: os.cpus().length });

await client.close();
await fake.close();
