/** One handler per contract entry, grouped by area. Each is a thin call into the core's services. */
import type { Core } from '../core.js';
import { configHandlers } from './config-handlers.js';
import type { Handlers } from './dispatch.js';
import { mikroHandlers } from './mikro-handlers.js';
import { integrationHandlers } from './integration-handlers.js';
import { diagnosticsHandlers } from './diagnostics-handlers.js';
import { listJobs } from '../jobs/jobs-list.js';

export function buildHandlers(core: Core): Handlers {
  return {
    'app.info': async () => ({
      product: 'OptiPlan360',
      version: core.version,
      environment: core.environment,
      engine: core.db.engine,
      database_target: core.db.target,
      data_dir: core.paths.dataDir,
      config_dir: core.paths.configDir,
      platform: process.platform,
    }),
    'health.get': () => core.health.check(),
    'health.history': async () => core.health.history(),
    'migrations.status': () => core.migrations.status(),
    'migrations.up': (_input, ctx) => core.migrateUp(ctx.actor),
    ...configHandlers(core),
    ...mikroHandlers(core),
    ...integrationHandlers(core),
    ...diagnosticsHandlers(core),
    'jobs.list': ({ finished }) => listJobs({ jobs: core.dispatcher.jobs, db: core.db }, { finished }),
  };
}
