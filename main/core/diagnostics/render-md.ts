/**
 * The Markdown report (for tickets and chat). Markdown viewers render inline HTML, so `<`, `>`
 * and `&` in report text are written as entities; table cells also escape `|` and newlines.
 */
import type { CheckStatus, DiagnosticCheck, DiagnosticsReport } from '../../../shared/diagnostics.js';
import type { Translator } from '../../../shared/i18n/translator.js';
import { categoryLabel, checkTexts, countStatuses, healthRows, metaRows, problemsFirst, statusLabel, summaryStatuses } from './render-text.js';

const ICON: Readonly<Record<CheckStatus, string>> = { PASS: '✅', WARN: '⚠️', FAIL: '❌', SKIP: '⏭️' };

export function mdText(v: unknown): string {
  return String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]])/g, '\\$1');
}

function cell(v: unknown): string {
  return mdText(v).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Block text: every line kept inside the quote / list item it belongs to. */
function block(v: unknown, prefix: string): string {
  return mdText(v)
    .split(/\r?\n/)
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

function check(c: DiagnosticCheck, t: Translator): string {
  const x = checkTexts(c, t);
  const out = [`### ${ICON[c.status]} ${mdText(statusLabel(c.status, t))} — ${mdText(x.title)} \`${c.name.replace(/`/g, '')}\` (${mdText(t.format.duration(c.duration_ms))})`, '', block(x.detail, '')];
  if (x.skippedBecause) out.push('', `<sub>${mdText(x.skippedBecause)}</sub>`);
  if (x.recommendation) out.push('', `**${mdText(t.text('report.recommendation'))}:** ${mdText(x.recommendation)}`);
  if (x.steps.length > 0) out.push('', `**${mdText(t.text('report.steps'))}:**`, '', ...x.steps.map((s, i) => `${i + 1}. ${cell(s)}`));
  if (x.technical) out.push('', `<sub>${mdText(t.text('report.technical_detail'))}: ${cell(x.technical)}</sub>`);
  return out.join('\n');
}

/** The report in the translator's language only: problems first (worst first), then the rest by category; `compact` lists passing checks as one line each. */
export function renderMarkdown(r: DiagnosticsReport, t: Translator, compact = false): string {
  const n = countStatuses(r);
  const { problems, rest } = problemsFirst(r);
  const out = [
    `# ${mdText(t.text('report.title'))}`,
    '',
    `## ${ICON[r.status]} ${mdText(t.text('report.overall'))}: **${mdText(statusLabel(r.status, t))}**`,
    '',
    `**${mdText(t.text('report.summary'))}:** ${summaryStatuses(n).map((s) => `${ICON[s]} ${mdText(t.text('report.count', { status: statusLabel(s, t), count: n[s] }))}`).join(' · ')}`,
    '',
    `## ${mdText(t.text('report.problems', { count: problems.length }))}`,
  ];
  if (problems.length === 0) out.push('', mdText(t.text('report.no_problems')));
  for (const c of problems) out.push('', check(c, t));
  const restCount = rest.reduce((a, [, list]) => a + list.length, 0);
  if (restCount) out.push('', `## ${mdText(t.text('report.passes', { count: restCount }))}`);
  for (const [cat, list] of rest) {
    out.push('', `### ${mdText(categoryLabel(cat, t))}`, '');
    const line = (c: DiagnosticCheck) => {
      const x = checkTexts(c, t);
      return `- ${ICON[c.status]} ${mdText(statusLabel(c.status, t))} — ${cell(x.title)} \`${c.name.replace(/`/g, '')}\`${compact && c.status === 'PASS' ? '' : ` — ${cell(x.detail)}`}${x.skippedBecause ? ` (${cell(x.skippedBecause)})` : ''}`;
    };
    out.push(...list.map(line));
  }
  out.push('', `## ${mdText(t.text('report.run_facts'))}`, '', `| | |`, `|---|---|`, ...metaRows(r, t).map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`));
  const h = healthRows(r, t);
  out.push('', `## ${mdText(t.text('report.health'))}${h ? `: ${mdText(h.state)}` : ''}`, '');
  if (!h) out.push(mdText(t.text('report.health_missing')));
  else {
    out.push(`| ${cell(t.text('report.component'))} | ${cell(t.format.dateTime(r.health_snapshot!.timestamp))} |`, '|---|---|');
    for (const [name, state, said] of h.rows) out.push(`| ${cell(name)} | ${cell(said ? `${state} — ${said}` : state)} |`);
  }
  return `${out.join('\n')}\n`;
}
