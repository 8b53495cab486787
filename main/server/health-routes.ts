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
 *
 * The three `/health` answers are made by `healthAnswers`, used both by these Fastify routes and
 * by the fast path in front of Fastify (health-fast-path.ts), so the two cannot drift apart.
 */
import type { FastifyInstance } from 'fastify';
import type { Core } from '../core/core.js';
import { PROBE_CACHE_MS, TtlCache } from '../core/health/health-service.js';
import { MIKRO_HEALTH_PATH } from './door-policy.js';

export interface HealthAnswer {
  code: number;
  body: object;
}

export type HealthPath = '/health' | '/health/live' | '/health/ready';

/** What each health path answers (status code and body, messages not yet turned into text). */
export function healthAnswers(core: Core, started = Date.now()): Record<HealthPath, () => Promise<HealthAnswer>> {
  return {
    '/health': async () => {
      const report = await core.health.check();
      return { code: report.status === 'unhealthy' ? 503 : 200, body: report };
    },
    '/health/live': async () => ({ code: 200, body: { status: 'alive', timestamp: new Date().toISOString(), version: core.version, uptime_s: Math.round((Date.now() - started) / 1000) } }),
    '/health/ready': async () => {
      const r = await core.health.ready();
      return { code: r.status === 'ready' ? 200 : 503, body: r };
    },
  };
}

export function registerHealthRoutes(app: FastifyInstance, core: Core, answers: Record<HealthPath, () => Promise<HealthAnswer>>, probeCacheMs = PROBE_CACHE_MS): void {
  for (const [path, answer] of Object.entries(answers)) {
    app.get(path, async (_req, reply) => {
      const { code, body } = await answer();
      return reply.code(code).send(body);
    });
  }

  // Errors are part of the body, not the status (compatible with the older backend).
  const mikro = new TtlCache(() => core.mikro.health(), probeCacheMs, () => core.health.settingsKey());
  app.get(MIKRO_HEALTH_PATH, async (_req, reply) => {
    const { value, checkedAt } = await mikro.get();
    return reply.header('x-checked-at', checkedAt).send(value);
  });
}
