/** The check shape the Mikro checks return; diagnostics (R-DIAG-1) wraps them with timing. */
import { performance } from 'node:perf_hooks';

export type CheckStatus = 'PASS' | 'WARN' | 'FAIL';

export interface MikroCheck {
  /** Stable name, e.g. mikro_login_permissions (diagnostics and scripts key on it). */
  name: string;
  status: CheckStatus;
  /** English; Turkish in `detail_tr`. */
  detail: string;
  detail_tr?: string;
  /** null on PASS, like the older backend. */
  recommendation: string | null;
  recommendation_tr?: string | null;
  duration_ms?: number;
}

export function pass(name: string, detail: string, detail_tr?: string): MikroCheck {
  return { name, status: 'PASS', detail, ...(detail_tr ? { detail_tr } : {}), recommendation: null, recommendation_tr: null };
}

export function problem(
  name: string,
  status: 'WARN' | 'FAIL',
  detail: string,
  detail_tr: string,
  recommendation: string,
  recommendation_tr: string,
): MikroCheck {
  return { name, status, detail, detail_tr, recommendation, recommendation_tr };
}

/** Runs a check and stamps its duration; a check that throws becomes a FAIL naming the error. */
export async function timed(name: string, fn: () => Promise<MikroCheck> | MikroCheck): Promise<MikroCheck> {
  const started = performance.now();
  let check: MikroCheck;
  try {
    check = await fn();
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    check = problem(name, 'FAIL', `Check failed: ${message}`, `Kontrol başarısız: ${message}`, 'See the detail.', 'Ayrıntıya bakın.');
  }
  return { ...check, duration_ms: Math.round((performance.now() - started) * 10) / 10 };
}
