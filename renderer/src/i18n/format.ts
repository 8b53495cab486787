/** The shared formatters (shared/i18n/format.ts) bound to the language in use: every number, size, duration and time a page shows. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formattersFor, type Formatters } from '../../../shared/i18n/format.js';
import { currentLanguage } from './index.js';

export type { Formatters };

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
