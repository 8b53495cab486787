import type { CatalogShape } from '../keys.js';
import type { health as tr } from '../tr/health.js';

export const health: CatalogShape<typeof tr> = {
  status: {
    healthy: 'healthy',
    degraded: 'degraded',
    unhealthy: 'unhealthy',
    not_configured: 'not set up',
    disabled: 'switched off',
  },
  components: {
    database: 'Database',
    mikro: 'Mikro',
    whatsapp: 'WhatsApp',
    backup: 'Backups',
  },
  errors: {
    not_configured_db: 'The application database could not be configured.',
    migrations_unavailable: 'The migration status could not be read.',
    needs_database: 'Not checked: the application database is unavailable.',
    probe_failed: 'The state of {{component}} could not be read.',
  },
  ready: {
    database_down: 'Not ready: the application database is unavailable.',
    migrations_pending: 'Not ready: pending migrations: {{count, n}}.',
  },
  cli: {
    header: 'OptiPlan360 {{version}} — {{status}} ({{at, when}})',
    database: 'Database: {{status}} — {{target}}',
    latency: 'latency {{latency, ms}}',
    schema: 'schema {{current}} / head {{head}}',
    schema_pending: 'schema {{current}} / head {{head}} ({{count, n}} migration(s) pending)',
    component: '{{component}}: {{status}}',
    technical: 'technical detail: {{detail}}',
    empty: 'empty',
  },
};
