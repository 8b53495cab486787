/**
 * What a diagnostics check is. Two kinds of unit run under the runner:
 *  - a single check `{name, category, timeoutMs?, run}`;
 *  - a group: ONE piece of work that reports several named checks (Mikro's read-only
 *    verification logs in once and answers six checks; a WhatsApp or backup module hands back
 *    its own list). A group declares its names up front so that, when it times out or throws,
 *    each of them is still reported (as FAIL) instead of silently disappearing.
 * Both get an AbortSignal that fires at their timeout, so a check holding a socket can close it.
 * Outcomes are built with main/core/checks/check-builders.ts (passed / problem / skipped); the
 * one check shape is shared/checks.ts.
 * A unit that reads application tables declares them in `needs`: while one of them does not
 * exist yet (migrations pending), the runner does not run it and reports it SKIP naming
 * migrations_at_head, the check that reports the schema (runner.ts, checks/schema.ts).
 */
import type { CheckCategory, DiagnosticCheck } from '../../../shared/diagnostics.js';
import { CHECK_STATUSES } from '../../../shared/checks.js';
import { AppError } from '../../../shared/errors.js';
import type { AppSchema } from '../db/schema.js';
import { looksLikeMessage, msg, type Message } from '../../../shared/messages.js';
import { problem, round, toCheck, type CheckOutcome } from '../checks/check-builders.js';
import { playbookKindFor, stepsFor, type PlaybookKind } from './playbook.js';

export { passed, problem, skipped, round, type CheckOutcome } from '../checks/check-builders.js';

export interface CheckRunContext {
  /** Aborted when the check's timeout passes; the run does not wait for the check after that. */
  signal: AbortSignal;
  timeoutMs: number;
}

/** An application table (as the migrations build it) that a check reads. */
export type AppTable = keyof AppSchema;

/** The check that reports the schema; checks whose tables do not exist yet are SKIP naming it. */
export const SCHEMA_CHECK = 'migrations_at_head';

export interface CheckDefinition {
  name: string;
  category: CheckCategory;
  timeoutMs?: number;
  /** The application tables it reads; while any does not exist yet it is SKIP naming migrations_at_head. */
  needs?: readonly AppTable[];
  run(ctx: CheckRunContext): Promise<CheckOutcome> | CheckOutcome;
}

/** A named outcome from a group; `duration_ms` when the source timed it itself, `title` when it named its own. */
export type NamedOutcome = CheckOutcome & { name: string; duration_ms?: number; category?: CheckCategory; title?: Message };

export interface CheckGroupDefinition {
  /** Identifies the group (shown only if it reports nothing and declared no names). */
  group: string;
  category: CheckCategory;
  /** The checks it reports, in report order. */
  names: readonly string[];
  timeoutMs?: number;
  /**
   * The application tables its checks read: a list for every name, or per name (names left out
   * read none). A name whose tables do not exist yet is SKIP naming migrations_at_head; when
   * that is every declared name, the group is not run at all.
   */
  needs?: readonly AppTable[] | Readonly<Partial<Record<string, readonly AppTable[]>>>;
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

/** The tables the unit's check `name` reads (empty: none declared). */
export function tablesNeeded(unit: CheckUnit, name: string): readonly AppTable[] {
  const needs = unit.needs;
  if (!needs) return [];
  if (Array.isArray(needs)) return needs as readonly AppTable[];
  return (needs as Readonly<Partial<Record<string, readonly AppTable[]>>>)[name] ?? [];
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
      msg('system.unknown_checks', { names: unknown }),
      unknown.map((u) => ({ path: 'only', message: msg('system.unknown_check', { name: u }) })),
      { technical_detail: `unknown check or category: ${unknown.join(', ')} (known: ${known.join(', ')})` },
    );
  }
}

/** Outcome → report check: PASS and SKIP have no recommendation or steps; problems get the playbook. */
export function toDiagnosticCheck(name: string, category: CheckCategory, given: unknown, durationMs: number, kind?: PlaybookKind): DiagnosticCheck {
  const o = wellFormed(given);
  const check = toCheck(name, category, o, durationMs, stepsFor(kind ?? playbookKindFor(name, category)));
  const title = (given as NamedOutcome | null)?.title;
  if (o === given && looksLikeMessage(title)) check.title = title;
  return check;
}

const STATUSES = new Set<string>(CHECK_STATUSES);

/**
 * Outcomes come from other modules too: a malformed one (no status, a status outside
 * PASS/WARN/FAIL/SKIP, a detail that is not a message, steps that are not messages) is a FAIL
 * saying so, never a crash or a PASS.
 */
export function wellFormed(o: unknown): CheckOutcome {
  const x = o as Partial<CheckOutcome> | null | undefined;
  const broken = (why: string) => problem('FAIL', msg('system.outcome.malformed'), msg('system.outcome.malformed_rec'), { technical_detail: `${why}: ${preview(o)}` });
  if (!x || typeof x !== 'object' || Array.isArray(x)) return broken('no result object');
  if (typeof x.status !== 'string' || !STATUSES.has(x.status)) return broken(`invalid status ${JSON.stringify(x.status)}`);
  if (!looksLikeMessage(x.detail)) return broken('detail is not a message');
  if (x.recommendation !== undefined && x.recommendation !== null && !looksLikeMessage(x.recommendation)) return broken('recommendation is not a message');
  if (x.steps !== undefined && (!Array.isArray(x.steps) || !x.steps.every(looksLikeMessage))) return broken('steps are not messages');
  return x as CheckOutcome;
}

function preview(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/** "1 s", "2.5 s": for abort reasons and logs (people read durations through the translator). */
export function seconds(ms: number): string {
  return `${round(ms / 1000)} s`;
}
