import type { CatalogShape } from '../keys.js';
import type { fleet as tr } from '../tr/fleet.js';

export const fleet: CatalogShape<typeof tr> = {
  sqlite: 'The consoles view needs the shared PostgreSQL database: with SQLite each console has its own file and the others cannot be seen.',
  sqlite_next: 'Once every console uses the same production PostgreSQL database (system_config.json database.url) they are listed here.',
  not_migrated: 'The consoles table does not exist yet (migration 0007 is pending).',
  not_migrated_next: 'Upgrade the schema: optiplan360 migrate up',
  unreadable: 'The consoles list could not be read.',
  states: {
    ok: 'healthy',
    warn: 'warning',
    fail: 'failing',
    silent: 'silent',
    unknown: 'unknown',
  },
  cli: {
    help: {
      description: 'the consoles using the shared PostgreSQL database',
      list: 'list every console with its status and last-seen time',
    },
    header: '{{count, n}} consoles (silent: not seen for {{silent, ms}})',
    row: '{{name}}  {{state}}  last seen {{seen, when}}  {{user}}  {{version}}',
    failing: '    failing checks: {{checks, list}}',
    self: '(this console)',
  },
  ui: {
    title: 'Consoles',
    intro: 'Every console using the shared PostgreSQL database: last health and diagnostics status, last seen. A console not seen for {{silent, ms}} counts as silent.',
    name: 'Console',
    state: 'State',
    last_seen: 'Last seen',
    user: 'User',
    version: 'Version',
    health: 'Health',
    diagnostics: 'Diagnostics',
    failing: 'Failing checks',
    self: 'this console',
    empty: 'No console recorded yet.',
    refresh: 'Refresh',
  },
};
