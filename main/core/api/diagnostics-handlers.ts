/** Handlers for integration diagnostics (R-DIAG). */
import type { Core } from '../core.js';
import type { Handler } from './dispatch.js';

// diagnostics.exportPdf is desktop-only (doors: ['ipc'] in the contract): the shell answers it (main/app/desktop-ops.ts).
type DiagnosticsOps = 'diagnostics.run' | 'diagnostics.progress' | 'diagnostics.list' | 'diagnostics.get' | 'diagnostics.diff' | 'diagnostics.export';

export function diagnosticsHandlers(core: Core): { [N in DiagnosticsOps]: Handler<N> } {
  return {
    'diagnostics.run': (input, ctx) =>
      core.diagnostics.run(ctx.actor, input, {
        onStarted: (runId) => ctx.job?.setRunId(runId),
        onCheck: (check, done, expected) => ctx.job?.progress({ done, expected, check: { name: check.name, category: check.category, status: check.status } }),
      }),
    'diagnostics.progress': async () => core.diagnostics.progress(),
    'diagnostics.list': ({ limit, offset }) => core.diagnostics.list(limit, offset),
    'diagnostics.get': ({ id }) => core.diagnostics.get(id),
    'diagnostics.diff': ({ id, against }) => core.diagnostics.diff(id, against),
    'diagnostics.export': (input, ctx) => core.diagnostics.export(ctx.actor, input),
  };
}
