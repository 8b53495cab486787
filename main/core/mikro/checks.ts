/** The check shape the Mikro checks return; diagnostics (R-DIAG-1) wraps them with timing. */
import { performance } from 'node:perf_hooks';

/** One check (the same shape for Mikro, WhatsApp and backups): defined with the wire types in shared/. */
export type { CheckStatus, IntegrationCheck as MikroCheck } from '../../../shared/mikro.js';
import type { IntegrationCheck as MikroCheck } from '../../../shared/mikro.js';

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
