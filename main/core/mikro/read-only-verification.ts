/**
 * Read-only verification (R-MIKRO-6, -7, -9). The statement guard is the second line of defence;
 * the first is a Mikro login that cannot write. These checks ask the SERVER what the login may
 * do, and every query goes through MikroClient, so through the guard as well.
 */
import type { Check } from '../../../shared/checks.js';
import { msg } from '../../../shared/messages.js';
import { passed, problem, timedCheck, toCheck, type CheckOutcome } from '../checks/check-builders.js';
import { skippedBecause, type MikroCheckName } from './checks.js';
import type { MikroClient } from './mikro-connection.js';
import { isValidTableName, type EffectiveMikroSettings } from './mikro-config.js';
import { checkServerFacts } from './server-facts.js';
import { checkSchemaContract, schemaContract, type SchemaContract } from './schema-contract.js';

/** Database- or server-level rights a read-only login must not hold. */
const WRITE_PERMISSION =
  /^(INSERT|UPDATE|DELETE|TAKE OWNERSHIP|CONTROL( SERVER)?|EXECUTE( .*)?|ALTER( .*)?|CREATE( .*)?|IMPERSONATE ANY LOGIN|ADMINISTER (DATABASE )?BULK OPERATIONS|SHUTDOWN)$/;
export const WRITE_ROLES = ['db_owner', 'db_datawriter', 'db_ddladmin'] as const;

export const PERMISSIONS_DATABASE_SQL = "SELECT permission_name FROM fn_my_permissions(NULL, 'DATABASE')";
export const PERMISSIONS_SERVER_SQL = "SELECT permission_name FROM fn_my_permissions(NULL, 'SERVER')";
export const ROLES_SQL =
  "SELECT IS_ROLEMEMBER('db_owner') AS db_owner, IS_ROLEMEMBER('db_datawriter') AS db_datawriter, IS_ROLEMEMBER('db_ddladmin') AS db_ddladmin, IS_SRVROLEMEMBER('sysadmin') AS sysadmin";

/** Who the login is and whether it is all-powerful: `sa` (SID 0x01, even renamed), sysadmin, db_owner. */
export const LOGIN_IDENTITY_SQL =
  "SELECT SUSER_NAME() AS login_name, CASE WHEN SUSER_SID() = 0x01 THEN 1 ELSE 0 END AS is_sa, IS_SRVROLEMEMBER('sysadmin') AS sysadmin, IS_ROLEMEMBER('db_owner') AS db_owner";

/** The login the least-privilege T-SQL creates. */
export const LEAST_PRIVILEGE_LOGIN = 'optiplan360_ro';

const bracket = (name: string) => `[${name.replace(/\]/g, ']]')}]`;

/**
 * The exact T-SQL a DBA can run for a read-only login: the login and its user, then either
 * db_datareader or SELECT on the configured tables only. The password is left for the DBA to type.
 */
export function leastPrivilegeSql(database: string, tables: readonly string[], login: string = LEAST_PRIVILEGE_LOGIN): { create: string; role: string; role_2008: string; grants: string } {
  const db = bracket(database);
  const l = bracket(login);
  return {
    create: `CREATE LOGIN ${l} WITH PASSWORD = N'********', CHECK_POLICY = ON, DEFAULT_DATABASE = ${db}; USE ${db}; CREATE USER ${l} FOR LOGIN ${l};`,
    role: `ALTER ROLE db_datareader ADD MEMBER ${l};`,
    role_2008: `EXEC sp_addrolemember N'db_datareader', N'${login.replace(/'/g, "''")}';`,
    grants: tables.map((t) => `GRANT SELECT ON ${quoteTableName(t.includes('.') ? t : `dbo.${t}`)} TO ${l};`).join(' '),
  };
}

/**
 * `mikro_least_privilege` (issue 12 §5): WARN when the console logs in as `sa`, a sysadmin or a
 * db_owner, with the T-SQL for a least-privilege login. What the login may write is judged by
 * `mikro_login_permissions`; this check is about the password's reach if it leaks.
 */
export async function checkLeastPrivilege(client: MikroClient, effective: EffectiveMikroSettings): Promise<CheckOutcome> {
  let row: Record<string, unknown>;
  try {
    const r = await client.query(LOGIN_IDENTITY_SQL, undefined, { maxRows: 1 });
    row = Object.fromEntries(r.columns.map((c, i) => [c.name, r.rows[0]?.[i]]));
  } catch (err) {
    const f = client.explain(err);
    return problem('WARN', msg('mikro.checks.mikro_least_privilege.unreadable', { reason: f.message }), f.hint, { technical_detail: `${f.code}: ${f.technical_detail}` });
  }
  const login = typeof row.login_name === 'string' && row.login_name ? row.login_name : (effective.settings.username ?? '?');
  const roles = [Number(row.is_sa) === 1 || login.toLowerCase() === 'sa' ? 'sa' : null, Number(row.sysadmin) === 1 ? 'sysadmin' : null, Number(row.db_owner) === 1 ? 'db_owner' : null].filter(
    (r): r is string => r !== null,
  );
  const sql = leastPrivilegeSql(effective.settings.database ?? 'MikroDB', effective.settings.master_tables);
  const observed = { login, roles, least_privilege_sql: sql };
  if (roles.length === 0) return passed(msg('mikro.checks.mikro_least_privilege.ok', { login }), { login, roles });
  return problem('WARN', msg('mikro.checks.mikro_least_privilege.warn', { login, roles }), msg('mikro.checks.mikro_least_privilege.rec', sql), { observed });
}

export function offendingPermissions(names: readonly string[]): string[] {
  return [...new Set(names.map((n) => n.trim().toUpperCase()).filter((n) => WRITE_PERMISSION.test(n)))].sort();
}

/** `dbo.CARI_HESAPLAR` → `[dbo].[CARI_HESAPLAR]`. Names are validated, and `]` is doubled anyway. */
export function quoteTableName(name: string): string {
  if (!isValidTableName(name)) throw new Error(`not a table name: ${JSON.stringify(name)}`);
  return name
    .split('.')
    .map((part) => `[${part.replace(/\]/g, ']]')}]`)
    .join('.');
}

const sourceMessage = (source: 'file' | 'env' | 'default') => msg(`mikro.sources.${source}`);

export function checkReadOnlyFlag(effective: EffectiveMikroSettings): CheckOutcome {
  const forced = effective.warnings.find((w) => w.code === 'MIKRO_READ_ONLY_FORCED');
  if (forced) {
    return problem('WARN', msg('mikro.checks.mikro_read_only.forced', { warning: forced.message }), msg('mikro.checks.mikro_read_only.forced_rec'), {
      observed: { read_only_requested: effective.read_only_requested },
    });
  }
  return passed(msg('mikro.checks.mikro_read_only.ok', { source: sourceMessage(effective.sources.read_only) }), { source: effective.sources.read_only });
}

/**
 * What the client saw on its logged-in connections: every LOGIN7 must carry
 * ApplicationIntent=ReadOnly (tedious sends what the connection's options say).
 */
export function checkApplicationIntent(client: MikroClient): CheckOutcome {
  const seen = client.intent;
  const observed = { connections: seen.connections, read_only_intent: seen.read_only_intent };
  if (seen.connections === 0) {
    return problem('WARN', msg('mikro.checks.mikro_application_intent.none_observed'), msg('mikro.checks.mikro_application_intent.none_observed_rec'), { observed });
  }
  const missing = seen.connections - seen.read_only_intent;
  if (missing > 0) {
    return problem('FAIL', msg('mikro.checks.mikro_application_intent.missing', { missing, count: seen.connections }), msg('mikro.checks.mikro_application_intent.missing_rec'), { observed });
  }
  return passed(msg('mikro.checks.mikro_application_intent.ok', { count: seen.connections }), observed);
}

async function column(client: MikroClient, sqlText: string): Promise<string[]> {
  const r = await client.query(sqlText, undefined, { maxRows: 1000 });
  return r.rows.map((row) => String(row[0] ?? ''));
}

export async function checkLoginPermissions(client: MikroClient): Promise<CheckOutcome> {
  let dbRights: string[];
  let roles: Record<string, unknown>;
  try {
    dbRights = await column(client, PERMISSIONS_DATABASE_SQL);
    const r = await client.query(ROLES_SQL, undefined, { maxRows: 1 });
    roles = Object.fromEntries(r.columns.map((c, i) => [c.name, r.rows[0]?.[i]]));
  } catch (err) {
    const f = client.explain(err);
    return problem('WARN', msg('mikro.checks.mikro_login_permissions.unreadable', { reason: f.message }), f.hint, { technical_detail: `${f.code}: ${f.technical_detail}` });
  }
  // Server level: missing rows are normal (the login may not see them), so failure is not fatal.
  const serverRights = await column(client, PERMISSIONS_SERVER_SQL).catch(() => [] as string[]);
  const heldRoles = [...WRITE_ROLES, 'sysadmin'].filter((role) => Number(roles[role]) === 1);
  const offending = offendingPermissions([...dbRights, ...serverRights]);
  const rights = [...new Set(dbRights.map((r) => r.toUpperCase()))].sort();
  const observed = { database_rights: rights, write_rights: offending, write_roles: heldRoles };
  if (offending.length > 0 || heldRoles.length > 0) {
    const none = msg('common.none');
    return problem(
      'FAIL',
      msg('mikro.checks.mikro_login_permissions.can_write', { rights: offending.length ? offending.join(', ') : none, roles: heldRoles.length ? heldRoles.join(', ') : none }),
      msg('mikro.checks.mikro_login_permissions.can_write_rec'),
      { observed },
    );
  }
  if (dbRights.length === 0) {
    return problem('WARN', msg('mikro.checks.mikro_login_permissions.none_returned'), msg('mikro.checks.mikro_login_permissions.none_returned_rec'), { observed });
  }
  return passed(msg('mikro.checks.mikro_login_permissions.ok', { rights }), observed);
}

export async function checkEncryption(client: MikroClient): Promise<CheckOutcome> {
  const r = await client.encryption();
  const observed = { configured: r.configured, state: r.state, client: r.client, server_encrypt_option: r.server_encrypt_option, confirmed_by_server: r.confirmed_by_server };
  if (r.status === 'PASS') return passed(r.detail, observed);
  return problem('WARN', r.detail, r.recommendation ?? msg('common.see_detail'), { observed });
}

export async function checkMasterTables(client: MikroClient, tables: readonly string[]): Promise<CheckOutcome> {
  const failures: { table: string; reason: string; technical: string }[] = [];
  for (const table of tables) {
    try {
      await client.query(`SELECT TOP 1 * FROM ${quoteTableName(table)} WITH (NOLOCK)`, undefined, { maxRows: 1 });
    } catch (err) {
      const f = client.explain(err);
      failures.push({ table, reason: f.reason ?? f.code, technical: `${table}: ${f.code} ${f.technical_detail}` });
    }
  }
  if (failures.length === 0) return passed(msg('mikro.checks.mikro_tables_readable.ok', { tables: [...tables] }), { tables: [...tables] });
  return problem(
    'FAIL',
    msg('mikro.checks.mikro_tables_readable.failed', { tables: failures.map((f) => `${f.table} (${f.reason})`) }),
    msg('mikro.checks.mikro_tables_readable.failed_rec'),
    { observed: { unreadable: failures.map((f) => ({ table: f.table, reason: f.reason })) }, technical_detail: failures.map((f) => f.technical).join('\n') },
  );
}

/** The checks that need a working connection, in report order. */
export const MIKRO_SERVER_CHECKS = [
  'mikro_login_permissions',
  'mikro_least_privilege',
  'mikro_application_intent',
  'mikro_encryption',
  'mikro_tables_readable',
  'mikro_schema_contract',
  'mikro_server',
] as const satisfies readonly MikroCheckName[];

/**
 * All Mikro read-only checks, in diagnostics order. When the connection fails, the server-side
 * checks are SKIP naming `mikro_connection` rather than further failures of the same cause.
 */
export async function verifyMikroReadOnly(client: MikroClient, effective: EffectiveMikroSettings, contract: SchemaContract = schemaContract(null)): Promise<Check[]> {
  const checks: Check[] = [await timedCheck('mikro_read_only', 'mikro', () => checkReadOnlyFlag(effective))];
  const connection = await timedCheck('mikro_connection', 'mikro', async () => {
    try {
      const r = await client.query('SELECT 1 AS ok', undefined, { maxRows: 1 });
      return passed(msg('mikro.checks.mikro_connection.ok', { latency: r.duration_ms }), { latency_ms: r.duration_ms });
    } catch (err) {
      const f = client.explain(err);
      return problem('FAIL', msg('mikro.checks.mikro_connection.failed', { reason: f.message }), f.hint, {
        observed: { code: f.code, ...(f.reason ? { reason: f.reason } : {}) },
        technical_detail: `${f.code}${f.reason ? ` [${f.reason}]` : ''}: ${f.technical_detail}`,
      });
    }
  });
  checks.push(connection);
  if (connection.status === 'FAIL') {
    for (const name of MIKRO_SERVER_CHECKS) checks.push(toCheck(name, 'mikro', skippedBecause('mikro_connection'), 0));
    return checks;
  }
  checks.push(await timedCheck('mikro_login_permissions', 'mikro', () => checkLoginPermissions(client)));
  checks.push(await timedCheck('mikro_least_privilege', 'mikro', () => checkLeastPrivilege(client, effective)));
  checks.push(await timedCheck('mikro_application_intent', 'mikro', () => checkApplicationIntent(client)));
  checks.push(await timedCheck('mikro_encryption', 'mikro', () => checkEncryption(client)));
  checks.push(await timedCheck('mikro_tables_readable', 'mikro', () => checkMasterTables(client, effective.settings.master_tables)));
  checks.push(await timedCheck('mikro_schema_contract', 'mikro', () => checkSchemaContract(client, contract)));
  checks.push(await timedCheck('mikro_server', 'mikro', () => checkServerFacts(client)));
  return checks;
}
