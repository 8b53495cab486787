/**
 * Errors as a person reads them (pure, so unit tests reach it): the body's `message` and
 * `next_step` Messages, the details that name fields, and everything raw set apart as technical.
 */
import type { ErrorBody, ErrorDetail } from '../../shared/errors.js';
import { looksLikeMessage, type Message } from '../../shared/messages.js';
import { ApiError } from './transport.js';

/** An error as a person reads it: what happened, the fields it names, what to do; raw text apart. */
export interface ReadableError {
  code: string;
  message: Message;
  next_step: Message;
  /** Details that are text for people (a field named in their language). */
  details: { path: string; message: Message }[];
  /** Everything technical: the code, raw reasons, driver / server words. */
  technical: string[];
}

export type WireBody = Partial<Omit<ErrorBody, 'message' | 'next_step' | 'details'>> & {
  code?: string;
  message?: unknown;
  next_step?: unknown;
  details?: readonly (Partial<ErrorDetail> | { path?: string; message?: unknown })[];
  technical_detail?: string;
};

/** An error body as a result carries it (e.g. a backup's `verify_error`), not thrown. */
function isBodyLike(v: unknown): v is WireBody {
  return !!v && typeof v === 'object' && !(v instanceof Error) && typeof (v as { code?: unknown }).code === 'string';
}

/**
 * Any thrown value (or an error body) → a ReadableError. A body's text that is not a Message (a transport's own
 * words, an older server) is technical: the person reads the code's catalogue text instead.
 */
export function readableError(err: unknown, has: (key: string) => boolean): ReadableError {
  const body: WireBody =
    err instanceof ApiError
      ? (err.body as WireBody)
      : isBodyLike(err)
        ? err
        : { code: 'E_INTERNAL', technical_detail: err instanceof Error ? err.message : String(err) };
  const code = typeof body.code === 'string' && has(`errors.${body.code}.message`) ? body.code : 'E_INTERNAL';
  const technical: string[] = [String(body.code ?? code)];
  const asMessage = (v: unknown, fallback: string): Message => {
    if (looksLikeMessage(v) && has(v.key)) return v;
    if (typeof v === 'string' && v.trim() !== '') technical.push(v);
    return { key: fallback } as Message;
  };
  const message = asMessage(body.message, `errors.${code}.message`);
  const next_step = looksLikeMessage(body.next_step) && has(body.next_step.key) ? body.next_step : ({ key: `errors.${code}.next_step` } as Message);
  const details: ReadableError['details'] = [];
  for (const d of body.details ?? []) {
    if (looksLikeMessage(d.message) && has(d.message.key)) details.push({ path: d.path ?? '', message: d.message });
    else if (d.message !== undefined) technical.push(`${d.path ? `${d.path}: ` : ''}${String(d.message)}`);
  }
  if (body.technical_detail) technical.push(body.technical_detail);
  return { code, message, next_step, details, technical };
}
