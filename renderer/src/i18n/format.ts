/** The shared formatters (shared/i18n/format.ts) bound to the language in use: every number, size, duration and time a page shows. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatDateTime, formatDuration, formatList, formatNumber, formatPercent, formatRelative } from '../../../shared/i18n/format.js';
import { currentLanguage, type Language } from './index.js';

export interface Formatters {
  lang: Language;
  number(value: number, fractionDigits?: number): string;
  duration(ms: number): string;
  bytes(bytes: number): string;
  percent(ratio: number): string;
  dateTime(at: string | number | Date): string;
  relative(at: string | number | Date, now?: Date): string;
  list(items: readonly string[]): string;
}

export function formattersFor(lang: Language): Formatters {
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

/** `const f = useFormat(); f.duration(0.4)` → "0,4 ms" in Turkish, "0.4 ms" in English. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  const lang = currentLanguage(i18n.language);
  return useMemo(() => formattersFor(lang), [lang]);
}

/** A dash for a missing value, else the formatted one. */
export function orDash<T>(value: T | null | undefined, format: (v: T) => string): string {
  return value === null || value === undefined ? '—' : format(value);
}
