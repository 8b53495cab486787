/**
 * How numbers, sizes, durations, percentages and times read for a person, per language, with
 * Intl (tr-TR: "0,4 ms", "20,0 KB", "2 sn", "%100", "02.12.2026 17:03 GMT+3", "17 dakika önce").
 * JSON keeps raw numbers and ISO-8601 UTC; only text for people goes through here.
 */
export const LANGS = ['tr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return value === 'tr' || value === 'en';
}

/** The Intl locale of a language: Turkey's conventions, and British English (24 h, day first). */
export function localeOf(lang: Lang): string {
  return lang === 'tr' ? 'tr-TR' : 'en-GB';
}

const UNITS = {
  tr: { ms: 'ms', s: 'sn', min: 'dk', h: 'sa', B: 'B', KB: 'KB', MB: 'MB', GB: 'GB', TB: 'TB' },
  en: { ms: 'ms', s: 's', min: 'min', h: 'h', B: 'B', KB: 'KB', MB: 'MB', GB: 'GB', TB: 'TB' },
} as const;

export function formatNumber(lang: Lang, value: number, fractionDigits?: number): string {
  const opts: Intl.NumberFormatOptions = fractionDigits === undefined ? { maximumFractionDigits: 2 } : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits };
  return new Intl.NumberFormat(localeOf(lang), opts).format(value);
}

/** Milliseconds as people say them: "0,4 ms", "12 ms", "2,5 sn", "17 sn", "3 dk", "2 sa". */
export function formatDuration(lang: Lang, ms: number): string {
  const u = UNITS[lang];
  const abs = Math.abs(ms);
  if (abs < 10) return `${formatNumber(lang, ms, 1)} ${u.ms}`;
  if (abs < 1000) return `${formatNumber(lang, Math.round(ms), 0)} ${u.ms}`;
  const s = ms / 1000;
  if (Math.abs(s) < 10) return `${formatNumber(lang, Math.round(s * 10) / 10)} ${u.s}`;
  if (Math.abs(s) < 120) return `${formatNumber(lang, Math.round(s), 0)} ${u.s}`;
  const min = s / 60;
  if (Math.abs(min) < 120) return `${formatNumber(lang, Math.round(min), 0)} ${u.min}`;
  return `${formatNumber(lang, Math.round((min / 60) * 10) / 10)} ${u.h}`;
}

/** Bytes with a unit (binary steps, as Windows Explorer shows them): "512 B", "20,0 KB", "1,5 GB". */
export function formatBytes(lang: Lang, bytes: number): string {
  const u = UNITS[lang];
  const steps = [u.KB, u.MB, u.GB, u.TB];
  if (Math.abs(bytes) < 1024) return `${formatNumber(lang, bytes, 0)} ${u.B}`;
  let value = bytes / 1024;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < steps.length - 1) {
    value /= 1024;
    i++;
  }
  return `${formatNumber(lang, value, 1)} ${steps[i]}`;
}

/** A ratio (0..1) as a percentage: tr "%100", "%12,5"; en "100%", "12.5%". */
export function formatPercent(lang: Lang, ratio: number): string {
  return new Intl.NumberFormat(localeOf(lang), { style: 'percent', maximumFractionDigits: 1 }).format(ratio);
}

/**
 * A moment in local time with its zone: "02.12.2026 17:03 GMT+3". `timeZone` defaults to the
 * machine's (the operator's PC), which is what a person reading the text expects.
 */
export function formatDateTime(lang: Lang, at: string | number | Date, timeZone?: string): string {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return new Intl.DateTimeFormat(localeOf(lang), {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

/** How long ago (or from now): "17 dakika önce", "3 saat sonra", "17 minutes ago". */
export function formatRelative(lang: Lang, at: string | number | Date, now: Date = new Date()): string {
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  const diffS = (d.getTime() - now.getTime()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(localeOf(lang), { numeric: 'auto' });
  const abs = Math.abs(diffS);
  if (abs < 60) return rtf.format(Math.round(diffS), 'second');
  if (abs < 3600) return rtf.format(Math.round(diffS / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(diffS / 3600), 'hour');
  return rtf.format(Math.round(diffS / 86_400), 'day');
}

/** A list: tr "a, b ve c", en "a, b and c". */
export function formatList(lang: Lang, items: readonly string[]): string {
  return new Intl.ListFormat(localeOf(lang), { style: 'long', type: 'conjunction' }).format(items);
}

/** Every formatter bound to one language (the translator's `format`, the renderer's `useFormat`). */
export interface Formatters {
  lang: Lang;
  number(value: number, fractionDigits?: number): string;
  duration(ms: number): string;
  bytes(bytes: number): string;
  percent(ratio: number): string;
  dateTime(at: string | number | Date): string;
  relative(at: string | number | Date, now?: Date): string;
  list(items: readonly string[]): string;
}

export function formattersFor(lang: Lang): Formatters {
  return {
    lang,
    number: (v, d) => formatNumber(lang, v, d),
    duration: (ms) => formatDuration(lang, ms),
    bytes: (b) => formatBytes(lang, b),
    percent: (r) => formatPercent(lang, r),
    dateTime: (at) => formatDateTime(lang, at),
    relative: (at, now) => formatRelative(lang, at, now),
    list: (items) => formatList(lang, items),
  };
}
