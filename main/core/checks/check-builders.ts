/**
 * Building a check (shared/checks.ts) reads as a verdict: `passed(msg(...))`,
 * `problem('FAIL', msg(...), msg(...), { technical_detail })`, `skipped(msg(...), 'mikro_connection')`.
 * Every area (diagnostics, Mikro, WhatsApp, backups) builds its checks here, so the shape and its
 * rules (no recommendation or steps on PASS/SKIP; a crash is a FAIL, never a PASS) live once.
 */
import { performance } from 'node:perf_hooks';
import type { Check, CheckCategory, CheckStatus } from '../../../shared/checks.js';
import { isAppError } from '../../../shared/errors.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { msg, type Message } from '../../../shared/messages.js';

/** What a check finds; the runner (or `timedCheck`) adds name, category, title and duration. */
export interface CheckOutcome {
  status: CheckStatus;
  detail: Message;
  recommendation?: Message | null;
  steps?: Message[];
  observed?: Record<string, unknown>;
  technical_detail?: string;
  skipped_because?: string;
}

export const passed = (detail: Message, observed?: Record<string, unknown>): CheckOutcome => ({ status: 'PASS', detail, ...(observed ? { observed } : {}) });

export function problem(
  status: 'WARN' | 'FAIL',
  detail: Message,
  recommendation: Message,
  extra: { steps?: Message[]; observed?: Record<string, unknown>; technical_detail?: string | undefined } = {},
): CheckOutcome {
  const { technical_detail, ...rest } = extra;
  return { status, detail, recommendation, ...rest, ...(technical_detail ? { technical_detail } : {}) };
}

/** Not run: `because` is the check name or setting it depends on (shown to support, and tested). */
export const skipped = (detail: Message, because: string): CheckOutcome => ({ status: 'SKIP', detail, skipped_because: because });

/** The catalogue key of a check's title: `<category>.checks.<name>.title` (a test walks them all). */
export function checkTitle(name: string, category: CheckCategory): Message {
  return msg(`${category}.checks.${name}.title` as MessageKey);
}

/** Text of an unexpected error for `technical_detail` (AppErrors keep their code). */
export function technicalText(err: unknown): string {
  if (isAppError(err)) return err.technicalDetail ? `${err.code}: ${err.technicalDetail}` : err.code;
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** A check that threw: FAIL, the error as technical detail. Never a crash, never a PASS. */
export function crashed(err: unknown): CheckOutcome {
  if (isAppError(err)) return problem('FAIL', err.text, err.nextStep, { technical_detail: technicalText(err) });
  return problem('FAIL', msg('common.check_crashed'), msg('common.check_crashed_rec'), { technical_detail: technicalText(err) });
}

export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Outcome → check: PASS and SKIP carry no recommendation or steps; problems get `defaultSteps`. */
export function toCheck(name: string, category: CheckCategory, outcome: CheckOutcome, durationMs: number, defaultSteps: readonly Message[] = []): Check {
  const quiet = outcome.status === 'PASS' || outcome.status === 'SKIP';
  const check: Check = {
    name,
    category,
    status: outcome.status,
    title: checkTitle(name, category),
    detail: outcome.detail,
    recommendation: quiet ? null : (outcome.recommendation ?? msg('common.see_detail')),
    steps: quiet ? [] : [...(outcome.steps ?? defaultSteps)],
    duration_ms: round(durationMs),
  };
  if (outcome.observed && Object.keys(outcome.observed).length > 0) check.observed = outcome.observed;
  if (outcome.technical_detail) check.technical_detail = outcome.technical_detail;
  if (outcome.status === 'SKIP' && outcome.skipped_because) check.skipped_because = outcome.skipped_because;
  return check;
}

/** Run one check and time it; a throw becomes a FAIL (see `crashed`). */
export async function timedCheck(name: string, category: CheckCategory, fn: () => Promise<CheckOutcome> | CheckOutcome, defaultSteps: readonly Message[] = []): Promise<Check> {
  const started = performance.now();
  let outcome: CheckOutcome;
  try {
    outcome = await fn();
  } catch (err) {
    outcome = crashed(err);
  }
  return toCheck(name, category, outcome, performance.now() - started, defaultSteps);
}
