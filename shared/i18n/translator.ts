/**
 * One language's translator, shared by the CLI, the HTTP door and the report renderers (the
 * renderer uses the same catalogues through react-i18next). i18next does the lookup, plurals and
 * interpolation; our formatters (format.ts) give numbers, sizes, durations and times their
 * tr-TR / en-GB shape: `{{latency, ms}}`, `{{size, bytes}}`, `{{at, when}}`, `{{at, ago}}`,
 * `{{ratio, pct}}`, `{{count, n}}`, `{{names, list}}`.
 */
import i18next, { type i18n } from 'i18next';
import { looksLikeMessage, type Localized, type Message, type MessageParam } from '../messages.js';
import { en } from './en/index.js';
import { formatBytes, formatDateTime, formatDuration, formatList, formatNumber, formatPercent, formatRelative, formattersFor, isLang, type Formatters, type Lang } from './format.js';
import type { MessageKey } from './keys.js';
import { tr } from './tr/index.js';

/** The core's messages live in the `msg` namespace; the renderer adds its own UI texts beside them. */
export const MESSAGE_NS = 'msg';
export const MESSAGE_RESOURCES = { tr: { [MESSAGE_NS]: tr }, en: { [MESSAGE_NS]: en } } as const;

export interface Translator {
  readonly lang: Lang;
  /** The text of a message; an unknown key comes back as the key itself (tests catch those). */
  t(message: Message): string;
  text(key: MessageKey, params?: Record<string, MessageParam>): string;
  has(key: string): boolean;
  /** Replace every message inside a value (results, reports, error bodies) by its text. */
  localize<T>(value: T): Localized<T>;
  readonly format: Formatters;
}

/** Register our formatters on an i18next instance (also used by the renderer's instance). */
export function addFormatters(instance: i18n): void {
  const lang = (lng: string | undefined): Lang => (lng && isLang(lng.slice(0, 2)) ? (lng.slice(0, 2) as Lang) : 'tr');
  const f = instance.services.formatter;
  if (!f) return;
  f.add('ms', (v, lng) => formatDuration(lang(lng), Number(v)));
  f.add('bytes', (v, lng) => formatBytes(lang(lng), Number(v)));
  f.add('pct', (v, lng) => formatPercent(lang(lng), Number(v)));
  f.add('when', (v, lng) => formatDateTime(lang(lng), v as string));
  f.add('ago', (v, lng) => formatRelative(lang(lng), v as string));
  f.add('n', (v, lng, o: { digits?: number | string }) => formatNumber(lang(lng), Number(v), o?.digits === undefined ? undefined : Number(o.digits)));
  f.add('list', (v, lng) => formatList(lang(lng), Array.isArray(v) ? v.map(String) : [String(v)]));
}

const cache = new Map<Lang, Translator>();

export function translator(lang: Lang): Translator {
  const hit = cache.get(lang);
  if (hit) return hit;
  const instance = i18next.createInstance();
  void instance.init({
    lng: lang,
    fallbackLng: false,
    resources: MESSAGE_RESOURCES as unknown as Record<string, Record<string, object>>,
    ns: [MESSAGE_NS],
    defaultNS: MESSAGE_NS,
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<typeof instance.init>[0]);
  addFormatters(instance);
  const made = makeTranslator(lang, instance);
  cache.set(lang, made);
  return made;
}

function makeTranslator(lang: Lang, instance: i18n): Translator {
  const has = (key: string) => instance.exists(key, { ns: MESSAGE_NS });
  const t = (m: Message): string => {
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(m.params ?? {})) params[k] = looksLikeMessage(v) ? t(v) : v;
    return instance.t(m.key, params) as string;
  };
  const localize = <T>(value: T): Localized<T> => {
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') {
        if (v instanceof Date) return v;
        if (looksLikeMessage(v) && has(v.key)) return t(v);
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = walk(x);
        return out;
      }
      return v;
    };
    return walk(value) as Localized<T>;
  };
  return {
    lang,
    t,
    text: (key, params) => t({ key, ...(params ? { params } : {}) }),
    has,
    localize,
    format: formattersFor(lang),
  };
}

/**
 * The language a caller asked for: an explicit choice, else an HTTP `Accept-Language` header
 * ("en-US,en;q=0.9,tr;q=0.8" → the first of tr/en it names), else the fallback (the console's
 * configured language, else Turkish).
 */
export function chooseLang(explicit: unknown, acceptLanguage?: string | string[], fallback: Lang = 'tr'): Lang {
  if (isLang(explicit)) return explicit;
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (header) {
    const ranked = header
      .split(',')
      .map((part, i) => {
        const [tag = '', ...rest] = part.trim().split(';');
        const q = rest.map((r) => /^q=([\d.]+)$/.exec(r.trim())?.[1]).find(Boolean);
        return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q) : 1, i };
      })
      .filter((x) => x.q > 0)
      .sort((a, b) => b.q - a.q || a.i - b.i);
    const hit = ranked.find((x) => isLang(x.lang));
    if (hit) return hit.lang as Lang;
  }
  return fallback;
}
