/**
 * Report output in the three formats (R-DIAG-5, R-DIAG-7) and the CLI exit code. Every format
 * redacts again before writing: a report may come from storage or from another process, and the
 * pattern layer costs little. One language per report, from the options' Translator: HTML and
 * Markdown are written in it, JSON carries its texts in it (codes, names and technical detail
 * unchanged).
 */
import { CHECK_STATUS_RANK, type CheckStatus, type DiagnosticsReport, type FailOn, type ReportFormat } from '../../../shared/diagnostics.js';
import { redactDeep } from './redact.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';
import { translatorOf, type RenderOptions } from './render-text.js';

export function renderReport(report: DiagnosticsReport, format: ReportFormat, opts: RenderOptions = {}): string {
  const clean = redactDeep(report, opts.knownSecrets ?? []);
  const t = translatorOf(opts);
  const compact = opts.compact ?? false;
  if (format === 'html') return renderHtml(clean, t, compact);
  if (format === 'md') return renderMarkdown(clean, t, compact);
  return `${JSON.stringify({ ...t.localize(clean), lang: t.lang }, null, compact ? undefined : 2)}\n`;
}

const THRESHOLD: Readonly<Record<FailOn, number>> = { none: Number.POSITIVE_INFINITY, warn: 1, fail: 2 };

/**
 * `run_integration_diagnostics.py` compatible: rank PASS/SKIP 0 / WARN 1 / FAIL 2; exit 2 when the
 * rank reaches the --fail-on threshold (none never trips), else 0. Exit 1 (internal error) is
 * the caller's, for a run that could not produce a report.
 */
export function exitCodeFor(status: CheckStatus, failOn: FailOn = 'fail'): 0 | 2 {
  return CHECK_STATUS_RANK[status] >= THRESHOLD[failOn] ? 2 : 0;
}
