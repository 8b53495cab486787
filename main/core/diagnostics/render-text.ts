/** Labels and text choices shared by the HTML and Markdown reports (Turkish first, English alongside). */
import { CHECK_CATEGORIES, type CheckCategory, type CheckStatus, type DiagnosticCheck, type DiagnosticsReport } from '../../../shared/diagnostics.js';

export type ReportLang = 'tr' | 'en';

export interface RenderOptions {
  /** Main language; the other one is shown alongside (smaller) unless `compact`. Default tr. */
  lang?: ReportLang;
  /** JSON on one line; HTML/Markdown: passing checks as one line each, no second language. */
  compact?: boolean;
  /** Extra secret values to remove (the run already removed those it knew). */
  knownSecrets?: readonly string[];
}

const LABELS = {
  tr: {
    title: 'OptiPlan360 Entegrasyon Tanılama Raporu',
    overall: 'Genel durum',
    time: 'Zaman',
    version: 'Sürüm',
    environment: 'Ortam',
    duration: 'Süre',
    machine: 'Makine',
    user: 'Kullanıcı',
    platform: 'Platform',
    os: 'İşletim sistemi sürümü',
    node: 'Node.js',
    dataDir: 'Veri klasörü',
    summary: 'Özet',
    recommendation: 'Öneri',
    steps: 'Adımlar',
    data: 'Veri',
    health: 'Sağlık özeti',
    healthMissing: 'Sağlık raporu zaman aşımına uğradı.',
    component: 'Bileşen',
    passed: 'Geçen kontroller',
    runId: 'Çalıştırma no',
    notStored: 'Kaydedilemedi',
  },
  en: {
    title: 'OptiPlan360 Integration Diagnostics Report',
    overall: 'Overall status',
    time: 'Time',
    version: 'Version',
    environment: 'Environment',
    duration: 'Duration',
    machine: 'Machine',
    user: 'User',
    platform: 'Platform',
    os: 'OS release',
    node: 'Node.js',
    dataDir: 'Data folder',
    summary: 'Summary',
    recommendation: 'Recommendation',
    steps: 'Steps',
    data: 'Data',
    health: 'Health snapshot',
    healthMissing: 'The health report timed out.',
    component: 'Component',
    passed: 'Passed checks',
    runId: 'Run id',
    notStored: 'Not stored',
  },
} as const;

export type Labels = { [K in keyof (typeof LABELS)['en']]: string };

export function labels(lang: ReportLang): Labels {
  return LABELS[lang];
}

const STATUS_TR: Readonly<Record<CheckStatus, string>> = { PASS: 'GEÇTİ', WARN: 'UYARI', FAIL: 'HATA' };

/** The code stays (scripts read it); Turkish adds its word. */
export function statusLabel(s: CheckStatus, lang: ReportLang): string {
  return lang === 'tr' ? `${s} (${STATUS_TR[s]})` : s;
}

const CATEGORY: Readonly<Record<CheckCategory, { tr: string; en: string }>> = {
  system: { tr: 'Sistem', en: 'System' },
  database: { tr: 'Veritabanı', en: 'Database' },
  config: { tr: 'Yapılandırma ve gizli değerler', en: 'Configuration and secrets' },
  mikro: { tr: 'Mikro (SQL Server, salt okunur)', en: 'Mikro (SQL Server, read-only)' },
  whatsapp: { tr: 'WhatsApp', en: 'WhatsApp' },
  backup: { tr: 'Yedekleme', en: 'Backups' },
  queues: { tr: 'Kuyruklar ve senkronizasyon', en: 'Queues and sync' },
  audit: { tr: 'Denetim kaydı', en: 'Audit log' },
};

export function categoryLabel(c: CheckCategory, lang: ReportLang): string {
  return CATEGORY[c]?.[lang] ?? c;
}

/** Main and (when different) secondary text of a check, in the chosen language order. */
export function texts(c: DiagnosticCheck, lang: ReportLang): { detail: [string, string | null]; rec: [string | null, string | null]; steps: [string[], string[]] } {
  const other = (a: string | null | undefined, b: string | null | undefined): string | null => (b && b !== a ? b : null);
  if (lang === 'tr') {
    const d = c.detail_tr ?? c.detail;
    const r = c.recommendation_tr ?? c.recommendation;
    return { detail: [d, other(d, c.detail)], rec: [r, other(r, c.recommendation)], steps: [c.steps?.tr ?? [], c.steps?.en ?? []] };
  }
  return { detail: [c.detail, other(c.detail, c.detail_tr)], rec: [c.recommendation, other(c.recommendation, c.recommendation_tr)], steps: [c.steps?.en ?? [], c.steps?.tr ?? []] };
}

/** Checks grouped by category, categories in the fixed order, unknown ones last. */
export function byCategory(report: DiagnosticsReport): Array<[CheckCategory, DiagnosticCheck[]]> {
  const order = [...CHECK_CATEGORIES, ...new Set(report.checks.map((c) => c.category).filter((c) => !CHECK_CATEGORIES.includes(c)))];
  return order.map((cat) => [cat, report.checks.filter((c) => c.category === cat)] as [CheckCategory, DiagnosticCheck[]]).filter(([, list]) => list.length > 0);
}

export function countStatuses(report: DiagnosticsReport): Record<CheckStatus, number> {
  const n: Record<CheckStatus, number> = { PASS: 0, WARN: 0, FAIL: 0 };
  for (const c of report.checks) n[c.status]++;
  return n;
}

export function ms(v: number): string {
  return v >= 1000 ? `${Math.round(v / 100) / 10} s` : `${Math.round(v)} ms`;
}

/** The report's header facts (time, version, machine…) as label/value rows, for every format. */
export function metaRows(r: DiagnosticsReport, L: Labels): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    [L.time, r.timestamp],
    [L.version, r.version],
    [L.environment, r.environment],
    [L.duration, ms(r.duration_ms)],
    [L.machine, r.machine.hostname],
    [L.user, r.machine.user],
    [L.platform, r.machine.platform],
    [L.os, r.machine.os_release],
    [L.node, r.machine.node],
  ];
  if (r.machine.app_data_dir) rows.push([L.dataDir, r.machine.app_data_dir]);
  if (r.run_id !== undefined) rows.push([L.runId, String(r.run_id)]);
  if (r.store_error) rows.push([L.notStored, r.store_error]);
  return rows;
}
