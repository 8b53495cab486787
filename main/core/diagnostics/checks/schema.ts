/**
 * Which application tables exist, learnt once per run, for the checks that declare the tables
 * they read (`needs` in registry.ts). The rule:
 *  - migrations at head: every table exists, nothing is looked up;
 *  - migrations pending (or none applied): the tables are listed from the database's catalogue,
 *    and a check whose table is not there yet is SKIP naming migrations_at_head (which WARNs or
 *    FAILs about the schema itself). Behind head but with its tables present, a check runs;
 *  - the state cannot be read (database down): nothing is skipped, the checks run and report
 *    what they meet (database_connection and migrations_at_head FAIL beside them).
 */
import { sql } from 'kysely';
import { msg } from '../../../../shared/messages.js';
import { checkTitle, skipped, type CheckOutcome } from '../../checks/check-builders.js';
import type { DiagnosticsContext } from '../context.js';
import { SCHEMA_CHECK, type AppTable } from '../registry.js';

export type SchemaState = { kind: 'at_head' } | { kind: 'behind'; tables: ReadonlySet<string>; current: string | null; head: string } | { kind: 'unknown' };

/** The tables the current search path / database file shows. */
async function listTables(db: DiagnosticsContext['db']): Promise<Set<string>> {
  const rows =
    db.engine === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = any (current_schemas(false))`.execute(db.kysely)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db.kysely);
  return new Set(rows.rows.map((r) => r.name));
}

export async function readSchemaState(ctx: Pick<DiagnosticsContext, 'db' | 'migrations'>): Promise<SchemaState> {
  try {
    const st = await ctx.migrations.status();
    if (st.pending.length === 0 && st.current !== null) return { kind: 'at_head' };
    return { kind: 'behind', tables: await listTables(ctx.db), current: st.current, head: st.head };
  } catch {
    return { kind: 'unknown' };
  }
}

/** The declared tables that do not exist yet (empty: run the check). */
export function missingTables(state: SchemaState, needs: readonly AppTable[]): AppTable[] {
  if (state.kind !== 'behind') return [];
  return needs.filter((t) => !state.tables.has(t));
}

/** SKIP: the check's tables come with a migration that has not run yet. */
export function skippedForSchema(state: SchemaState, missing: readonly AppTable[]): CheckOutcome {
  const at = state.kind === 'behind' ? ` (schema at ${state.current ?? 'empty'}, head ${state.head})` : '';
  return {
    ...skipped(msg('common.skipped_because_check', { check: checkTitle(SCHEMA_CHECK, 'database') }), SCHEMA_CHECK),
    technical_detail: `table(s) not created yet: ${missing.join(', ')}${at}; run the pending migrations`,
  };
}
