import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../shared/health.js';
import { createTableWithId, type Migration } from './migration.js';

/**
 * The WhatsApp send pace shared by every process of the console (app, `serve`, CLI) through the
 * app database: one row per sender holding the next free send slot (ms since epoch), and one row
 * per send for the hour and day windows of `rate_limits`. The outbox items themselves live in
 * the existing `outbox` table (integration `whatsapp`).
 */
export const whatsappOutbox: Migration = {
  version: '0005',
  name: 'whatsapp_outbox',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>, engine: DatabaseEngine) {
    await db.schema
      .createTable('whatsapp_rate_slots')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('next_slot_ms', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await createTableWithId(db, 'whatsapp_rate_events', engine)
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('whatsapp_rate_events_window').on('whatsapp_rate_events').columns(['key', 'at_ms']).execute();
    await db.schema.createIndex('outbox_integration_due').on('outbox').columns(['integration', 'status', 'next_attempt_at']).execute();
  },
};
