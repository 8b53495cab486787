// Growth against the retention (`retention` in system_config.json): a 1 000-run diagnostics loop
// stays at its cap, a simulated year of a 5-minute schedule is thinned to a few thousand rows
// with the defaults, and resolved integration errors and finished job records age out.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { openAppDatabase, type AppDatabase } from '../../main/core/db/app-database.js';
import { parseDatabaseUrl } from '../../main/core/db/database-url.js';
import { MIGRATIONS, MigrationRunner } from '../../main/core/migrations/index.js';
import { applyRetention, defaultRetention, RetentionSchema } from '../../main/core/retention/retention.js';
import { sql } from 'kysely';
import { CLI_ENV, faultDataDir } from './faults-helpers.js';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function usedBytes(db: AppDatabase): Promise<number> {
  const r = await sql<{ n: number }>`select (page_count - freelist_count) * page_size as n from pragma_page_count(), pragma_freelist_count(), pragma_page_size()`.execute(db.kysely);
  return Number(r.rows[0]!.n);
}

async function sqliteDb(): Promise<AppDatabase> {
  const dir = faultDataDir(cleanups);
  const db = openAppDatabase(parseDatabaseUrl(`sqlite:${path.join(dir, 'r.sqlite')}`, dir));
  cleanups.push(() => db.close());
  await new MigrationRunner(db, MIGRATIONS).up();
  return db;
}

describe('retention', { timeout: 600_000 }, () => {
  it('a 1 000-run diagnostics loop (real runs, pruned after each as the CLI does) stays at diagnostics_max_runs; the file stops growing', async () => {
    const dir = faultDataDir(cleanups, { retention: { diagnostics_max_runs: 50 }, database: { auto_migrate_on_startup: false } });
    const core = await Core.open({ dataDir: dir, env: { ...process.env, ...CLI_ENV } });
    cleanups.push(() => core.close());
    await core.migrateUp('test');
    expect(core.system?.retention.diagnostics_max_runs).toBe(50);
    const ctx = core.context('cli');
    let usedAt200 = 0;
    for (let i = 1; i <= 1_000; i++) {
      await core.invoke('diagnostics.run', { only: ['database_engine', 'log_folder'] }, ctx);
      await applyRetention(core.db, core.system!.retention);
      if (i === 200) usedAt200 = await usedBytes(core.db);
      if (i % 100 === 0) {
        const n = Number((await core.db.kysely.selectFrom('diagnostics_runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
        expect(n).toBeLessThanOrEqual(50);
      }
    }
    const kept = await core.db.kysely.selectFrom('diagnostics_runs').select('id').orderBy('id', 'desc').execute();
    expect(kept.length).toBe(50);
    expect(Number(kept[0]!.id)).toBeGreaterThanOrEqual(1_000); // the newest are the ones kept
    // Freed pages are reused: pages in use after 1 000 runs are those after 200 (plus the audit rows the runs add).
    const used = await usedBytes(core.db);
    expect(used).toBeLessThan(usedAt200 * 3);
  });

  it('defaults: a simulated year of a 5-minute schedule (105 120 runs) is thinned to a week of every run plus one a day', async () => {
    const db = await sqliteDb();
    // A small stand-in report: the row count is what retention decides; the size is projected below.
    const report = JSON.stringify({ status: 'PASS', checks: [{ name: 'c', status: 'PASS', detail: { key: 'x', params: { pad: 'ş'.repeat(50) } } }] });
    const end = Date.parse('2027-01-01T00:00:00.000Z');
    const runs = 105_120;
    await sql`with recursive s(i) as (select 0 union all select i + 1 from s where i < ${runs - 1})
              insert into diagnostics_runs (started_at, duration_ms, status, actor, report)
              select strftime('%Y-%m-%dT%H:%M:%fZ', ${new Date(end).toISOString()}, '-' || ((${runs - 1} - i) * 300) || ' seconds'), 100, 'PASS', 'schedule', ${report} from s`.execute(db.kysely);
    const before = await usedBytes(db);
    const r = await applyRetention(db, defaultRetention(), new Date(end + 60_000));
    const left = await db.kysely.selectFrom('diagnostics_runs').select(['id', 'started_at']).orderBy('id').execute();
    expect(r.diagnostics_runs).toBe(runs - left.length);
    const d = defaultRetention();
    expect(left.length).toBeLessThanOrEqual(d.diagnostics_full_days * 288 + d.diagnostics_daily_days + 2);
    expect(left.length).toBeGreaterThan(d.diagnostics_full_days * 288);
    expect(left.at(-1)!.started_at).toBe(new Date(end).toISOString()); // the newest is kept
    // Outside the last week, one run per day.
    const weekAgo = new Date(end + 60_000 - 7 * 86_400_000).toISOString();
    const older = left.filter((x) => x.started_at < weekAgo).map((x) => x.started_at.slice(0, 10));
    expect(new Set(older).size).toBe(older.length);
    // With the size of a real report (about 11.5 KB measured), what is kept stays far under a few hundred MB.
    const REAL_REPORT_BYTES = 11_500;
    expect(left.length * REAL_REPORT_BYTES).toBeLessThan(100 * 1024 * 1024);
    expect(await usedBytes(db)).toBeLessThan(before / 5);
    // Applying it again deletes nothing more.
    expect((await applyRetention(db, defaultRetention(), new Date(end + 60_000))).diagnostics_runs).toBe(0);
  });

  it('resolved integration errors and finished job records age out; unresolved errors and running jobs stay', async () => {
    const db = await sqliteDb();
    const now = new Date('2026-12-01T00:00:00.000Z');
    const day = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
    const err = (ts: string, resolved: string | null) => ({ ts, integration: 'mikro', operation: 'pull', code: 'E', message: 'm', payload: null, resolved_at: resolved, resolved_by: resolved ? 'op' : null });
    await db.kysely.insertInto('integration_errors').values([err(day(200), day(120)), err(day(200), day(10)), err(day(400), null)]).execute();
    const job = (started: string, finished: string | null) => ({ integration: 'mikro', kind: 'pull', started_at: started, finished_at: finished, status: finished ? 'done' : 'running', records: 1, error: null });
    await db.kysely.insertInto('sync_jobs').values([job(day(100), day(99)), job(day(5), day(5)), job(day(300), null)]).execute();
    const r = await applyRetention(db, RetentionSchema.parse({}), now);
    expect(r).toMatchObject({ integration_errors: 1, sync_jobs: 1 });
    expect((await db.kysely.selectFrom('integration_errors').select('resolved_at').orderBy('id').execute()).map((x) => x.resolved_at)).toEqual([day(10), null]);
    expect((await db.kysely.selectFrom('sync_jobs').select('status').execute()).map((x) => x.status).sort()).toEqual(['done', 'running']);
  });

  it('system_config.json retention: defaults when absent, invalid values refused by the schema', () => {
    expect(defaultRetention()).toMatchObject({ diagnostics_full_days: 7, diagnostics_daily_days: 365, diagnostics_max_runs: 5_000, resolved_errors_days: 90, job_records_days: 90 });
    expect(RetentionSchema.safeParse({ diagnostics_max_runs: 1 }).success).toBe(false);
  });
});
