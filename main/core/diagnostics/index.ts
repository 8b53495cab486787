/**
 * Integration diagnostics (R-DIAG-1…7): the public API the doors (CLI, HTTP, IPC/UI) use.
 *
 *   const ctx = diagnosticsService.context(actor); // the checks' view, WhatsApp and backup sources included
 *   const report = await runDiagnostics(ctx, { only, timeoutMs, onCheck });
 *   renderReport(report, 'html', { translator: translator('tr') }); exitCodeFor(report.status, 'warn');
 *
 * main/core only: no electron.
 */
import type { DiagnosticsReport } from '../../../shared/diagnostics.js';
import type { HealthReport } from '../../../shared/health.js';
import { configChecks } from './checks/config.js';
import { sourceUnit } from './checks/integration.js';
import { mikroUnits } from './checks/mikro.js';
import { queueChecks } from './checks/queues.js';
import { runtimeCheck } from './checks/runtime.js';
import { systemChecks } from './checks/system.js';
import type { DiagnosticsContext } from './context.js';
import type { CheckUnit } from './registry.js';
import { runUnits, type RunOptions } from './runner.js';

/**
 * Every check, in R-DIAG-1's order: backend and database, config and secrets, Mikro, the
 * integration sources (WhatsApp, backups), the audit chain, then the older backend's queue checks.
 */
export function buildChecks(ctx: DiagnosticsContext): CheckUnit[] {
  const [files, secrets, keychain, audit, auditOwner] = configChecks(ctx);
  return [
    ...systemChecks(ctx),
    runtimeCheck(),
    files!,
    secrets!,
    keychain!,
    ...(ctx.mikro === false ? [] : mikroUnits(ctx)),
    ...(ctx.integrations ?? []).map(sourceUnit),
    audit!,
    auditOwner!,
    ...queueChecks(ctx),
  ];
}

/** One health call per run, shared by backend_health and the snapshot. */
function sharedHealth(ctx: DiagnosticsContext): DiagnosticsContext {
  let once: Promise<HealthReport> | undefined;
  return { ...ctx, health: { check: () => (once ??= ctx.health.check()) } };
}

export function runDiagnostics(ctx: DiagnosticsContext, opts: RunOptions = {}): Promise<DiagnosticsReport> {
  const shared = sharedHealth(ctx);
  return runUnits(shared, opts.checks ?? buildChecks(shared), opts);
}

export type { DiagnosticsContext, IntegrationCheckLike, IntegrationCheckSource } from './context.js';
export { fromIntegrationCheck, integrationOutcome, sourceUnit } from './checks/integration.js';
export { MIKRO_VERIFY_NAMES } from './checks/mikro.js';
export { DEFAULT_THRESHOLDS, NO_SYNC_PRODUCER, SYNC_SUCCESS_STATUSES, type QueueThresholds } from './checks/queues.js';
export { PLAYBOOK, playbookKindFor, stepsFor, type PlaybookKind } from './playbook.js';
export { collectKnownSecrets, redactDeep } from './redact.js';
export {
  DEFAULT_CHECK_TIMEOUT_MS,
  defineCheck,
  defineGroup,
  UnknownChecksError,
  type CheckDefinition,
  type CheckGroupDefinition,
  type CheckOutcome,
  type CheckRunContext,
  type CheckUnit,
  type NamedOutcome,
} from './registry.js';
export { exitCodeFor, renderReport } from './render.js';
export { renderText, type RenderOptions, type ReportLang } from './render-text.js';
export { overallStatus, type RunOptions } from './runner.js';
export { diffRuns, getRun, listRuns, upgradeCheck, upgradeReport } from './runs.js';
