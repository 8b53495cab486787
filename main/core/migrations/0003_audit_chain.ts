import { sql, type Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../shared/health.js';
import type { Migration } from './migration.js';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Tamper evidence for the audit log (R-AUDIT-2): a one-row head holding the last hash (which
 * also serialises appends across processes and reveals a deleted tail), and triggers that make
 * audit_log append-only for everyone who does not drop them first.
 */
export const auditChain: Migration = {
  version: '0003',
  name: 'audit_chain',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>, engine: DatabaseEngine) {
    await db.schema
      .createTable('audit_chain_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('last_id', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.insertInto('audit_chain_head').values({ id: 1, last_id: 0, last_hash: GENESIS_HASH, updated_at: new Date().toISOString() }).execute();
    if (engine === 'sqlite') {
      await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    } else {
      await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
      await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
      await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
    }
  },
};
