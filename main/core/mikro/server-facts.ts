/**
 * What the SQL Server says about itself (issue 12 §4), by read-only queries through the same
 * client and guard as everything else: product and build, edition, server and database collation,
 * and for Express how close the database's data files are to the edition's size limit (10 GB per
 * database from 2008 R2 on, 4 GB on 2008; the log file does not count). Shown in the connection
 * test result (`server`) and as the `mikro_server` check (verify and diagnostics).
 */
import type { MikroServerFacts } from '../../../shared/mikro.js';
import { msg } from '../../../shared/messages.js';
import { passed, problem, type CheckOutcome } from '../checks/check-builders.js';
import type { MikroClient } from './mikro-connection.js';
import { sqlServerProduct } from './sql-server-versions.js';
import { mikroStatementLog } from './statement-log.js';

export type { MikroServerFacts } from '../../../shared/mikro.js';

export const SERVER_FACTS_SQL =
  "SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version, CAST(SERVERPROPERTY('ProductLevel') AS nvarchar(128)) AS product_level, " +
  "CAST(SERVERPROPERTY('ProductUpdateLevel') AS nvarchar(128)) AS update_level, CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition, " +
  "CAST(SERVERPROPERTY('EngineEdition') AS int) AS engine_edition, CAST(SERVERPROPERTY('Collation') AS nvarchar(128)) AS server_collation, " +
  "CAST(DATABASEPROPERTYEX(DB_NAME(), 'Collation') AS nvarchar(128)) AS database_collation, @@VERSION AS version";
/** Data files (type 0 = ROWS) of the connected database; `size` is in 8 KB pages. */
export const DATA_SIZE_SQL = 'SELECT CAST(SUM(CAST(size AS bigint)) * 8192 AS bigint) AS data_bytes FROM sys.database_files WHERE type = 0';

const GB = 1024 ** 3;
/** Express: WARN from 80 % of the limit, FAIL from 95 % (the ERP's own writes start failing at 100 %). */
export const EXPRESS_WARN_PERCENT = 80;
export const EXPRESS_FAIL_PERCENT = 95;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** Reads the facts; the size is null when sys.database_files cannot be read. Throws when the server properties cannot. */
export async function readServerFacts(client: MikroClient): Promise<MikroServerFacts> {
  return (await readServerFactsAndVersion(client)).facts;
}

/** The facts and `@@VERSION` (the staged test shows it), read in the same round trip; version null when not answered. */
export async function readServerFactsAndVersion(client: MikroClient): Promise<{ facts: MikroServerFacts; version: string | null }> {
  const r = await client.query(SERVER_FACTS_SQL, undefined, { maxRows: 1 });
  const row = Object.fromEntries(r.columns.map((c, i) => [c.name, r.rows[0]?.[i]]));
  return { facts: await factsFrom(client, row), version: typeof row.version === 'string' && row.version.trim() ? row.version : null };
}

async function factsFrom(client: MikroClient, row: Record<string, unknown>): Promise<MikroServerFacts> {
  const build = text(row.product_version) ?? '';
  const [major = 0, minor = 0, b = 0] = build.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const product = build ? sqlServerProduct(major, minor, b).name : '?';
  const edition = text(row.edition) ?? '?';
  const express = Number(row.engine_edition) === 4 || /express/i.test(edition);
  const level = [text(row.product_level), text(row.update_level)].filter(Boolean).join(' ') || null;
  let data_bytes: number | null = null;
  try {
    const size = await client.query(DATA_SIZE_SQL, undefined, { maxRows: 1 });
    const v = size.rows[0]?.[0];
    data_bytes = v === null || v === undefined || v === '' ? null : Number(v);
    if (data_bytes !== null && !Number.isFinite(data_bytes)) data_bytes = null;
  } catch {
    // No metadata visibility on sys.database_files: the size stays unknown.
  }
  const data_limit_bytes = express ? (major === 10 && minor === 0 ? 4 : 10) * GB : null;
  const data_used_percent = data_limit_bytes && data_bytes !== null ? Math.round((data_bytes / data_limit_bytes) * 1000) / 10 : null;
  return {
    product,
    build,
    level,
    edition,
    express,
    server_collation: text(row.server_collation),
    database_collation: text(row.database_collation),
    data_bytes,
    data_limit_bytes,
    data_used_percent,
  };
}

/** `mikro_server`: the facts as a check; Express near its size limit WARNs, at it FAILs. */
export async function checkServerFacts(client: MikroClient): Promise<CheckOutcome> {
  // The support data (diagnostics report) carries what the console recently sent to this server.
  const recent_statements = mikroStatementLog.view(20).entries;
  let facts: MikroServerFacts;
  try {
    facts = await readServerFacts(client);
  } catch (err) {
    const f = client.explain(err);
    return problem('WARN', msg('mikro.checks.mikro_server.unreadable', { reason: f.message }), f.hint, { technical_detail: `${f.code}: ${f.technical_detail}`, observed: { recent_statements } });
  }
  const observed = { ...facts, recent_statements };
  const collation = facts.database_collation ?? facts.server_collation ?? '?';
  const base = { product: facts.product, edition: facts.edition, collation };
  const pct = facts.data_used_percent;
  if (facts.express && pct !== null && facts.data_bytes !== null && facts.data_limit_bytes !== null) {
    const size = msg('mikro.server.express_size', { edition: facts.edition, size: facts.data_bytes, limit: facts.data_limit_bytes, percent: pct });
    if (pct >= EXPRESS_FAIL_PERCENT) return problem('FAIL', msg('mikro.checks.mikro_server.express_full', { ...base, size }), msg('mikro.checks.mikro_server.express_rec'), { observed });
    if (pct >= EXPRESS_WARN_PERCENT) return problem('WARN', msg('mikro.checks.mikro_server.express_near', { ...base, size }), msg('mikro.checks.mikro_server.express_rec'), { observed });
    return passed(msg('mikro.checks.mikro_server.ok_express', { ...base, size }), observed);
  }
  return passed(msg('mikro.checks.mikro_server.ok', base), observed);
}
