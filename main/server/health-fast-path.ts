/**
 * `GET /health`, `/health/live` and `/health/ready` answered before Fastify (issue 13: /health
 * within 1.5× a bare node:http server doing one `SELECT 1`). Fastify's routing, hooks, reply
 * and serializer cost several times that floor per request; monitoring may poll these paths
 * hard, and they are public.
 *
 * Only the plain case is answered here, with exactly what the Fastify routes would send (the
 * same `healthAnswers`, the same headers, the same localization). Everything else is handed to
 * Fastify untouched, which then answers as it always did: another method (HEAD), a query string
 * (`?lang=`), a Host or Origin the door refuses (Fastify's onRequest words the refusal), the
 * server closing (503), or an answer that failed. Sec-Fetch-Site and the token do not apply to
 * these paths (door-policy.ts), and nothing here writes anything.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Lang } from '../../shared/i18n/format.js';
import { HEALTH_PATHS } from './door-policy.js';
import { hostAllowed, originAllowed, SECURITY_HEADERS } from './guards.js';
import type { HealthAnswer, HealthPath } from './health-routes.js';
import { localizeReusing, requestLang, wantsRawMessages } from './localize.js';

export interface FastPathOptions {
  answers: Record<HealthPath, () => Promise<HealthAnswer>>;
  /** The Host names allowed now (they are known only once the server listens). */
  allowed: () => Set<string>;
  tls: boolean;
  /** The console's configured language (the fallback of Accept-Language). */
  language: () => Lang;
  /** True once the server is closing: Fastify then answers 503. */
  closing: () => boolean;
}

/** The headers every answer of the door carries (Fastify's onRequest hook sets them), as writeHead's flat list. */
const FIXED_HEADERS: readonly string[] = [...Object.entries(SECURITY_HEADERS), ['cache-control', 'no-store'], ['content-type', 'application/json; charset=utf-8']].flat();

/** Answers the request and returns true, or returns false having touched nothing (Fastify's turn). */
export type FastPath = (req: IncomingMessage, res: ServerResponse, fallback: (req: IncomingMessage, res: ServerResponse) => void) => boolean;

export function healthFastPath(opts: FastPathOptions): FastPath {
  return (req, res, fallback) => {
    if (req.method !== 'GET' || !HEALTH_PATHS.has(req.url ?? '') || opts.closing()) return false;
    const allowed = opts.allowed();
    if (!hostAllowed(req.headers.host, allowed) || !originAllowed(req.headers.origin, allowed, opts.tls)) return false;
    opts.answers[req.url as HealthPath]().then(
      (answer) => send(req, res, answer, opts.language()),
      // Nothing was written yet: Fastify runs the route again and answers as its error handler does.
      () => fallback(req, res),
    );
    return true;
  };
}

/**
 * The JSON of each answer body per language (or raw): callers sharing one health check share one
 * report object, so its text is made once for all of them.
 */
interface Payload {
  bytes: Buffer;
  headers: string[];
}
const payloads = new WeakMap<object, Map<string, Payload>>();

function payloadOf(body: object, variant: Lang | 'raw'): Payload {
  let byVariant = payloads.get(body);
  if (!byVariant) payloads.set(body, (byVariant = new Map()));
  let made = byVariant.get(variant);
  if (made === undefined) {
    const bytes = Buffer.from(JSON.stringify(variant === 'raw' ? body : localizeReusing(variant, body)));
    made = { bytes, headers: [...FIXED_HEADERS, 'content-length', String(bytes.length)] };
    byVariant.set(variant, made);
  }
  return made;
}

function send(req: IncomingMessage, res: ServerResponse, { code, body }: HealthAnswer, language: Lang): void {
  const { bytes, headers } = payloadOf(body, wantsRawMessages(req) ? 'raw' : requestLang(req, language));
  res.writeHead(code, headers);
  res.end(bytes);
}
