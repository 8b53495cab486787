/**
 * Read-only verification (R-MIKRO-6, -7, -9). The statement guard is the second line of defence;
 * the first is a Mikro login that cannot write. These checks ask the SERVER what the login may
 * do, and every query goes through MikroClient, so through the guard as well.
 */
import { pass, problem, timed, type MikroCheck } from './checks.js';
import type { MikroClient } from './mikro-connection.js';
import { isValidTableName, type EffectiveMikroSettings } from './mikro-config.js';

/** Database- or server-level rights a read-only login must not hold. */
const WRITE_PERMISSION =
  /^(INSERT|UPDATE|DELETE|TAKE OWNERSHIP|CONTROL( SERVER)?|EXECUTE( .*)?|ALTER( .*)?|CREATE( .*)?|IMPERSONATE ANY LOGIN|ADMINISTER (DATABASE )?BULK OPERATIONS|SHUTDOWN)$/;
export const WRITE_ROLES = ['db_owner', 'db_datawriter', 'db_ddladmin'] as const;

export const PERMISSIONS_DATABASE_SQL = "SELECT permission_name FROM fn_my_permissions(NULL, 'DATABASE')";
export const PERMISSIONS_SERVER_SQL = "SELECT permission_name FROM fn_my_permissions(NULL, 'SERVER')";
export const ROLES_SQL =
  "SELECT IS_ROLEMEMBER('db_owner') AS db_owner, IS_ROLEMEMBER('db_datawriter') AS db_datawriter, IS_ROLEMEMBER('db_ddladmin') AS db_ddladmin, IS_SRVROLEMEMBER('sysadmin') AS sysadmin";

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

export function checkReadOnlyFlag(effective: EffectiveMikroSettings): MikroCheck {
  const name = 'mikro_read_only';
  const forced = effective.warnings.find((w) => w.code === 'MIKRO_READ_ONLY_FORCED');
  if (forced) {
    return problem(
      name,
      'WARN',
      `Read-only is in effect, but the config asks for writes: ${forced.message_en}.`,
      `Salt okunur mod etkin, ancak yapılandırma yazma istiyor: ${forced.message_tr}.`,
      'Set "read_only": true in mikro_connection.json (P1 has no write-back).',
      'mikro_connection.json dosyasında "read_only": true yapın (P1\'de Mikro\'ya yazma yoktur).',
    );
  }
  return pass(name, `Read-only is in effect (source: ${effective.sources.read_only}).`, `Salt okunur mod etkin (kaynak: ${effective.sources.read_only}).`);
}

export function checkApplicationIntent(client: MikroClient): MikroCheck {
  const t = client.transport;
  return pass(
    'mikro_application_intent',
    `ApplicationIntent=ReadOnly is sent on every connection (LOGIN7 readOnlyIntent; ${t.tls + t.plain} connection(s) so far). It routes to a readable secondary where one exists; the login's rights are what enforce read-only.`,
    `Her bağlantıda ApplicationIntent=ReadOnly gönderiliyor (LOGIN7 readOnlyIntent). Salt okunurluğu asıl sağlayan kullanıcının yetkileridir.`,
  );
}

async function column(client: MikroClient, sqlText: string): Promise<string[]> {
  const r = await client.query(sqlText, undefined, { maxRows: 1000 });
  return r.rows.map((row) => String(row[0] ?? ''));
}

export async function checkLoginPermissions(client: MikroClient): Promise<MikroCheck> {
  const name = 'mikro_login_permissions';
  let dbRights: string[];
  let roles: Record<string, unknown>;
  try {
    dbRights = await column(client, PERMISSIONS_DATABASE_SQL);
    const r = await client.query(ROLES_SQL, undefined, { maxRows: 1 });
    roles = Object.fromEntries(r.columns.map((c, i) => [c.name, r.rows[0]?.[i]]));
  } catch (err) {
    const f = client.explain(err);
    return problem(name, 'WARN', `The login's rights could not be read: ${f.message_en} (${f.detail})`, `Kullanıcı yetkileri okunamadı: ${f.message_tr}`, f.hint_en, f.hint_tr);
  }
  // Server level: missing rows are normal (the login may not see them), so failure is not fatal.
  const serverRights = await column(client, PERMISSIONS_SERVER_SQL).catch(() => [] as string[]);
  const heldRoles = [...WRITE_ROLES, 'sysadmin'].filter((role) => Number(roles[role]) === 1);
  const offending = offendingPermissions([...dbRights, ...serverRights]);
  if (offending.length > 0 || heldRoles.length > 0) {
    const parts = [offending.length ? `rights ${offending.join(', ')}` : '', heldRoles.length ? `role ${heldRoles.join(', ')}` : ''].filter(Boolean);
    const partsTr = [offending.length ? `yetkiler ${offending.join(', ')}` : '', heldRoles.length ? `rol ${heldRoles.join(', ')}` : ''].filter(Boolean);
    return problem(
      name,
      'FAIL',
      `The Mikro login can write: it holds ${parts.join('; ')}. P1 needs a SELECT-only login.`,
      `Mikro kullanıcısı yazabiliyor: ${partsTr.join('; ')}. P1 için yalnızca SELECT yetkili bir kullanıcı gerekir.`,
      'Use a dedicated login that is only in db_datareader (no db_owner/db_datawriter/db_ddladmin/sysadmin, no INSERT/UPDATE/DELETE/EXECUTE/ALTER/CONTROL/CREATE grants).',
      'Yalnızca db_datareader rolünde olan ayrı bir kullanıcı kullanın (db_owner/db_datawriter/db_ddladmin/sysadmin yok; INSERT/UPDATE/DELETE/EXECUTE/ALTER/CONTROL/CREATE izni yok).',
    );
  }
  if (dbRights.length === 0) {
    return problem(
      name,
      'WARN',
      'The server returned no database permissions for the login; it could not be confirmed as SELECT-only.',
      'Sunucu kullanıcı için veritabanı yetkisi döndürmedi; yalnızca SELECT yetkili olduğu doğrulanamadı.',
      "Run SELECT * FROM fn_my_permissions(NULL,'DATABASE') as the Mikro login in SSMS and check the rights.",
      "SSMS'te Mikro kullanıcısıyla SELECT * FROM fn_my_permissions(NULL,'DATABASE') çalıştırıp yetkileri kontrol edin.",
    );
  }
  const shown = [...new Set(dbRights.map((r) => r.toUpperCase()))].sort().join(', ');
  return pass(name, `The login is read-only on the server (database rights: ${shown}; no write role).`, `Kullanıcı sunucuda salt okunur (veritabanı yetkileri: ${shown}; yazma rolü yok).`);
}

export async function checkEncryption(client: MikroClient): Promise<MikroCheck> {
  const r = await client.encryption();
  if (r.status === 'PASS') return pass('mikro_encryption', r.detail, r.detail_tr);
  return problem('mikro_encryption', 'WARN', r.detail, r.detail_tr, r.recommendation ?? '', r.recommendation_tr ?? '');
}

export async function checkMasterTables(client: MikroClient, tables: readonly string[]): Promise<MikroCheck> {
  const name = 'mikro_tables_readable';
  const failures: { table: string; en: string; tr: string }[] = [];
  for (const table of tables) {
    try {
      await client.query(`SELECT TOP 1 * FROM ${quoteTableName(table)} WITH (NOLOCK)`, undefined, { maxRows: 1 });
    } catch (err) {
      const f = client.explain(err);
      const why =
        f.reason === '208'
          ? { en: 'does not exist (208)', tr: 'bulunamadı (208)' }
          : f.reason === '229' || f.reason === '230'
            ? { en: `SELECT permission denied (${f.reason})`, tr: `SELECT izni yok (${f.reason})` }
            : { en: `${f.message_en} (${f.detail})`, tr: f.message_tr };
      failures.push({ table, ...why });
    }
  }
  if (failures.length === 0) {
    return pass(name, `Tables readable: ${tables.join(', ')}.`, `Tablolar okunabiliyor: ${tables.join(', ')}.`);
  }
  return problem(
    name,
    'FAIL',
    `Not readable: ${failures.map((f) => `${f.table} ${f.en}`).join('; ')}.`,
    `Okunamayan tablolar: ${failures.map((f) => `${f.table} ${f.tr}`).join('; ')}.`,
    'Check the table names (master_tables in mikro_connection.json) for this Mikro version and grant the login SELECT on them.',
    'Bu Mikro sürümündeki tablo adlarını (mikro_connection.json içindeki master_tables) kontrol edin ve kullanıcıya bu tablolarda SELECT izni verin.',
  );
}

/**
 * All Mikro read-only checks, in diagnostics order. When the connection fails, the server-side
 * checks are reported as not checked (WARN) rather than as further failures of the same cause.
 */
export async function verifyMikroReadOnly(client: MikroClient, effective: EffectiveMikroSettings): Promise<MikroCheck[]> {
  const checks: MikroCheck[] = [await timed('mikro_read_only', () => checkReadOnlyFlag(effective))];
  const connection = await timed('mikro_connection', async () => {
    try {
      const r = await client.query('SELECT 1 AS ok', undefined, { maxRows: 1 });
      return pass('mikro_connection', `Connected (${r.duration_ms} ms).`, `Bağlantı başarılı (${r.duration_ms} ms).`);
    } catch (err) {
      const f = client.explain(err);
      return problem('mikro_connection', 'FAIL', `Mikro connection failed: ${f.message_en} (${f.detail})`, `Mikro baglantisi basarisiz: ${f.message_tr}`, f.hint_en, f.hint_tr);
    }
  });
  checks.push(connection);
  if (connection.status === 'FAIL') {
    for (const name of ['mikro_login_permissions', 'mikro_application_intent', 'mikro_encryption', 'mikro_tables_readable']) {
      checks.push({ ...problem(name, 'WARN', 'Not checked: no connection to Mikro.', 'Kontrol edilemedi: Mikro bağlantısı yok.', 'Fix the Mikro connection first.', 'Önce Mikro bağlantısını düzeltin.'), duration_ms: 0 });
    }
    return checks;
  }
  checks.push(await timed('mikro_login_permissions', () => checkLoginPermissions(client)));
  checks.push(await timed('mikro_application_intent', () => checkApplicationIntent(client)));
  checks.push(await timed('mikro_encryption', () => checkEncryption(client)));
  checks.push(await timed('mikro_tables_readable', () => checkMasterTables(client, effective.settings.master_tables)));
  return checks;
}
