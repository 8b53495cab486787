// A small parser for the SELECTs the console sends to Mikro, so the fake answers them by what they
// say rather than by canned text. Grammar (case-insensitive keywords, trailing `;` allowed):
//
//   SELECT [TOP ( @p | n ) | TOP n] ( * | column [, column]* )
//   FROM [[database.]schema.]object [WITH ( hint [, hint]* )]
//   [WHERE predicate] [ORDER BY column [ASC|DESC] [, …]]
//
//   predicate := term (OR term)* ; term := factor (AND factor)* ;
//   factor    := NOT factor | ( predicate ) | column [COLLATE name] op value
//              | column [COLLATE name] [NOT] IN ( value [, value]* ) | column IS [NOT] NULL
//   op := = | <> | != | < | > | <= | >= ;  value := @param | N'…' | '…' | number | NULL
//
// Identifiers: bare words, [bracketed]] names] or "quoted". Anything else throws SqlShapeError.

export class SqlShapeError extends Error {}

export interface ObjectName {
  database: string | null;
  schema: string | null;
  name: string;
  /** As written, for error messages (SQL Server quotes what the user wrote). */
  written: string;
}

export interface ColumnRef {
  name: string;
  collate: string | null;
}

export type SqlValue = { kind: 'param'; name: string } | { kind: 'literal'; value: string | number | null };

export type Predicate =
  | { kind: 'or' | 'and'; left: Predicate; right: Predicate }
  | { kind: 'not'; inner: Predicate }
  | { kind: 'cmp'; op: '=' | '<>' | '<' | '>' | '<=' | '>='; column: ColumnRef; value: SqlValue }
  | { kind: 'in'; column: ColumnRef; values: SqlValue[]; negated: boolean }
  | { kind: 'null'; column: ColumnRef; negated: boolean };

export interface SelectStatement {
  top: SqlValue | null;
  /** null = `*`. */
  columns: string[] | null;
  from: ObjectName;
  /** Table hints as written (`NOLOCK`). */
  hints: string[];
  where: Predicate | null;
  orderBy: Array<{ column: string; desc: boolean }>;
}

type Tok = { t: 'word' | 'ident' | 'param' | 'string' | 'number' | 'punct'; v: string };

function lex(sql: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && sql[i + 1] === '-') { while (i < sql.length && sql[i] !== '\n') i++; continue; }
    if (c === '[' || c === '"') {
      const close = c === '[' ? ']' : '"';
      let v = '';
      i++;
      for (;;) {
        if (i >= sql.length) throw new SqlShapeError('unterminated identifier');
        if (sql[i] === close) {
          if (sql[i + 1] === close) { v += close; i += 2; continue; }
          i++;
          break;
        }
        v += sql[i++];
      }
      out.push({ t: 'ident', v });
      continue;
    }
    if (c === "'" || ((c === 'N' || c === 'n') && sql[i + 1] === "'")) {
      i += c === "'" ? 1 : 2;
      let v = '';
      for (;;) {
        if (i >= sql.length) throw new SqlShapeError('unterminated string');
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") { v += "'"; i += 2; continue; }
          i++;
          break;
        }
        v += sql[i++];
      }
      out.push({ t: 'string', v });
      continue;
    }
    const m = /^(@[\p{L}\p{N}_]+)|^(\d+(?:\.\d+)?)|^([\p{L}_][\p{L}\p{N}_$#]*)|^(<>|!=|<=|>=|[=<>(),.*;])/u.exec(sql.slice(i));
    if (!m) throw new SqlShapeError(`unexpected character ${c}`);
    if (m[1]) out.push({ t: 'param', v: m[1].slice(1) });
    else if (m[2]) out.push({ t: 'number', v: m[2] });
    else if (m[3]) out.push({ t: 'word', v: m[3] });
    else out.push({ t: 'punct', v: m[4]! });
    i += m[0].length;
  }
  return out;
}

class Parser {
  private i = 0;
  private readonly hints: string[] = [];
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok | undefined { return this.toks[this.i]; }
  private isKw(kw: string, at = 0): boolean {
    const t = this.toks[this.i + at];
    return t?.t === 'word' && t.v.toUpperCase() === kw;
  }
  private isPunct(p: string): boolean { const t = this.peek(); return t?.t === 'punct' && t.v === p; }
  private kw(kw: string): void {
    if (!this.isKw(kw)) throw new SqlShapeError(`expected ${kw}`);
    this.i++;
  }
  private punct(p: string): void {
    if (!this.isPunct(p)) throw new SqlShapeError(`expected ${p}`);
    this.i++;
  }
  private identifier(): string {
    const t = this.peek();
    if (!t || (t.t !== 'word' && t.t !== 'ident')) throw new SqlShapeError('expected an identifier');
    if (t.t === 'word' && RESERVED.has(t.v.toUpperCase())) throw new SqlShapeError(`unexpected ${t.v}`);
    this.i++;
    return t.v;
  }

  statement(): SelectStatement {
    this.kw('SELECT');
    let top: SqlValue | null = null;
    if (this.isKw('TOP')) {
      this.i++;
      if (this.isPunct('(')) { this.i++; top = this.value(); this.punct(')'); } else top = this.value();
    }
    let columns: string[] | null = null;
    if (this.isPunct('*')) this.i++;
    else {
      columns = [this.identifier()];
      while (this.isPunct(',')) { this.i++; columns.push(this.identifier()); }
    }
    this.kw('FROM');
    const start = this.i;
    const parts = [this.identifier()];
    while (this.isPunct('.')) { this.i++; parts.push(this.identifier()); }
    if (parts.length > 3) throw new SqlShapeError('four-part names are not supported');
    const written = this.toks.slice(start, this.i).map((t) => (t.t === 'ident' ? `[${t.v}]` : t.v)).join('');
    const name = parts[parts.length - 1]!;
    const from: ObjectName = { database: parts.length === 3 ? parts[0]! : null, schema: parts.length >= 2 ? parts[parts.length - 2]! : null, name, written };
    if (this.isKw('WITH')) {
      // Table hints (WITH (NOLOCK) and the like) change locking, not the rows a read sees here.
      this.i++;
      this.punct('(');
      this.hints.push(this.identifier());
      while (this.isPunct(',')) { this.i++; this.hints.push(this.identifier()); }
      this.punct(')');
    }
    let where: Predicate | null = null;
    if (this.isKw('WHERE')) { this.i++; where = this.or(); }
    const orderBy: SelectStatement['orderBy'] = [];
    if (this.isKw('ORDER')) {
      this.i++;
      this.kw('BY');
      for (;;) {
        const column = this.identifier();
        let desc = false;
        if (this.isKw('ASC')) this.i++;
        else if (this.isKw('DESC')) { this.i++; desc = true; }
        orderBy.push({ column, desc });
        if (!this.isPunct(',')) break;
        this.i++;
      }
    }
    if (this.isPunct(';')) this.i++;
    if (this.i !== this.toks.length) throw new SqlShapeError(`unexpected ${this.peek()?.v ?? ''} after the statement`);
    return { top, columns, from, hints: this.hints, where, orderBy };
  }

  private or(): Predicate {
    let left = this.and();
    while (this.isKw('OR')) { this.i++; left = { kind: 'or', left, right: this.and() }; }
    return left;
  }
  private and(): Predicate {
    let left = this.factor();
    while (this.isKw('AND')) { this.i++; left = { kind: 'and', left, right: this.factor() }; }
    return left;
  }
  private factor(): Predicate {
    if (this.isKw('NOT')) { this.i++; return { kind: 'not', inner: this.factor() }; }
    if (this.isPunct('(')) { this.i++; const p = this.or(); this.punct(')'); return p; }
    const column: ColumnRef = { name: this.identifier(), collate: null };
    if (this.isKw('COLLATE')) { this.i++; column.collate = this.identifier(); }
    if (this.isKw('IS')) {
      this.i++;
      const negated = this.isKw('NOT');
      if (negated) this.i++;
      this.kw('NULL');
      return { kind: 'null', column, negated };
    }
    const negated = this.isKw('NOT') && this.isKw('IN', 1);
    if (negated) this.i++;
    if (this.isKw('IN')) {
      this.i++;
      this.punct('(');
      const values = [this.value()];
      while (this.isPunct(',')) { this.i++; values.push(this.value()); }
      this.punct(')');
      return { kind: 'in', column, values, negated };
    }
    const t = this.peek();
    if (t?.t !== 'punct' || !['=', '<>', '!=', '<', '>', '<=', '>='].includes(t.v)) throw new SqlShapeError('expected a comparison');
    this.i++;
    const op = (t.v === '!=' ? '<>' : t.v) as Extract<Predicate, { kind: 'cmp' }>['op'];
    return { kind: 'cmp', op, column, value: this.value() };
  }
  private value(): SqlValue {
    const t = this.peek();
    this.i++;
    if (t?.t === 'param') return { kind: 'param', name: t.v };
    if (t?.t === 'string') return { kind: 'literal', value: t.v };
    if (t?.t === 'number') return { kind: 'literal', value: Number(t.v) };
    if (t?.t === 'word' && t.v.toUpperCase() === 'NULL') return { kind: 'literal', value: null };
    throw new SqlShapeError('expected a value');
  }
}

const RESERVED = new Set(['SELECT', 'FROM', 'WHERE', 'ORDER', 'BY', 'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'TOP', 'COLLATE', 'ASC', 'DESC', 'WITH', 'JOIN', 'UNION', 'GROUP', 'AS', 'ON']);

/** Parses one SELECT of the grammar above; throws SqlShapeError for anything else. */
export function parseSelect(sql: string): SelectStatement {
  return new Parser(lex(sql)).statement();
}
