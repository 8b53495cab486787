/**
 * Integration diagnostics report (R-DIAG-1…7). A superset of the older backend's
 * `{status, timestamp, health_snapshot, checks:[{name, status, detail, recommendation}]}`, so
 * scripts written against `run_integration_diagnostics.py` keep working on the same keys.
 */
import { z } from 'zod';
import type { HealthReport } from './health.js';
import type { Message } from './messages.js';

export { CHECK_CATEGORIES, CHECK_STATUSES, CHECK_STATUS_RANK, type Check, type CheckCategory, type CheckStatus } from './checks.js';
import type { Check, CheckCategory, CheckStatus } from './checks.js';

/** The overall verdict of a run: SKIP never stands for the whole. */
export type OverallStatus = 'PASS' | 'WARN' | 'FAIL';

/** A diagnostics check is the one check shape (shared/checks.ts). */
export type DiagnosticCheck = Check;

export interface MachineInfo {
  hostname: string;
  platform: string;
  os_release: string;
  user: string;
  node: string;
  app_data_dir?: string;
}

export interface DiagnosticsReport {
  status: OverallStatus;
  /** When the run started (ISO-8601 UTC). */
  timestamp: string;
  version: string;
  machine: MachineInfo;
  environment: string;
  duration_ms: number;
  checks: DiagnosticCheck[];
  /**
   * The health report taken during the run. null only when health itself did not answer within
   * the run's timeout (the checks then say why); the older backend always had one.
   */
  health_snapshot: HealthReport | null;
  /** The diagnostics_runs row id, when the run was stored. */
  run_id?: number;
  /** Why the run could not be stored (the report is still valid). */
  store_error?: string;
  /** The audit chain's head when the run was stored: an anchor outside the log for `audit verify`. */
  audit_anchor?: { last_id: number; count: number; mac: string };
}

/** Input of a diagnostics run (UI, HTTP, CLI). */
export const DiagnosticsRunInputSchema = z.object({
  /** Check names or categories to run; omitted or empty = all. */
  only: z.array(z.string().trim().min(1).max(64)).max(100).optional(),
  /** The longest any one check may take (ms); it replaces each check's own timeout. */
  timeout_ms: z.number().int().min(100).max(600_000).optional(),
});
export type DiagnosticsRunInput = z.infer<typeof DiagnosticsRunInputSchema>;

export const ReportFormatSchema = z.enum(['json', 'html', 'md']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;
export const FailOnSchema = z.enum(['none', 'warn', 'fail']);
export type FailOn = z.infer<typeof FailOnSchema>;

/** One stored run, without its report (the history list). */
export interface DiagnosticsRunSummary {
  id: number;
  started_at: string;
  duration_ms: number;
  status: OverallStatus;
  actor: string;
  counts: Record<CheckStatus, number>;
}

export interface DiagnosticsRunRecord extends Omit<DiagnosticsRunSummary, 'counts'> {
  report: DiagnosticsReport;
}

export interface CheckChange {
  name: string;
  category: CheckCategory;
  /** new: only in the later run; removed: only in the earlier; changed: status differs. */
  kind: 'new' | 'removed' | 'changed';
  before: CheckStatus | null;
  after: CheckStatus | null;
}

export interface DiagnosticsDiff {
  status: { before: OverallStatus; after: OverallStatus };
  changes: CheckChange[];
  unchanged: number;
}

/** A check of the run in progress that has not finished yet. */
export interface RunningCheck {
  name: string;
  category: CheckCategory;
  title: Message;
  /** When its unit started (ISO-8601 UTC). */
  started_at: string;
  /** Its own timeout in this run (the check's, or the run's `timeout_ms` when one was given). */
  timeout_ms: number;
}

/** A run in progress, polled by the UI to show results as they arrive. */
export interface DiagnosticsProgress {
  running: boolean;
  started_at: string | null;
  /** Checks finished so far in the run in progress, in the order they finished. */
  checks: DiagnosticCheck[];
  /** Checks running now, each with its start and its own timeout. */
  running_checks: RunningCheck[];
  expected: number;
}

export const DiagnosticsExportInputSchema = z.strictObject({
  /** A stored run; omitted = the newest. */
  id: z.number().int().positive().optional(),
  format: ReportFormatSchema,
  lang: z.enum(['tr', 'en']).default('tr'),
  compact: z.boolean().optional(),
});
