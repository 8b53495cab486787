import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../shared/health.js';

/**
 * One schema step. `up` runs inside the run's transaction on both engines (both have
 * transactional DDL), so a failure anywhere leaves the schema exactly as it was.
 * Migrations are never edited once released; a change is a new version.
 */
export interface Migration {
  version: string;
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema as it was then, not AppSchema
  up(db: Kysely<any>, engine: DatabaseEngine): Promise<void>;
}

/** `CREATE TABLE name (id <auto-increment integer primary key>, …)` in each engine's own idiom. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createTableWithId(db: Kysely<any>, table: string, engine: DatabaseEngine) {
  return db.schema
    .createTable(table)
    .addColumn('id', engine === 'postgres' ? 'serial' : 'integer', (c) =>
      engine === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
    );
}
