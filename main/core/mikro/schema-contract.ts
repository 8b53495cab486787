/**
 * `mikro_schema_contract` (issue 16 §2): do the tables and columns the console reads exist in the
 * company database, with types it can read? One SELECT on INFORMATION_SCHEMA.COLUMNS of the
 * connected database, through the client (guard, session prelude, statement log).
 *
 * Case: Mikro databases use Turkish collations, where `i`/`İ` and `ı`/`I` are different letters,
 * so `cari_kod` and `CARI_KOD` are different identifiers. The catalog is searched with a
 * Latin1_General_CI_AI comparison (where those do match) so a differently spelled name is still
 * found; it is then compared under Turkish rules: a name that would not resolve as declared is a
 * WARN naming the catalog's spelling, and `resolved` gives that spelling to whoever builds the
 * statements (send identifiers in their catalog case). The comparison stays inside one database;
 * nothing here compares across databases, so no COLLATE DATABASE_DEFAULT is needed.
 */
import { msg } from '../../../shared/messages.js';
import { passed, problem, type CheckOutcome } from '../checks/check-builders.js';
import type { MikroClient } from './mikro-connection.js';
import type { SyncTableShape } from './sync-statements.js';
import { COLUMN_KINDS, type SchemaContract } from './schema-contract-config.js';

export { DEFAULT_CONTRACT_COLUMNS, schemaContract, contractFrom, type SchemaContract } from './schema-contract-config.js';

/** Same letters, case and accents aside (İ/I/ı/i alike): how a differently spelled name is found. */
const LOOSE = new Intl.Collator('en', { sensitivity: 'base' });
/** Turkish_CI_AS: case-insensitive, but I (ı's capital) is not i's. */
const TURKISH = new Intl.Collator('tr', { sensitivity: 'accent' });

export function catalogSql(tables: number): string {
  const list = Array.from({ length: tables }, (_, i) => `@t${i}`).join(', ');
  return `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME COLLATE Latin1_General_CI_AI IN (${list}) ORDER BY TABLE_NAME, ORDINAL_POSITION`;
}

export interface ContractFinding {
  table: string;
  column?: string;
  problem: 'missing_table' | 'missing_column' | 'wrong_type' | 'case';
  /** The catalog's spelling (case) or type (wrong_type). */
  catalog?: string;
  expected?: readonly string[];
}

export interface SchemaContractResult {
  findings: ContractFinding[];
  /** Declared `TABLE` / `TABLE.column` → the catalog's spelling, for every name found. */
  resolved: Record<string, string>;
  tables: number;
  columns: number;
}

type CatalogRow = { schema: string; table: string; column: string; type: string };

/** Compares the contract with the catalog rows (pure; the check and its unit tests use it). */
export function compareContract(contract: SchemaContract, rows: readonly CatalogRow[]): SchemaContractResult {
  const findings: ContractFinding[] = [];
  const resolved: Record<string, string> = {};
  let columns = 0;
  for (const t of contract) {
    const found = rows.filter((r) => LOOSE.compare(r.schema, t.schema) === 0 && LOOSE.compare(r.table, t.table) === 0);
    if (found.length === 0) {
      findings.push({ table: t.table, problem: 'missing_table' });
      continue;
    }
    const catalogTable = found[0]!.table;
    resolved[t.table] = catalogTable;
    if (TURKISH.compare(catalogTable, t.table) !== 0) findings.push({ table: t.table, problem: 'case', catalog: catalogTable });
    for (const c of t.columns) {
      const col = found.find((r) => LOOSE.compare(r.column, c.name) === 0);
      if (!col) {
        findings.push({ table: t.table, column: c.name, problem: 'missing_column' });
        continue;
      }
      columns++;
      resolved[`${t.table}.${c.name}`] = col.column;
      if (TURKISH.compare(col.column, c.name) !== 0) findings.push({ table: t.table, column: c.name, problem: 'case', catalog: col.column });
      const expected: readonly string[] = COLUMN_KINDS[c.kind];
      if (expected.length && !expected.includes(col.type.toLowerCase())) findings.push({ table: t.table, column: c.name, problem: 'wrong_type', catalog: col.type, expected });
    }
  }
  return { findings, resolved, tables: contract.length, columns };
}

/** Reads the catalog of the connected (company) database and compares it with the contract. */
export async function readSchemaContract(client: MikroClient, contract: SchemaContract): Promise<SchemaContractResult> {
  const params = Object.fromEntries(contract.map((t, i) => [`t${i}`, t.table]));
  const r = await client.query(catalogSql(contract.length), params, { maxRows: 10_000 });
  const rows = r.rows.map((row) => ({ schema: String(row[0] ?? ''), table: String(row[1] ?? ''), column: String(row[2] ?? ''), type: String(row[3] ?? '') }));
  return compareContract(contract, rows);
}

/**
 * A statement shape with every identifier the catalog spells differently replaced by the catalog's
 * spelling (names the contract did not resolve stay as declared): what to send under a Turkish
 * collation, where `cari_kod` does not find a column the catalog calls `CARI_KOD`.
 */
export function withCatalogNames(shape: SyncTableShape, resolved: Readonly<Record<string, string>>): SyncTableShape {
  const col = (c: string) => resolved[`${shape.table}.${c}`] ?? c;
  return { ...shape, table: resolved[shape.table] ?? shape.table, guid: col(shape.guid), lastup: col(shape.lastup), columns: shape.columns.map(col) };
}

const name = (f: ContractFinding): string => (f.column ? `${f.table}.${f.column}` : f.table);

/** The verdict: anything missing or of the wrong type FAILs; only spellings that differ WARN. */
export function contractOutcome(result: SchemaContractResult, contract: SchemaContract): CheckOutcome {
  const of = (p: ContractFinding['problem']) => result.findings.filter((f) => f.problem === p);
  const observed = { tables: contract.map((t) => t.table), findings: result.findings, resolved: result.resolved };
  const hard: { key: 'mikro.contract.missing_tables' | 'mikro.contract.missing_columns' | 'mikro.contract.wrong_types'; param: string; items: string[] }[] = [
    { key: 'mikro.contract.missing_tables', param: 'tables', items: of('missing_table').map(name) },
    { key: 'mikro.contract.missing_columns', param: 'columns', items: of('missing_column').map(name) },
    { key: 'mikro.contract.wrong_types', param: 'columns', items: of('wrong_type').map((f) => `${name(f)}: ${f.catalog} ≠ ${(f.expected ?? []).join('/')}`) },
  ];
  const failures = hard.filter((h) => h.items.length);
  if (failures.length) {
    const [first, ...rest] = failures;
    return problem('FAIL', msg(first!.key, { [first!.param]: first!.items }), msg('mikro.contract.failed_rec'), {
      steps: rest.map((h) => msg(h.key, { [h.param]: h.items })),
      observed,
    });
  }
  const cased = of('case');
  if (cased.length) {
    return problem('WARN', msg('mikro.contract.case_differs', { names: cased.map((f) => `${name(f)} → ${f.catalog}`) }), msg('mikro.contract.case_rec'), { observed });
  }
  return passed(msg('mikro.contract.ok', { tables: contract.map((t) => t.table), columns: result.columns }), observed);
}

/** `mikro_schema_contract` for verify and diagnostics; a catalog that cannot be read is a FAIL saying why. */
export async function checkSchemaContract(client: MikroClient, contract: SchemaContract): Promise<CheckOutcome> {
  let result: SchemaContractResult;
  try {
    result = await readSchemaContract(client, contract);
  } catch (err) {
    const f = client.explain(err);
    return problem('FAIL', msg('mikro.contract.catalog_failed', { reason: f.message }), msg('mikro.contract.failed_rec'), { technical_detail: `${f.code} ${f.technical_detail}` });
  }
  return contractOutcome(result, contract);
}
