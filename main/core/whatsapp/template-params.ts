/**
 * Body-parameter bookkeeping for message templates. A template's body declares `{{1}}…{{n}}`;
 * Meta refuses a send whose parameter count differs (error 132000), so the test message checks it
 * up front when the template's components are configured. Problems are catalogue messages.
 */
import { msg, type Message } from '../../../shared/messages.js';

export interface BodyPlaceholders {
  /** Number of body parameters the template expects; null when it cannot be told. */
  count: number | null;
  /** What is wrong with the declaration (gaps in the numbering, no BODY text…), if anything. */
  problem: Message | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Distinct `{{n}}` numbers in a text, sorted. */
export function placeholderNumbers(text: string): number[] {
  const found = new Set<number>();
  for (const m of text.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) found.add(Number(m[1]));
  return [...found].sort((a, b) => a - b);
}

/**
 * Two configured forms are understood: the definition (`{type:"BODY", text:"… {{1}} …"}`) and the
 * send form (`{type:"body", parameters:[…]}`). Other component types (HEADER, BUTTONS…) are not
 * counted: the test message only fills body parameters.
 */
export function bodyPlaceholders(components: readonly unknown[] | undefined): BodyPlaceholders {
  if (!components) return { count: null, problem: null };
  const body = components.find((c) => isRecord(c) && typeof c.type === 'string' && c.type.toLowerCase() === 'body');
  if (!isRecord(body)) return { count: 0, problem: null };
  if (Array.isArray(body.parameters)) return { count: body.parameters.length, problem: null };
  if (typeof body.text !== 'string') {
    return { count: null, problem: msg('whatsapp.params.no_body_text') };
  }
  const numbers = placeholderNumbers(body.text);
  const gap = numbers.findIndex((n, i) => n !== i + 1);
  if (gap !== -1) {
    const list = numbers.map((n) => `{{${n}}}`).join(', ');
    return { count: null, problem: msg('whatsapp.params.gaps', { first: '{{1}}', last: '{{n}}', found: list }) };
  }
  return { count: numbers.length, problem: null };
}

export type ParameterCheck = { ok: true } | { ok: false; message: Message };

const slot = (i: number) => `{{${i + 1}}}`;

/** Each value is sent as a text parameter: non-empty, one line, at most 1024 characters (Meta's limits). */
export function validateBodyParameters(templateKey: string, expected: number | null, params: readonly string[]): ParameterCheck {
  if (expected !== null && params.length !== expected) {
    return {
      ok: false,
      message: expected === 0
        ? msg('whatsapp.params.none_expected', { template: templateKey, given: params.length })
        : msg('whatsapp.params.count', { template: templateKey, expected, given: params.length, placeholders: Array.from({ length: expected }, (_, i) => slot(i)).join(', ') }),
    };
  }
  for (const [i, p] of params.entries()) {
    if (typeof p !== 'string' || p.trim() === '') return { ok: false, message: msg('whatsapp.params.empty', { n: slot(i) }) };
    if (/[\n\t]/.test(p) || / {5,}/.test(p)) return { ok: false, message: msg('whatsapp.params.whitespace', { n: slot(i) }) };
    if (p.length > 1024) return { ok: false, message: msg('whatsapp.params.too_long', { n: slot(i) }) };
  }
  return { ok: true };
}
