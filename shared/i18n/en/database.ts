import type { CatalogShape } from '../keys.js';
import type { database as tr } from '../tr/database.js';

export const database: CatalogShape<typeof tr> = {
  checks: {
    database_connection: { title: 'Database connection' },
    database_engine: { title: 'Database engine' },
    migrations_at_head: { title: 'Schema version (migrations)' },
  },
  connection: {
    ok: 'Connected to the {{engine}} database ({{target}}): {{latency, ms}}.',
    slow: 'The {{engine}} database answered, but slowly: {{latency, ms}} (limit {{limit, ms}}).',
    slow_rec: 'Check the database server load and the network path.',
    unreachable: 'Cannot reach the {{engine}} database ({{target}}).',
    unreachable_rec: 'Check that the database server is running and reachable, then retry.',
  },
  engine: {
    postgres: 'PostgreSQL in {{environment}}.',
    sqlite_ok: 'SQLite in {{environment}} (fine for local/test).',
    sqlite_production: 'SQLite is for local/test only; this is {{environment}}.',
    sqlite_staging: 'SQLite is for local/test only; this is {{environment}}. Staging should use PostgreSQL like production.',
    sqlite_rec: 'Point DATABASE_URL (or database.url in system_config.json) at PostgreSQL, then run: optiplan360 migrate up',
  },
  migrations: {
    auto_failed: 'The automatic migration at start-up failed.',
    auto_failed_rec: 'Fix the cause of the error in the technical detail, then run: optiplan360 migrate up',
    status_failed: 'The migration status could not be read.',
    status_failed_rec: 'Fix the database connection first (the “Database connection” check).',
    pending: '{{count, n}} migration(s) pending (at {{current}}, head {{head}}): {{list, list}}.',
    pending_rec: 'Back up first, then run: optiplan360 migrate up',
    ahead: 'The database schema ({{current}}) is newer than this build knows ({{head}}).',
    ahead_rec: 'Update the console to the version that applied it.',
    at_head: 'Schema at head ({{head}}).',
    empty: 'empty',
  },
  errors: {
    timeout: '{{what}} did not answer within {{timeout, ms}}.',
    closing: 'Closing the database',
    unavailable: 'Cannot reach the {{engine}} database.',
    no_answer: 'The {{engine}} database did not answer in time.',
    sqlite_needs_path: 'database.url: a SQLite URL needs a file path (sqlite:<path>).',
    sqlite_needs_path_field: 'must be sqlite:<path> with a file path',
    invalid_url: 'database.url / DATABASE_URL is invalid: expected postgres://user@host:5432/db or sqlite:<path>.',
    invalid_url_field: 'must be postgres://… or sqlite:<path>',
    sqlite_open: 'The SQLite database file could not be opened: {{file}}',
    sqlite_open_next: 'Check that the file exists, is not damaged and that this user may write to its folder.',
  },
};
