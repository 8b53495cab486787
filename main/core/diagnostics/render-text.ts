/**
 * What the HTML, Markdown and CLI-text reports share: ONE language per report, taken from a
 * Translator. Every label comes from the `report` catalogue namespace, every check text from its
 * message; numbers, durations and dates go through the translator's formatters (tr-TR: 0,4 ms,
 * 02.12.2026 17:03 GMT+3). Raw technical text is shown as it is, in a smaller line.
 */
import { CHECK_CATEGORIES, type CheckCategory, type CheckStatus, type DiagnosticCheck, type DiagnosticsReport } from '../../../shared/diagnostics.js';
import type { Lang } from '../../../shared/i18n/format.js';
import { translator, type Translator } from '../../../shared/i18n/translator.js';
import { looksLikeMessage } from '../../../shared/messages.js';

export type ReportLang = Lang;

export interface RenderOptions {
  /** The report's language; default: `lang`, else Turkish. */
  translator?: Translator;
  /** Shorthand for `translator: translator(lang)`. */
  lang?: ReportLang;
  /** JSON on one line; HTML/Markdown/text: passing checks as one line each. */
  compact?: boolean;
  /** Extra secret values to remove (the run already removed those it knew). */
  knownSecrets?: readonly string[];
}

export function translatorOf(opts: Pick<RenderOptions, 'translator' | 'lang'>): Translator {
  return opts.translator ?? translator(opts.lang ?? 'tr');
}

/** The status word in the report's language ("GEÇTİ", "ATLANDI"). */
export function statusLabel(s: CheckStatus, t: Translator): string {
  return t.text(`common.status.${s}`);
}

export function categoryLabel(c: CheckCategory, t: Translator): string {
  return (CHECK_CATEGORIES as readonly string[]).includes(c) ? t.text(`report.categories.${c}`) : c;
}

/** A value that may be a message (new reports) or a plain string (a field some module left raw). */
export function textOf(v: unknown, t: Translator): string {
  if (v === null || v === undefined) return '';
  if (looksLikeMessage(v)) return t.t(v);
  return String(v);
}

/** Every piece of a check a report shows, translated. */
export interface CheckTexts {
  title: string;
  detail: string;
  recommendation: string | null;
  steps: string[];
  technical: string | null;
  skippedBecause: string | null;
}

export function checkTexts(c: DiagnosticCheck, t: Translator): CheckTexts {
  return {
    title: textOf(c.title, t) || c.name,
    detail: textOf(c.detail, t),
    recommendation: c.recommendation ? textOf(c.recommendation, t) : null,
    steps: (Array.isArray(c.steps) ? c.steps : []).map((s) => textOf(s, t)),
    technical: c.technical_detail ? String(c.technical_detail) : null,
    skippedBecause: c.status === 'SKIP' && c.skipped_because ? t.text('report.skipped_because', { what: c.skipped_because }) : null,
  };
}

/** Checks grouped by category, categories in the fixed order, unknown ones last. */
export function byCategory(report: DiagnosticsReport): Array<[CheckCategory, DiagnosticCheck[]]> {
  const order = [...CHECK_CATEGORIES, ...new Set(report.checks.map((c) => c.category).filter((c) => !CHECK_CATEGORIES.includes(c)))];
  return order.map((cat) => [cat, report.checks.filter((c) => c.category === cat)] as [CheckCategory, DiagnosticCheck[]]).filter(([, list]) => list.length > 0);
}

const RANK: Record<CheckStatus, number> = { FAIL: 0, WARN: 1, SKIP: 2, PASS: 3 };

/**
 * The report's order (issue 11): the problems first, worst first (FAIL, then WARN, each in
 * category order), then the rest by category — what a reader needs is on the first page.
 */
export function problemsFirst(report: DiagnosticsReport): { problems: DiagnosticCheck[]; rest: Array<[CheckCategory, DiagnosticCheck[]]> } {
  const grouped = byCategory(report);
  const problems = grouped.flatMap(([, list]) => list.filter((c) => c.status === 'FAIL' || c.status === 'WARN')).sort((a, b) => RANK[a.status] - RANK[b.status]);
  const rest = grouped.map(([cat, list]) => [cat, list.filter((c) => c.status === 'PASS' || c.status === 'SKIP')] as [CheckCategory, DiagnosticCheck[]]).filter(([, list]) => list.length > 0);
  return { problems, rest };
}

export function countStatuses(report: DiagnosticsReport): Record<CheckStatus, number> {
  const n: Record<CheckStatus, number> = { PASS: 0, WARN: 0, FAIL: 0, SKIP: 0 };
  for (const c of report.checks) if (c.status in n) n[c.status]++;
  return n;
}

/** Summary order: the worst first; SKIP shown only when there is one. */
export function summaryStatuses(n: Record<CheckStatus, number>): CheckStatus[] {
  return (['FAIL', 'WARN', 'PASS', 'SKIP'] as CheckStatus[]).filter((s) => s !== 'SKIP' || n.SKIP > 0);
}

/** The report's header facts (time, version, machine…) as label/value rows, for every format. */
export function metaRows(r: DiagnosticsReport, t: Translator): Array<[string, string]> {
  const L = (k: Parameters<Translator['text']>[0]) => t.text(k);
  const rows: Array<[string, string]> = [
    [L('report.time'), t.format.dateTime(r.timestamp)],
    [L('report.version'), r.version],
    [L('report.environment'), r.environment],
    [L('report.duration'), t.format.duration(r.duration_ms)],
    [L('report.machine'), r.machine.hostname],
    [L('report.user'), r.machine.user],
    [L('report.platform'), r.machine.platform],
    [L('report.os'), r.machine.os_release],
    [L('report.node'), r.machine.node],
  ];
  if (r.machine.app_data_dir) rows.push([L('report.data_dir'), r.machine.app_data_dir]);
  if (r.run_id !== undefined) rows.push([L('report.run_id'), t.format.number(r.run_id)]);
  if (r.store_error) rows.push([L('report.not_stored'), r.store_error]);
  return rows;
}

/** The health snapshot's rows: component name, its state and anything it said (raw text kept raw). */
export function healthRows(r: DiagnosticsReport, t: Translator): { state: string; rows: Array<[string, string, string | null]> } | null {
  const h = r.health_snapshot;
  if (!h) return null;
  // The UI's words for the same states (common.health_state): "Sağlıklı" on the screen and in the report.
  const state = (s: string) => (t.has(`common.health_state.${s}`) ? t.text(`common.health_state.${s}` as Parameters<Translator['text']>[0]) : s);
  const rows = Object.entries(h.components).map(([name, c]): [string, string, string | null] => {
    const label = t.has(`report.components.${name}`) ? t.text(`report.components.${name}` as Parameters<Translator['text']>[0]) : name;
    const latency = 'latency_ms' in c && typeof c.latency_ms === 'number' ? t.format.duration(c.latency_ms) : '';
    const said = [c.message, c.technical_detail].filter((x) => x !== undefined && x !== null && x !== '').map((x) => textOf(x, t));
    return [label, [state(c.status), latency].filter(Boolean).join(' · '), said.length ? said.join(' — ') : null];
  });
  return { state: state(h.status), rows };
}

/** The CLI's human summary: a headline, then one line per check (compact: problems only). */
export function renderText(r: DiagnosticsReport, t: Translator, compact = false): string {
  const lines = [t.text('report.headline', { version: r.version, status: statusLabel(r.status, t), count: r.checks.length, duration: r.duration_ms, at: r.timestamp })];
  const width = Math.max(...r.checks.map((c) => statusLabel(c.status, t).length), 4);
  for (const c of r.checks) {
    if (compact && c.status === 'PASS') continue;
    const x = checkTexts(c, t);
    lines.push(`  ${statusLabel(c.status, t).padEnd(width)}  ${x.title} (${c.name}): ${x.detail}`);
    if (compact) continue;
    if (x.recommendation) lines.push(`  ${' '.repeat(width)}  → ${x.recommendation}`);
    if (x.technical) lines.push(`  ${' '.repeat(width)}    ${t.text('report.technical_detail')}: ${x.technical}`);
  }
  const n = countStatuses(r);
  lines.push(`${t.text('report.summary')}: ${summaryStatuses(n).map((s) => t.text('report.count', { status: statusLabel(s, t), count: n[s] })).join(' · ')}`);
  return `${lines.join('\n')}\n`;
}
