/**
 * Faults and growth (issue 14): the streamed audit export of --rows rows (default 1 000 001) and
 * its peak memory, and one retention pass over a simulated year of a 5-minute diagnostics
 * schedule (105 120 runs) with the defaults: rows kept and the time the pass takes.
 *
 *   npx tsx bench/faults.bench.ts [--rows 1000001]
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { streamAuditCsv } from '../main/core/audit/audit-query.js';
import { openAppDatabase } from '../main/core/db/app-database.js';
import { MIGRATIONS, MigrationRunner } from '../main/core/migrations/index.js';
import { applyRetention, defaultRetention } from '../main/core/retention/retention.js';
import { tempDir } from '../test/helpers/temp.js';
import { report, round } from './lib.js';

const i = process.argv.indexOf('--rows');
const ROWS = Math.min(5_000_000, Math.max(1, i >= 0 ? Number(process.argv[i + 1]) || 1_000_001 : 1_000_001));

const t = tempDir('optiplan-bench-faults-');
const file = path.join(t.dir, 'f.sqlite');
const db = openAppDatabase({ engine: 'sqlite', file, target: `sqlite:${file}` });
try {
  await new MigrationRunner(db, MIGRATIONS).up();
  const raw = new Database(file);
  raw.exec(`with recursive s(i) as (select 1 union all select i + 1 from s where i < ${ROWS})
            insert into audit_log (ts, actor, action, target, result, detail, old_value, new_value, prev_hash, hash)
            select strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' seconds'), 'op@pc via cli', 'BULK', 'row ' || i, 'info', 'şğüıöç', null, null, '', '' from s`);
  raw.close();

  let bytes = 0;
  let peak = process.memoryUsage().rss;
  const t0 = performance.now();
  const r = await streamAuditCsv(db, {}, (chunk) => {
    bytes += Buffer.byteLength(chunk);
    peak = Math.max(peak, process.memoryUsage().rss);
  });
  const ms = performance.now() - t0;
  report('audit_export_stream', { rows: r.rows, mb: round(bytes / 1048576, 1), ms: round(ms, 0), rows_per_s: Math.round(r.rows / (ms / 1000)), peak_rss_mb: round(peak / 1048576, 0) });

  const end = Date.parse('2027-01-01T00:00:00.000Z');
  const runs = 105_120;
  await sql`with recursive s(i) as (select 0 union all select i + 1 from s where i < ${runs - 1})
            insert into diagnostics_runs (started_at, duration_ms, status, actor, report)
            select strftime('%Y-%m-%dT%H:%M:%fZ', ${new Date(end).toISOString()}, '-' || ((${runs - 1} - i) * 300) || ' seconds'), 100, 'PASS', 'schedule', '{}' from s`.execute(db.kysely);
  const t1 = performance.now();
  const pruned = await applyRetention(db, defaultRetention(), new Date(end + 60_000));
  const kept = runs - pruned.diagnostics_runs;
  report('retention_year_of_5min', { runs, kept, ms: round(performance.now() - t1, 0), kept_mb_at_11_5kb: round((kept * 11_500) / 1048576, 1), unpruned_mb_at_11_5kb: round((runs * 11_500) / 1048576, 0) });
} finally {
  await db.close();
  t.remove();
}
