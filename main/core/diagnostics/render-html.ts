/**
 * A self-contained, printable HTML report (R-DIAG-7): one file, no scripts, no links, no
 * external assets (it is attached to e-mails and opened offline), inline CSS only, colours kept
 * when printed. Every piece of report text goes through `esc`: details carry driver messages
 * and config paths, which may hold anything.
 */
import type { DiagnosticCheck, DiagnosticsReport } from '../../../shared/diagnostics.js';
import type { Translator } from '../../../shared/i18n/translator.js';
import { categoryLabel, checkTexts, countStatuses, healthRows, metaRows, problemsFirst, statusLabel, summaryStatuses } from './render-text.js';

export function esc(v: unknown): string {
  return String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
:root{--pass:#1b7f3b;--warn:#b26a00;--fail:#b3261e;--skip:#6b7280;--ink:#1d1d1f;--muted:#5f6368;--line:#d9dce0}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1000px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:0;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.overall{border-radius:10px;padding:18px 20px;color:#fff;display:flex;justify-content:space-between;align-items:center;gap:16px}
.overall .big{font-size:30px;font-weight:800;letter-spacing:.5px}
.s-PASS.overall{background:var(--pass)}.s-WARN.overall{background:var(--warn)}.s-FAIL.overall{background:var(--fail)}
.badge{display:inline-block;min-width:86px;text-align:center;border-radius:999px;padding:1px 10px;font-size:12px;font-weight:700;color:#fff}
.badge.s-PASS{background:var(--pass)}.badge.s-WARN{background:var(--warn)}.badge.s-FAIL{background:var(--fail)}.badge.s-SKIP{background:var(--skip)}
table{border-collapse:collapse;width:100%;margin:12px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{width:30%;color:var(--muted);font-weight:600}
.summary span{margin-right:14px;font-weight:700}
.check{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0}
.check.slim{padding:4px 10px;margin:4px 0;border-left-width:4px}.check.slim .detail{margin:2px 0;color:var(--muted)}.check.slim h3{font-size:14px}
h4{font-size:14px;margin:14px 0 4px;color:var(--muted)}
table.meta{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));column-gap:16px}table.meta tbody{display:contents}table.meta tr{display:flex;gap:8px}table.meta th{width:auto;min-width:9em}
.check.s-PASS{border-left-color:var(--pass)}.check.s-WARN{border-left-color:var(--warn)}.check.s-FAIL{border-left-color:var(--fail)}.check.s-SKIP{border-left-color:var(--skip)}
.name{font-family:ui-monospace,Consolas,monospace}.dur{color:var(--muted);font-size:12px;margin-left:auto}
.detail{margin:6px 0;white-space:pre-wrap;overflow-wrap:anywhere}.tech,.why{color:var(--muted);font-size:12px;margin:2px 0 6px;overflow-wrap:anywhere}.tech code{font-family:ui-monospace,Consolas,monospace}
.rec{margin:6px 0}ol{margin:4px 0 4px 22px;padding:0}pre{background:#f6f8fa;padding:8px;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px}
ul.passed{padding-left:20px}footer{margin-top:28px;color:var(--muted);font-size:12px}
@media print{body{padding:0;font-size:10.5pt;max-width:none}.check.slim,.overall,tr{break-inside:avoid}h2,h3,h4{break-after:avoid}details{display:none}
.check{break-inside:auto}.check h3,.check .detail{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}@page{margin:14mm}}
`;

function meta(r: DiagnosticsReport, t: Translator): string {
  const rows = metaRows(r, t);
  return `<table class="meta">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function check(c: DiagnosticCheck, t: Translator, compact: boolean, slim = false): string {
  const x = checkTexts(c, t);
  if (slim) {
    const why = x.skippedBecause ? ` <span class="why">${esc(x.skippedBecause)}</span>` : '';
    return `<article class="check slim s-${esc(c.status)}" id="check-${esc(c.name)}"><h3><span class="badge s-${esc(c.status)}">${esc(statusLabel(c.status, t))}</span><span>${esc(x.title)}</span><span class="name">${esc(c.name)}</span><span class="dur">${esc(t.format.duration(c.duration_ms))}</span></h3><p class="detail">${esc(x.detail)}${why}</p></article>`;
  }
  const parts = [
    `<h3><span class="badge s-${esc(c.status)}">${esc(statusLabel(c.status, t))}</span><span>${esc(x.title)}</span><span class="name">${esc(c.name)}</span><span class="dur">${esc(t.format.duration(c.duration_ms))}</span></h3>`,
    `<p class="detail">${esc(x.detail)}</p>`,
  ];
  if (x.skippedBecause) parts.push(`<p class="why">${esc(x.skippedBecause)}</p>`);
  if (x.recommendation) parts.push(`<p class="rec"><strong>${esc(t.text('report.recommendation'))}:</strong> ${esc(x.recommendation)}</p>`);
  if (x.steps.length > 0) parts.push(`<div class="steps"><strong>${esc(t.text('report.steps'))}:</strong><ol>${x.steps.map((s) => `<li>${esc(s)}</li>`).join('')}</ol></div>`);
  if (x.technical) parts.push(`<p class="tech">${esc(t.text('report.technical_detail'))}: <code>${esc(x.technical)}</code></p>`);
  if (!compact && c.observed) parts.push(`<details><summary>${esc(t.text('report.observed'))}</summary><pre>${esc(JSON.stringify(c.observed, null, 2))}</pre></details>`);
  return `<article class="check s-${esc(c.status)}" id="check-${esc(c.name)}">${parts.join('')}</article>`;
}

function health(r: DiagnosticsReport, t: Translator): string {
  const h = healthRows(r, t);
  if (!h) return `<h2>${esc(t.text('report.health'))}</h2><p>${esc(t.text('report.health_missing'))}</p>`;
  const rows = h.rows.map(([name, state, said]) => `<tr><th>${esc(name)}</th><td>${esc(state)}${said ? `<div class="tech">${esc(said)}</div>` : ''}</td></tr>`);
  return `<h2>${esc(t.text('report.health'))}: ${esc(h.state)}</h2><table><tr><th>${esc(t.text('report.component'))}</th><th>${esc(t.format.dateTime(r.health_snapshot!.timestamp))}</th></tr>${rows.join('')}</table>`;
}

/**
 * The report in the translator's language only: the overall state and the counts, then the
 * problems (worst first, with what to do), then the passed and skipped checks one short row
 * each (`compact`: passing checks as one list line), then the run's facts and the health.
 */
export function renderHtml(r: DiagnosticsReport, t: Translator, compact = false): string {
  const n = countStatuses(r);
  const { problems, rest } = problemsFirst(r);
  const problemSection = `<section class="problems"><h2>${esc(t.text('report.problems', { count: problems.length }))}</h2>${
    problems.length ? problems.map((c) => check(c, t, compact)).join('') : `<p>${esc(t.text('report.no_problems'))}</p>`
  }</section>`;
  const restCount = rest.reduce((a, [, list]) => a + list.length, 0);
  const groups = rest.map(([cat, list]) => {
    const passed = compact ? list.filter((c) => c.status === 'PASS') : [];
    const shown = compact ? list.filter((c) => c.status !== 'PASS') : list;
    const passedList = passed.length
      ? `<ul class="passed">${passed.map((c) => `<li><span class="badge s-PASS">${esc(statusLabel('PASS', t))}</span> ${esc(checkTexts(c, t).title)} <span class="name">${esc(c.name)}</span> — ${esc(checkTexts(c, t).detail)}</li>`).join('')}</ul>`
      : '';
    return `<h4>${esc(categoryLabel(cat, t))}</h4>${shown.map((c) => check(c, t, compact, true)).join('')}${passedList}`;
  });
  const restSection = restCount ? `<section class="passes"><h2>${esc(t.text('report.passes', { count: restCount }))}</h2>${groups.join('')}</section>` : '';
  const counts = summaryStatuses(n)
    .map((s) => `<span class="badge s-${s}">${esc(t.text('report.count', { status: statusLabel(s, t), count: n[s] }))}</span>`)
    .join(' ');
  const when = t.format.dateTime(r.timestamp);
  const title = t.text('report.title');
  return `<!doctype html>
<html lang="${t.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${title} — ${statusLabel(r.status, t)} — ${when}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="overall s-${esc(r.status)}"><div><h1>${esc(title)}</h1><div>${esc(t.text('report.overall'))} · ${esc(when)} · ${esc(r.machine.hostname)}</div></div><div class="big">${esc(statusLabel(r.status, t))}</div></header>
<p class="summary"><strong>${esc(t.text('report.summary'))}:</strong> ${counts}</p>
${problemSection}
${restSection}
<h2>${esc(t.text('report.run_facts'))}</h2>
${meta(r, t)}
${health(r, t)}
<footer>OptiPlan360 ${esc(r.version)} · ${esc(r.environment)} · ${esc(when)}</footer>
</body>
</html>
`;
}
