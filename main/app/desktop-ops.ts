/**
 * Operations only the desktop shell can do (they need Electron): routed here before the core.
 * Inputs are validated against the same contract schemas as every other call.
 */
import { contract, type OpName } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import type { CallContext } from '../core/api/dispatch.js';
import { issuesToDetails } from '../core/config/schema-errors.js';

export interface DesktopDeps {
  /** The core's door for everything else. */
  invoke(name: OpName, input: unknown, ctx: CallContext): Promise<unknown>;
  /** Renders HTML to a PDF the user saves (Electron printToPDF + save dialog). */
  printHtmlToPdf(html: string, suggestedName: string): Promise<{ saved: boolean; path?: string }>;
  /** Audits through the core (never throws). */
  record(entry: { action: string; target: string; result: 'success' | 'failure' | 'info'; actor: string; detail?: string }): Promise<void>;
}

export function desktopInvoke(deps: DesktopDeps) {
  return async (name: OpName, input: unknown, ctx: CallContext): Promise<unknown> => {
    if (name !== 'diagnostics.exportPdf') return deps.invoke(name, input, ctx);
    const parsed = contract['diagnostics.exportPdf'].input.safeParse(input ?? {});
    if (!parsed.success) throw new AppError('E_VALIDATION', 'invalid input for diagnostics.exportPdf', issuesToDetails(parsed.error));
    const { id, lang } = parsed.data;
    const html = (await deps.invoke('diagnostics.export', { format: 'html', lang, ...(id ? { id } : {}) }, ctx)) as { content: string; filename: string; run_id: number };
    const result = await deps.printHtmlToPdf(html.content, html.filename.replace(/\.html$/, '.pdf'));
    await deps.record({ action: 'DIAGNOSTICS_EXPORTED', target: `diagnostics run ${html.run_id}`, result: result.saved ? 'success' : 'info', actor: ctx.actor, detail: result.saved ? 'pdf' : 'pdf (cancelled)' });
    return result;
  };
}
