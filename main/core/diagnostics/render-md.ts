/**
 * The Markdown report (for tickets and chat). Markdown viewers render inline HTML, so `<`, `>`
 * and `&` in report text are written as entities; table cells also escape `|` and newlines.
 */
import type { CheckStatus, DiagnosticCheck, DiagnosticsReport } from '../../../shared/diagnostics.js';
import { byCategory, categoryLabel, countStatuses, labels, metaRows, ms, statusLabel, texts, type Labels, type ReportLang } from './render-text.js';

const ICON: Readonly<Record<CheckStatus, string>> = { PASS: '✅', WARN: '⚠️', FAIL: '❌' };

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

function check(c: DiagnosticCheck, lang: ReportLang, compact: boolean, L: Labels): string {
  const t = texts(c, lang);
  const out = [`### ${ICON[c.status]} ${statusLabel(c.status, lang)} — \`${c.name.replace(/`/g, '')}\` (${ms(c.duration_ms)})`, '', block(t.detail[0], '')];
  if (!compact && t.detail[1]) out.push('', block(t.detail[1], '> '));
  if (t.rec[0]) out.push('', `**${L.recommendation}:** ${mdText(t.rec[0])}`);
  if (!compact && t.rec[1]) out.push('', block(t.rec[1], '> '));
  if (t.steps[0].length > 0) {
    out.push('', `**${L.steps}:**`, '', ...t.steps[0].map((s, i) => `${i + 1}. ${cell(s)}`));
    if (!compact && t.steps[1].length > 0) out.push('', ...t.steps[1].map((s, i) => `> ${i + 1}. ${cell(s)}`));
  }
  return out.join('\n');
}

export function renderMarkdown(r: DiagnosticsReport, lang: ReportLang = 'tr', compact = false): string {
  const L = labels(lang);
  const n = countStatuses(r);
  const meta = metaRows(r, L);
  const out = [
    `# ${L.title}`,
    '',
    `## ${ICON[r.status]} ${L.overall}: **${statusLabel(r.status, lang)}**`,
    '',
    `| | |`,
    `|---|---|`,
    ...meta.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`),
    '',
    `**${L.summary}:** ${(['FAIL', 'WARN', 'PASS'] as CheckStatus[]).map((s) => `${ICON[s]} ${statusLabel(s, lang)}: ${n[s]}`).join(' · ')}`,
  ];
  for (const [cat, list] of byCategory(r)) {
    out.push('', `## ${mdText(categoryLabel(cat, lang))}`);
    const shown = compact ? list.filter((c) => c.status !== 'PASS') : list;
    for (const c of shown) out.push('', check(c, lang, compact, L));
    const passed = compact ? list.filter((c) => c.status === 'PASS') : [];
    if (passed.length) out.push('', ...passed.map((c) => `- ${ICON.PASS} \`${c.name.replace(/`/g, '')}\` — ${cell(texts(c, lang).detail[0])}`));
  }
  const h = r.health_snapshot;
  out.push('', `## ${L.health}${h ? `: ${h.status}` : ''}`, '');
  if (!h) out.push(L.healthMissing);
  else {
    out.push(`| ${L.component} | ${cell(h.timestamp)} |`, '|---|---|');
    for (const [name, c] of Object.entries(h.components)) out.push(`| ${cell(name)} | ${cell([c.status, c.error].filter(Boolean).join(' — '))} |`);
  }
  return `${out.join('\n')}\n`;
}
