// The generic diagnostics checks against a real Core: SQLite files and PostgreSQL databases,
// rows inserted to sit exactly on the older backend's thresholds.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DiagnosticCheck } from '../../shared/diagnostics.js';
import { translator } from '../../shared/i18n/translator.js';
import { NO_SYNC_PRODUCER, runDiagnostics, type DiagnosticsContext } from '../../main/core/diagnostics/index.js';
import { NO_SYNC_YET } from '../../main/core/diagnostics/checks/queues.js';
import { MIGRATIONS, MigrationRunner } from '../../main/core/migrations/index.js';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import { closedPort } from './mikro-helpers.js';
import { addErrors, addInbox, addOutbox, addSync, openDiag } from './diagnostics-helpers.js';

const tr = translator('tr');
const en = translator('en');

async function one(ctx: DiagnosticsContext, name: string): Promise<DiagnosticCheck> {
  const r = await runDiagnostics(ctx, { only: [name], store: false });
  const c = r.checks.find((x) => x.name === name);
  if (!c) throw new Error(`${name} missing from ${JSON.stringify(r.checks.map((x) => x.name))}`);
  return c;
}

describe.each(['sqlite', 'postgres'] as const)('queue thresholds on %s', (engine) => {
  it('with nothing producing rows, outbox_failed, queue_backlog and last_sync_recency are SKIP with the reason, never a permanent WARN', async () => {
    const { ctx } = await openDiag({ engine });
    for (const name of ['outbox_failed', 'queue_backlog']) {
      const c = await one(ctx, name);
      expect(c, name).toMatchObject({ status: 'SKIP', skipped_because: NO_SYNC_PRODUCER, recommendation: null, steps: [], detail: { key: 'queues.no_producer' } });
      expect(tr.t(c.detail)).toMatch(/senkronizasyon üreticisi yok/);
      expect(en.t(c.detail)).toMatch(/no sync producer yet/);
    }
    // Before the first Mikro PULL sync: nothing to judge yet, and it says how to start one.
    const sync = await one(ctx, 'last_sync_recency');
    expect(sync).toMatchObject({ status: 'SKIP', skipped_because: NO_SYNC_YET, recommendation: null, detail: { key: 'queues.sync.none' } });
    expect(tr.t(sync.detail)).toMatch(/^Henüz senkronizasyon yapılmadı \(sync_jobs boş\): .*optiplan360 mikro sync/);
    expect(en.t(sync.detail)).toMatch(/^No sync yet/);
    // The rest of the queue checks still judge: an empty integration_errors table is a PASS.
    expect((await one(ctx, 'unresolved_errors')).status).toBe('PASS');
    const r = await runDiagnostics(ctx, { only: ['queues'], store: false });
    expect(r.status).toBe('PASS');
  });

  it('outbox_failed once a producer wrote rows: 0 PASS / 1 WARN / 5 WARN / 6 FAIL', async () => {
    const { core, ctx } = await openDiag({ engine });
    await addOutbox(core, 3, 'QUEUED');
    await addOutbox(core, 2, 'DONE');
    const ok = await one(ctx, 'outbox_failed');
    expect(ok).toMatchObject({ status: 'PASS', recommendation: null, observed: { failed: 0, total: 5 } });
    expect(tr.t(ok.detail)).toBe('Başarısız giden kutusu (outbox) kaydı yok (5 kayıt).');
    await addOutbox(core, 1, 'FAILED');
    expect((await one(ctx, 'outbox_failed')).status).toBe('WARN');
    await addOutbox(core, 4, 'FAILED', 'E_MIKRO_READ_ONLY');
    const five = await one(ctx, 'outbox_failed');
    expect(five).toMatchObject({ status: 'WARN', observed: { failed: 5, permanent: 4 } });
    expect(five.steps.map((m) => tr.t(m)).join(' ')).toMatch(/yeniden dene/);
    await addOutbox(core, 1, 'FAILED');
    const six = await one(ctx, 'outbox_failed');
    expect(six).toMatchObject({ status: 'FAIL', observed: { failed: 6 } });
    expect(en.t(six.recommendation!)).toMatch(/retry all/);
    expect(tr.t(six.detail)).toMatch(/^6 başarısız giden kutusu/);
  });

  it('unresolved_errors: 3 PASS / 4 WARN / 10 WARN / 11 FAIL; resolved rows do not count', async () => {
    const { core, ctx } = await openDiag({ engine });
    await addErrors(core, 20, true);
    await addErrors(core, 3);
    expect(await one(ctx, 'unresolved_errors')).toMatchObject({ status: 'PASS', observed: { unresolved: 3 } });
    await addErrors(core, 1);
    expect((await one(ctx, 'unresolved_errors')).status).toBe('WARN');
    await addErrors(core, 6);
    expect(await one(ctx, 'unresolved_errors')).toMatchObject({ status: 'WARN', observed: { unresolved: 10 } });
    await addErrors(core, 1);
    const many = await one(ctx, 'unresolved_errors');
    expect(many).toMatchObject({ status: 'FAIL', observed: { unresolved: 11 } });
    expect(tr.t(many.detail)).toMatch(/^11 çözülmemiş entegrasyon hatası/);
  });

  it('queue_backlog once rows exist: 50 queued PASS, 51 in the outbox or in the inbox WARN', async () => {
    const { core, ctx } = await openDiag({ engine });
    await addInbox(core, 30, 'DONE');
    expect(await one(ctx, 'queue_backlog')).toMatchObject({ status: 'PASS', observed: { outbox_queued: 0, inbox_queued: 0, inbox_rows: 30 } });
    await addOutbox(core, 50, 'QUEUED');
    await addInbox(core, 50);
    expect(await one(ctx, 'queue_backlog')).toMatchObject({ status: 'PASS', observed: { outbox_queued: 50, inbox_queued: 50 } });
    await addInbox(core, 1);
    const high = await one(ctx, 'queue_backlog');
    expect(high).toMatchObject({ status: 'WARN', observed: { inbox_queued: 51 } });
    expect(tr.t(high.detail)).toBe('Kuyruk birikmesi: giden kutusunda 50, gelen kutusunda 51 bekleyen kayıt (sınır her biri için 50).');
    await core.db.kysely.deleteFrom('inbox').where('status', '=', 'QUEUED').execute();
    await addOutbox(core, 1, 'QUEUED');
    expect(await one(ctx, 'queue_backlog')).toMatchObject({ status: 'WARN', observed: { outbox_queued: 51, inbox_queued: 0 } });
  });

  it('last_sync_recency once sync_jobs has rows: the newest failed FAIL naming its error, fresh PASS, 30 h WARN, 100 h FAIL', async () => {
    const { core, ctx } = await openDiag({ engine });
    await addSync(core, 1, 'FAILED', 'E_MIKRO_UNREACHABLE: connect ECONNREFUSED 10.0.0.5:1433');
    const failed = await one(ctx, 'last_sync_recency');
    expect(failed).toMatchObject({ status: 'FAIL', observed: { status: 'FAILED', last_success_at: null }, technical_detail: 'E_MIKRO_UNREACHABLE: connect ECONNREFUSED 10.0.0.5:1433' });
    expect(tr.t(failed.detail)).toMatch(/^Son senkronizasyon \(mikro pull_accounts, .*\) BAŞARISIZ: E_MIKRO_UNREACHABLE — nedeni kaydedilmemiş Daha önce başarılı bir senkronizasyon yok\.$/);
    await addSync(core, 0.5, 'RUNNING');
    await addSync(core, 100);
    // A success older than the failure does not hide it.
    expect((await one(ctx, 'last_sync_recency')).status).toBe('FAIL');
    await core.db.kysely.deleteFrom('sync_jobs').where('status', '!=', 'DONE').execute();
    const stale = await one(ctx, 'last_sync_recency');
    expect(stale.status).toBe('FAIL');
    expect(stale.observed?.age_hours).toBeCloseTo(100, 0);
    expect(tr.t(stale.detail)).toMatch(/^Son başarılı senkronizasyon 100 saat önce \(\d\d\.\d\d\.\d{4} \d\d:\d\d/);
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
    expect(by.database_engine).toMatchObject({ status: 'PASS', observed: { engine: 'sqlite', environment: 'test' } });
    expect(tr.t(by.database_engine!.detail)).toBe('test ortamında SQLite kullanılıyor (yerel/test için uygun).');
    expect(by.database_connection?.status).toBe('PASS');
    expect(typeof by.database_connection?.observed?.latency_ms).toBe('number');
    expect(tr.t(by.database_connection!.detail)).toMatch(/^sqlite veritabanına bağlanıldı \(.*\): \d+(,\d)? ms\.$/);
    expect(tr.t(by.backend_health!.title)).toBe('Backend sağlığı');
    expect(by.backend_health?.status).toBe('PASS');
    expect(by.migrations_at_head).toMatchObject({ status: 'PASS', recommendation: null });
    expect(r.health_snapshot?.status).toBe('healthy');
  });

  it('SQLite in production FAILS (R-DB-2); PostgreSQL in production passes', async () => {
    const lite = await openDiag({ environment: 'production' });
    const c = await one(lite.ctx, 'database_engine');
    expect(c.status).toBe('FAIL');
    expect(en.t(c.detail)).toMatch(/SQLite is for local\/test only/);
    expect(tr.t(c.detail)).toMatch(/yalnızca yerel\/test/);
    expect(tr.t(c.steps[0]!)).toMatch(/PostgreSQL/);
    const pgProd = await openDiag({ engine: 'postgres', environment: 'production' });
    expect(await one(pgProd.ctx, 'database_engine')).toMatchObject({ status: 'PASS', observed: { engine: 'postgres' } });
    expect((await one(pgProd.ctx, 'database_connection')).status).toBe('PASS');
  });

  it('pending migrations WARN with the command; backend degraded WARN; a failed auto-migrate FAILS', async () => {
    const { ctx } = await openDiag({ migrate: false });
    const m = await one(ctx, 'migrations_at_head');
    expect(m.status).toBe('WARN');
    expect(en.t(m.recommendation!)).toBe('Back up first, then run: optiplan360 migrate up');
    expect(tr.t(m.detail)).toMatch(/bekleyen migration var \(şu an boş, hedef .*\): 0001 operational_tables/);
    const backend = await one(ctx, 'backend_health');
    expect(backend.status).toBe('WARN');
    expect(tr.t(backend.detail)).toMatch(/^Backend kısmen sağlıklı: \d+ bekleyen migration var/);
    expect(en.t(backend.detail)).toMatch(/^Backend degraded: \d+ migration\(s\) pending/);
    // The queue checks read tables that do not exist yet: SKIP naming this check, not a queue WARN.
    const q = await one(ctx, 'outbox_failed');
    expect(q).toMatchObject({ status: 'SKIP', skipped_because: 'migrations_at_head', detail: { key: 'common.skipped_because_check' } });
    expect(en.t(q.detail)).toMatch(/Schema version \(migrations\)/);
    const failed = await one({ ...ctx, autoMigrate: () => ({ state: 'failed', error: 'step 0002 broke' }) }, 'migrations_at_head');
    expect(failed.status).toBe('FAIL');
    expect(failed.technical_detail).toMatch(/step 0002 broke/);
    expect(tr.t(failed.detail)).toBe('Başlangıçtaki otomatik migration başarısız oldu.');
  });

  it.each(['sqlite', 'postgres'] as const)('on %s, before migrate up every check that reads app tables is SKIP naming migrations_at_head; after it they run and judge', async (engine) => {
    const { core } = await openDiag({ engine, migrate: false });
    const readers = ['mikro_push_guard', 'backup_recency', 'backup_verify', 'audit_chain', 'outbox_failed', 'unresolved_errors', 'queue_backlog', 'last_sync_recency'];
    const before = await core.diagnostics.run('tester@host via cli');
    const by = Object.fromEntries(before.checks.map((c) => [c.name, c]));
    expect(by.migrations_at_head?.status).toBe('WARN');
    for (const name of readers) {
      const c = by[name];
      expect(c, name).toMatchObject({ status: 'SKIP', skipped_because: 'migrations_at_head', detail: { key: 'common.skipped_because_check' }, recommendation: null, steps: [] });
      expect(tr.t(c!.detail), name).toBe('“Şema sürümü (migration)” kontrolü başarısız olduğu için atlandı.');
      expect(en.t(c!.detail), name).toBe('Skipped because the “Schema version (migrations)” check failed.');
      expect(c!.technical_detail, name).toMatch(/not created yet: /);
    }
    // No crash verdict anywhere: the schema is migrations_at_head's finding.
    expect(before.checks.filter((c) => c.detail.key === 'common.check_crashed').map((c) => c.name)).toEqual([]);
    // The backup checks that read no table still judge (backup_tool's verdict depends on the pg_dump installed).
    expect(by.backup_config?.status).toBe('PASS');
    expect(by.backup_tool?.status).not.toBe('SKIP');

    await core.migrations.up();
    const after = Object.fromEntries((await core.diagnostics.run('tester@host via cli')).checks.map((c) => [c.name, c]));
    expect(after.migrations_at_head?.status).toBe('PASS');
    for (const name of readers) expect(after[name]?.skipped_because, name).not.toBe('migrations_at_head');
    expect(after.mikro_push_guard?.status).toBe('PASS');
    expect(after.audit_chain?.status).toBe('PASS');
    expect(after.unresolved_errors?.status).toBe('PASS');
    expect(after.backup_recency?.status).toBe('FAIL');
    expect(after.backup_verify?.status).toBe('WARN');
    expect(after.outbox_failed).toMatchObject({ status: 'SKIP', skipped_because: NO_SYNC_PRODUCER });
  }, 60_000);

  it('behind head with a check\'s tables present, it runs; only the checks whose table is missing are SKIP', async () => {
    const { core, ctx } = await openDiag({ migrate: false });
    // 0001 and 0002 applied: every table but audit_chain_head exists.
    await new MigrationRunner(core.db, MIGRATIONS.slice(0, 2)).up();
    const r = await runDiagnostics(ctx, { only: ['queues', 'audit', 'migrations_at_head', 'mikro_push_guard'], store: false });
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    expect(by.migrations_at_head?.status).toBe('WARN');
    expect(tr.t(by.migrations_at_head!.detail)).toMatch(/\d+ bekleyen migration var/);
    expect(by.audit_chain).toMatchObject({ status: 'SKIP', skipped_because: 'migrations_at_head' });
    expect(by.audit_chain?.technical_detail).toMatch(/audit_chain_head, audit_verify_state \(schema at 0002, head \d{4}\)/);
    expect(by.unresolved_errors?.status).toBe('PASS');
    expect(by.mikro_push_guard?.status).toBe('PASS');
    expect(by.outbox_failed).toMatchObject({ status: 'SKIP', skipped_because: NO_SYNC_PRODUCER });
    await addErrors(core, 11);
    expect((await one(ctx, 'unresolved_errors')).status).toBe('FAIL');
  });

  it('an unreachable PostgreSQL: backend FAIL with the DB-down playbook, connection FAIL; the report is still produced', async () => {
    const port = await closedPort();
    const { ctx } = await openDiag({ url: `postgres://postgres:pg-canary-pw@127.0.0.1:${port}/nope`, migrate: false });
    const r = await runDiagnostics(ctx, { only: ['system', 'database', 'queues'] });
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    expect(r.status).toBe('FAIL');
    expect(by.backend_health?.status).toBe('FAIL');
    expect(by.backend_health?.steps.map((m) => tr.t(m))).toEqual(['/health ile veritabanı durumunu doğrulayın (optiplan360 health).', 'PostgreSQL servisini kontrol edin.', 'Veritabanı tekrar açılınca yeniden deneyin.']);
    expect(by.database_connection?.status).toBe('FAIL');
    expect(tr.t(by.database_connection!.detail)).toMatch(/^postgres veritabanına \(.*\) ulaşılamıyor\.$/);
    expect(by.database_connection?.technical_detail).toBeTruthy();
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
    // File, JSON path, line and column, the field in the reader's language.
    expect(tr.t(c.detail)).toMatch(/mikro_connection\.json, port \(satır 3, sütun 11\): “Port” alanı: /);
    expect(en.t(c.detail)).toMatch(/mikro_connection\.json, port \(line 3, column 11\): /);
    expect(c.observed?.invalid).toEqual(['mikro_connection.json']);
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
    expect(tr.t(c.detail)).toMatch(/whatsapp\.json \$?access_token/);
    expect(tr.t(c.recommendation!)).toMatch(/optiplan360 config check --fix-secrets/);
    expect(JSON.stringify(c)).not.toContain(literal);
    const noStore = await openDiag({ configs: { 'whatsapp.json': { access_token: literal } } });
    expect(en.t((await one(noStore.ctx, 'plaintext_secrets')).recommendation!)).toMatch(/ENV:<NAME>/);
  });

  it('keychain: available PASS; unavailable and a switched-on part needs VAULT: FAIL naming it; only switched-off parts or no refs PASS', async () => {
    const ok = await openDiag({ secretStore: new MemorySecretStore() });
    expect((await one(ok.ctx, 'keychain_available')).status).toBe('PASS');
    // No keychain at all (secretStore null) and the shipped mikro_connection.json (on) uses VAULT:.
    const none = await openDiag();
    const f = await one(none.ctx, 'keychain_available');
    expect(f.status).toBe('FAIL');
    expect(tr.t(f.detail)).toMatch(/VAULT:mikro_sql_password \(mikro_connection\.json#password\)/);
    expect(tr.t(f.recommendation!)).toMatch(/Windows Kimlik Bilgileri Yöneticisi/);
    // database.password in system_config.json is always needed.
    const db = await openDiag({ configs: { 'mikro_connection.json': { enabled: false }, 'whatsapp.json': {}, 'system_config.json': { environment: 'test', database: { auto_migrate_on_startup: false, password: 'VAULT:pg_password' } } } });
    const dbf = await one(db.ctx, 'keychain_available');
    expect(dbf.status).toBe('FAIL');
    expect(en.t(dbf.detail)).toMatch(/VAULT:pg_password \(system_config\.json#database\.password\)/);
    // The same references with their parts switched off: nothing needs the keychain now.
    const off = await openDiag({
      secretStore: new MemorySecretStore({ unavailable: 'locked' }),
      configs: { 'mikro_connection.json': { enabled: false, password: 'VAULT:mikro_sql_password' }, 'whatsapp.json': { enabled: false, access_token: 'VAULT:whatsapp_access_token' } },
    });
    const p = await one(off.ctx, 'keychain_available');
    expect(p).toMatchObject({ status: 'PASS', observed: { available: false, vault_refs: [] } });
    expect(p.observed?.idle_vault_refs).toEqual(expect.arrayContaining(['VAULT:mikro_sql_password', 'VAULT:whatsapp_access_token']));
    expect(tr.t(p.detail)).toMatch(/yalnızca kapalı bölümlerde/);
    expect(p.technical_detail).toMatch(/locked/);
    const noRefs = await openDiag({ configs: { 'mikro_connection.json': {}, 'whatsapp.json': {} } });
    const n = await one(noRefs.ctx, 'keychain_available');
    expect(n).toMatchObject({ status: 'PASS', detail: { key: 'secrets.keychain.not_needed' } });
  });

  it('audit chain: intact PASS; an edited row FAILS naming the row', async () => {
    const { core, ctx } = await openDiag();
    for (let i = 0; i < 3; i++) await core.audit.record({ action: 'TEST', target: `t${i}`, result: 'info', actor: 'a' });
    const intact = await one(ctx, 'audit_chain');
    expect(intact).toMatchObject({ status: 'PASS', observed: { checked: 3 } });
    expect(tr.t(intact.title)).toBe('Denetim kaydı özet zinciri');
    const second = await core.db.kysely.selectFrom('audit_log').select('id').orderBy('id').offset(1).limit(1).executeTakeFirstOrThrow();
    // Someone with raw database access: the append-only trigger removed, a row edited.
    await sql`DROP TRIGGER audit_log_no_update`.execute(core.db.kysely);
    await sql`update audit_log set target = 'tampered' where id = ${second.id}`.execute(core.db.kysely);
    // The check verifies incrementally (issue 14): a change below the last verified row waits for
    // the daily full walk, which a clock a day on forces here.
    expect(await one(ctx, 'audit_chain')).toMatchObject({ status: 'PASS', observed: { mode: 'incremental', checked: 0 } });
    const c = await one({ ...ctx, now: () => new Date(Date.now() + 25 * 3_600_000) }, 'audit_chain');
    expect(c.status).toBe('FAIL');
    expect(en.t(c.detail)).toMatch(new RegExp(`broken at row ${second.id}`));
    expect(tr.t(c.detail)).toMatch(new RegExp(`${second.id} numaralı kayıtta bozuk`));
    // The reason in the reader's language; the row's hashes only as technical detail.
    expect(en.t(c.detail)).toMatch(/: this row was edited after it was written \(/);
    expect(tr.t(c.detail)).toMatch(/: bu kayıt yazıldıktan sonra değiştirilmiş \(/);
    expect(c.technical_detail).toMatch(new RegExp(`^row ${second.id}: stored hash [0-9a-f]{12}…, content hashes to [0-9a-f]{12}…$`));
    expect(c.observed?.broken_id).toBe(second.id);
  });
});
