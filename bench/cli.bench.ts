/**
 * Whole-process time of `optiplan360 health --json` (what Task Scheduler / CI pay per call),
 * and `migrate up` on a fresh database per engine, each over several runs.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { BIN, REPO } from '../test/helpers/cli.js';
import { createThrowawayDb } from '../test/helpers/pg.js';
import { tempDir, writeConfig } from '../test/helpers/temp.js';
import { report, summarize } from './lib.js';

const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 10);

function time(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const t = tempDir();
writeConfig(t.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
time(['migrate', 'up', '--data-dir', t.dir]);
time(['health', '--json', '--data-dir', t.dir]); // warm the OS file cache
const health = Array.from({ length: RUNS }, () => time(['health', '--json', '--data-dir', t.dir]));
t.remove();

const sqliteUp: number[] = [];
const pgUp: number[] = [];
for (let i = 0; i < Math.min(RUNS, 5); i++) {
  const s = tempDir();
  writeConfig(s.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
  sqliteUp.push(time(['migrate', 'up', '--data-dir', s.dir]));
  s.remove();
  const d = await createThrowawayDb('optiplan_bench');
  const p = tempDir();
  writeConfig(p.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
  pgUp.push(time(['migrate', 'up', '--data-dir', p.dir], { DATABASE_URL: d.url }));
  p.remove();
  await d.drop();
}
const h = summarize(health);
const su = summarize(sqliteUp);
const pu = summarize(pgUp);
report('cli', { health_json_process_ms: h, migrate_up_fresh_sqlite_process_ms: su, migrate_up_fresh_postgres_process_ms: pu });
console.log(`optiplan360 health --json: p50 ${h.p50} ms (n=${h.n}); migrate up fresh SQLite p50 ${su.p50} ms, PostgreSQL p50 ${pu.p50} ms (whole process)`);
