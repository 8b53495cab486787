/**
 * Operations only the desktop shell can do (they need Electron): routed here before the core.
 * Inputs are validated against the same contract schemas as every other call.
 */
import { contract, type OpName } from '../../shared/contract.js';
import { AppError } from '../../shared/errors.js';
import { msg } from '../../shared/messages.js';
import type { CallContext } from '../core/api/dispatch.js';
import { issuesToDetails } from '../core/config/schema-errors.js';
import { bundleSource, copyThroughTemp } from './support-copy.js';

export interface DesktopDeps {
  /** The core's door for everything else. */
  invoke(name: OpName, input: unknown, ctx: CallContext): Promise<unknown>;
  /** Renders HTML to a PDF the user saves (Electron printToPDF + save dialog). */
  printHtmlToPdf(html: string, suggestedName: string): Promise<{ saved: boolean; path?: string }>;
  /** "Farklı kaydet…" for support bundles (support.saveCopy); without it the op is refused. */
  supportCopy?: {
    /** The data folder's support/ (where support.bundle writes its zips). */
    dir: string;
    /** The save dialog (Electron's): the path the user chose, or null when cancelled. */
    chooseSavePath(suggestedName: string, filter: { name: string; extensions: string[] }): Promise<string | null>;
  };
  /** Audits through the core (never throws). */
  record(entry: { action: string; target: string; result: 'success' | 'failure' | 'info'; actor: string; detail?: string }): Promise<void>;
}

export function desktopInvoke(deps: DesktopDeps) {
  return async (name: OpName, input: unknown, ctx: CallContext): Promise<unknown> => {
    if (name === 'support.saveCopy') return saveSupportCopy(deps, input, ctx);
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

/** "Farklı kaydet…": a copy of a bundle of this console's support/ where the user chooses (audited). */
async function saveSupportCopy(deps: DesktopDeps, input: unknown, ctx: CallContext): Promise<{ saved: boolean; path?: string }> {
  const parsed = contract['support.saveCopy'].input.safeParse(input ?? {});
  if (!parsed.success) throw new AppError('E_VALIDATION', 'invalid input for support.saveCopy', issuesToDetails(parsed.error));
  const { filename } = parsed.data;
  const copy = deps.supportCopy;
  if (!copy) throw new AppError('E_NOT_FOUND', msg('errors.desktop_only', { op: 'support.saveCopy' }));
  const source = await bundleSource(copy.dir, filename);
  const target = await copy.chooseSavePath(filename, { name: 'Zip', extensions: ['zip'] });
  if (!target) return { saved: false };
  try {
    await copyThroughTemp(source, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'copy failed';
    await deps.record({ action: 'SUPPORT_BUNDLE_SAVED', target: filename, result: 'failure', actor: ctx.actor, detail: code });
    throw new AppError('E_INTERNAL', msg('errors.unexpected', { op: 'support.saveCopy' }), [], { technical_detail: `${target}: ${err instanceof Error ? err.message : String(err)}` });
  }
  await deps.record({ action: 'SUPPORT_BUNDLE_SAVED', target: filename, result: 'success', actor: ctx.actor });
  return { saved: true, path: target };
}
