/**
 * "Firmaları bul" (issue 16 §1): which company databases a Mikro server holds.
 *
 * Mikro keeps one master database (MikroDB_V16, MikroDB_V15, or MikroDesktop for the newer line)
 * whose VERI_TABANLARI lists the companies (DB_kod, DB_isim); company `<kod>` lives in
 * `<master>_<kod>`. The masters are tried in that order, each on its own short-lived connection
 * that names it in LOGIN7 (a read-only user often may open only some databases); the first that
 * answers wins. When none is readable the server's database names (sys.databases, read from
 * `master`) are matched against the same patterns instead.
 *
 * Everything goes through MikroClient.query: the statement guard, the session prelude
 * (LOCK_TIMEOUT, READ UNCOMMITTED), ApplicationIntent=ReadOnly and the statement log. Names from
 * the two catalogs (the master's collation vs the server's) are matched here in code, case-
 * insensitively, so no SQL compares strings across databases.
 */
import { msg } from '../../../shared/messages.js';
import { MIKRO_MASTER_DATABASES, type MikroCompaniesResult, type MikroCompany, type MikroMasterAttempt } from '../../../shared/mikro-companies.js';
import { createMikroClient, withShortLivedPool, type MikroClientFactory } from './client-factory.js';
import { MAX_ROWS_LIMIT, type MikroClient, type MikroConnectionSettings, type PasswordProvider } from './mikro-connection.js';
import type { MikroError } from './friendly-errors.js';

export { MIKRO_MASTER_DATABASES } from '../../../shared/mikro-companies.js';

/** The companies of a master database (identifiers in Mikro's catalog case). */
export const VERI_TABANLARI_SQL = 'SELECT DB_kod, DB_isim FROM dbo.VERI_TABANLARI ORDER BY DB_kod';
/** Every database name on the server (readable by any login through `master`). */
export const DATABASE_NAMES_SQL = 'SELECT name FROM sys.databases ORDER BY name';

const COMPANY_DB = new RegExp(`^(${MIKRO_MASTER_DATABASES.join('|')})_(.+)$`, 'i');

/** `MikroDB_V16` + `TEST` → `MikroDB_V16_TEST`. */
export function companyDatabaseName(master: string, code: string): string {
  return `${master}_${code.trim()}`;
}

/** Company databases among server database names (`MikroDB_V16_<kod>` …), in name order. */
export function companiesFromDatabaseNames(names: readonly string[]): MikroCompany[] {
  return names
    .map((name) => ({ name, m: COMPANY_DB.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => ({ code: m[2] ?? '', name: null, database: name, exists: true }));
}

export interface DiscoverOptions {
  clientFactory?: MikroClientFactory;
  actor?: string;
}

type Attempt = { ok: true; rows: unknown[][]; names: string[] | null } | { ok: false; error: MikroError };

/** A master cannot be used, but another may: missing/closed database, no SELECT right, no table. */
function outcomeOf(e: MikroError): MikroMasterAttempt['outcome'] {
  const key = e.friendly.message.key;
  if (key.includes('database_unavailable') || key.includes('default_database')) return 'unavailable';
  if (key.includes('permission_denied')) return 'denied';
  if (key.includes('invalid_object')) return 'no_table';
  return 'failed';
}

async function readDatabaseNames(client: MikroClient, actor?: string): Promise<string[] | null> {
  try {
    const r = await client.query(DATABASE_NAMES_SQL, undefined, { maxRows: MAX_ROWS_LIMIT, ...(actor ? { actor } : {}) });
    return r.rows.map((row) => String(row[0] ?? ''));
  } catch {
    return null; // existence stays unknown; the list from the master is still right
  }
}

/**
 * Lists the companies of the server `settings` points at (its `database` is ignored). Throws the
 * MikroError of the connection when the server itself cannot be reached or the login fails.
 */
export async function discoverCompanies(settings: MikroConnectionSettings, password: PasswordProvider, opts: DiscoverOptions = {}): Promise<MikroCompaniesResult> {
  const factory = opts.clientFactory ?? createMikroClient;
  const queryOpts = { maxRows: MAX_ROWS_LIMIT, ...(opts.actor ? { actor: opts.actor } : {}) };
  const attempts: MikroMasterAttempt[] = [];
  for (const master of MIKRO_MASTER_DATABASES) {
    const attempt: Attempt = await withShortLivedPool({ ...settings, database: master }, password, async (client) => {
      try {
        const r = await client.query(VERI_TABANLARI_SQL, undefined, queryOpts);
        return { ok: true, rows: r.rows, names: await readDatabaseNames(client, opts.actor) };
      } catch (err) {
        return { ok: false, error: client.toError(err) };
      }
    }, factory);
    if (attempt.ok) {
      attempts.push({ database: master, outcome: 'read' });
      const present = attempt.names ? new Set(attempt.names.map((n) => n.toLocaleUpperCase('en-US'))) : null;
      const companies = attempt.rows.map((row): MikroCompany => {
        const code = String(row[0] ?? '').trim();
        const database = companyDatabaseName(master, code);
        return { code, name: row[1] === null || row[1] === undefined ? null : String(row[1]).trim(), database, exists: present ? present.has(database.toLocaleUpperCase('en-US')) : null };
      });
      return { source: 'master', master, companies, attempts, message: msg('mikro.companies.found_master', { count: companies.length, master }) };
    }
    const outcome = outcomeOf(attempt.error);
    attempts.push({ database: master, outcome, technical_detail: attempt.error.friendly.technical_detail });
    // The server or the login itself failed: another master would fail the same way.
    if (outcome === 'failed') throw attempt.error;
  }
  // No master readable: the database names tell the companies, without their titles.
  const names = await withShortLivedPool({ ...settings, database: 'master' }, password, async (client) => {
    try {
      const r = await client.query(DATABASE_NAMES_SQL, undefined, queryOpts);
      return r.rows.map((row) => String(row[0] ?? ''));
    } catch (err) {
      throw client.toError(err);
    }
  }, factory);
  const companies = companiesFromDatabaseNames(names);
  return { source: 'database_names', master: null, companies, attempts, message: msg(companies.length ? 'mikro.companies.found_names' : 'mikro.companies.none', { count: companies.length }) };
}
