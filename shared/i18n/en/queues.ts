import type { CatalogShape } from '../keys.js';
import type { queues as tr } from '../tr/queues.js';

export const queues: CatalogShape<typeof tr> = {
  checks: {
    outbox_failed: { title: 'Failed outbox items' },
    unresolved_errors: { title: 'Unresolved integration errors' },
    queue_backlog: { title: 'Queue backlog' },
    last_sync_recency: { title: 'Last sync' },
  },
  no_producer: 'There is no sync producer yet; nothing in this version writes the {{table}} table, and it is empty.',
  outbox: {
    none: 'No failed outbox items ({{total, n}} item(s)).',
    failed: '{{failed, n}} failed outbox item(s) ({{integrations, list}}; {{codes, list}}); {{permanent, n}} permanent (not retried).',
    failed_rec: 'Read the last error of the failed items; fix the cause, then “retry all”. Permanent failures (E_MIKRO_READ_ONLY; for WhatsApp a number, template or token Meta refused) stay failed by design: fix the cause first.',
  },
  unresolved: {
    none: 'No unresolved integration errors.',
    few: '{{count, n}} unresolved integration error(s) ({{by, list}}); limit {{limit, n}}.',
    many: '{{count, n}} unresolved integration errors ({{by, list}}); limit {{limit, n}}.',
    rec: 'Review them by integration, fix the cause, then mark them resolved.',
  },
  backlog: {
    ok: 'Queues drained: {{outbox, n}} queued in the outbox, {{inbox, n}} in the inbox (limit {{limit, n}} each).',
    high: 'Queue backlog: {{outbox, n}} queued in the outbox, {{inbox, n}} in the inbox (limit {{limit, n}} each).',
    rec: 'Check that the queue processor is running and the target integration is reachable.',
    stalled: '{{count, n}} outbox item(s) have waited more than {{minutes, n}} minutes to be processed (the oldest since {{oldest, when}}): nothing may be draining the queue.',
    stalled_rec: 'Check that the desktop app or `optiplan360 serve` is running and that WhatsApp is switched on and set up; only these processes send the outbox.',
  },
  sync: {
    none: 'No sync yet (sync_jobs is empty): while Mikro is on and set up, the app or `optiplan360 serve` syncs every `sync.interval_minutes` minutes; to start one now, `optiplan360 mikro sync` or “Sync now” on the SQL Board.',
    recent: 'Last successful sync {{hours, n}} h ago ({{integration}} {{kind}}, {{at, when}}).',
    stale: 'Last successful sync {{hours, n}} h ago ({{at, when}}); expected within {{limit, n}} h.',
    stale_rec: 'Look at the latest sync runs and their errors; check the Mikro connection.',
    never: 'sync_jobs has {{count, n}} row(s), but none finished successfully.',
    never_rec: 'Read the errors of the sync rows; check the Mikro connection.',
    failed: 'The last sync ({{integration}} {{kind}}, {{at, when}}) FAILED: {{code}} — {{reason}}',
    failed_never: 'The last sync ({{integration}} {{kind}}, {{at, when}}) FAILED: {{code}} — {{reason}} No sync has succeeded before.',
    failed_rec: 'Remove the cause (Mikro connection, permissions, tables), then sync again with `optiplan360 mikro sync` or “Sync now” on the SQL Board.',
    failed_unknown: 'the reason was not recorded',
  },
};
