import type { CatalogShape } from '../keys.js';
import type { mikroSync as trMikroSync } from '../tr/mikro-sync.js';

/** Catalogue: mikro.sync — the read-only PULL sync from Mikro (accounts and stock). Same `mikro` namespace. */
export const mikroSync: CatalogShape<typeof trMikroSync> = {
  sync: {
    result: {
      done: 'Sync finished ({{tables, list}}): {{read, n}} row(s) read, {{changed, n}} new or changed.',
      failed: '{{table}} could not be synced: {{reason}}',
    },
    errors: {
      mirror_write: 'The rows read could not be written to the app database; the sync will resume from the last saved page.',
      interrupted: 'The process running the sync ended before it finished (the app closed or the computer restarted); the next sync resumes from the last saved page.',
    },
    health: {
      never: '{{table}}: not synced yet.',
      line: '{{table}}: last sync {{at, when}}, {{rows, n}} row(s).',
      failed: '{{table}}: last sync {{at, when}} FAILED ({{rows, n}} row(s) kept).',
      summary: 'Last sync: {{tables, list}}',
    },
    status: { RUNNING: 'Running', DONE: 'Done', FAILED: 'Failed', NEVER: 'Never' },
    tables: { accounts: 'Accounts (CARI_HESAPLAR)', stock: 'Stock items (STOKLAR)' },
    cli: {
      table_line: '  {{table}}: {{status}}; {{read, n}} read, {{changed, n}} changed, {{cancelled, n}} cancelled; {{pages, n}} page(s), {{duration, ms}}',
      table_error: '    → {{reason}}',
      status_line: '  {{table}}: {{status}}; last {{at}}, last success {{success}}; {{rows, n}} row(s) in the mirror',
      never: 'never',
      bad_table: 'unknown table "{{name}}"; valid: {{valid, list}}',
    },
    help: {
      sync: 'read-only sync from Mikro (SELECT only): accounts and stock, incremental by *_lastup_date, paged; exit code 0 done, 1 failed',
      full: 'reset the watermark (where the last sync ended) and read every row again',
      tables: 'only these tables, comma-separated: accounts,stock',
      status: 'the last sync of each table (time, status, rows, error)',
    },
    ui: {
      heading: 'Sync (PULL, read-only)',
      run: 'Sync now',
      full: 'Read everything again',
      running: 'Syncing… {{table}}: {{rows, n}} row(s) read (page {{page, n}})',
      last: 'Last sync',
      column_table: 'Table',
      column_status: 'Status',
      column_at: 'Time',
      column_rows: 'Rows',
      never: '—',
    },
  },
};
