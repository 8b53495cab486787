/**
 * The Mikro P1 read-only guard. Every statement the Mikro client sends passes through
 * `assertReadOnlyStatement` before any network I/O. It accepts exactly one `SELECT …`,
 * `(SELECT …)` or `WITH cte AS (…) SELECT …` and refuses everything else.
 *
 * Strategy: lex with a real T-SQL tokenizer, then (1) allow at most one trailing `;`,
 * (2) scan every bare word for statement keywords, dangerous functions and locking hints no
 * matter where it stands (T-SQL needs no `;` between statements), (3) check the statement's
 * shape. Strict by design: an exotic but harmless SELECT may be refused; a write must never pass.
 * This is a second line of defence; the Mikro login should still be a read-only database user.
 */
import { AppError } from '../../../../shared/errors.js';
import { FILE_READING_FUNCTIONS, FOR_ALLOWED_NEXT, FORBIDDEN_FUNCTIONS, LOCKING_HINTS, NOT_A_CALL, PROCEDURE_PREFIX, STATEMENT_KEYWORDS } from './keywords.js';
import { guardReasonMessage, guardReasonTechnical, type GuardReasonCode } from './reasons.js';
import { normalizeWord, tokenizeTsql, TYPOGRAPHIC_QUOTES, type TsqlLexError, type TsqlToken, type TsqlTokenizeOptions } from './tsql-tokenizer.js';

export type GuardVerdict =
  | { ok: true; kind: 'select' | 'cte-select' }
  | { ok: false; reason: string; reasonCode: GuardReasonCode; token?: string; position?: number };

type Refusal = Extract<GuardVerdict, { ok: false }>;

/**
 * Other ways a server could read block comments. The batch must be harmless under every one of
 * them, so `/* /* *\/ DELETE … *\/` style layouts cannot hide code if our reading of nesting or
 * of `--` inside a block comment ever differed from SQL Server's.
 */
const ALTERNATE_READINGS: ReadonlyArray<{ options: TsqlTokenizeOptions; label: string }> = [
  { options: { nestedBlockComments: false }, label: 'block comments not nested' },
  { options: { lineCommentsInsideBlockComments: true }, label: '-- honoured inside block comments' },
  { options: { nestedBlockComments: false, lineCommentsInsideBlockComments: true }, label: 'not nested, -- honoured' },
];

/** ‘ ’ ‚ ‛ read as ' and “ ” „ ‟ as " (same length, so positions stay the same). */
function withAsciiQuotes(sql: string): string {
  return sql.replace(/[\u2018-\u201B]/gu, "'").replace(/[\u201C-\u201F]/gu, '"');
}

export function checkReadOnlyStatement(sql: string): GuardVerdict {
  if (typeof sql !== 'string') return { ok: false, reasonCode: 'EMPTY', reason: 'statement is not a string' };
  const lexed = tokenizeTsql(sql);
  if (!lexed.ok) return fromLexError(lexed.error);
  const verdict = checkTokens(lexed.tokens);
  if (!verdict.ok) return verdict;
  const readings: Array<{ text: string; options: TsqlTokenizeOptions; label: string }> = [];
  if (lexed.tokens.some((t) => t.kind === 'comment' && t.text.startsWith('/*'))) readings.push(...ALTERNATE_READINGS.map((r) => ({ ...r, text: sql })));
  // `N'x’; DELETE FROM t --'` is one harmless string; were ’ ever an apostrophe it would be a write.
  if (TYPOGRAPHIC_QUOTES.test(sql)) readings.push({ text: withAsciiQuotes(sql), options: {}, label: 'typographic quotes as ASCII quotes' });
  for (const { text, options, label } of readings) {
    const other = tokenizeTsql(text, options);
    if (!other.ok) {
      // Read that way the batch would not even compile (missing end comment mark / quote),
      // so nothing would run. Any other lexing problem is a refusal.
      if (other.error.reasonCode === 'UNTERMINATED') continue;
      return fromLexError(other.error);
    }
    const second = checkTokens(other.tokens);
    if (!second.ok) return { ...second, reason: `${second.reason} [when read with ${label}]` };
  }
  return verdict;
}

/** Throws `E_MIKRO_READ_ONLY` unless `sql` is a single read-only SELECT. `details[0].message` is the reasonCode. */
export function assertReadOnlyStatement(sql: string): void {
  const verdict = checkReadOnlyStatement(sql);
  if (verdict.ok) return;
  throw new AppError('E_MIKRO_READ_ONLY', guardReasonMessage(verdict.reasonCode), [{ path: 'sql', message: verdict.reasonCode }], {
    cause: verdict,
    technical_detail: `Mikro is read-only (P1); statement refused [${verdict.reasonCode}]: ${verdict.reason}`,
  });
}

function checkTokens(all: readonly TsqlToken[]): GuardVerdict {
  const tokens = all.filter((t) => t.kind !== 'comment');
  const first = tokens[0];
  if (first === undefined) return refuse('EMPTY', 'no statement (only whitespace or comments)');
  const semi = tokens.findIndex((t) => isOp(t, ';'));
  if (semi >= 0) {
    const after = tokens[semi + 1];
    if (after !== undefined) return refuse('MULTIPLE_STATEMENTS', 'text after ";" starts another statement', after);
    tokens.pop();
    if (tokens.length === 0) return refuse('EMPTY', 'only a ";"', first);
  }
  return scanWords(tokens) ?? checkShape(tokens);
}

/** Step 2: every token, at any depth. Returns the first refusal, or undefined. */
function scanWords(tokens: readonly TsqlToken[]): Refusal | undefined {
  const parenOwners: string[] = []; // word before each open '(' (PIVOT, OPENJSON, …)
  const calls: boolean[] = []; // per open '(': is it a function call's argument list?
  let sawOffset = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as TsqlToken;
    if (t.kind === 'operator') {
      if (t.text === '(') {
        parenOwners.push(wordAt(tokens, i - 1));
        calls.push(isCallOpen(tokens, i));
      } else if (t.text === ')') {
        calls.pop();
        if (parenOwners.pop() === undefined) return refuse('UNSUPPORTED_SYNTAX', 'unbalanced ")"', t);
      }
      else if (t.text === '{' || t.text === '}') return refuse('UNSUPPORTED_SYNTAX', 'ODBC escape braces', t);
      continue;
    }
    if (t.kind === 'string') {
      if (calls.includes(true) && UNC_PATH.test(t.value)) return refuse('UNC_PATH', 'a network path handed to a function', t);
      continue;
    }
    if (t.kind === 'quoted-identifier') {
      // [DELETE] is a name, fine; but [xp_cmdshell] / [OPENQUERY] are still what they say.
      const refusal = checkNamed(normalizeWord(t.value), t);
      if (refusal) return refusal;
      continue;
    }
    if (t.kind !== 'word') continue;
    const word = t.value.replace(/^\$/, ''); // `$DELETE` must not slip past as a `$PARTITION`-style word
    switch (word) {
      case 'GO':
        return refuse('MULTIPLE_STATEMENTS', 'GO batch separator', t);
      case 'INTO':
        return refuse('SELECT_INTO', 'INTO would create or fill a table', t);
      case 'OFFSET':
        sawOffset = true;
        break;
      case 'NEXT':
        if (wordAt(tokens, i + 1) === 'VALUE') return refuse('SEQUENCE', 'NEXT VALUE FOR advances a sequence', t);
        break;
      case 'FETCH':
        // Legit only as `OFFSET n ROWS FETCH NEXT|FIRST m ROWS ONLY`; otherwise a cursor FETCH.
        if (!sawOffset || !isOffsetFetch(tokens, i)) return refuse('CURSOR', 'FETCH outside OFFSET … FETCH … ROWS ONLY', t);
        break;
      case 'FOR': {
        const refusal = checkFor(tokens, i, parenOwners[parenOwners.length - 1] ?? '');
        if (refusal) return refusal;
        break;
      }
    }
    const code = STATEMENT_KEYWORDS.get(word);
    if (code) return refuse(code, `statement keyword ${word}`, t);
    const refusal = checkNamed(word, t);
    if (refusal) return refusal;
  }
  const open = parenOwners.length;
  return open > 0 ? refuse('UNSUPPORTED_SYNTAX', `${open} unclosed "("`) : undefined;
}

/** Checks that apply to bare and bracketed names alike. */
function checkNamed(name: string, t: TsqlToken): Refusal | undefined {
  if (FORBIDDEN_FUNCTIONS.has(name)) return refuse('FORBIDDEN_FUNCTION', `${name} can run remote or file queries`, t);
  if (FILE_READING_FUNCTIONS.has(name)) return refuse('FILE_FUNCTION', `${name} reads files by path as the SQL Server service account`, t);
  if (LOCKING_HINTS.has(name)) return refuse('LOCKING_HINT', `${name} locks rows or tables`, t);
  if (PROCEDURE_PREFIX.test(name)) return refuse('EXEC', `${name} is a stored procedure name`, t);
  return undefined;
}

/**
 * `\\host\share`, `//host/share`, `\\?\UNC\…`, `\\.\pipe\…`: two separators and a name. A bare
 * `'\\'` or `'//'` (REPLACE(yol, '//', '/')) is not a path. Paths built at run time
 * (CONCAT, CHAR(92)) are not seen here: FILE_READING_FUNCTIONS and a least-privilege login are.
 */
const UNC_PATH = /^\s*[\\/]{2,}[^\\/\s]/u;

/** The `(` at `i` opens a function's arguments: a name (bare or [bracketed]) that is not a keyword. */
function isCallOpen(tokens: readonly TsqlToken[], i: number): boolean {
  const before = tokens[i - 1];
  if (before?.kind === 'quoted-identifier') return true;
  return before?.kind === 'word' && !NOT_A_CALL.has(before.value) && !STATEMENT_KEYWORDS.has(before.value);
}

/** FOR is legit in FOR XML/JSON, FOR SYSTEM_TIME, PIVOT (… FOR col IN …) and OPTIMIZE FOR. */
function checkFor(tokens: readonly TsqlToken[], i: number, parenOwner: string): Refusal | undefined {
  const next = wordAt(tokens, i + 1);
  if (FOR_ALLOWED_NEXT.has(next)) return undefined;
  if (wordAt(tokens, i - 1) === 'OPTIMIZE') return undefined;
  if (parenOwner === 'PIVOT' || parenOwner === 'UNPIVOT') return undefined;
  const t = tokens[i] as TsqlToken;
  if (next === 'UPDATE' || next === 'READ') return refuse('CURSOR', `FOR ${next} is a cursor clause`, t);
  return refuse('UNSUPPORTED_SYNTAX', `FOR ${next || '…'} is not a read-only clause`, t);
}

/** `ROW|ROWS FETCH NEXT|FIRST <expr> ROW|ROWS ONLY`, with the expression balanced and FROM-free. */
function isOffsetFetch(tokens: readonly TsqlToken[], i: number): boolean {
  const before = wordAt(tokens, i - 1);
  const after = wordAt(tokens, i + 1);
  if (!(before === 'ROW' || before === 'ROWS') || !(after === 'NEXT' || after === 'FIRST')) return false;
  let depth = 0;
  for (let j = i + 2; j < tokens.length; j++) {
    const t = tokens[j] as TsqlToken;
    if (isOp(t, '(')) depth++;
    else if (isOp(t, ')') && --depth < 0) return false;
    else if (depth === 0 && t.kind === 'word') {
      if (t.value === 'FROM') return false; // FETCH NEXT FROM cursor
      if (t.value === 'ROW' || t.value === 'ROWS') return j > i + 2 && wordAt(tokens, j + 1) === 'ONLY';
    }
  }
  return false;
}

/** Step 3: the statement must start with SELECT, ( … SELECT, or WITH name AS ( … ) [, …] SELECT. */
function checkShape(tokens: readonly TsqlToken[]): GuardVerdict {
  let i = 0;
  while (isOp(tokens[i], '(')) i++;
  const head = wordAt(tokens, i);
  if (head === 'SELECT') return { ok: true, kind: 'select' };
  if (head !== 'WITH' || i > 0) return refuse('NOT_SELECT', 'statement does not start with SELECT or WITH', tokens[i]);
  i++;
  for (;;) {
    const name = tokens[i];
    if (name?.kind === 'word' && name.value === 'XMLNAMESPACES') return refuse('UNSUPPORTED_SYNTAX', 'WITH XMLNAMESPACES', name);
    if (name?.kind !== 'word' && name?.kind !== 'quoted-identifier') return refuse('NOT_SELECT', 'WITH without a CTE name', name);
    i++;
    if (isOp(tokens[i], '(')) i = skipBalanced(tokens, i); // column list
    if (wordAt(tokens, i) !== 'AS') return refuse('NOT_SELECT', 'CTE without AS', tokens[i]);
    i++;
    if (!isOp(tokens[i], '(')) return refuse('NOT_SELECT', 'CTE without a parenthesised query', tokens[i]);
    i = skipBalanced(tokens, i);
    if (!isOp(tokens[i], ',')) break;
    i++;
  }
  if (wordAt(tokens, i) === 'SELECT') return { ok: true, kind: 'cte-select' };
  return refuse('NOT_SELECT', 'the statement after the CTE list is not SELECT', tokens[i]);
}

/** Index just past the ')' matching the '(' at `open` (parentheses are known to be balanced). */
function skipBalanced(tokens: readonly TsqlToken[], open: number): number {
  let depth = 0;
  for (let j = open; j < tokens.length; j++) {
    if (isOp(tokens[j], '(')) depth++;
    else if (isOp(tokens[j], ')') && --depth === 0) return j + 1;
  }
  return tokens.length;
}

function isOp(t: TsqlToken | undefined, text: string): boolean {
  return t?.kind === 'operator' && t.text === text;
}

/** Normalised value of a bare word at `i`, or '' for anything else (or out of range). */
function wordAt(tokens: readonly TsqlToken[], i: number): string {
  const t = tokens[i];
  return t?.kind === 'word' ? t.value : '';
}

function refuse(reasonCode: GuardReasonCode, detail: string, t?: TsqlToken): Refusal {
  const base = guardReasonTechnical(reasonCode);
  if (t === undefined) return { ok: false, reasonCode, reason: `${base} (${detail})` };
  const where = `"${t.text}" at line ${t.line}, column ${t.column}`;
  return { ok: false, reasonCode, reason: `${base} (${detail}: ${where})`, token: t.text, position: t.start };
}

function fromLexError(e: TsqlLexError): Refusal {
  const reason = `${guardReasonTechnical(e.reasonCode)} (${e.message} at line ${e.line}, column ${e.column})`;
  return { ok: false, reasonCode: e.reasonCode, reason, position: e.position, ...(e.token === undefined ? {} : { token: e.token }) };
}
