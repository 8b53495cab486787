/**
 * A self-contained, printable HTML report (R-DIAG-7): one file, no scripts, no links, no
 * external assets (it is attached to e-mails and opened offline), inline CSS only, colours kept
 * when printed. Every piece of report text goes through `esc`: details carry driver messages
 * and config paths, which may hold anything.
 */
import type { CheckStatus, DiagnosticCheck, DiagnosticsReport } from '../../../shared/diagnostics.js';
import { byCategory, categoryLabel, countStatuses, labels, metaRows, ms, statusLabel, texts, type Labels, type ReportLang } from './render-text.js';

export function esc(v: unknown): string {
  return String(v ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
:root{--pass:#1b7f3b;--warn:#b26a00;--fail:#b3261e;--ink:#1d1d1f;--muted:#5f6368;--line:#d9dce0}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1000px;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:0;display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.overall{border-radius:10px;padding:18px 20px;color:#fff;display:flex;justify-content:space-between;align-items:center;gap:16px}
.overall .big{font-size:30px;font-weight:800;letter-spacing:.5px}
.s-PASS.overall{background:var(--pass)}.s-WARN.overall{background:var(--warn)}.s-FAIL.overall{background:var(--fail)}
.badge{display:inline-block;min-width:86px;text-align:center;border-radius:999px;padding:1px 10px;font-size:12px;font-weight:700;color:#fff}
.badge.s-PASS{background:var(--pass)}.badge.s-WARN{background:var(--warn)}.badge.s-FAIL{background:var(--fail)}
table{border-collapse:collapse;width:100%;margin:12px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{width:30%;color:var(--muted);font-weight:600}
.summary span{margin-right:14px;font-weight:700}
.check{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:8px;padding:10px 14px;margin:10px 0}
.check.s-PASS{border-left-color:var(--pass)}.check.s-WARN{border-left-color:var(--warn)}.check.s-FAIL{border-left-color:var(--fail)}
.name{font-family:ui-monospace,Consolas,monospace}.dur{color:var(--muted);font-size:12px;margin-left:auto}
.detail{margin:6px 0;white-space:pre-wrap;overflow-wrap:anywhere}.alt{color:var(--muted);font-size:12.5px;margin:2px 0 6px;overflow-wrap:anywhere}
.rec{margin:6px 0}ol,ol.alt{margin:4px 0 4px 22px;padding:0}pre{background:#f6f8fa;padding:8px;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px}
ul.passed{padding-left:20px}footer{margin-top:28px;color:var(--muted);font-size:12px}
@media print{body{padding:0;font-size:11pt;max-width:none}.check,.overall,table{break-inside:avoid}h2{break-after:avoid}details{display:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}@page{margin:14mm}}
`;

function meta(r: DiagnosticsReport, L: Labels): string {
  const rows = metaRows(r, L);
  return `<table class="meta">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function check(c: DiagnosticCheck, lang: ReportLang, compact: boolean, L: Labels): string {
  const other: ReportLang = lang === 'tr' ? 'en' : 'tr';
  const t = texts(c, lang);
  const parts = [
    `<h3><span class="badge s-${c.status}">${esc(statusLabel(c.status, lang))}</span><span class="name">${esc(c.name)}</span><span class="dur">${esc(ms(c.duration_ms))}</span></h3>`,
    `<p class="detail">${esc(t.detail[0])}</p>`,
  ];
  if (!compact && t.detail[1]) parts.push(`<p class="alt" lang="${other}">${esc(t.detail[1])}</p>`);
  if (t.rec[0]) parts.push(`<p class="rec"><strong>${esc(L.recommendation)}:</strong> ${esc(t.rec[0])}</p>`);
  if (!compact && t.rec[1]) parts.push(`<p class="alt" lang="${other}">${esc(t.rec[1])}</p>`);
  if (t.steps[0].length > 0) {
    parts.push(`<div class="steps"><strong>${esc(L.steps)}:</strong><ol>${t.steps[0].map((s) => `<li>${esc(s)}</li>`).join('')}</ol>`);
    if (!compact && t.steps[1].length > 0) parts.push(`<ol class="alt" lang="${other}">${t.steps[1].map((s) => `<li>${esc(s)}</li>`).join('')}</ol>`);
    parts.push('</div>');
  }
  if (!compact && c.data) parts.push(`<details><summary>${esc(L.data)}</summary><pre>${esc(JSON.stringify(c.data, null, 2))}</pre></details>`);
  return `<article class="check s-${c.status}" id="check-${esc(c.name)}">${parts.join('')}</article>`;
}

function health(r: DiagnosticsReport, L: Labels): string {
  const h = r.health_snapshot;
  if (!h) return `<h2>${esc(L.health)}</h2><p>${esc(L.healthMissing)}</p>`;
  const rows = Object.entries(h.components).map(([name, c]) => {
    const extra = [('latency_ms' in c && c.latency_ms !== null && c.latency_ms !== undefined) ? `${c.latency_ms} ms` : '', c.error ?? '', 'detail' in c ? (c.detail ?? '') : ''].filter(Boolean).join(' — ');
    return `<tr><th>${esc(name)}</th><td>${esc(c.status)}${extra ? ` — ${esc(extra)}` : ''}</td></tr>`;
  });
  return `<h2>${esc(L.health)}: ${esc(h.status)}</h2><table><tr><th>${esc(L.component)}</th><th>${esc(h.timestamp)}</th></tr>${rows.join('')}</table>`;
}

export function renderHtml(r: DiagnosticsReport, lang: ReportLang = 'tr', compact = false): string {
  const L = labels(lang);
  const n = countStatuses(r);
  const sections = byCategory(r).map(([cat, list]) => {
    const shown = compact ? list.filter((c) => c.status !== 'PASS') : list;
    const passed = compact ? list.filter((c) => c.status === 'PASS') : [];
    const passedList = passed.length ? `<ul class="passed">${passed.map((c) => `<li><span class="badge s-PASS">${esc(statusLabel('PASS', lang))}</span> <span class="name">${esc(c.name)}</span> — ${esc(texts(c, lang).detail[0])}</li>`).join('')}</ul>` : '';
    return `<section><h2>${esc(categoryLabel(cat, lang))}</h2>${shown.map((c) => check(c, lang, compact, L)).join('')}${passedList}</section>`;
  });
  const counts = (['FAIL', 'WARN', 'PASS'] as CheckStatus[]).map((s) => `<span class="badge s-${s}">${esc(statusLabel(s, lang))}: ${n[s]}</span>`).join(' ');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${L.title} — ${r.status} — ${r.timestamp}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="overall s-${r.status}"><div><h1>${esc(L.title)}</h1><div>${esc(L.overall)} · ${esc(r.timestamp)} · ${esc(r.machine.hostname)}</div></div><div class="big">${esc(statusLabel(r.status, lang))}</div></header>
${meta(r, L)}
<p class="summary"><strong>${esc(L.summary)}:</strong> ${counts}</p>
${sections.join('\n')}
${health(r, L)}
<footer>OptiPlan360 ${esc(r.version)} · ${esc(r.environment)} · ${esc(r.timestamp)}</footer>
</body>
</html>
`;
}
