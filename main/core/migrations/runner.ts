/**
 * Applies migrations (R-MIG-1…5). Why not kysely's Migrator: on SQLite it runs without a
 * transaction (a failed step leaves half a schema) and without any lock between processes
 * (the app, the CLI and `serve` share one file). Here one run is one transaction on both
 * engines, serialised by a lock that other processes see:
 *  - PostgreSQL: `pg_advisory_xact_lock` under a `lock_timeout`;
 *  - SQLite: the run's first statement writes the lock row, which takes the database's write
 *    lock until commit; other writers wait up to the busy timeout.
 * State is read after the lock is held, so a runner that waited finds nothing left to do.
 * A failure names its step (version and name) in the person's language; the driver's words go
 * to technical_detail. The result's status is computed from what the run committed, not read
 * again afterwards: a read failing after the commit must not report an applied run as failed.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely, type Transaction } from 'kysely';
import { AppError, isAppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import type { AppliedMigration, MigrationRunResult, MigrationStatus } from '../../../shared/migrations.js';
import { asUnavailable, type AppDatabase } from '../db/app-database.js';
import type { AppSchema } from '../db/schema.js';
import type { Migration } from './migration.js';

/** Arbitrary but fixed: every OptiPlan360 process uses the same advisory lock key. */
const PG_LOCK_KEY = 360_360_001;

export interface RunnerOptions {
  /** How long a run waits for another run's lock before E_MIGRATION_LOCKED. */
  lockTimeoutMs?: number;
}

export class MigrationRunner {
  private readonly lockTimeoutMs: number;

  constructor(
    private readonly db: AppDatabase,
    private readonly migrations: readonly Migration[],
    opts: RunnerOptions = {},
  ) {
    this.lockTimeoutMs = opts.lockTimeoutMs ?? 30_000;
    const versions = migrations.map((m) => m.version);
    if (new Set(versions).size !== versions.length || versions.some((v, i) => i > 0 && v <= versions[i - 1]!)) {
      throw new Error('migrations must have unique, increasing versions');
    }
  }

  get head(): string {
    return this.migrations.at(-1)?.version ?? '0000';
  }

  async status(): Promise<MigrationStatus> {
    try {
      return this.describe(await this.readApplied(this.db.kysely));
    } catch (err) {
      throw asUnavailable(err, this.engineLabel());
    }
  }

  async up(): Promise<MigrationRunResult> {
    const started = performance.now();
    const k = this.db.kysely;
    if (this.db.engine === 'sqlite') {
      // Outside the run's transaction: SQLite serialises these DDL statements by itself.
      try {
        await this.ensureBookkeeping(k);
      } catch (err) {
        throw this.explain(err, undefined);
      }
    }
    const applied: AppliedMigration[] = [];
    let before: AppliedMigration[] = [];
    let step: Migration | undefined;
    try {
      await k.transaction().execute(async (trx) => {
        await this.lock(trx);
        // PostgreSQL: under the advisory lock, so two first runs cannot race to create these.
        if (this.db.engine === 'postgres') await this.ensureBookkeeping(trx);
        const done = await this.readApplied(trx);
        before = done;
        this.checkKnown(done);
        const doneSet = new Set(done.map((d) => d.version));
        for (const migration of this.migrations) {
          if (doneSet.has(migration.version)) continue;
          step = migration;
          const t0 = performance.now();
          await migration.up(trx, this.db.engine);
          const row: AppliedMigration = {
            version: migration.version,
            name: migration.name,
            applied_at: new Date().toISOString(),
            duration_ms: Math.round((performance.now() - t0) * 1000) / 1000,
          };
          await trx.insertInto('schema_migrations').values(row).execute();
          applied.push(row);
        }
        step = undefined;
        if (this.db.engine === 'sqlite') {
          await trx.updateTable('schema_migration_lock').set({ locked_at: null, locked_by: null }).where('id', '=', 1).execute();
        }
      });
    } catch (err) {
      throw this.explain(err, step);
    }
    return { applied, status: this.describe([...before, ...applied]), duration_ms: performance.now() - started };
  }

  private describe(applied: AppliedMigration[]): MigrationStatus {
    const doneSet = new Set(applied.map((a) => a.version));
    const pending = this.migrations.filter((m) => !doneSet.has(m.version)).map((m) => ({ version: m.version, name: m.name }));
    const current = applied.at(-1)?.version ?? null;
    return { engine: this.db.engine, current, head: this.head, at_head: pending.length === 0, applied, pending };
  }

  private async readApplied(k: Kysely<AppSchema>): Promise<AppliedMigration[]> {
    try {
      const rows = await k.selectFrom('schema_migrations').selectAll().orderBy('version').execute();
      return rows.map((r) => ({ ...r, duration_ms: Number(r.duration_ms) }));
    } catch (err) {
      if (isMissingTable(err)) return [];
      throw err;
    }
  }

  /** The database has versions this build does not know: refuse rather than guess. */
  private checkKnown(applied: AppliedMigration[]): void {
    const known = new Set(this.migrations.map((m) => m.version));
    const unknown = applied.filter((a) => !known.has(a.version));
    if (unknown.length > 0) {
      const versions = unknown.map((u) => u.version);
      throw new AppError('E_MIGRATION_FAILED', msg('migrations.errors.unknown_versions', { versions }), [], {
        technical_detail: `the database has migrations this version does not know (${versions.join(', ')}); it was upgraded by a newer OptiPlan360`,
        next_step: msg('migrations.errors.unknown_versions_next'),
      });
    }
  }

  private async ensureBookkeeping(k: Kysely<AppSchema>): Promise<void> {
    await k.schema
      .createTable('schema_migrations')
      .ifNotExists()
      .addColumn('version', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'real', (c) => c.notNull())
      .execute();
    await k.schema
      .createTable('schema_migration_lock')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('locked_at', 'text')
      .addColumn('locked_by', 'text')
      .execute();
    if (this.db.engine === 'postgres') return; // the advisory lock needs no row
    await k
      .insertInto('schema_migration_lock')
      .values({ id: 1, locked_at: null, locked_by: null })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }

  private async lock(trx: Transaction<AppSchema>): Promise<void> {
    if (this.db.engine === 'postgres') {
      await sql`select set_config('lock_timeout', ${String(this.lockTimeoutMs)}, true)`.execute(trx);
      await sql`select pg_advisory_xact_lock(${sql.lit(PG_LOCK_KEY)})`.execute(trx);
    } else {
      await trx
        .updateTable('schema_migration_lock')
        .set({ locked_at: new Date().toISOString(), locked_by: `${os.hostname()}:${process.pid}` })
        .where('id', '=', 1)
        .execute();
    }
  }

  private explain(err: unknown, step: Migration | undefined): AppError {
    const e = err as { code?: string; message?: string };
    if (e.code === '55P03' || e.code === 'SQLITE_BUSY' || /database is locked/i.test(e.message ?? '')) {
      return new AppError('E_MIGRATION_LOCKED', msg('migrations.errors.locked'), [], {
        cause: err,
        technical_detail: `another migration run is in progress (from the app, the CLI or serve): ${e.code ?? ''} ${e.message ?? ''}`.trim(),
      });
    }
    if (isAppError(err)) return err;
    if (step) {
      const raw = e.message ?? String(err);
      // The step is named in the sentence; the driver's words (technical, not the person's
      // language) stay in technical_detail and the detail entry.
      return new AppError('E_MIGRATION_FAILED', msg('migrations.errors.step_failed', { version: step.version, name: step.name }), [{ path: `migrations.${step.version}`, message: raw }], {
        cause: err,
        technical_detail: `migration ${step.version} (${step.name}) failed: ${e.code ? `${e.code}: ` : ''}${raw}. Nothing was changed: the whole run was rolled back.`,
        next_step: msg('migrations.errors.step_failed_next'),
      });
    }
    return asUnavailable(err, this.engineLabel());
  }

  private engineLabel(): string {
    return this.db.engine === 'postgres' ? 'PostgreSQL' : 'SQLite';
  }
}

function isMissingTable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === '42P01' || /no such table/i.test(e.message ?? '');
}
