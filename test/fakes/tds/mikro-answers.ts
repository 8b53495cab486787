// The Mikro side of the TDS fake: a server holding fixture databases (mikro-fixtures.ts) that
// answers the console's SELECTs (parsed by mikro-sql.ts) as SQL Server would:
// - names resolve under the database collation (Turkish_CI_AS: `cari_kod` ≠ `CARI_KOD`, and
//   `information_schema` is not INFORMATION_SCHEMA), errors 207/208 like the real server;
// - WHERE with parameters (sp_executesql as tedious sends it: datetime, uniqueidentifier,
//   nvarchar, int decoded), ORDER BY in SQL Server's orders (uniqueidentifier: last group first;
//   nvarchar by collation), TOP;
// - catalogs: sys.databases, INFORMATION_SCHEMA.COLUMNS / TABLES of the database addressed;
// - a database the login may not use: 4060 at login, 229 on SELECT (`deny`).
// Keyset pages (sync-statements.ts) are found by binary search in a cached sorted order, so a
// 100 000-row table is paged without scanning it once per page.

import type { ColumnSpec, ScriptedReply } from './answers.js';
import type { LoginResult, TdsRequestRecord } from './types.js';
import type { TdsLogin, RpcParam } from './requests.js';
import { FixtureTable, type FixtureColumn, type FixtureDatabase } from './mikro-fixtures.js';
import { parseSelect, SqlShapeError, type ColumnRef, type Predicate, type SelectStatement, type SqlValue } from './mikro-sql.js';
import { compareValues, guidFromBuffer, sortKeyFor, type Compare } from './mikro-values.js';

export interface MikroServerOptions {
  /** Default Turkish_CI_AS (what sys.databases and server-level names compare by). */
  serverCollation?: string;
}

type Denial = 'login' | 'select';

const SYSTEM_DATABASES = ['master', 'tempdb', 'model', 'msdb'];
/** Case and dots ignored: how "the same name, wrong case" is recognised (İ/I/ı/i all alike). */
const LOOSE = new Intl.Collator('en', { sensitivity: 'base' });

export class MikroFixtureServer {
  readonly databases: FixtureDatabase[] = [];
  readonly serverCollation: string;
  private readonly denied = new Map<string, Denial>();
  private readonly orders = new WeakMap<FixtureTable, { key: string; version: number; rows: unknown[][] }>();

  constructor(opts: MikroServerOptions = {}) {
    this.serverCollation = opts.serverCollation ?? 'Turkish_CI_AS';
  }

  addDatabase(name: string, tables: FixtureTable[] = [], collation = 'Turkish_CI_AS'): FixtureDatabase {
    const db = { name, collation, tables };
    this.databases.push(db);
    return db;
  }

  database(name: string): FixtureDatabase | undefined {
    const cmp = compareValues('nvarchar', this.serverCollation);
    return this.databases.find((d) => cmp(d.name, name) === 0);
  }

  /** The table in `database` (catalog case). Throws when absent: a test's own typo. */
  table(database: string, name: string): FixtureTable {
    const t = this.database(database)?.tables.find((x) => x.name === name);
    if (!t) throw new Error(`no fixture table ${database}.${name}`);
    return t;
  }

  /** 'login': LOGIN7 naming it fails with 4060; 'select': reading its tables fails with 229; null lifts it. */
  deny(database: string, how: Denial | null): void {
    if (how) this.denied.set(database.toLowerCase(), how);
    else this.denied.delete(database.toLowerCase());
  }

  private denial(database: string): Denial | undefined {
    return this.denied.get(database.toLowerCase());
  }

  /** A login to an unknown or denied database fails as SQL Server's does (4060); otherwise undefined. */
  login(login: TdsLogin): LoginResult | undefined {
    const name = login.database || 'master';
    if (SYSTEM_DATABASES.includes(name.toLowerCase()) && !this.denial(name)) return undefined;
    if (this.database(name) && this.denial(name) !== 'login') return undefined;
    return { ok: false, number: 4060, class: 11, message: `Cannot open database "${name}" requested by the login. The login failed.` };
  }

  /** The answer to a SELECT on fixture objects, or undefined when the statement is not about them. */
  answer(request: TdsRequestRecord, currentDatabase: string): ScriptedReply {
    if (!/^\s*SELECT\b/i.test(request.sql)) return undefined;
    let stmt: SelectStatement;
    try {
      stmt = parseSelect(request.sql);
    } catch (e) {
      if (!(e instanceof SqlShapeError)) throw e;
      // Not a shape this fake reads: leave it to the other answers unless it names a fixture table.
      const named = this.databases.some((d) => d.tables.some((t) => new RegExp(`\\b${t.name}\\b`, 'i').test(request.sql)));
      return named ? { error: { number: 50000, class: 16, message: `TDS fake (Mikro fixtures) cannot read this SELECT: ${e.message}` } } : undefined;
    }
    const dbName = stmt.from.database ?? currentDatabase;
    const db = this.database(dbName) ?? (SYSTEM_DATABASES.includes(dbName.toLowerCase()) ? { name: dbName, collation: this.serverCollation, tables: [] } : undefined);
    if (!db) return { error: { number: 911, class: 16, message: `Database '${dbName}' does not exist. Make sure that the name is entered correctly.` } };
    const source = this.resolve(db, stmt);
    if (!source) {
      // Unknown to the fixtures: an object another answer may know (sys.dm_exec_connections…).
      return this.userObject(db, stmt) ? invalidObject(stmt) : undefined;
    }
    if (source.table && this.denial(db.name) === 'select') {
      return { error: { number: 229, class: 14, message: `The SELECT permission was denied on the object '${source.table.name}', database '${db.name}', schema '${source.table.schema}'.` } };
    }
    return this.run(stmt, source, params(request.params));
  }

  /**
   * An unknown name SQL Server would refuse with 208: any user-schema object of a fixture database,
   * and catalog names that differ from the real ones only by case (`information_schema` under a
   * Turkish collation). Other system objects (sys.dm_exec_connections …) are left to other answers.
   */
  private userObject(db: FixtureDatabase, stmt: SelectStatement): boolean {
    const like = (a: string | null, b: string) => a !== null && LOOSE.compare(a, b) === 0;
    const { schema, name } = stmt.from;
    if (like(schema, 'INFORMATION_SCHEMA') || (like(schema, 'sys') && like(name, 'databases'))) return true;
    const fixtureDb = this.databases.includes(db);
    return fixtureDb && !like(schema, 'sys') && !like(schema, 'INFORMATION_SCHEMA');
  }

  private resolve(db: FixtureDatabase, stmt: SelectStatement): { columns: FixtureColumn[]; rows: unknown[][]; collation: string; table?: FixtureTable } | null {
    const same = compareValues('nvarchar', db.collation);
    const { schema, name } = stmt.from;
    const is = (s: string | null, want: string) => s !== null && same(s, want) === 0;
    if (is(schema, 'sys') && same(name, 'databases') === 0) {
      const all = [...SYSTEM_DATABASES.map((n) => ({ name: n, collation: this.serverCollation })), ...this.databases];
      return {
        columns: [{ name: 'name', type: 'nvarchar', length: 128 }, { name: 'database_id', type: 'int' }, { name: 'collation_name', type: 'nvarchar', length: 128 }, { name: 'state_desc', type: 'nvarchar', length: 60 }],
        rows: all.map((d, i) => [d.name, i + 1, d.collation, 'ONLINE']),
        collation: this.serverCollation,
      };
    }
    if (is(schema, 'INFORMATION_SCHEMA') && same(name, 'COLUMNS') === 0) {
      return {
        columns: [
          { name: 'TABLE_CATALOG', type: 'nvarchar', length: 128 }, { name: 'TABLE_SCHEMA', type: 'nvarchar', length: 128 },
          { name: 'TABLE_NAME', type: 'nvarchar', length: 128 }, { name: 'COLUMN_NAME', type: 'nvarchar', length: 128 },
          { name: 'ORDINAL_POSITION', type: 'int' }, { name: 'IS_NULLABLE', type: 'nvarchar', length: 3 },
          { name: 'DATA_TYPE', type: 'nvarchar', length: 128 }, { name: 'CHARACTER_MAXIMUM_LENGTH', type: 'int' },
        ],
        rows: db.tables.flatMap((t) => t.columns.map((c, i) => [db.name, t.schema, t.name, c.name, i + 1, c.nullable === false ? 'NO' : 'YES', c.type, c.type === 'nvarchar' ? (c.length ?? -1) : null])),
        collation: db.collation,
      };
    }
    if (is(schema, 'INFORMATION_SCHEMA') && same(name, 'TABLES') === 0) {
      return {
        columns: [{ name: 'TABLE_CATALOG', type: 'nvarchar', length: 128 }, { name: 'TABLE_SCHEMA', type: 'nvarchar', length: 128 }, { name: 'TABLE_NAME', type: 'nvarchar', length: 128 }, { name: 'TABLE_TYPE', type: 'nvarchar', length: 10 }],
        rows: db.tables.map((t) => [db.name, t.schema, t.name, 'BASE TABLE']),
        collation: db.collation,
      };
    }
    const table = db.tables.find((t) => same(t.name, name) === 0 && same(t.schema, schema ?? 'dbo') === 0);
    return table ? { columns: table.columns, rows: table.rows, collation: db.collation, table } : null;
  }

  private run(stmt: SelectStatement, source: NonNullable<ReturnType<MikroFixtureServer['resolve']>>, values: Map<string, RpcParam>): ScriptedReply {
    const same = compareValues('nvarchar', source.collation);
    const col = (name: string): number => source.columns.findIndex((c) => same(c.name, name) === 0);
    const missing = [...(stmt.columns ?? []), ...stmt.orderBy.map((o) => o.column), ...predicateColumns(stmt.where)].find((n) => col(n) < 0);
    if (missing !== undefined) return { error: { number: 207, class: 16, message: `Invalid column name '${missing}'.` } };
    const value = (v: SqlValue): unknown => {
      if (v.kind === 'literal') return v.value;
      const p = values.get(v.name.toLowerCase());
      if (!p) throw new SqlShapeError(`Must declare the scalar variable "@${v.name}".`);
      return paramValue(p);
    };
    const comparer = (ref: ColumnRef): Compare => {
      const c = source.columns[col(ref.name)]!;
      const collation = !ref.collate || ref.collate.toUpperCase() === 'DATABASE_DEFAULT' ? source.collation : ref.collate;
      return compareValues(c.type, collation);
    };
    let top = Infinity;
    let where: ((row: unknown[]) => boolean | null) | null;
    try {
      if (stmt.top) top = Number(value(stmt.top));
      where = stmt.where ? compile(stmt.where, col, comparer, value) : null;
    } catch (e) {
      if (e instanceof SqlShapeError) return { error: { number: 137, class: 15, message: e.message } };
      throw e;
    }
    const order = stmt.orderBy.map((o) => ({ i: col(o.column), cmp: comparer({ name: o.column, collate: null }), desc: o.desc, key: sortKeyFor(source.columns[col(o.column)]!.type) }));
    const sorted = order.length ? this.sorted(source, order) : source.rows;
    let start = 0;
    let seek = false;
    const keyset = stmt.where ? keysetBound(stmt.where, stmt.orderBy) : null;
    if (keyset && order.every((o) => !o.desc)) {
      // The page after (since, guid): first row whose (k1, k2) > (v1, v2), by binary search.
      const v1 = value(keyset[0]);
      const v2 = value(keyset[1]);
      const [o1, o2] = order as [typeof order[0], typeof order[0]];
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const r = sorted[mid]!;
        const first = o1.cmp(r[o1.i], v1);
        const c = first === 0 ? o2.cmp(r[o2.i], v2) : first;
        if (c === null || c <= 0) lo = mid + 1; // NULLs sort first, before any bound
        else hi = mid;
      }
      start = lo;
      seek = true;
    }
    // When the WHERE is the keyset predicate itself, every row from `start` on satisfies it (the
    // order and the predicate compare alike): an index seek, as SQL Server does, not a scan.
    const filter = seek ? null : where;
    const picked: unknown[][] = [];
    for (let i = start; i < sorted.length && picked.length < top; i++) {
      const row = sorted[i]!;
      if (!filter || filter(row) === true) picked.push(row);
    }
    const indexes = stmt.columns ? stmt.columns.map(col) : source.columns.map((_, i) => i);
    const columns: ColumnSpec[] = indexes.map((i, k) => {
      const c = source.columns[i]!;
      return { name: stmt.columns ? stmt.columns[k]! : c.name, type: c.type, ...(c.length ? { length: c.length } : {}) };
    });
    return { columns, rows: picked.map((r) => indexes.map((i) => r[i])) };
  }

  /** Rows in ORDER BY order, cached per table version (a page query must not sort 100 000 rows each time). */
  private sorted(source: { rows: unknown[][]; table?: FixtureTable }, order: Array<{ i: number; cmp: Compare; desc: boolean; key?: ((v: unknown) => string | number | null) | undefined }>): unknown[][] {
    const key = order.map((o) => `${o.i}${o.desc ? 'd' : 'a'}`).join(',');
    const cached = source.table ? this.orders.get(source.table) : undefined;
    if (cached && source.table && cached.key === key && cached.version === source.table.version) return cached.rows;
    // Keys computed once per row (a Guid's SqlGuid key, a time's ms), not once per comparison.
    const keyed = source.rows.map((row) => ({ row, keys: order.map((o) => (o.key ? o.key(row[o.i]) : row[o.i])) }));
    keyed.sort((a, b) => {
      for (let k = 0; k < order.length; k++) {
        const o = order[k]!;
        const x = a.keys[k];
        const y = b.keys[k];
        let c: number;
        if (x === null || x === undefined || y === null || y === undefined) c = x === null || x === undefined ? (y === null || y === undefined ? 0 : -1) : 1; // NULLs first
        else if (o.key) c = x < y ? -1 : x > y ? 1 : 0;
        else c = o.cmp(x, y) ?? 0;
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
    const rows = keyed.map((k) => k.row);
    if (source.table) this.orders.set(source.table, { key, version: source.table.version, rows });
    return rows;
  }
}

function invalidObject(stmt: SelectStatement): ScriptedReply {
  return { error: { number: 208, class: 16, message: `Invalid object name '${stmt.from.written}'.` } };
}

function params(list: readonly RpcParam[]): Map<string, RpcParam> {
  return new Map(list.map((p) => [p.name.replace(/^@/, '').toLowerCase(), p]));
}

/** An RPC parameter as a value: DATETIMN days/ticks and GUID bytes decoded (requests.ts leaves them raw). */
function paramValue(p: RpcParam): unknown {
  const v = p.value;
  if (!Buffer.isBuffer(v)) return v;
  if (p.typeId === 0x24 && v.length === 16) return guidFromBuffer(v);
  if (p.typeId === 0x6f && v.length === 8) return new Date(Date.UTC(1900, 0, 1) + v.readInt32LE(0) * 86_400_000 + Math.round((v.readUInt32LE(4) * 10) / 3));
  if (p.typeId === 0x6f && v.length === 4) return new Date(Date.UTC(1900, 0, 1) + v.readUInt16LE(0) * 86_400_000 + v.readUInt16LE(2) * 60_000);
  if (p.typeId === 0x2a && v.length === 8) {
    // DATETIME2 as tedious sends it by default (scale 7): 5 bytes of 100 ns, 3 bytes of days since 0001-01-01.
    const ticks = v.readUIntLE(0, 5);
    const days = v.readUIntLE(5, 3);
    return new Date((days - 719_162) * 86_400_000 + Math.floor(ticks / 10_000));
  }
  return v;
}

function predicateColumns(p: Predicate | null): string[] {
  if (!p) return [];
  if ('left' in p) return [...predicateColumns(p.left), ...predicateColumns(p.right)];
  if ('inner' in p) return predicateColumns(p.inner);
  return [p.column.name];
}

/** Three-valued logic: null is UNKNOWN (a NULL compared with anything). */
function compile(p: Predicate, col: (n: string) => number, comparer: (r: ColumnRef) => Compare, value: (v: SqlValue) => unknown): (row: unknown[]) => boolean | null {
  switch (p.kind) {
    case 'or': {
      const l = compile(p.left, col, comparer, value);
      const r = compile(p.right, col, comparer, value);
      return (row) => { const a = l(row); if (a === true) return true; const b = r(row); return b === true ? true : a === null || b === null ? null : false; };
    }
    case 'and': {
      const l = compile(p.left, col, comparer, value);
      const r = compile(p.right, col, comparer, value);
      return (row) => { const a = l(row); if (a === false) return false; const b = r(row); return b === false ? false : a === null || b === null ? null : true; };
    }
    case 'not': {
      const inner = compile(p.inner, col, comparer, value);
      return (row) => { const a = inner(row); return a === null ? null : !a; };
    }
    case 'null': {
      const i = col(p.column.name);
      return (row) => (row[i] === null || row[i] === undefined) !== p.negated;
    }
    case 'in': {
      const i = col(p.column.name);
      const cmp = comparer(p.column);
      const vs = p.values.map(value);
      return (row) => {
        const hits = vs.map((v) => cmp(row[i], v));
        const found = hits.includes(0);
        if (found) return !p.negated;
        return hits.includes(null) ? null : p.negated;
      };
    }
    case 'cmp': {
      const i = col(p.column.name);
      const cmp = comparer(p.column);
      const v = value(p.value);
      const test = { '=': (c: number) => c === 0, '<>': (c: number) => c !== 0, '<': (c: number) => c < 0, '>': (c: number) => c > 0, '<=': (c: number) => c <= 0, '>=': (c: number) => c >= 0 }[p.op];
      return (row) => { const c = cmp(row[i], v); return c === null ? null : test(c); };
    }
  }
}

/**
 * The values of a keyset predicate `(k1 > v1 OR (k1 = v1 AND k2 > v2))` on exactly the ORDER BY
 * columns (k1, k2), else null. Matching the parsed tree, not the text: any spelling of it qualifies.
 */
function keysetBound(p: Predicate, orderBy: SelectStatement['orderBy']): [SqlValue, SqlValue] | null {
  if (orderBy.length !== 2 || p.kind !== 'or') return null;
  const [k1, k2] = [orderBy[0]!.column.toLowerCase(), orderBy[1]!.column.toLowerCase()];
  const gt = p.left;
  const tie = p.right;
  if (gt.kind !== 'cmp' || gt.op !== '>' || gt.column.name.toLowerCase() !== k1 || gt.column.collate) return null;
  if (tie.kind !== 'and' || tie.left.kind !== 'cmp' || tie.right.kind !== 'cmp') return null;
  const eq = tie.left;
  const gt2 = tie.right;
  if (eq.op !== '=' || eq.column.name.toLowerCase() !== k1 || JSON.stringify(eq.value) !== JSON.stringify(gt.value)) return null;
  if (gt2.op !== '>' || gt2.column.name.toLowerCase() !== k2 || gt2.column.collate) return null;
  return [gt.value, gt2.value];
}
