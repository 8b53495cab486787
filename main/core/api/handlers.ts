/**
 * One handler per contract entry, grouped by area. Each is a thin call into a service it is
 * given: every group declares the narrow interface it uses (next to it), and `buildHandlers`
 * takes their union. Nothing here sees the Core.
 */
import type { Environment } from '../environment.js';
import type { HealthService } from '../health/health-service.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import { listJobs } from '../jobs/jobs-list.js';
import type { MigrationService } from '../migrations/migration-service.js';
import { configHandlers, type ConfigHandlerDeps } from './config-handlers.js';
import { diagnosticsHandlers, type DiagnosticsHandlerDeps } from './diagnostics-handlers.js';
import type { Handlers } from './dispatch.js';
import { integrationHandlers, type IntegrationHandlerDeps } from './integration-handlers.js';
import { mikroHandlers, type MikroHandlerDeps } from './mikro-handlers.js';
import { supportHandlers, type SupportHandlerDeps } from './support-handlers.js';

/** What app.info, health, migrations and jobs use. */
export interface AppHandlerDeps {
  version: string;
  environment: Environment;
  paths: { dataDir: string; configDir: string };
  health: Pick<HealthService, 'check' | 'history'>;
  /** Audited migrations (R-MIG-5). */
  migrations: Pick<MigrationService, 'status' | 'up'>;
  jobs: JobRegistry;
}

export type HandlerDeps = AppHandlerDeps & ConfigHandlerDeps & MikroHandlerDeps & IntegrationHandlerDeps & DiagnosticsHandlerDeps & SupportHandlerDeps;

export function buildHandlers(deps: HandlerDeps): Handlers {
  const { health, migrations } = deps;
  return {
    'app.info': async () => ({
      product: 'OptiPlan360',
      version: deps.version,
      environment: deps.environment,
      engine: deps.db.engine,
      database_target: deps.db.target,
      data_dir: deps.paths.dataDir,
      config_dir: deps.paths.configDir,
      platform: process.platform,
    }),
    'health.get': () => health.check(),
    'health.history': async () => health.history(),
    'migrations.status': () => migrations.status(),
    'migrations.up': (_input, ctx) => migrations.up(ctx.actor),
    ...configHandlers(deps),
    ...mikroHandlers(deps),
    ...integrationHandlers(deps),
    ...diagnosticsHandlers(deps),
    ...supportHandlers(deps),
    'jobs.list': ({ finished }) => listJobs({ jobs: deps.jobs, db: deps.db }, { finished }),
  };
}
