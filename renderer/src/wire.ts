/**
 * What the renderer needs to know of the wire at run time — the routes and the event names —
 * without importing shared/contract.ts or shared/events.ts, whose zod schemas would otherwise be
 * bundled into the UI (about 90 KB minified). Types still come from those files (`import type`);
 * test/unit/renderer-wire.test.ts keeps these values equal to the shared ones.
 */
import type { OpName } from '../../shared/contract.js';
import type { EventName } from '../../shared/events.js';
import type { MikroStageName } from '../../shared/mikro.js';

export const EVENT_NAMES = ['job.started', 'job.progress', 'job.finished', 'health.sample'] as const satisfies readonly EventName[];

export const EVENTS_ROUTE = '/api/events';

export const httpRoute = (name: OpName): string => `/api/op/${name}`;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** The staged Mikro test's stage names, in order (shared/mikro.ts has them beside zod schemas). */
export const MIKRO_STAGE_NAMES = ['parse', 'dns', 'browser', 'tcp', 'prelogin', 'tls', 'login', 'database', 'permissions'] as const satisfies readonly MikroStageName[];

/** The console's own UI takes messages as `{key, params}` and renders them itself (main/server/localize.ts). */
export const RAW_MESSAGES = { 'x-optiplan-messages': 'raw' };
