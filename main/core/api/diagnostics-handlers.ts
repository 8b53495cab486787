/** Handlers for integration diagnostics (R-DIAG). */
import { AppError } from '../../../shared/errors.js';
import type { Core } from '../core.js';
import type { Handler } from './dispatch.js';

type DiagnosticsOps = 'diagnostics.run' | 'diagnostics.progress' | 'diagnostics.list' | 'diagnostics.get' | 'diagnostics.diff' | 'diagnostics.export' | 'diagnostics.exportPdf';

export function diagnosticsHandlers(core: Core): { [N in DiagnosticsOps]: Handler<N> } {
  return {
    'diagnostics.run': (input, ctx) => core.diagnostics.run(ctx.actor, input),
    'diagnostics.progress': async () => core.diagnostics.progress(),
    'diagnostics.list': ({ limit, offset }) => core.diagnostics.list(limit, offset),
    'diagnostics.get': ({ id }) => core.diagnostics.get(id),
    'diagnostics.diff': ({ id, against }) => core.diagnostics.diff(id, against),
    'diagnostics.export': (input, ctx) => core.diagnostics.export(ctx.actor, input),
    // Printing needs a browser engine: the desktop shell answers this one (main/app/desktop-ops.ts).
    'diagnostics.exportPdf': async () => {
      throw new AppError('E_NOT_FOUND', 'PDF export is done by the desktop app; in a browser, download the HTML report and print it to PDF');
    },
  };
}
