import type { Kysely } from 'kysely';
import type { Migration } from './migration.js';

/**
 * A keyed audit chain (issue 13): an unkeyed SHA-256 chain can be recomputed by anyone who can
 * write the database. From the first row appended after this migration on, each row also gets
 * an HMAC-SHA-256 (`mac`) with a key kept outside the database (keychain or ENV:). Existing rows
 * are left as they are and stay verifiable as legacy rows up to the upgrade point
 * (`audit_chain_head.keyed_from`); the head records the key's fingerprint (never the key).
 *
 * `audit_verify_state` remembers where the last successful verify ended, so the diagnostics
 * check walks only rows added since (a periodic full verify still covers the older rows).
 *
 * Columns are added, never changed: the append-only triggers on audit_log stay as they are.
 */
export const auditHmac: Migration = {
  version: '0004',
  name: 'audit_hmac',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.alterTable('audit_log').addColumn('mac', 'text').execute();
    await db.schema.alterTable('audit_chain_head').addColumn('last_mac', 'text').execute();
    await db.schema.alterTable('audit_chain_head').addColumn('keyed_from', 'integer').execute();
    await db.schema.alterTable('audit_chain_head').addColumn('key_id', 'text').execute();
    await db.schema
      .createTable('audit_verify_state')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('last_id', 'integer', (c) => c.notNull())
      .addColumn('last_hash', 'text', (c) => c.notNull())
      .addColumn('last_mac', 'text')
      .addColumn('verified_at', 'text', (c) => c.notNull())
      .addColumn('full_verified_at', 'text', (c) => c.notNull())
      .execute();
  },
};
