import type { CatalogShape } from '../keys.js';
import type { database as tr } from '../tr/database.js';

export const database: CatalogShape<typeof tr> = {
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
