/**
 * The renderer's i18next: the console's own texts (namespace `translation`, shared/i18n/*\/ui.ts)
 * beside the core's message catalogues (namespace `msg`, the same files the CLI, HTTP and reports
 * use), with the shared formatters (`{{ms, ms}}`, `{{size, bytes}}`, `{{at, when}}`, `{{at, ago}}`…).
 * Turkish by default (the operators'), English selectable; the choice is remembered.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isLang, type Lang } from '../../../shared/i18n/format.js';
import { addFormatters, MESSAGE_NS } from '../../../shared/i18n/translator.js';
import { loadCatalogue } from './catalogues.js';

export const LANGUAGES = ['tr', 'en'] as const satisfies readonly Lang[];
export type Language = Lang;
export const UI_NS = 'translation';
const STORAGE_KEY = 'optiplan360.lang';

export function initialLanguage(): Language {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'tr';
}

export function rememberLanguage(lang: Language): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

/** The language in use as the core wants it (`tr` | `en`), for exports and reports. */
export function currentLanguage(lng: string | undefined = i18next.language): Language {
  const two = lng?.slice(0, 2);
  return isLang(two) ? two : 'tr';
}

/** Load a language's catalogues (its own chunk) into i18next once. */
async function ensureLanguage(lang: Language): Promise<void> {
  if (i18next.hasResourceBundle(lang, MESSAGE_NS)) return;
  const r = await loadCatalogue(lang);
  i18next.addResourceBundle(lang, UI_NS, r.ui, true, true);
  i18next.addResourceBundle(lang, MESSAGE_NS, r.msg, true, true);
}

/** Switch the language, loading its catalogues first (the other language is not in the initial download). */
export async function switchLanguage(lang: Language): Promise<void> {
  await ensureLanguage(lang);
  await i18next.changeLanguage(lang);
  rememberLanguage(lang);
}

export async function initI18n(): Promise<typeof i18next> {
  const lng = initialLanguage();
  const first = await loadCatalogue(lng);
  await i18next.use(initReactI18next).init({
    resources: { [lng]: { [UI_NS]: first.ui, [MESSAGE_NS]: first.msg } },
    partialBundledLanguages: true,
    lng,
    supportedLngs: LANGUAGES,
    // No fallback language: a missing key shows as the key (the catalogue tests catch it) rather than mixing languages.
    fallbackLng: false,
    ns: [UI_NS, MESSAGE_NS],
    defaultNS: UI_NS,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<typeof i18next.init>[0]);
  addFormatters(i18next);
  document.documentElement.lang = lng;
  return i18next;
}
