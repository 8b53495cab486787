/**
 * Mikro health (R-MIKRO-8): a real `SELECT 1` every time (the older backend's cached health hid
 * outages), bounded by a hard timeout so a hung server cannot hold a health probe.
 *  - `mikroHealth` → the older `/api/v1/mikro/health` body: {status:"ok",latency_ms} or
 *    {status:"error",detail,code};
 *  - `createMikroHealthProbe` → the `OtherComponent` the health service shows (not_configured
 *    when host/database are missing).
 */
import { performance } from 'node:perf_hooks';
import type { OtherComponent } from '../../../shared/health.js';
import { withTimeout } from '../db/app-database.js';
import type { MikroClient } from './mikro-connection.js';

export type MikroHealthBody = { status: 'ok'; latency_ms: number } | { status: 'error'; detail: string; code: string };

export interface MikroHealthOptions {
  /** Overall bound in ms; default: the client's timeout_seconds plus 1 s. */
  timeoutMs?: number;
}

/** `client` null = not configured. */
export async function mikroHealth(client: MikroClient | null, opts: MikroHealthOptions = {}): Promise<MikroHealthBody> {
  if (!client) {
    return { status: 'error', detail: 'Mikro yapılandırılmamış: Host ve database zorunludur — Mikro is not configured: host and database are required', code: 'E_MIKRO_NOT_CONFIGURED' };
  }
  const limit = opts.timeoutMs ?? client.settings.timeout_seconds * 1000 + 1000;
  const started = performance.now();
  try {
    await withTimeout(client.query('SELECT 1 AS ok', undefined, { maxRows: 1, timeoutMs: limit }), limit, 'Mikro SQL Server');
    return { status: 'ok', latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (err) {
    const f = client.explain(err);
    return { status: 'error', detail: `${f.message_tr} — ${f.message_en}`, code: f.code };
  }
}

/** A probe for HealthService.setProbe('mikro', …). `getClient` returns null when not configured. */
export function createMikroHealthProbe(getClient: () => MikroClient | null, opts: MikroHealthOptions = {}): () => Promise<OtherComponent> {
  return async () => {
    const client = getClient();
    if (!client) return { status: 'not_configured', detail: 'Mikro: host and database are not configured' };
    const body = await mikroHealth(client, opts);
    if (body.status === 'ok') return { status: 'healthy', latency_ms: body.latency_ms };
    return { status: 'unhealthy', latency_ms: null, error: `${body.code}: ${body.detail}` };
  };
}
