/**
 * The health endpoints of `serve`, public (no token) and free of effects:
 *
 * - `GET /health`: the composite report (runbook shape), 503 when unhealthy. The database is
 *   pinged every time; Mikro and the Graph API answers are reused for 30 s (`checked_at`).
 * - `GET /health/live`: the process answers; nothing else is asked.
 * - `GET /health/ready`: the app database answers and the schema is at head (200/503).
 * - `GET /api/v1/mikro/health`: the older backend's Mikro answer (R-MIKRO-8), cached the same
 *   way (until the settings change), so an anonymous caller cannot make the console call Mikro
 *   at will. The body keeps the older shape exactly; when it was checked is the `x-checked-at` header.
 */
import type { FastifyInstance } from 'fastify';
import type { Core } from '../core/core.js';
import { PROBE_CACHE_MS, TtlCache } from '../core/health/health-service.js';
import { settingsFingerprint } from '../core/health/settings-fingerprint.js';
import { MIKRO_HEALTH_PATH } from './door-policy.js';

export function registerHealthRoutes(app: FastifyInstance, core: Core, probeCacheMs = PROBE_CACHE_MS): void {
  const started = Date.now();

  app.get('/health', async (_req, reply) => {
    const report = await core.health.check();
    return reply.code(report.status === 'unhealthy' ? 503 : 200).send(report);
  });

  app.get('/health/live', async () => ({ status: 'alive', timestamp: new Date().toISOString(), version: core.version, uptime_s: Math.round((Date.now() - started) / 1000) }));

  app.get('/health/ready', async (_req, reply) => {
    const r = await core.health.ready();
    return reply.code(r.status === 'ready' ? 200 : 503).send(r);
  });

  // Errors are part of the body, not the status (compatible with the older backend).
  const mikro = new TtlCache(() => core.mikro.health(), probeCacheMs, () => settingsFingerprint(core.paths.configDir, core.paths.dataDir));
  app.get(MIKRO_HEALTH_PATH, async (_req, reply) => {
    const { value, checkedAt } = await mikro.get();
    return reply.header('x-checked-at', checkedAt).send(value);
  });
}
