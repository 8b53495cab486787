/**
 * Messages become text at the HTTP edge. A caller gets every message of an answer (results,
 * checks, error bodies) in one language: `?lang=tr|en`, else `Accept-Language`, else the
 * console's configured language, else Turkish. The console's own UI asks for the raw
 * `{key, params}` (`X-OptiPlan-Messages: raw`) so that it can switch language without a refetch.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { chooseLang, translator, type Translator } from '../../shared/i18n/translator.js';
import type { Lang } from '../../shared/i18n/format.js';
import { looksLikeMessage } from '../../shared/messages.js';

export const RAW_MESSAGES_HEADER = 'x-optiplan-messages';

/** What localizing needs of a request: a Fastify request, or a bare node:http one (no query). */
export interface LocalizableRequest {
  headers: IncomingHttpHeaders;
  query?: unknown;
}

export function wantsRawMessages(req: LocalizableRequest): boolean {
  return req.headers[RAW_MESSAGES_HEADER] === 'raw';
}

export function requestLang(req: LocalizableRequest, fallback: Lang): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  return chooseLang(q, req.headers['accept-language'], fallback);
}

/** fastify `preSerialization`: localize unless the caller asked for raw messages. */
export function localizeAnswer(req: LocalizableRequest, payload: unknown, fallback: Lang): unknown {
  if (wantsRawMessages(req) || payload === null || typeof payload !== 'object') return payload;
  return translator(requestLang(req, fallback)).localize(payload);
}

/** Per language, the text of each Message object already turned into text. */
const texts = new Map<Lang, WeakMap<object, string>>();

/**
 * `translator(lang).localize(value)`, remembering the text of each Message object it met: the
 * health answers hand out the same Message objects while their cached probe answers last, and
 * i18next's lookup and formatting was a third of a /health answer's cost. Messages are never
 * changed once made (msg() builds a new one), so a remembered text stays right; the map is weak,
 * so messages no answer holds any more are let go.
 */
export function localizeReusing(lang: Lang, value: unknown): unknown {
  let memo = texts.get(lang);
  if (!memo) texts.set(lang, (memo = new WeakMap()));
  return walkReusing(translator(lang), memo, value);
}

function walkReusing(tr: Translator, memo: WeakMap<object, string>, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => walkReusing(tr, memo, x));
  if (!v || typeof v !== 'object' || v instanceof Date) return v;
  const hit = memo.get(v);
  if (hit !== undefined) return hit;
  if (looksLikeMessage(v) && tr.has(v.key)) {
    const text = tr.t(v);
    memo.set(v, text);
    return text;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = walkReusing(tr, memo, (v as Record<string, unknown>)[k]);
  return out;
}
