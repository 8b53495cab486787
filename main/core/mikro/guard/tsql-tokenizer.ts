/**
 * A small T-SQL lexer for the Mikro read-only guard. It does not parse SQL; it only splits the
 * text into the same tokens SQL Server would see, so the guard can reason about real keywords
 * instead of a regex on the first word. Anything it cannot classify with certainty is an error:
 * the guard refuses rather than guesses (a false refusal is cheap, a false accept is a write on
 * a production ERP).
 */

export type TsqlTokenKind =
  | 'word' // bare keyword or identifier: SELECT, cari_kod, $PARTITION
  | 'quoted-identifier' // [a]]b] or "x"
  | 'string' // 'it''s' or N'…'
  | 'number' // 42, 1.5, .5, 1e5, 0x1F, $12.50
  | 'variable' // @x, @@VERSION
  | 'temp-table' // #t, ##t
  | 'operator' // ; , ( ) . = <> :: etc.
  | 'comment'; // -- … or /* … */ (nested)

export interface TsqlToken {
  kind: TsqlTokenKind;
  /** Exact source slice. */
  text: string;
  /** word: NFKC + upper-case (keyword comparison); string / quoted-identifier: unescaped content; else text. */
  value: string;
  /** 0-based offset of the first character, and one past the last. */
  start: number;
  end: number;
  /** 1-based line and column (UTF-16 units) of `start`, for messages. */
  line: number;
  column: number;
}

export type TsqlLexErrorCode = 'UNTERMINATED' | 'UNUSUAL_CHARACTER' | 'AMBIGUOUS_TOKEN';

export interface TsqlLexError {
  reasonCode: TsqlLexErrorCode;
  message: string;
  position: number;
  line: number;
  column: number;
  /** The offending character(s), when there is one. */
  token?: string;
}

export type TsqlTokenizeResult = { ok: true; tokens: TsqlToken[] } | { ok: false; error: TsqlLexError };

/**
 * Comment readings. The defaults are what SQL Server documents (block comments nest, `--` means
 * nothing inside a block comment). The guard re-lexes with the other readings as a second
 * opinion, so a comment layout that hides code under *any* plausible reading is refused.
 */
export interface TsqlTokenizeOptions {
  nestedBlockComments?: boolean;
  lineCommentsInsideBlockComments?: boolean;
}

/** Only these four count as whitespace; every other space/format/control char is refused. */
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{Nd}_$]/u;
/** Variables and temp tables may also contain @ and # after the sigil (SQL Server identifier rules). */
const SIGIL_PART = /[\p{L}\p{Nd}_$@#]/u;
/** Anything that could glue onto a number and make SQL Server read it differently from us. */
const GLUE_AFTER_NUMBER = /[\p{L}\p{Nd}_$@#.]/u;

/**
 * Look-alikes of the characters that END a string, quoted identifier or block comment
 * (' " ] * /). Refused even inside strings and comments: if any SQL Server build or collation
 * treated one as its ASCII twin, the literal would end where we do not think it ends.
 * The typographic quotes (below) are not in this list: Turkish text is full of them.
 */
const LOOKALIKES = /[\u2032\u2033\u2035\u02B9\u02BA\u02BB\u02BC\u02BD\u0060\u00B4\uFF02\uFF07\uFF3D\uFF0A\uFF0F\uFE61\uFE68\u2215\u2217\u2044\u204E]/u;

/**
 * Typographic quotes ‘ ’ ‚ ‛ “ ” „ ‟ (U+2018–U+201F). Allowed inside strings, quoted identifiers
 * and comments (`N'%İstanbul’da%'`, a copied “Ürün” name): SQL Server reads the batch as UTF-16 and
 * its lexer ends a literal only at U+0027 / U+0022 / U+005D. Outside a literal they are refused as
 * unexpected characters. The guard also re-reads the batch as if they were ASCII quotes
 * (statement-guard.ts), so a text built to become a write under that reading is still refused.
 */
export const TYPOGRAPHIC_QUOTES = /[\u2018-\u201F]/u;
/** C0/C1 controls (except tab/LF/CR), line/paragraph separators: could end a `--` comment somewhere. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point here
const LINE_BREAKERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029]/u;

const OPERATORS_2 = ['<>', '!=', '!<', '!>', '<=', '>=', '::', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '||'];
const OPERATORS_1 = new Set([';', ',', '(', ')', '.', '=', '<', '>', '+', '-', '*', '/', '%', '&', '|', '^', '~', '!', ':', '{', '}']);

/** Upper-case form used to compare words with keywords; folds full-width and Turkish I variants too. */
export function normalizeWord(word: string): string {
  return word.normalize('NFKC').replace(/[İı]/g, 'I').toUpperCase();
}

export function tokenizeTsql(sql: string, options: TsqlTokenizeOptions = {}): TsqlTokenizeResult {
  const nested = options.nestedBlockComments ?? true;
  const lineInBlock = options.lineCommentsInsideBlockComments ?? false;
  const tokens: TsqlToken[] = [];
  const lineStarts = [0];
  for (let i = 0; i < sql.length; i++) if (sql[i] === '\n') lineStarts.push(i + 1);

  const where = (pos: number): { line: number; column: number } => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: pos - (lineStarts[lo] ?? 0) + 1 };
  };
  const fail = (reasonCode: TsqlLexErrorCode, message: string, position: number, token?: string): TsqlTokenizeResult => ({
    ok: false,
    error: { reasonCode, message, position, ...where(position), ...(token === undefined ? {} : { token }) },
  });
  const push = (kind: TsqlTokenKind, start: number, end: number, value?: string): void => {
    const text = sql.slice(start, end);
    tokens.push({ kind, text, value: value ?? text, start, end, ...where(start) });
  };
  const at = (i: number): string => sql[i] ?? '';

  // Characters that are never acceptable anywhere, not even inside strings or comments.
  const nul = sql.indexOf('\u0000');
  if (nul >= 0) return fail('UNUSUAL_CHARACTER', 'NUL character in statement', nul, '\\u0000');
  const look = LOOKALIKES.exec(sql);
  if (look) return fail('UNUSUAL_CHARACTER', `look-alike of a SQL delimiter (U+${hex(look[0])})`, look.index, look[0]);

  /** Skips a `--` comment starting at i; returns the index of its line end, or an error. */
  const skipLineComment = (i: number): number | TsqlTokenizeResult => {
    let j = i + 2;
    while (j < sql.length && at(j) !== '\n') {
      const c = at(j);
      // A lone CR or an exotic separator might end the comment for SQL Server but not for us.
      if ((c === '\r' && at(j + 1) !== '\n') || LINE_BREAKERS.test(c)) {
        return fail('UNUSUAL_CHARACTER', `ambiguous line break U+${hex(c)} inside a -- comment`, j, c);
      }
      j++;
    }
    return j;
  };

  let i = 0;
  while (i < sql.length) {
    const c = at(i);
    const next = at(i + 1);
    const start = i;
    if (WHITESPACE.has(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      const end = skipLineComment(i);
      if (typeof end !== 'number') return end;
      push('comment', start, end);
      i = end;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (depth > 0) {
        if (i >= sql.length) return fail('UNTERMINATED', 'unterminated block comment', start, '/*');
        if (at(i) === '*' && at(i + 1) === '/') {
          depth--;
          i += 2;
        } else if (nested && at(i) === '/' && at(i + 1) === '*') {
          // Without nesting `/*` means nothing here, so `/*/` must still be able to close.
          depth++;
          i += 2;
        } else if (lineInBlock && at(i) === '-' && at(i + 1) === '-') {
          const end = skipLineComment(i);
          if (typeof end !== 'number') return end;
          i = end;
        } else {
          i++;
        }
      }
      push('comment', start, i);
    } else if (c === "'" || ((c === 'N' || c === 'n') && next === "'")) {
      const open = c === "'" ? i : i + 1;
      const end = closeDelimited(sql, open + 1, "'");
      if (end < 0) return fail('UNTERMINATED', 'unterminated string literal', start, sql.slice(start, start + 2));
      push('string', start, end, sql.slice(open + 1, end - 1).replaceAll("''", "'"));
      i = end;
    } else if (c === '[' || c === '"') {
      const close = c === '[' ? ']' : '"';
      const end = closeDelimited(sql, i + 1, close);
      if (end < 0) return fail('UNTERMINATED', 'unterminated quoted identifier', start, c);
      push('quoted-identifier', start, end, sql.slice(i + 1, end - 1).replaceAll(close + close, close));
      i = end;
    } else if (isDigit(c) || (c === '.' && isDigit(next)) || (c === '$' && (isDigit(next) || next === '.'))) {
      i = scanNumber(sql, i);
      // `1DELETE`, `0x1FG`, `1e` … : SQL Server's reading of glued text is not documented; refuse.
      if (GLUE_AFTER_NUMBER.test(at(i))) {
        return fail('AMBIGUOUS_TOKEN', 'number glued to a following word', start, sql.slice(start, i + 1));
      }
      push('number', start, i);
    } else if (c === '@' || c === '#') {
      i++;
      if (at(i) === c) i++; // @@VERSION, ##global
      const body = i;
      while (i < sql.length && SIGIL_PART.test(at(i))) i++;
      if (i === body) return fail('UNUSUAL_CHARACTER', `'${sql.slice(start, i)}' without a name`, start, sql.slice(start, i));
      push(c === '@' ? 'variable' : 'temp-table', start, i);
    } else if (WORD_START.test(c) || (c === '$' && WORD_START.test(next))) {
      i++;
      while (i < sql.length && WORD_PART.test(at(i))) i++;
      push('word', start, i, normalizeWord(sql.slice(start, i)));
    } else if (OPERATORS_2.includes(c + next)) {
      i += 2;
      push('operator', start, i);
    } else if (OPERATORS_1.has(c)) {
      i++;
      push('operator', start, i);
    } else if (TYPOGRAPHIC_QUOTES.test(c)) {
      return fail('UNUSUAL_CHARACTER', `typographic quote U+${hex(c)} outside a string or comment`, start, c);
    } else {
      return fail('UNUSUAL_CHARACTER', `unexpected character U+${hex(c)}`, start, c);
    }
  }
  return { ok: true, tokens };
}

/** Index one past the closing delimiter (a doubled delimiter is an escaped one), or -1. */
function closeDelimited(sql: string, from: number, close: string): number {
  let j = from;
  for (;;) {
    const k = sql.indexOf(close, j);
    if (k < 0) return -1;
    if (sql[k + 1] === close) j = k + 2;
    else return k + 1;
  }
}

function scanNumber(sql: string, from: number): number {
  let i = from;
  const digits = (): void => {
    while (isDigit(sql[i] ?? '')) i++;
  };
  if (sql[i] === '0' && (sql[i + 1] === 'x' || sql[i + 1] === 'X')) {
    i += 2;
    while (/[0-9a-fA-F]/.test(sql[i] ?? '')) i++;
    return i;
  }
  if (sql[i] === '$') i++;
  digits();
  if (sql[i] === '.') {
    i++;
    digits();
  }
  if ((sql[i] === 'e' || sql[i] === 'E') && (isDigit(sql[i + 1] ?? '') || (/[+-]/.test(sql[i + 1] ?? '') && isDigit(sql[i + 2] ?? '')))) {
    i += 2;
    digits();
  }
  return i;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9' && c.length === 1;
}

function hex(c: string): string {
  return (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
