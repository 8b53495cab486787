/**
 * Two PostgreSQL logins (issue 13): the table owner runs migrations (`database.migration_url`,
 * or `DATABASE_MIGRATION_URL`; password by `database.migration_password` reference), and the
 * app logs in as a login that may only INSERT and SELECT the audit log. The owner of a table can
 * `ALTER TABLE … DISABLE TRIGGER` and then edit rows; the app login cannot.
 *
 * After every migration run the owner grants the app login what the console needs — and no more
 * on the audit log (README, Security, lists the same statements for a DBA to run by hand):
 *
 *   GRANT USAGE ON SCHEMA <schema> TO <app>;
 *   GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA <schema> TO <app>;
 *   GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA <schema> TO <app>;
 *   REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM <app>;
 *   REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations, schema_migration_lock FROM <app>;
 *
 * (audit_chain_head keeps UPDATE: every append moves the head; the HMAC, not the grant, protects it.)
 */
import { sql } from 'kysely';
import type { MigrationRunResult } from '../../../shared/migrations.js';
import type { AppDatabase } from '../db/app-database.js';
import { chooseDatabase, type DatabaseSpec } from '../db/database-url.js';
import { MigrationRunner } from '../migrations/runner.js';
import type { Migration } from '../migrations/migration.js';
import { resolveSecretValue, type ResolveContext } from '../secrets/secret-ref.js';

/** The owner's connection when one is configured (PostgreSQL only); null: migrate as the app login. */
export async function migrationSpec(database: unknown, env: NodeJS.ProcessEnv, secrets: ResolveContext, baseDir: string): Promise<DatabaseSpec | null> {
  const d = (database ?? {}) as { migration_url?: unknown; migration_password?: unknown };
  const url = env.DATABASE_MIGRATION_URL?.trim() || (typeof d.migration_url === 'string' ? d.migration_url.trim() : '');
  if (!url) return null;
  const password = await resolveSecretValue(typeof d.migration_password === 'string' ? d.migration_password : null, 'system_config.json database.migration_password', secrets);
  const spec = chooseDatabase({ configUrl: url, password, defaultSqliteFile: '', baseDir });
  return spec.engine === 'postgres' ? spec : null;
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Grant the app login its rights, as the owner (see above). Nothing to do when both are one login. */
export async function grantAppLogin(owner: AppDatabase, app: AppDatabase): Promise<void> {
  const who = await sql<{ u: string }>`SELECT current_user AS u`.execute(app.kysely);
  const me = await sql<{ u: string; s: string }>`SELECT current_user AS u, current_schema() AS s`.execute(owner.kysely);
  const appLogin = who.rows[0]!.u;
  const { u: ownerLogin, s: schema } = me.rows[0]!;
  if (appLogin === ownerLogin) return;
  const a = ident(appLogin);
  const sch = ident(schema);
  for (const statement of [
    `GRANT USAGE ON SCHEMA ${sch} TO ${a}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${sch} TO ${a}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${sch} TO ${a}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${sch}.audit_log FROM ${a}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${sch}.schema_migrations, ${sch}.schema_migration_lock FROM ${a}`,
  ]) {
    await sql.raw(statement).execute(owner.kysely);
  }
}

/** Migrations run as the owner, then the app login gets its grants. */
export class OwnerMigrationRunner extends MigrationRunner {
  constructor(
    private readonly owner: AppDatabase,
    private readonly app: AppDatabase,
    migrations: readonly Migration[],
  ) {
    super(owner, migrations);
  }

  override async up(): Promise<MigrationRunResult> {
    const result = await super.up();
    await grantAppLogin(this.owner, this.app);
    return result;
  }
}
