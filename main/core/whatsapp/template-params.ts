/**
 * Body-parameter bookkeeping for message templates. A template's body declares `{{1}}…{{n}}`;
 * Meta refuses a send whose parameter count differs (error 132000), so the test message checks it
 * up front when the template's components are configured.
 */

export interface BodyPlaceholders {
  /** Number of body parameters the template expects; null when it cannot be told. */
  count: number | null;
  /** What is wrong with the declaration (gaps in the numbering, no BODY text…), if anything. */
  problem: string | null;
  problem_tr: string | null;
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
  if (!components) return { count: null, problem: null, problem_tr: null };
  const body = components.find((c) => isRecord(c) && typeof c.type === 'string' && c.type.toLowerCase() === 'body');
  if (!isRecord(body)) return { count: 0, problem: null, problem_tr: null };
  if (Array.isArray(body.parameters)) return { count: body.parameters.length, problem: null, problem_tr: null };
  if (typeof body.text !== 'string') {
    return { count: null, problem: 'the BODY component has neither `text` nor `parameters`', problem_tr: 'BODY bileşeninde `text` veya `parameters` yok' };
  }
  const numbers = placeholderNumbers(body.text);
  const gap = numbers.findIndex((n, i) => n !== i + 1);
  if (gap !== -1) {
    const list = numbers.map((n) => `{{${n}}}`).join(', ');
    return {
      count: null,
      problem: `body placeholders must be numbered {{1}}…{{n}} without gaps (found ${list})`,
      problem_tr: `gövde yer tutucuları boşluksuz {{1}}…{{n}} biçiminde numaralanmalı (bulunan: ${list})`,
    };
  }
  return { count: numbers.length, problem: null, problem_tr: null };
}

export interface ParameterCheck {
  ok: boolean;
  message: string;
  message_tr: string;
}

/** Each value is sent as a text parameter: non-empty, one line, at most 1024 characters (Meta's limits). */
export function validateBodyParameters(templateKey: string, expected: number | null, params: readonly string[]): ParameterCheck {
  if (expected !== null && params.length !== expected) {
    const want = expected === 0 ? 'no body parameters' : `${expected} body parameter${expected === 1 ? '' : 's'} (${Array.from({ length: expected }, (_, i) => `{{${i + 1}}}`).join(', ')})`;
    return {
      ok: false,
      message: `template "${templateKey}" expects ${want}, but ${params.length} ${params.length === 1 ? 'was' : 'were'} given`,
      message_tr: `"${templateKey}" şablonu ${expected} gövde parametresi bekliyor, ${params.length} verildi`,
    };
  }
  for (const [i, p] of params.entries()) {
    if (typeof p !== 'string' || p.trim() === '') {
      return { ok: false, message: `parameter {{${i + 1}}} is empty`, message_tr: `{{${i + 1}}} parametresi boş` };
    }
    if (/[\n\t]/.test(p) || / {5,}/.test(p)) {
      return { ok: false, message: `parameter {{${i + 1}}} may not contain new lines, tabs or more than 4 spaces in a row`, message_tr: `{{${i + 1}}} parametresi satır sonu, sekme veya art arda 4'ten fazla boşluk içeremez` };
    }
    if (p.length > 1024) {
      return { ok: false, message: `parameter {{${i + 1}}} is longer than 1024 characters`, message_tr: `{{${i + 1}}} parametresi 1024 karakterden uzun` };
    }
  }
  return { ok: true, message: 'ok', message_tr: 'tamam' };
}
