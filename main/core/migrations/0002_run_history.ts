import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../shared/health.js';
import { createTableWithId, type Migration } from './migration.js';

/** History of backup and diagnostics runs (R-MIG-6, R-BAK-2, R-DIAG-7). */
export const runHistory: Migration = {
  version: '0002',
  name: 'run_history',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>, engine: DatabaseEngine) {
    await createTableWithId(db, 'backup_runs', engine)
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('file_path', 'text')
      .addColumn('size_bytes', 'bigint')
      .addColumn('sha256', 'text')
      .addColumn('manifest', 'text')
      .addColumn('error', 'text')
      .addColumn('verified_at', 'text')
      .addColumn('verify_status', 'text')
      .addColumn('verify_detail', 'text')
      .execute();
    await db.schema.createIndex('backup_runs_started').on('backup_runs').column('started_at').execute();

    await createTableWithId(db, 'diagnostics_runs', engine)
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('diagnostics_runs_started').on('diagnostics_runs').column('started_at').execute();
  },
};
