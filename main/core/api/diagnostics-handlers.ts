/** Handlers for integration diagnostics (R-DIAG). */
import type { DiagnosticsService } from '../diagnostics/diagnostics-service.js';
import type { FleetService } from '../fleet/fleet-service.js';
import type { Handler } from './dispatch.js';

// diagnostics.exportPdf is desktop-only (doors: ['ipc'] in the contract): the shell answers it (main/app/desktop-ops.ts).
type DiagnosticsOps = 'diagnostics.run' | 'diagnostics.progress' | 'diagnostics.list' | 'diagnostics.get' | 'diagnostics.diff' | 'diagnostics.export';

/** What these handlers use, and nothing more. */
export interface DiagnosticsHandlerDeps {
  diagnostics: Pick<DiagnosticsService, 'run' | 'progress' | 'list' | 'get' | 'diff' | 'export'>;
  /** The fleet row notes each run's status (never awaited into the run's outcome). */
  fleet?: Pick<FleetService, 'noteDiagnostics'>;
}

export function diagnosticsHandlers({ diagnostics, fleet }: DiagnosticsHandlerDeps): { [N in DiagnosticsOps]: Handler<N> } {
  return {
    'diagnostics.run': async (input, ctx) => {
      const report = await diagnostics.run(ctx.actor, input, {
        onStarted: (runId) => ctx.job?.setRunId(runId),
        onCheck: (check, done, expected) => ctx.job?.progress({ done, expected, check: { name: check.name, category: check.category, status: check.status } }),
      });
      await fleet?.noteDiagnostics(report.status, report.checks.filter((c) => c.status === 'FAIL').map((c) => c.name));
      return report;
    },
    'diagnostics.progress': async () => diagnostics.progress(),
    'diagnostics.list': ({ limit, offset }) => diagnostics.list(limit, offset),
    'diagnostics.get': ({ id }) => diagnostics.get(id),
    'diagnostics.diff': ({ id, against }) => diagnostics.diff(id, against),
    'diagnostics.export': (input, ctx) => diagnostics.export(ctx.actor, input),
  };
}
