// Two PostgreSQL logins (issue 13) on the real server: migrations run as the table owner
// (database.migration_url), the app logs in as a login that may only INSERT/SELECT the audit
// log — it cannot disable the triggers or edit rows, and audit_log_owner PASSes; the app running
// as the owner itself makes audit_log_owner WARN. The roles are created here and dropped after.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { openTestCore } from '../helpers/core.js';
import { createThrowawayDb, PG_ADMIN_URL, withPg } from '../helpers/pg.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function asUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

async function twoLogins(): Promise<{ ownerUrl: string; appUrl: string; owner: string; app: string }> {
  const tag = crypto.randomBytes(4).toString('hex');
  const owner = `optiplan_owner_${tag}`;
  const app = `optiplan_app_${tag}`;
  await withPg(PG_ADMIN_URL, async (c) => {
    await c.query(`CREATE ROLE ${owner} LOGIN`);
    await c.query(`CREATE ROLE ${app} LOGIN`);
  });
  // Dropped after the database (which holds everything the roles own).
  cleanups.push(() =>
    withPg(PG_ADMIN_URL, async (c) => {
      await c.query(`DROP ROLE IF EXISTS ${app}`);
      await c.query(`DROP ROLE IF EXISTS ${owner}`);
    }),
  );
  const d = await createThrowawayDb('optiplan_roles');
  cleanups.push(() => d.drop());
  await withPg(d.url, (c) => c.query(`ALTER SCHEMA public OWNER TO ${owner}`));
  return { ownerUrl: asUser(d.url, owner), appUrl: asUser(d.url, app), owner, app };
}

describe('separate migration (owner) and app logins on PostgreSQL', () => {
  it('the owner migrates and grants; the app login appends and reads but cannot disable the triggers or edit rows', async () => {
    const { ownerUrl, appUrl, owner, app } = await twoLogins();
    const tc = await openTestCore({ url: appUrl, migration_url: ownerUrl, ping_timeout_seconds: 2 });
    cleanups.push(() => tc.cleanup());
    const { core } = tc;
    await core.migrations.up();
    const tables = await sql<{ tableowner: string }>`SELECT DISTINCT tableowner FROM pg_tables WHERE tablename IN ('audit_log', 'audit_chain_head', 'audit_verify_state')`.execute(core.db.kysely);
    expect(tables.rows.map((r) => r.tableowner)).toEqual([owner]);
    const who = await sql<{ u: string }>`SELECT current_user AS u`.execute(core.db.kysely);
    expect(who.rows[0]!.u).toBe(app);

    for (let i = 0; i < 3; i++) await core.audit.record({ action: 'TEST', target: `t${i}`, result: 'info', actor: 'a' });
    await expect(sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(core.db.kysely)).rejects.toThrow(/must be owner/);
    await expect(sql`UPDATE audit_log SET target = 'x'`.execute(core.db.kysely)).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM audit_log`.execute(core.db.kysely)).rejects.toThrow(/permission denied/);
    await expect(sql`TRUNCATE audit_log`.execute(core.db.kysely)).rejects.toThrow(/permission denied/);

    const diag = await core.diagnostics.run('tester@host via cli', { only: ['audit'] });
    const by = Object.fromEntries(diag.checks.map((c) => [c.name, c]));
    expect(by.audit_chain?.status).toBe('PASS');
    expect(by.audit_log_owner).toMatchObject({ status: 'PASS', observed: { login: app, owner, superuser: false, member_of_owner: false, can_change: false } });
    expect(translator('tr').t(by.audit_log_owner!.detail)).toBe(`Uygulamanın oturumu ${app} audit_log tablosuna yalnızca ekleyip okuyabilir (sahibi ${owner}).`);
  }, 60_000);

  it('the app logged in as the owner of the audit table: audit_log_owner WARNs with the fix', async () => {
    const { ownerUrl, owner } = await twoLogins();
    const tc = await openTestCore({ url: ownerUrl, ping_timeout_seconds: 2 });
    cleanups.push(() => tc.cleanup());
    await tc.core.migrations.up();
    const diag = await tc.core.diagnostics.run('tester@host via cli', { only: ['audit_log_owner'] });
    const c = diag.checks[0]!;
    expect(c).toMatchObject({ status: 'WARN', observed: { login: owner, owner, member_of_owner: true } });
    expect(translator('en').t(c.detail)).toBe(`The app’s login ${owner} owns the audit_log table (${owner}): it can disable the triggers and change rows.`);
    expect(translator('en').t(c.recommendation!)).toMatch(/database\.migration_url/);
    // And the owner really can: that is what the warning is about.
    await sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(tc.core.db.kysely);
  }, 60_000);

  it('SQLite has no logins: SKIP naming the engine', async () => {
    const tc = await openTestCore();
    cleanups.push(() => tc.cleanup());
    await tc.core.migrations.up();
    const c = (await tc.core.diagnostics.run('tester@host via cli', { only: ['audit_log_owner'] })).checks[0]!;
    expect(c).toMatchObject({ status: 'SKIP', skipped_because: 'database_engine' });
  });
});
