/**
 * The tables and columns the console reads from Mikro (issue 16 §2), declared once. Defaults are
 * the columns the PULL sync reads; `schema_contract` in mikro_connection.json replaces them, like
 * `master_tables` does for the readable-tables check:
 *
 *   "schema_contract": { "CARI_HESAPLAR": ["cari_Guid", "cari_kod", …], "STOKLAR": ["sto_Guid", …] }
 *
 * Names are written as Mikro's catalog spells them (Turkish collations: `cari_kod` ≠ `CARI_KOD`).
 * A column's expected type comes from its kind; a column the defaults do not know accepts any type.
 */
import { z } from 'zod';

/** What a column holds, and the SQL Server types that can hold it. */
export const COLUMN_KINDS = {
  guid: ['uniqueidentifier'],
  text: ['nvarchar', 'varchar', 'nchar', 'char'],
  datetime: ['datetime', 'datetime2', 'smalldatetime'],
  flag: ['bit', 'tinyint', 'smallint'],
  any: [],
} as const satisfies Record<string, readonly string[]>;
export type ColumnKind = keyof typeof COLUMN_KINDS;

export interface ContractColumn {
  name: string;
  kind: ColumnKind;
}

export interface ContractTable {
  /** `dbo` unless written `schema.TABLE`. */
  schema: string;
  table: string;
  columns: ContractColumn[];
}

export type SchemaContract = ContractTable[];

const KNOWN_KINDS: Readonly<Record<string, ColumnKind>> = {
  cari_Guid: 'guid', cari_kod: 'text', cari_unvan1: 'text', cari_unvan2: 'text', cari_vdaire_no: 'text', cari_VergiKimlikNo: 'text', cari_lastup_date: 'datetime', cari_iptal: 'flag',
  sto_Guid: 'guid', sto_kod: 'text', sto_isim: 'text', sto_birim1_ad: 'text', sto_lastup_date: 'datetime', sto_iptal: 'flag',
};

/** The defaults: what the PULL sync reads (the list plus *_iptal, which it mirrors). */
export const DEFAULT_CONTRACT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  CARI_HESAPLAR: ['cari_Guid', 'cari_kod', 'cari_unvan1', 'cari_unvan2', 'cari_vdaire_no', 'cari_VergiKimlikNo', 'cari_lastup_date', 'cari_iptal'],
  STOKLAR: ['sto_Guid', 'sto_kod', 'sto_isim', 'sto_birim1_ad', 'sto_lastup_date', 'sto_iptal'],
};

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_@#$]{0,127}$/u;
const TABLE = /^(?:[\p{L}_][\p{L}\p{N}_@#$]{0,127}\.)?[\p{L}_][\p{L}\p{N}_@#$]{0,127}$/u;

/** The `schema_contract` block (validated with the rest of mikro_connection.json). */
export const SchemaContractFileSchema = z
  .record(
    z.string().regex(TABLE, { message: 'must be a table name like CARI_HESAPLAR or dbo.CARI_HESAPLAR' }),
    z.array(z.string().regex(IDENTIFIER, { message: 'must be a column name like cari_kod' })).min(1).max(200),
  )
  .nullish();

function kindOf(column: string): ColumnKind {
  return KNOWN_KINDS[column] ?? 'any';
}

export function contractFrom(columns: Readonly<Record<string, readonly string[]>>): SchemaContract {
  return Object.entries(columns).map(([name, cols]) => {
    const [schema, table] = name.includes('.') ? (name.split('.') as [string, string]) : ['dbo', name];
    return { schema, table, columns: cols.map((c) => ({ name: c, kind: kindOf(c) })) };
  });
}

/** The contract from mikro_connection.json's raw value; the defaults when it has no (valid) block. */
export function schemaContract(fileValue: unknown): SchemaContract {
  const block = (fileValue as { schema_contract?: unknown } | null | undefined)?.schema_contract;
  const parsed = SchemaContractFileSchema.safeParse(block);
  // A bad block is reported by the config check (E_CONFIG_INVALID names the key); here the defaults hold.
  return contractFrom(parsed.success && parsed.data && Object.keys(parsed.data).length ? parsed.data : DEFAULT_CONTRACT_COLUMNS);
}
