import type { Kysely } from 'kysely';
import type { DatabaseEngine } from '../../../shared/health.js';
import type { Migration } from './migration.js';

/**
 * The read-only Mikro mirror (issue 16, PULL sync): accounts (CARI_HESAPLAR) and stock items
 * (STOKLAR) keyed by the company database and Mikro's own Guid (a copied test company keeps its
 * Guids, so the Guid alone is not unique across companies); `cancelled` mirrors `*_iptal`.
 * `mikro_sync_state` holds each table's watermark (last `*_lastup_date` and the Guid that broke
 * the tie), moved only when a page's upsert committed. `sync_jobs` gains who started a run and
 * the rows read/changed per table (JSON).
 */
export const mikroMirror: Migration = {
  version: '0008',
  name: 'mikro_mirror',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>, _engine: DatabaseEngine) {
    await db.schema
      .createTable('mikro_accounts')
      .addColumn('company_db', 'text', (c) => c.notNull())
      .addColumn('guid', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('title1', 'text')
      .addColumn('title2', 'text')
      .addColumn('tax_office_no', 'text')
      .addColumn('tax_id', 'text')
      .addColumn('lastup_at', 'text')
      .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('synced_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mikro_accounts_pk', ['company_db', 'guid'])
      .execute();
    await db.schema.createIndex('mikro_accounts_code').on('mikro_accounts').columns(['company_db', 'code']).execute();

    await db.schema
      .createTable('mikro_stock_items')
      .addColumn('company_db', 'text', (c) => c.notNull())
      .addColumn('guid', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('unit', 'text')
      .addColumn('lastup_at', 'text')
      .addColumn('cancelled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('synced_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mikro_stock_items_pk', ['company_db', 'guid'])
      .execute();
    await db.schema.createIndex('mikro_stock_items_code').on('mikro_stock_items').columns(['company_db', 'code']).execute();

    await db.schema
      .createTable('mikro_sync_state')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('company_db', 'text', (c) => c.notNull())
      .addColumn('table_name', 'text', (c) => c.notNull())
      .addColumn('cursor_date', 'text')
      .addColumn('cursor_guid', 'text')
      .addColumn('last_status', 'text', (c) => c.notNull())
      .addColumn('last_finished_at', 'text')
      .addColumn('last_success_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('rows', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_job_id', 'integer')
      .execute();

    await db.schema.alterTable('sync_jobs').addColumn('actor', 'text').execute();
    await db.schema.alterTable('sync_jobs').addColumn('detail', 'text').execute();
  },
};
