/**
 * Runs diagnostics (R-DIAG-2, R-DIAG-3): every unit at once, each under its own timeout. A unit
 * that times out is reported FAIL at its deadline and the run goes on without it (its signal is
 * aborted so it can let go of sockets), so one hung dependency costs at most its own timeout,
 * not the sum. A unit that throws is a FAIL with the message; nothing a check does can crash
 * the run. Results are emitted as they finish (the UI's live view), reported in definition
 * order, redacted, and stored in diagnostics_runs.
 * Units that declare the tables they read (`needs`) wait for the schema state, read once per run
 * (checks/schema.ts): a check whose tables do not exist yet is SKIP naming migrations_at_head
 * instead of crashing on "no such table". The wait counts against the unit's own timeout.
 */
import { performance } from 'node:perf_hooks';
import { worstStatus } from '../../../shared/checks.js';
import type { DiagnosticCheck, DiagnosticsReport, OverallStatus, RunningCheck } from '../../../shared/diagnostics.js';
import { msg } from '../../../shared/messages.js';
import { checkTitle, crashed, problem, round, technicalText } from '../checks/check-builders.js';
import { withTimeout } from '../db/app-database.js';
import type { DiagnosticsContext } from './context.js';
import { machineInfo } from './machine.js';
import { missingTables, readSchemaState, skippedForSchema, type SchemaState } from './checks/schema.js';
import { collectKnownSecrets, redactDeep } from './redact.js';
import { DEFAULT_CHECK_TIMEOUT_MS, isGroup, seconds, selectUnits, tablesNeeded, toDiagnosticCheck, unitNames, type CheckGroupDefinition, type CheckOutcome, type CheckUnit, type NamedOutcome } from './registry.js';
import { storeRun } from './runs.js';

export interface RunOptions {
  /** Check names or categories; empty = all. Unknown names throw UnknownChecksError. */
  only?: readonly string[];
  /** The longest any one check may take; replaces each check's own timeout. */
  timeoutMs?: number;
  /** Called as each check finishes (already redacted). A throwing listener is ignored. */
  onCheck?: (check: DiagnosticCheck) => void;
  /**
   * Called with the checks running now whenever that changes (a unit starts, a unit ends): each
   * with its start and its own timeout, so the UI can show "12 sn / 15 sn". A throwing listener is ignored.
   */
  onRunning?: (running: RunningCheck[]) => void;
  /** Store the run in diagnostics_runs (default true). */
  store?: boolean;
  /** The row written with status 'running' when the run started (runs.startRun): completed instead of a new row. */
  runId?: number;
  /** Bound on storing the run (default: the run's remaining budget, 0.5–5 s). */
  storeTimeoutMs?: number;
  /** The units to run; default `buildChecks(ctx)` (the caller may append its own). */
  checks?: readonly CheckUnit[];
}

/** FAIL if any FAIL, else WARN if any WARN, else PASS (SKIP counts as PASS: a switched-off part is not a problem). */
export function overallStatus(checks: readonly Pick<DiagnosticCheck, 'status'>[]): OverallStatus {
  return worstStatus(checks.map((c) => c.status));
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown } | { timedOut: true };

/** Race `fn` against its deadline; on timeout, abort its signal and stop waiting for it. */
async function bounded<T>(fn: (signal: AbortSignal) => Promise<T> | T, timeoutMs: number): Promise<Settled<T>> {
  const ac = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), timeoutMs);
  });
  // Deferred to a microtask so a check that throws synchronously is caught like any other.
  const work = Promise.resolve()
    .then(() => fn(ac.signal))
    .then(
      (value): Settled<T> => ({ ok: true, value }),
      (error: unknown): Settled<T> => ({ ok: false, error }),
    );
  const result = await Promise.race([work, deadline]);
  clearTimeout(timer);
  if ('timedOut' in result) ac.abort(new Error(`timed out after ${seconds(timeoutMs)}`));
  return result;
}

function timedOut(timeoutMs: number): CheckOutcome {
  return problem('FAIL', msg('common.check_timeout', { timeout: timeoutMs }), msg('common.check_timeout_rec'), {
    technical_detail: `timed out after ${seconds(timeoutMs)}; the run did not wait for it`,
  });
}

/** A group that left one of its declared names out: FAIL, never a silent gap. */
function notReported(group: string, name: string): CheckOutcome {
  return problem('FAIL', msg('system.outcome.not_reported'), msg('system.outcome.not_reported_rec'), { technical_detail: `${group} did not report ${name}` });
}

/** The schema state, asked for once per run and only if some unit declares tables. */
type SchemaGate = () => Promise<SchemaState>;

/** For a check name of the unit: SKIP when a table it reads does not exist yet, else null (run it). */
type Gate = (name: string) => CheckOutcome | null;

async function gateFor(unit: CheckUnit, schema: SchemaGate): Promise<Gate> {
  if (!unit.needs) return () => null;
  const state = await schema();
  return (name) => {
    const missing = missingTables(state, tablesNeeded(unit, name));
    return missing.length > 0 ? skippedForSchema(state, missing) : null;
  };
}

/** A group's run, with the names whose tables do not exist yet SKIP (and the group not run if that is all of them). */
async function runGroupGated(unit: CheckGroupDefinition, schema: SchemaGate, signal: AbortSignal, timeoutMs: number): Promise<NamedOutcome[]> {
  const gate = await gateFor(unit, schema);
  const skips = unit.names.map((name) => ({ name, skip: gate(name) }));
  if (skips.length > 0 && skips.every((s) => s.skip)) return skips.map(({ name, skip }) => ({ name, ...skip! }));
  const gatedNames = skips.filter((s) => s.skip);
  let out: NamedOutcome[];
  try {
    out = await unit.run({ signal, timeoutMs });
  } catch (err) {
    // A group that throws on a table that is not there yet: those names are SKIP, the rest FAIL.
    if (gatedNames.length === 0) throw err;
    const failed = crashed(err);
    return skips.map(({ name, skip }) => ({ name, ...(skip ?? failed) }));
  }
  if (!Array.isArray(out)) return out;
  const judged = out.map((o) => {
    const skip = o && typeof o === 'object' && typeof o.name === 'string' ? gate(o.name) : null;
    return skip ? { name: o.name, ...skip, ...(o.category ? { category: o.category } : {}) } : o;
  });
  const reported = new Set(judged.map((o) => o?.name));
  return [...judged, ...gatedNames.filter((s) => !reported.has(s.name)).map(({ name, skip }) => ({ name, ...skip! }))];
}

/** One unit → its checks (a group: one per declared name, plus any extra it reported). */
async function runUnit(unit: CheckUnit, timeoutMs: number, schema: SchemaGate): Promise<DiagnosticCheck[]> {
  const started = performance.now();
  if (!isGroup(unit)) {
    const r = await bounded(async (signal) => {
      const skip = (await gateFor(unit, schema))(unit.name);
      return skip ?? unit.run({ signal, timeoutMs });
    }, timeoutMs);
    const took = performance.now() - started;
    const o = 'timedOut' in r ? timedOut(timeoutMs) : r.ok ? r.value : crashed(r.error);
    return [toDiagnosticCheck(unit.name, unit.category, o, 'timedOut' in r ? timeoutMs : took)];
  }
  const r = await bounded((signal) => runGroupGated(unit, schema, signal, timeoutMs), timeoutMs);
  const took = performance.now() - started;
  if (!('timedOut' in r) && r.ok && Array.isArray(r.value)) {
    const listed = r.value.filter((o): o is NamedOutcome => !!o && typeof o === 'object' && typeof o.name === 'string');
    const byName = new Map<string, NamedOutcome>(listed.map((o) => [o.name, o]));
    const names = [...new Set([...unit.names, ...listed.map((o) => o.name)])];
    return names.map((name) => {
      const o = byName.get(name);
      if (!o) return toDiagnosticCheck(name, unit.category, notReported(unit.group, name), took);
      return toDiagnosticCheck(name, o.category ?? unit.category, o, o.duration_ms ?? took);
    });
  }
  const o = 'timedOut' in r ? timedOut(timeoutMs) : r.ok ? problem('FAIL', msg('system.outcome.malformed'), msg('system.outcome.malformed_rec'), { technical_detail: `${unit.group} returned no list of checks` }) : crashed(r.error);
  const names = unit.names.length > 0 ? unit.names : [unit.group];
  return names.map((name) => toDiagnosticCheck(name, unit.category, o, 'timedOut' in r ? timeoutMs : took));
}

/** What a unit shows while it runs: one entry per check it will report (a group's declared names, trimmed to `only`). */
function runningChecks(unit: CheckUnit, timeoutMs: number, startedAt: string, wanted: ((name: string, category: CheckUnit['category']) => boolean) | null): RunningCheck[] {
  const declared = unitNames(unit);
  const names = declared.length > 0 ? declared : [(unit as CheckGroupDefinition).group];
  return names.filter((n) => !wanted || wanted(n, unit.category)).map((name) => ({ name, category: unit.category, title: checkTitle(name, unit.category), started_at: startedAt, timeout_ms: timeoutMs }));
}

export async function runUnits(ctx: DiagnosticsContext, units: readonly CheckUnit[], opts: RunOptions = {}): Promise<DiagnosticsReport> {
  const now = ctx.now ?? (() => new Date());
  const timestamp = now().toISOString();
  const started = performance.now();
  const selected = selectUnits(units, opts.only);
  const timeoutFor = (u: CheckUnit) => opts.timeoutMs ?? u.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const maxTimeout = Math.max(opts.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS, ...selected.units.map(timeoutFor));

  // Collected alongside the checks; every emitted check waits for it so nothing leaves unredacted.
  const known = collectKnownSecrets(ctx).catch(() => [] as string[]);
  const snapshot = bounded(() => ctx.health.check(), opts.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
  let schemaState: Promise<SchemaState> | undefined;
  const schema: SchemaGate = () => (schemaState ??= readSchemaState(ctx));

  const running = new Map<CheckUnit, RunningCheck[]>();
  const announce = () => {
    try {
      opts.onRunning?.([...running.values()].flat());
    } catch {
      // A UI listener's bug must not change the run.
    }
  };

  const perUnit = await Promise.all(
    selected.units.map(async (unit) => {
      running.set(unit, runningChecks(unit, timeoutFor(unit), now().toISOString(), selected.wanted));
      announce();
      try {
        let checks = await runUnit(unit, timeoutFor(unit), schema);
        if (selected.wanted) checks = checks.filter((c) => selected.wanted!(c.name, c.category));
        const secrets = await known;
        const clean = checks.map((c) => redactDeep(c, secrets));
        for (const c of clean) {
          try {
            opts.onCheck?.(c);
          } catch {
            // A UI listener's bug must not change the report.
          }
        }
        return clean;
      } finally {
        // Off the running list only once its results are out: a poll in between sees it in one list or the other.
        running.delete(unit);
        announce();
      }
    }),
  );
  const checks = perUnit.flat();
  const health = await snapshot;
  const report: DiagnosticsReport = {
    status: overallStatus(checks),
    timestamp,
    version: ctx.version,
    machine: machineInfo(ctx.paths.dataDir),
    environment: ctx.environment,
    duration_ms: round(performance.now() - started),
    checks,
    health_snapshot: !('timedOut' in health) && health.ok ? health.value : null,
  };
  const clean = redactDeep(report, await known);
  if (opts.store === false) return clean;
  try {
    // Whatever is left of the run's budget (at least 0.5 s, at most 5 s): a database that hung
    // the checks must not double the wait while storing.
    const left = Math.min(5_000, Math.max(500, maxTimeout - (performance.now() - started)));
    clean.run_id = await withTimeout(storeRun(ctx.db, clean, ctx.actor, opts.runId), opts.storeTimeoutMs ?? left, 'storing the run');
  } catch (err) {
    clean.store_error = technicalText(err);
  }
  return clean;
}
