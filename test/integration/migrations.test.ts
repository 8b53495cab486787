import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase, type AppDatabase } from '../../main/core/db/app-database.js';
import { parseDatabaseUrl } from '../../main/core/db/database-url.js';
import { MIGRATIONS } from '../../main/core/migrations/index.js';
import type { Migration } from '../../main/core/migrations/migration.js';
import { MigrationRunner } from '../../main/core/migrations/runner.js';
import { isAppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import { createThrowawayDb, type ThrowawayDb } from '../helpers/pg.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const FEATURE_TABLES = ['audit_log', 'integration_errors', 'outbox', 'inbox', 'sync_jobs', 'backup_runs', 'diagnostics_runs'];

interface Fixture {
  open(): AppDatabase;
  cleanup(): Promise<void>;
}

async function sqliteFixture(): Promise<Fixture> {
  const tmp = tempDir();
  const spec = parseDatabaseUrl(`sqlite:${path.join(tmp.dir, 'app.sqlite')}`, tmp.dir);
  return { open: () => openAppDatabase(spec), cleanup: async () => tmp.remove() };
}

async function pgFixture(): Promise<Fixture> {
  const db: ThrowawayDb = await createThrowawayDb();
  const spec = parseDatabaseUrl(db.url, '/');
  return { open: () => openAppDatabase(spec), cleanup: () => db.drop() };
}

async function tableNames(db: AppDatabase): Promise<string[]> {
  const tables = await db.kysely.introspection.getTables();
  return tables.map((t) => t.name).sort();
}

const opened: AppDatabase[] = [];
let fixture: Fixture | undefined;
afterEach(async () => {
  await Promise.all(opened.splice(0).map((d) => d.close()));
  await fixture?.cleanup();
  fixture = undefined;
});

function track(db: AppDatabase): AppDatabase {
  opened.push(db);
  return db;
}

describe.each([
  ['sqlite', sqliteFixture],
  ['postgres', pgFixture],
])('migrations on %s', (engine, makeFixture) => {
  it('applies every migration to a fresh database, records history, and a second run is a no-op', async () => {
    fixture = await makeFixture();
    const db = track(fixture.open());
    const runner = new MigrationRunner(db, MIGRATIONS);

    const before = await runner.status();
    expect(before.current).toBeNull();
    expect(before.pending.map((p) => p.version)).toEqual(MIGRATIONS.map((m) => m.version));

    const first = await runner.up();
    expect(first.applied.map((a) => a.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(first.status.at_head).toBe(true);
    expect(first.status.engine).toBe(engine);
    for (const a of first.status.applied) {
      expect(Number.isNaN(Date.parse(a.applied_at))).toBe(false);
      expect(a.duration_ms).toBeGreaterThanOrEqual(0);
    }
    expect(await tableNames(db)).toEqual(expect.arrayContaining(FEATURE_TABLES));

    const second = await runner.up();
    expect(second.applied).toEqual([]);
    expect(second.status.applied).toHaveLength(MIGRATIONS.length);
  });

  it('a failing migration leaves no partial schema and names the failing step', async () => {
    fixture = await makeFixture();
    const db = track(fixture.open());
    const good: Migration = {
      version: '0001',
      name: 'creates_a',
      up: async (k) => {
        await k.schema.createTable('mig_a').addColumn('id', 'integer').execute();
      },
    };
    const bad: Migration = {
      version: '0002',
      name: 'breaks_halfway',
      up: async (k) => {
        await k.schema.createTable('mig_b').addColumn('id', 'integer').execute();
        await sql`insert into no_such_table values (1)`.execute(k);
      },
    };
    const runner = new MigrationRunner(db, [good, bad]);
    const err = await runner.up().catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'E_MIGRATION_FAILED',
      text: { key: 'migrations.errors.step_failed', params: { version: '0002', name: 'breaks_halfway' } },
      details: [{ path: 'migrations.0002', message: expect.stringMatching(/no_such_table/) }],
      technicalDetail: expect.stringMatching(/^migration 0002 \(breaks_halfway\) failed: .*no_such_table/),
    });
    if (!isAppError(err)) throw err;
    // The step is named in both languages; the driver's words stay out of the sentence.
    expect(translator('tr').t(err.text)).toBe('Migration 0002 (breaks_halfway) başarısız oldu; hiçbir değişiklik uygulanmadı, tüm çalışma geri alındı.');
    expect(translator('en').t(err.text)).toBe('Migration 0002 (breaks_halfway) failed; nothing was changed, the whole run was rolled back.');
    expect(translator('tr').t(err.nextStep)).toContain('optiplan360 migrate up');
    const names = await tableNames(db);
    expect(names).not.toContain('mig_a');
    expect(names).not.toContain('mig_b');
    const status = await runner.status();
    expect(status.applied).toEqual([]);
    expect(status.pending).toHaveLength(2);
  });

  it('refuses a database that has versions this build does not know', async () => {
    fixture = await makeFixture();
    const db = track(fixture.open());
    await new MigrationRunner(db, MIGRATIONS).up();
    const older = new MigrationRunner(db, MIGRATIONS.slice(0, 1));
    const err = await older.up().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_MIGRATION_FAILED', text: { key: 'migrations.errors.unknown_versions' } });
    if (!isAppError(err)) throw err;
    expect(translator('tr').t(err.text)).toContain(MIGRATIONS[1]!.version);
    expect(translator('en').t(err.text)).toMatch(/upgraded by a newer OptiPlan360\.$/);
  });
});

describe('migrate CLI output', () => {
  it('status and up print catalogue text (tr by default, --lang en), durations and local times formatted', async () => {
    const tmp = tempDir();
    fixture = { open: () => { throw new Error("unused"); }, cleanup: async () => tmp.remove() };
    const d = tmp.dir;
    const before = await runCli(['migrate', 'status', '--data-dir', d]);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(new RegExp(`^SQLite: şema boş, hedef ${MIGRATIONS.at(-1)!.version} \\(${MIGRATIONS.length} bekleyen\\)\\n`));
    expect(before.stdout).toMatch(/… 0001 operational_tables {2}bekliyor/);
    const up = await runCli(['migrate', 'up', '--data-dir', d]);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^ {2}uygulandı: 0001 operational_tables \(\d+(,\d+)? m?sn?\)$/m);
    expect(up.stdout).toMatch(/\(güncel\)/);
    const en = await runCli(['migrate', 'status', '--lang', 'en', '--data-dir', d]);
    expect(en.stdout).toMatch(/^SQLite: schema \d{4}, head \d{4} \(at head\)\n/);
    expect(en.stdout).toMatch(/✓ 0001 operational_tables {2}\d\d\/\d\d\/\d{4}, \d\d:\d\d \S+ {2}\d+(\.\d+)? m?s/);
  });
});

describe('concurrent runs on postgres', () => {
  it('two runners at once: each migration is applied exactly once', async () => {
    fixture = await pgFixture();
    const a = new MigrationRunner(track(fixture.open()), MIGRATIONS);
    const b = new MigrationRunner(track(fixture.open()), MIGRATIONS);
    const results = await Promise.allSettled([a.up(), b.up()]);
    const applied = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.applied.map((x) => x.version) : []));
    expect(applied.sort()).toEqual(MIGRATIONS.map((m) => m.version));
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'E_MIGRATION_LOCKED' });
    }
    const status = await a.status();
    expect(status.applied).toHaveLength(MIGRATIONS.length);
  });

  it('a runner that cannot get the lock in time reports E_MIGRATION_LOCKED', async () => {
    fixture = await pgFixture();
    const holder = track(fixture.open());
    const waiting = new MigrationRunner(track(fixture.open()), MIGRATIONS, { lockTimeoutMs: 300 });
    await holder.kysely.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(360360001)`.execute(trx);
      await expect(waiting.up()).rejects.toMatchObject({ code: 'E_MIGRATION_LOCKED', text: { key: 'migrations.errors.locked' }, technicalDetail: expect.stringContaining('55P03') });
    });
    const after = await waiting.up();
    expect(after.status.at_head).toBe(true);
  });
});
