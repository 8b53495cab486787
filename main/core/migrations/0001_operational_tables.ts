import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../shared/health.js';
import { createTableWithId, type Migration } from './migration.js';

/** The tables later features write to (R-MIG-6): audit log, integration errors, outbox/inbox, sync jobs. */
export const operationalTables: Migration = {
  version: '0001',
  name: 'operational_tables',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>, engine: DatabaseEngine) {
    await createTableWithId(db, 'audit_log', engine)
      .addColumn('ts', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('old_value', 'text')
      .addColumn('new_value', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_ts').on('audit_log').column('ts').execute();
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'ts']).execute();

    await createTableWithId(db, 'integration_errors', engine)
      .addColumn('ts', 'text', (c) => c.notNull())
      .addColumn('integration', 'text', (c) => c.notNull())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('payload', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('resolved_by', 'text')
      .execute();
    await db.schema.createIndex('integration_errors_open').on('integration_errors').columns(['resolved_at', 'ts']).execute();

    await createTableWithId(db, 'outbox', engine)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('integration', 'text', (c) => c.notNull())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_retries', 'integer', (c) => c.notNull().defaultTo(5))
      .addColumn('next_attempt_at', 'text')
      .addColumn('last_error_code', 'text')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('outbox_status').on('outbox').columns(['status', 'next_attempt_at']).execute();

    await createTableWithId(db, 'inbox', engine)
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('integration', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('processed_at', 'text')
      .execute();
    await db.schema.createIndex('inbox_status').on('inbox').column('status').execute();

    await createTableWithId(db, 'sync_jobs', engine)
      .addColumn('integration', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('records', 'integer')
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('sync_jobs_recent').on('sync_jobs').columns(['status', 'finished_at']).execute();
  },
};
