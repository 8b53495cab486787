/**
 * Diagnostics as the doors use them (R-DIAG): one run over every check the runbook names, with
 * the live state of a run in progress (the UI polls it to show results as they arrive), past
 * runs and their comparison, and exports that are audited.
 */
import type { DiagnosticCheck, DiagnosticsDiff, DiagnosticsProgress, DiagnosticsReport, DiagnosticsRunRecord, DiagnosticsRunSummary, ReportFormat, RunningCheck } from '../../../shared/diagnostics.js';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import { BACKUP_CHECK_NAMES } from '../backup/backup-checks.js';
import { withTimeout } from '../db/app-database.js';
import { WHATSAPP_CHECK_NAMES } from '../whatsapp/check-result.js';
import type { DiagnosticsContext, IntegrationCheckLike, IntegrationCheckSource } from './context.js';
import { buildChecks, diffRuns, getRun, listRuns, renderReport, runDiagnostics } from './index.js';
import type { ReportLang } from './render-text.js';
import { discardRun, RUNNING, startRun } from './runs.js';

/** How long writing the 'running' row may take before the run goes on without it. */
const START_ROW_TIMEOUT_MS = 2_000;

/**
 * What diagnostics is built from, explicitly: the checks' view of the application plus the
 * modules that report through their own checks.
 */
export interface DiagnosticsDeps extends Pick<DiagnosticsContext, 'db' | 'migrations' | 'health' | 'config' | 'secretStore' | 'env' | 'environment' | 'paths' | 'version'> {
  /** The safe recorder (a failed audit write never hides the run) and the chain's verify. */
  audit: DiagnosticsContext['audit'];
  /** Auto-migrate state: a failed auto-migrate is a FAIL. */
  autoMigrate: () => { state: string; error?: string };
  /** `checkNames`: what `check` reports with the current settings (declared before the run). */
  whatsapp: { check(): Promise<IntegrationCheckLike[]>; checkNames(): readonly string[] };
  /** null when the database could not be configured (nothing to back up). */
  backup: { checks(): Promise<IntegrationCheckLike[]> } | null;
}

const MIME: Record<ReportFormat, string> = { json: 'application/json', html: 'text/html', md: 'text/markdown' };

export class DiagnosticsService {
  private current: { started_at: string; checks: DiagnosticCheck[]; running: RunningCheck[]; expected: number } | null = null;

  constructor(private readonly deps: DiagnosticsDeps) {}

  /**
   * WhatsApp and backups report through their own modules; every name each will report is
   * declared, so a crashed or timed-out module still shows each of its checks as FAIL. Settings
   * that cannot even be read: every WhatsApp check (the run then says why).
   */
  private sources(): IntegrationCheckSource[] {
    const { whatsapp, backup } = this.deps;
    let names: readonly string[];
    try {
      names = whatsapp.checkNames();
    } catch {
      names = WHATSAPP_CHECK_NAMES;
    }
    const sources: IntegrationCheckSource[] = [{ category: 'whatsapp', names, run: () => whatsapp.check() }];
    if (backup) sources.push({ category: 'backup', names: BACKUP_CHECK_NAMES, run: () => backup.checks() });
    return sources;
  }

  /**
   * The checks' view of the application for a run by `actor`; `integrations` replaces the
   * module sources (tests pass `[]` to run only the core's own checks).
   */
  context(actor: string, opts: { integrations?: IntegrationCheckSource[] } = {}): DiagnosticsContext {
    const d = this.deps;
    return {
      db: d.db,
      migrations: d.migrations,
      health: d.health,
      audit: d.audit,
      config: d.config,
      secretStore: d.secretStore,
      env: d.env,
      environment: d.environment,
      paths: d.paths,
      version: d.version,
      actor,
      autoMigrate: d.autoMigrate,
      integrations: opts.integrations ?? this.sources(),
    };
  }

  /**
   * One run. Its diagnostics_runs row is written first with status 'running' (bounded: a database
   * that hangs is what the run reports, it must not hold the run up), so other processes see it
   * running; `hooks` let the job report the row and each check as it finishes.
   */
  async run(
    actor: string,
    opts: { only?: string[] | undefined; timeout_ms?: number | undefined } = {},
    hooks: { onStarted?: (runId: number) => void; onCheck?: (check: DiagnosticCheck, done: number, expected: number) => void } = {},
  ): Promise<DiagnosticsReport> {
    if (this.current) {
      throw new AppError('E_BUSY', msg('errors.busy', { op: 'diagnostics.run' }), [], { technical_detail: `diagnostics are already running (started ${this.current.started_at})` });
    }
    const ctx = this.context(actor);
    const current = { started_at: new Date().toISOString(), checks: [] as DiagnosticCheck[], running: [] as RunningCheck[], expected: countChecks(buildChecks(ctx)) };
    this.current = current;
    try {
      const runId = await withTimeout(startRun(this.deps.db, current.started_at, actor), START_ROW_TIMEOUT_MS, 'recording the run').catch(() => undefined);
      if (runId !== undefined) hooks.onStarted?.(runId);
      return await runDiagnostics(ctx, {
        ...(opts.only?.length ? { only: opts.only } : {}),
        ...(opts.timeout_ms ? { timeoutMs: opts.timeout_ms } : {}),
        ...(runId !== undefined ? { runId } : {}),
        onCheck: (c) => {
          current.checks.push(c);
          hooks.onCheck?.(c, current.checks.length, current.expected);
        },
        onRunning: (running) => {
          current.running = running;
        },
      }).catch(async (err: unknown) => {
        // A run that could not even start (unknown check names) leaves no 'running' row behind.
        if (runId !== undefined) await withTimeout(discardRun(this.deps.db, runId), START_ROW_TIMEOUT_MS, 'discarding the run').catch(() => undefined);
        throw err;
      });
    } finally {
      this.current = null;
    }
  }

  progress(): DiagnosticsProgress {
    const c = this.current;
    if (!c) return { running: false, started_at: null, checks: [], running_checks: [], expected: 0 };
    // A check is in one list only: finished wins over a running entry not yet taken off.
    const done = new Set(c.checks.map((x) => x.name));
    return { running: true, started_at: c.started_at, checks: [...c.checks], running_checks: c.running.filter((r) => !done.has(r.name)), expected: c.expected };
  }

  list(limit: number, offset: number): Promise<DiagnosticsRunSummary[]> {
    return listRuns(this.deps.db, { limit, offset });
  }

  async get(id: number): Promise<DiagnosticsRunRecord> {
    const r = await getRun(this.deps.db, id);
    if (!r) throw new AppError('E_NOT_FOUND', msg('report.errors.run_not_found', { id }), [], { technical_detail: `diagnostics run ${id} does not exist` });
    return r;
  }

  /** A run against the one before it (or the given one). */
  async diff(id: number, against?: number): Promise<DiagnosticsDiff & { before_id: number | null }> {
    const after = await this.get(id);
    let beforeId = against ?? null;
    if (beforeId === null) {
      const older = await this.deps.db.kysely.selectFrom('diagnostics_runs').select('id').where('id', '<', id).where('status', '!=', RUNNING).orderBy('id', 'desc').limit(1).executeTakeFirst();
      beforeId = older ? Number(older.id) : null;
    }
    if (beforeId === null) return { status: { before: after.report.status, after: after.report.status }, changes: [], unchanged: after.report.checks.length, before_id: null };
    const before = await this.get(beforeId);
    return { ...diffRuns(before.report, after.report), before_id: beforeId };
  }

  /** A stored run (or the newest) as JSON, HTML or Markdown; audited (R-AUDIT-1: diagnostics export). */
  async export(actor: string, opts: { id?: number | undefined; format: ReportFormat; lang: ReportLang; compact?: boolean | undefined }) {
    let id = opts.id;
    if (id === undefined) {
      const newest = await this.list(1, 0);
      if (!newest[0]) throw new AppError('E_NOT_FOUND', msg('report.errors.no_run_yet'), [], { next_step: msg('report.errors.no_run_yet_rec') });
      id = newest[0].id;
    }
    const { report } = await this.get(id);
    const content = renderReport(report, opts.format, { lang: opts.lang, compact: !!opts.compact });
    await this.deps.audit.record({ action: 'DIAGNOSTICS_EXPORTED', target: `diagnostics run ${id}`, result: 'success', actor, detail: `${opts.format} (${opts.lang})` });
    const stamp = report.timestamp.slice(0, 19).replace(/[:T]/g, '-');
    return { content, filename: `optiplan360-diagnostics-${stamp}.${opts.format}`, mime: MIME[opts.format], run_id: id };
  }
}

function countChecks(units: ReturnType<typeof buildChecks>): number {
  return units.reduce((n, u) => n + ('group' in u ? Math.max(1, u.names.length) : 1), 0);
}
