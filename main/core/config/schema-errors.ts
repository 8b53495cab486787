/**
 * Turns schema failures into one clear error naming file, JSON path (and line and column when the
 * text is at hand) and expectation, in the reader's language (R-CFG-2); zod's English goes to
 * technical_detail.
 */
import type { z } from 'zod';
import { AppError, type ErrorDetail } from '../../../shared/errors.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { fields as trFields } from '../../../shared/i18n/tr/fields.js';
import { msg, type Message } from '../../../shared/messages.js';
import { locatePath } from './read-json.js';

export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '$';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Each issue as `{ path, message }`, the message naming the field in the reader's language. */
export function issuesToDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.map((issue) => ({ path: jsonPath(issue.path), message: zodIssueMessage(issue) }));
}

/**
 * One issue of a config file: "mikro_connection.json, port (satır 3, sütun 11): “Port” alanı:
 * beklenen türde değil (number)". Line and column come from the file's text when given.
 */
export function configIssueMessage(fileLabel: string, issue: z.core.$ZodIssue, text?: string): Message {
  const where = text === undefined ? null : locatePath(text, issue.path);
  const path = issue.path.length === 0 ? msg('config.errors.whole_file') : jsonPath(issue.path);
  const reason = zodIssueMessage(issue);
  return where ? msg('config.errors.at_line', { file: fileLabel, path, line: where.line, column: where.column, reason }) : msg('config.errors.at', { file: fileLabel, path, reason });
}

/** E_CONFIG_INVALID for a file that parsed but does not fit its schema (`text`: the file's text, for line and column). */
export function configInvalid(fileLabel: string, error: z.ZodError, text?: string): AppError {
  const details: ErrorDetail[] = error.issues.map((issue) => ({ path: jsonPath(issue.path), message: configIssueMessage(fileLabel, issue, text) }));
  const first = details[0]?.message;
  const more = details.length - 1;
  const firstMessage = typeof first === 'object' ? first : msg('config.errors.not_json', { file: fileLabel });
  const text_ = more > 0 ? msg('config.errors.invalid_more', { file: fileLabel, first: firstMessage, more }) : msg('config.errors.invalid', { file: fileLabel, first: firstMessage });
  const summary = error.issues.map((x) => `${jsonPath(x.path)}: ${x.message}`).join('; ');
  return new AppError('E_CONFIG_INVALID', text_, details, { technical_detail: `${fileLabel} is invalid — ${summary}` });
}

/**
 * One zod issue as a sentence naming the field in the reader's language: the field's name from
 * the `fields` catalogue when it has one (`port` → "Port"), else its JSON path; the reason from
 * `errors.validation.*` by issue code. zod's own English text stays out of the sentence.
 */
export function zodIssueMessage(issue: z.core.$ZodIssue): Message {
  const last = [...issue.path].reverse().find((p) => typeof p === 'string');
  const fieldKey = `fields.${String(last)}` as MessageKey;
  const field: Message | string = last !== undefined && FIELD_KEYS.has(String(last)) ? msg(fieldKey) : jsonPath(issue.path);
  return msg('errors.validation.field', { field, reason: zodReason(issue) });
}

const FIELD_KEYS = new Set(Object.keys(trFields));

function zodReason(issue: z.core.$ZodIssue): Message {
  const i = issue as z.core.$ZodIssue & { origin?: string; minimum?: number | bigint; maximum?: number | bigint; expected?: string; values?: unknown[]; keys?: string[]; format?: string };
  const sized = (base: 'too_small' | 'too_big') => (i.origin === 'string' ? `${base}_string` : i.origin === 'array' || i.origin === 'set' ? `${base}_array` : base);
  switch (issue.code) {
    case 'too_small':
      return msg(`errors.validation.${sized('too_small')}` as MessageKey, { minimum: Number(i.minimum ?? 0) });
    case 'too_big':
      return msg(`errors.validation.${sized('too_big')}` as MessageKey, { maximum: Number(i.maximum ?? 0) });
    case 'invalid_type':
      return i.expected === 'int' ? msg('errors.validation.not_integer') : msg('errors.validation.invalid_type', { expected: String(i.expected ?? '?') });
    case 'invalid_format':
      return msg('errors.validation.invalid_format');
    case 'invalid_value':
      return msg('errors.validation.invalid_value', { options: (i.values ?? []).map(String).join(', ') });
    case 'unrecognized_keys':
      return msg('errors.validation.unrecognized_keys', { keys: (i.keys ?? []).join(', ') });
    default:
      return msg('errors.validation.other');
  }
}

/** E_VALIDATION for an operation's input: each field named in the reader's language; zod's text as technical detail. */
export function inputInvalid(op: string, error: z.ZodError): AppError {
  const details: ErrorDetail[] = error.issues.map((issue) => ({ path: jsonPath(issue.path), message: zodIssueMessage(issue) }));
  const first = details[0];
  const technical = `invalid input for ${op}: ${error.issues.map((x) => `${jsonPath(x.path)}: ${x.message}`).join('; ')}`;
  return new AppError('E_VALIDATION', first && typeof first.message === 'object' ? first.message : undefined, details, { technical_detail: technical });
}
