import type { CatalogShape } from '../keys.js';
import type { migrations as tr } from '../tr/migrations.js';

export const migrations: CatalogShape<typeof tr> = {
  errors: {
    unknown_versions: 'The database has migrations this version does not know ({{versions, list}}); it was upgraded by a newer OptiPlan360.',
    unknown_versions_next: 'Update the console to the version that applied them; do not change the schema with an older one.',
    locked: 'Another migration run is in progress (from the app, the CLI or serve).',
    step_failed: 'Migration {{version}} ({{name}}) failed; nothing was changed, the whole run was rolled back.',
    step_failed_next: 'Fix the error in the technical detail; back up first, then try again: optiplan360 migrate up',
  },
  cli: {
    status: '{{engine}}: schema {{current}}, head {{head}}',
    at_head: 'at head',
    pending_count: '{{count, n}} pending',
    applied_row: '✓ {{version}} {{name}}  {{at, when}}  {{duration, ms}}',
    pending_row: '… {{version}} {{name}}  pending',
    applied_now: 'applied {{version}} {{name}} ({{duration, ms}})',
    nothing: 'nothing to apply',
    empty: 'empty',
  },
};
