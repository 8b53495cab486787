import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { tr } from './tr.js';

export const LANGUAGES = ['tr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'optiplan360.lang';

/** Turkish by default (the operators'), English selectable; the choice is remembered. */
export function initialLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'tr';
}

export function rememberLanguage(lang: Language): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

export async function initI18n(): Promise<typeof i18next> {
  const lng = initialLanguage();
  await i18next.use(initReactI18next).init({
    resources: { tr: { translation: tr }, en: { translation: en } },
    lng,
    fallbackLng: 'tr',
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = lng;
  return i18next;
}
