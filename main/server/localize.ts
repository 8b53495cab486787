/**
 * Messages become text at the HTTP edge. A caller gets every message of an answer (results,
 * checks, error bodies) in one language: `?lang=tr|en`, else `Accept-Language`, else the
 * console's configured language, else Turkish. The console's own UI asks for the raw
 * `{key, params}` (`X-OptiPlan-Messages: raw`) so that it can switch language without a refetch.
 */
import type { FastifyRequest } from 'fastify';
import { chooseLang, translator } from '../../shared/i18n/translator.js';
import type { Lang } from '../../shared/i18n/format.js';

export const RAW_MESSAGES_HEADER = 'x-optiplan-messages';

export function wantsRawMessages(req: FastifyRequest): boolean {
  return req.headers[RAW_MESSAGES_HEADER] === 'raw';
}

export function requestLang(req: FastifyRequest, fallback: Lang): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  return chooseLang(q, req.headers['accept-language'], fallback);
}

/** fastify `preSerialization`: localize unless the caller asked for raw messages. */
export function localizeAnswer(req: FastifyRequest, payload: unknown, fallback: Lang): unknown {
  if (wantsRawMessages(req) || payload === null || typeof payload !== 'object') return payload;
  return translator(requestLang(req, fallback)).localize(payload);
}
