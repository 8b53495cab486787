/**
 * What a diagnostics check is. Two kinds of unit run under the runner:
 *  - a single check `{name, category, timeoutMs?, run}`;
 *  - a group: ONE piece of work that reports several named checks (Mikro's read-only
 *    verification logs in once and answers six checks; a WhatsApp or backup module hands back
 *    its own list). A group declares its names up front so that, when it times out or throws,
 *    each of them is still reported (as FAIL) instead of silently disappearing.
 * Both get an AbortSignal that fires at their timeout, so a check holding a socket can close it.
 */
import type { CheckCategory, CheckStatus, DiagnosticCheck, PlaybookSteps } from '../../../shared/diagnostics.js';
import { AppError } from '../../../shared/errors.js';
import { playbookKindFor, stepsFor, type PlaybookKind } from './playbook.js';

export interface CheckRunContext {
  /** Aborted when the check's timeout passes; the run does not wait for the check after that. */
  signal: AbortSignal;
  timeoutMs: number;
}

/** What a check returns; the runner adds name, category and duration. */
export interface CheckOutcome {
  status: CheckStatus;
  detail: string;
  detail_tr?: string;
  /** English. Dropped on PASS (null, as the older backend). */
  recommendation?: string | null;
  recommendation_tr?: string | null;
  /** Default: the playbook for this check's name/category, on WARN and FAIL. */
  steps?: PlaybookSteps;
  data?: Record<string, unknown>;
}

export interface CheckDefinition {
  name: string;
  category: CheckCategory;
  timeoutMs?: number;
  run(ctx: CheckRunContext): Promise<CheckOutcome> | CheckOutcome;
}

/** A named outcome from a group; `duration_ms` when the source timed it itself. */
export type NamedOutcome = CheckOutcome & { name: string; duration_ms?: number; category?: CheckCategory };

export interface CheckGroupDefinition {
  /** Identifies the group (shown only if it reports nothing and declared no names). */
  group: string;
  category: CheckCategory;
  /** The checks it reports, in report order. */
  names: readonly string[];
  timeoutMs?: number;
  run(ctx: CheckRunContext): Promise<NamedOutcome[]>;
}

export type CheckUnit = CheckDefinition | CheckGroupDefinition;

/**
 * Typed constructors: in a `CheckUnit[]` literal TypeScript cannot tell a check from a group
 * while inferring `run`'s return type, so callers adding their own write `defineCheck({...})`.
 */
export const defineCheck = (def: CheckDefinition): CheckDefinition => def;
export const defineGroup = (def: CheckGroupDefinition): CheckGroupDefinition => def;

export const DEFAULT_CHECK_TIMEOUT_MS = 15_000;

export function isGroup(unit: CheckUnit): unit is CheckGroupDefinition {
  return 'group' in unit;
}

export function unitNames(unit: CheckUnit): readonly string[] {
  return isGroup(unit) ? unit.names : [unit.name];
}

/**
 * Keep the units that `only` asks for (check names or categories); a group is kept when any of
 * its names is asked for, and trimmed to those later. Unknown entries are an error naming the
 * valid ones: a typo must not silently run nothing and report PASS.
 */
export function selectUnits(units: readonly CheckUnit[], only: readonly string[] | undefined): { units: CheckUnit[]; wanted: ((name: string, category: CheckCategory) => boolean) | null } {
  if (!only || only.length === 0) return { units: [...units], wanted: null };
  const set = new Set(only.map((s) => s.trim()));
  const known = new Set(units.flatMap((u) => [...unitNames(u), u.category]));
  const unknown = [...set].filter((s) => !known.has(s));
  if (unknown.length > 0) {
    throw new UnknownChecksError(unknown, [...known].sort());
  }
  const wanted = (name: string, category: CheckCategory) => set.has(name) || set.has(category);
  return { units: units.filter((u) => unitNames(u).some((n) => wanted(n, u.category))), wanted };
}

/** E_VALIDATION, so every door answers it as a bad request naming the `only` entries. */
export class UnknownChecksError extends AppError {
  constructor(
    readonly unknown: string[],
    readonly known: string[],
  ) {
    super(
      'E_VALIDATION',
      `unknown check or category: ${unknown.join(', ')} (known: ${known.join(', ')})`,
      unknown.map((u) => ({ path: 'only', message: `unknown check or category: ${u}` })),
    );
  }
}

/** Outcome → report check: PASS has no recommendation or steps; problems get the playbook. */
export function toDiagnosticCheck(name: string, category: CheckCategory, given: CheckOutcome, durationMs: number, kind?: PlaybookKind): DiagnosticCheck {
  const o = wellFormed(given);
  const ok = o.status === 'PASS';
  const check: DiagnosticCheck = {
    name,
    category,
    status: o.status,
    detail: o.detail,
    recommendation: ok ? null : (o.recommendation ?? 'See the detail and the steps.'),
    duration_ms: round(durationMs),
  };
  if (o.detail_tr) check.detail_tr = o.detail_tr;
  if (!ok) {
    check.recommendation_tr = o.recommendation_tr ?? 'Ayrıntıya ve adımlara bakın.';
    check.steps = o.steps ?? stepsFor(kind ?? playbookKindFor(name, category));
  }
  if (o.data && Object.keys(o.data).length > 0) check.data = o.data;
  return check;
}

/** Outcomes come from other modules too: a malformed one is a FAIL saying so, never a crash or a PASS. */
function wellFormed(o: unknown): CheckOutcome {
  const x = o as Partial<CheckOutcome> | null | undefined;
  if (!x || typeof x !== 'object') return { status: 'FAIL', detail: `Check returned no result (${String(o)}).`, recommendation: 'Report this build: the check is broken.' };
  if (x.status !== 'PASS' && x.status !== 'WARN' && x.status !== 'FAIL') {
    return { ...x, status: 'FAIL', detail: `Check returned an invalid status ${JSON.stringify(x.status)}: ${String(x.detail ?? '')}`, recommendation: 'Report this build: the check is broken.' };
  }
  return typeof x.detail === 'string' ? (x as CheckOutcome) : { ...(x as CheckOutcome), detail: String(x.detail ?? '') };
}

export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Builders so check files read as verdicts. */
export const pass = (detail: string, detail_tr: string, data?: Record<string, unknown>): CheckOutcome => ({ status: 'PASS', detail, detail_tr, ...(data ? { data } : {}) });

export function problem(
  status: 'WARN' | 'FAIL',
  text: { en: string; tr: string; rec_en: string; rec_tr: string },
  extra: { data?: Record<string, unknown>; steps?: PlaybookSteps } = {},
): CheckOutcome {
  return { status, detail: text.en, detail_tr: text.tr, recommendation: text.rec_en, recommendation_tr: text.rec_tr, ...extra };
}

/** "1 s", "2.5 s": timeouts are named in seconds, as operators think of them. */
export function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
