/**
 * What the HTTP door requires of each request, read from the contract (R-OPS-2, issue 13):
 *
 * - public, without the token: `GET /health` (and its `/live`, `/ready` parts) and
 *   `GET /api/v1/mikro/health` — answers that write nothing;
 * - everything else under `/api/` needs the token, reads included: audit rows, secret names,
 *   settings and the Mikro query console are not for whoever can reach the port;
 * - a GET never has effects: an operation that writes (`access: 'write'`) or leaves a record
 *   (`effects` has `audit`: a stored run, an audit row) is POST only;
 * - `Sec-Fetch-Site` cross-site / same-site is refused everywhere but the health paths, which
 *   a monitoring page may poll.
 */
import { contract, type OpName } from '../../shared/contract.js';

export const HEALTH_PATHS: ReadonlySet<string> = new Set(['/health', '/health/live', '/health/ready']);
export const MIKRO_HEALTH_PATH = '/api/v1/mikro/health';
export const DIAGNOSTICS_PATH = '/api/v1/integration/diagnostics';
const PUBLIC_GETS: ReadonlySet<string> = new Set([...HEALTH_PATHS, MIKRO_HEALTH_PATH]);

/** The path without its query string. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/** Health and API answers are never cached by a browser or a proxy. */
export function isApiPath(path: string): boolean {
  return HEALTH_PATHS.has(path) || path.startsWith('/api/');
}

export function needsToken(method: string, path: string): boolean {
  if ((method === 'GET' || method === 'HEAD') && PUBLIC_GETS.has(path)) return false;
  return path.startsWith('/api/');
}

export function fetchSiteChecked(path: string): boolean {
  return !HEALTH_PATHS.has(path);
}

/** Whether `GET /api/op/<name>` may run it: a read that leaves no record. */
export function getAllowed(name: OpName): boolean {
  const def = contract[name];
  return def.access !== 'write' && !(def.effects as readonly string[]).includes('audit');
}
