/**
 * Mikro health (R-MIKRO-8): a real `SELECT 1` every time (the older backend's cached health hid
 * outages), bounded by a hard timeout so a hung server cannot hold a health probe.
 *  - `mikroHealth` → the older `/api/v1/mikro/health` body: {status:"ok",latency_ms} or
 *    {status:"error",detail,code};
 *  - `createMikroHealthProbe` → the `OtherComponent` the health service shows: `disabled` when
 *    mikro_connection.json says `"enabled": false` (nothing is contacted), `not_configured` when
 *    host/database are missing.
 */
import { performance } from 'node:perf_hooks';
import type { OtherComponent } from '../../../shared/health.js';
import { translator } from '../../../shared/i18n/translator.js';
import { msg, type Message } from '../../../shared/messages.js';
import type { MikroHealthBody } from '../../../shared/mikro.js';
import { withTimeout } from '../db/app-database.js';
import { friendlyText } from './friendly-texts.js';
import type { MikroClient } from './mikro-connection.js';

export type { MikroHealthBody } from '../../../shared/mikro.js';

/** Who the statement log names for the health probe's SELECT 1 (repeats are counted on one entry). */
const HEALTH_ACTOR = 'optiplan360 (health)';

/** What health talks to: a client, nothing (not configured), or nothing on purpose (switched off). */
export type MikroHealthTarget = MikroClient | null | 'disabled';

export interface MikroHealthOptions {
  /** Overall bound in ms; default: the client's timeout_seconds plus 1 s. */
  timeoutMs?: number;
}

/**
 * The legacy `detail` is free text that the older backend filled with its own (Turkish-facing)
 * sentence, and scripts show it as it is: it stays a plain string, the TURKISH catalogue text of
 * the failure, whatever the caller's language (the doors localize Messages, not this field).
 */
const legacyDetail = (m: Message): string => translator('tr').t(m);

export async function mikroHealth(target: MikroHealthTarget, opts: MikroHealthOptions = {}): Promise<MikroHealthBody> {
  if (target === 'disabled') {
    const t = friendlyText('disabled', {});
    return { status: 'error', detail: legacyDetail(t.message), code: t.code, message: t.message };
  }
  if (!target) {
    const t = friendlyText('not_configured', {});
    return { status: 'error', detail: legacyDetail(t.message), code: t.code, message: t.message };
  }
  const client = target;
  const limit = opts.timeoutMs ?? client.settings.timeout_seconds * 1000 + 1000;
  const started = performance.now();
  try {
    await withTimeout(client.query('SELECT 1 AS ok', undefined, { maxRows: 1, timeoutMs: limit, actor: HEALTH_ACTOR }), limit, 'Mikro SQL Server');
    return { status: 'ok', latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (err) {
    const f = client.explain(err);
    return { status: 'error', detail: legacyDetail(f.message), code: f.code, message: f.message };
  }
}

/** A probe for HealthService.setProbe('mikro', …). */
export function createMikroHealthProbe(getTarget: () => MikroHealthTarget, opts: MikroHealthOptions = {}): () => Promise<OtherComponent> {
  return async () => {
    const target = getTarget();
    if (target === 'disabled') return { status: 'disabled', message: msg('mikro.health.disabled') };
    if (!target) return { status: 'not_configured', message: msg('mikro.health.not_configured') };
    const started = performance.now();
    const limit = opts.timeoutMs ?? target.settings.timeout_seconds * 1000 + 1000;
    try {
      await withTimeout(target.query('SELECT 1 AS ok', undefined, { maxRows: 1, timeoutMs: limit, actor: HEALTH_ACTOR }), limit, 'Mikro SQL Server');
      return { status: 'healthy', latency_ms: Math.round((performance.now() - started) * 10) / 10 };
    } catch (err) {
      const f = target.explain(err);
      return { status: 'unhealthy', latency_ms: null, message: f.message, technical_detail: `${f.code}${f.reason ? ` [${f.reason}]` : ''}: ${f.technical_detail}` };
    }
  };
}
