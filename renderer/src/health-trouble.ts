/**
 * What a health read says about the console (pure, so unit tests reach it; used by health-state.ts).
 */
import type { HealthReport } from '../../shared/health.js';
import { ApiError } from './transport.js';

/** Answers of a live server that refuses the caller: about the token or the page's origin, never the database. */
const REFUSALS: ReadonlySet<string> = new Set(['E_UNAUTHORIZED', 'E_FORBIDDEN']);

/**
 * What a health read says about the console: the database is down when the report says so or
 * when no answer came (the server or the IPC bridge is gone, or it answered with a database
 * error); a refusal of the token is the session's problem, shown as such, and says nothing about
 * the database (a last report it had stays what it was).
 */
export function healthTrouble(error: Error | null | undefined, report: HealthReport | undefined): { dbDown: boolean; accessRefused: ApiError | null } {
  const accessRefused = error instanceof ApiError && REFUSALS.has(error.code) ? error : null;
  return { dbDown: (!!error && !accessRefused) || report?.database === 'unhealthy', accessRefused };
}

