// The generic diagnostics checks against a real Core: SQLite files and PostgreSQL databases,
// rows inserted to sit exactly on the older backend's thresholds.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DiagnosticCheck } from '../../shared/diagnostics.js';
import { runDiagnostics, type DiagnosticsContext } from '../../main/core/diagnostics/index.js';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import { closedPort } from './mikro-helpers.js';
import { addErrors, addInbox, addOutbox, addSync, openDiag } from './diagnostics-helpers.js';

async function one(ctx: DiagnosticsContext, name: string): Promise<DiagnosticCheck> {
  const r = await runDiagnostics(ctx, { only: [name], store: false });
  const c = r.checks.find((x) => x.name === name);
  if (!c) throw new Error(`${name} missing from ${JSON.stringify(r.checks.map((x) => x.name))}`);
  return c;
}

describe.each(['sqlite', 'postgres'] as const)('queue thresholds on %s', (engine) => {
  it('outbox_failed: 0 PASS / 1 WARN / 5 WARN / 6 FAIL', async () => {
    const { core, ctx } = await openDiag({ engine });
    await addOutbox(core, 3, 'QUEUED');
    await addOutbox(core, 2, 'DONE');
    expect(await one(ctx, 'outbox_failed')).toMatchObject({ status: 'PASS', recommendation: null, data: { failed: 0 } });
    await addOutbox(core, 1, 'FAILED');
    expect((await one(ctx, 'outbox_failed')).status).toBe('WARN');
    await addOutbox(core, 4, 'FAILED', 'E_MIKRO_READ_ONLY');
    const five = await one(ctx, 'outbox_failed');
    expect(five).toMatchObject({ status: 'WARN', data: { failed: 5, permanent: 4 } });
    expect(five.steps?.tr.join(' ')).toMatch(/yeniden dene/);
    await addOutbox(core, 1, 'FAILED');
    const six = await one(ctx, 'outbox_failed');
    expect(six).toMatchObject({ status: 'FAIL', data: { failed: 6 } });
    expect(six.recommendation).toMatch(/retry all/);
  });

  it('unresolved_errors: 3 PASS / 4 WARN / 10 WARN / 11 FAIL; resolved rows do not count', async () => {
    const { core, ctx } = await openDiag({ engine });
    await addErrors(core, 20, true);
    await addErrors(core, 3);
    expect(await one(ctx, 'unresolved_errors')).toMatchObject({ status: 'PASS', data: { unresolved: 3 } });
    await addErrors(core, 1);
    expect((await one(ctx, 'unresolved_errors')).status).toBe('WARN');
    await addErrors(core, 6);
    expect(await one(ctx, 'unresolved_errors')).toMatchObject({ status: 'WARN', data: { unresolved: 10 } });
    await addErrors(core, 1);
    expect(await one(ctx, 'unresolved_errors')).toMatchObject({ status: 'FAIL', data: { unresolved: 11 } });
  });

  it('queue_backlog: 50 queued PASS, 51 in the outbox or in the inbox WARN', async () => {
    const { core, ctx } = await openDiag({ engine });
    await addOutbox(core, 50, 'QUEUED');
    await addInbox(core, 50);
    await addInbox(core, 30, 'DONE');
    expect(await one(ctx, 'queue_backlog')).toMatchObject({ status: 'PASS', data: { outbox_queued: 50, inbox_queued: 50 } });
    await addInbox(core, 1);
    expect(await one(ctx, 'queue_backlog')).toMatchObject({ status: 'WARN', data: { inbox_queued: 51 } });
    await core.db.kysely.deleteFrom('inbox').where('status', '=', 'QUEUED').execute();
    await addOutbox(core, 1, 'QUEUED');
    expect(await one(ctx, 'queue_backlog')).toMatchObject({ status: 'WARN', data: { outbox_queued: 51, inbox_queued: 0 } });
  });

  it('last_sync_recency: none WARN, fresh PASS, 30 h WARN, 100 h FAIL; failed syncs do not count', async () => {
    const { core, ctx } = await openDiag({ engine });
    await addSync(core, 1, 'FAILED');
    expect(await one(ctx, 'last_sync_recency')).toMatchObject({ status: 'WARN', data: { last_finished_at: null } });
    await addSync(core, 100);
    const stale = await one(ctx, 'last_sync_recency');
    expect(stale.status).toBe('FAIL');
    expect(stale.data?.age_hours).toBeCloseTo(100, 0);
    await addSync(core, 30);
    expect((await one(ctx, 'last_sync_recency')).status).toBe('WARN');
    await addSync(core, 2);
    expect(await one(ctx, 'last_sync_recency')).toMatchObject({ status: 'PASS', recommendation: null });
  });
});

describe('database checks', () => {
  it('SQLite in test: engine PASS, connection PASS with latency, backend healthy, migrations at head', async () => {
    const { ctx } = await openDiag();
    const r = await runDiagnostics(ctx, { only: ['system', 'database'], store: false });
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    expect(by.database_engine).toMatchObject({ status: 'PASS', data: { engine: 'sqlite', environment: 'test' } });
    expect(by.database_connection?.status).toBe('PASS');
    expect(typeof by.database_connection?.data?.latency_ms).toBe('number');
    expect(by.backend_health?.status).toBe('PASS');
    expect(by.migrations_at_head).toMatchObject({ status: 'PASS', recommendation: null });
    expect(r.health_snapshot?.status).toBe('healthy');
  });

  it('SQLite in production FAILS (R-DB-2); PostgreSQL in production passes', async () => {
    const lite = await openDiag({ environment: 'production' });
    const c = await one(lite.ctx, 'database_engine');
    expect(c.status).toBe('FAIL');
    expect(c.detail).toMatch(/SQLite only for local\/test/);
    expect(c.detail_tr).toMatch(/yalnızca yerel\/test/);
    expect(c.steps?.tr[0]).toMatch(/PostgreSQL/);
    const pgProd = await openDiag({ engine: 'postgres', environment: 'production' });
    expect(await one(pgProd.ctx, 'database_engine')).toMatchObject({ status: 'PASS', data: { engine: 'postgres' } });
    expect((await one(pgProd.ctx, 'database_connection')).status).toBe('PASS');
  });

  it('pending migrations WARN with the command; backend degraded WARN; a failed auto-migrate FAILS', async () => {
    const { ctx } = await openDiag({ migrate: false });
    const m = await one(ctx, 'migrations_at_head');
    expect(m.status).toBe('WARN');
    expect(m.recommendation).toBe('Run: optiplan360 migrate up');
    expect(m.detail).toMatch(/0001 operational_tables/);
    expect((await one(ctx, 'backend_health')).status).toBe('WARN');
    // The queue checks say "not migrated" instead of failing on a missing table.
    const q = await one(ctx, 'outbox_failed');
    expect(q).toMatchObject({ status: 'WARN' });
    expect(q.detail).toMatch(/not migrated/);
    const failed = await one({ ...ctx, autoMigrate: () => ({ state: 'failed', error: 'step 0002 broke' }) }, 'migrations_at_head');
    expect(failed.status).toBe('FAIL');
    expect(failed.detail).toMatch(/step 0002 broke/);
  });

  it('an unreachable PostgreSQL: backend FAIL with the DB-down playbook, connection FAIL; the report is still produced', async () => {
    const port = await closedPort();
    const { ctx } = await openDiag({ url: `postgres://postgres:pg-canary-pw@127.0.0.1:${port}/nope`, migrate: false });
    const r = await runDiagnostics(ctx, { only: ['system', 'database', 'queues'] });
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    expect(r.status).toBe('FAIL');
    expect(by.backend_health?.status).toBe('FAIL');
    expect(by.backend_health?.steps?.tr).toEqual(['/health ile veritabanı durumunu doğrula (optiplan360 health)', 'PostgreSQL servisini kontrol et', 'Veritabanı tekrar ayağa kalkınca yeniden dene']);
    expect(by.database_connection?.status).toBe('FAIL');
    expect(by.migrations_at_head?.status).toBe('FAIL');
    expect(by.outbox_failed?.status).toBe('FAIL');
    expect(r.store_error).toBeTruthy();
    expect(r.run_id).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain('pg-canary-pw');
  });
});

describe('config, secrets, keychain, audit', () => {
  it('an invalid config file FAILS naming the file and the path', async () => {
    const { ctx } = await openDiag({ configs: { 'mikro_connection.json': { host: 'h', port: 'abc' } } });
    const c = await one(ctx, 'config_files_valid');
    expect(c.status).toBe('FAIL');
    expect(c.detail).toMatch(/mikro_connection\.json: port/);
    expect(c.data?.invalid).toEqual(['mikro_connection.json']);
    expect((await one(ctx, 'mikro_config')).status).toBe('FAIL');
  });

  it('valid files PASS', async () => {
    const { ctx } = await openDiag();
    expect(await one(ctx, 'config_files_valid')).toMatchObject({ status: 'PASS', recommendation: null });
    expect((await one(ctx, 'plaintext_secrets')).status).toBe('PASS');
  });

  it('plain-text secrets FAIL naming file and path, never the value, with the fix command', async () => {
    const literal = 'plain-literal-secret-4711';
    const { ctx } = await openDiag({ configs: { 'whatsapp.json': { access_token: literal } }, secretStore: new MemorySecretStore() });
    const c = await one(ctx, 'plaintext_secrets');
    expect(c.status).toBe('FAIL');
    expect(c.detail).toMatch(/whatsapp\.json access_token/);
    expect(c.recommendation).toMatch(/optiplan360 config check --fix-secrets/);
    expect(JSON.stringify(c)).not.toContain(literal);
    const noStore = await openDiag({ configs: { 'whatsapp.json': { access_token: literal } } });
    expect((await one(noStore.ctx, 'plaintext_secrets')).recommendation).toMatch(/ENV:<NAME>/);
  });

  it('keychain: available PASS; unavailable with VAULT refs FAIL naming them; unavailable without refs WARN', async () => {
    const ok = await openDiag({ secretStore: new MemorySecretStore() });
    expect((await one(ok.ctx, 'keychain_available')).status).toBe('PASS');
    const none = await openDiag();
    const f = await one(none.ctx, 'keychain_available');
    expect(f.status).toBe('FAIL');
    expect(f.detail).toMatch(/VAULT:mikro_sql_password \(mikro_connection\.json#password\)/);
    const noRefs = await openDiag({ secretStore: new MemorySecretStore({ unavailable: 'locked' }), configs: { 'mikro_connection.json': {}, 'whatsapp.json': {} } });
    const w = await one(noRefs.ctx, 'keychain_available');
    expect(w.status).toBe('WARN');
    expect(w.detail).toMatch(/locked/);
  });

  it('audit chain: intact PASS; an edited row FAILS naming the row', async () => {
    const { core, ctx } = await openDiag();
    for (let i = 0; i < 3; i++) await core.audit.record({ action: 'TEST', target: `t${i}`, result: 'info', actor: 'a' });
    expect(await one(ctx, 'audit_chain')).toMatchObject({ status: 'PASS', data: { checked: 3 } });
    const second = await core.db.kysely.selectFrom('audit_log').select('id').orderBy('id').offset(1).limit(1).executeTakeFirstOrThrow();
    // Someone with raw database access: the append-only trigger removed, a row edited.
    await sql`DROP TRIGGER audit_log_no_update`.execute(core.db.kysely);
    await sql`update audit_log set target = 'tampered' where id = ${second.id}`.execute(core.db.kysely);
    const c = await one(ctx, 'audit_chain');
    expect(c.status).toBe('FAIL');
    expect(c.detail).toMatch(new RegExp(`row ${second.id}: this row was edited`));
    expect(c.data?.broken_id).toBe(second.id);
  });
});
