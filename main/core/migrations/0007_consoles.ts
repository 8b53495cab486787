import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../shared/health.js';
import { createTableWithId, type Migration } from './migration.js';

/**
 * The fleet (issue 18): one row per console that uses this database (its name is the key), and
 * a short history of what each console recorded (start, health, diagnostics), capped per console
 * by the writer (main/core/fleet/fleet-service.ts), so the tables stay small however long the
 * consoles run.
 */
export const consoles: Migration = {
  version: '0007',
  name: 'consoles',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>, engine: DatabaseEngine) {
    await db.schema
      .createTable('consoles')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('first_seen', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('health_status', 'text')
      .addColumn('health_at', 'text')
      .addColumn('diagnostics_status', 'text')
      .addColumn('diagnostics_at', 'text')
      .addColumn('failing_checks', 'text')
      .execute();
    await createTableWithId(db, 'console_history', engine)
      .addColumn('console', 'text', (c) => c.notNull())
      .addColumn('ts', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('console_history_console_id').on('console_history').columns(['console', 'id']).execute();
  },
};
