// The keyed audit chain (issue 13) on both engines: an attacker with database access but without
// the key edits a row and recomputes every unkeyed hash — the HMAC catches it; the key missing,
// a wrong key, stripped MACs and rows above the head are breaks; an unkeyed chain is upgraded
// honestly (legacy rows up to the upgrade point, keyed after), and the key is created at first use.
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditKeyring, fixedAuditKey } from '../../main/core/audit/audit-key.js';
import { AuditLog, rowHash } from '../../main/core/audit/audit-log.js';
import { openAppDatabase, type AppDatabase } from '../../main/core/db/app-database.js';
import { parseDatabaseUrl } from '../../main/core/db/database-url.js';
import { MIGRATIONS } from '../../main/core/migrations/index.js';
import { MigrationRunner } from '../../main/core/migrations/runner.js';
import { GENESIS_HASH } from '../../main/core/migrations/0003_audit_chain.js';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import { translator } from '../../shared/i18n/translator.js';
import { createThrowawayDb } from '../helpers/pg.js';
import { tempDir } from '../helpers/temp.js';

const KEY = 'k'.repeat(40);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function factory(engine: 'sqlite' | 'postgres'): Promise<() => AppDatabase> {
  if (engine === 'sqlite') {
    const t = tempDir();
    cleanups.push(() => t.remove());
    const spec = parseDatabaseUrl(`sqlite:${path.join(t.dir, 'a.sqlite')}`, t.dir);
    return () => openAppDatabase(spec);
  }
  const d = await createThrowawayDb();
  cleanups.push(() => d.drop());
  const spec = parseDatabaseUrl(d.url, '/');
  return () => openAppDatabase(spec);
}

async function open(engine: 'sqlite' | 'postgres', upTo = MIGRATIONS.length): Promise<AppDatabase> {
  const db = (await factory(engine))();
  cleanups.push(() => db.close());
  await new MigrationRunner(db, MIGRATIONS.slice(0, upTo)).up();
  return db;
}

const entry = (i: number) => ({ action: 'CONFIG_SAVED', target: `t${i}`, result: 'success' as const, actor: 'op@pc', detail: `row ${i}` });

async function dropGuards(db: AppDatabase): Promise<void> {
  if (db.engine === 'sqlite') {
    await sql`DROP TRIGGER audit_log_no_update`.execute(db.kysely);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(db.kysely);
  } else await sql`DROP TRIGGER audit_log_no_change ON audit_log`.execute(db.kysely);
}

/** What someone with database access but no key can do: recompute every unkeyed hash from `from` on, and the head. */
async function recomputeHashes(db: AppDatabase): Promise<void> {
  const rows = await db.kysely.selectFrom('audit_log').selectAll().orderBy('id').execute();
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const hash = rowHash(prev, r);
    await db.kysely.updateTable('audit_log').set({ prev_hash: prev, hash }).where('id', '=', r.id).execute();
    prev = hash;
  }
  await db.kysely.updateTable('audit_chain_head').set({ last_hash: prev }).where('id', '=', 1).execute();
}

const tr = translator('tr');
const en = translator('en');

describe.each(['sqlite', 'postgres'] as const)('keyed audit chain on %s', (engine) => {
  it('every row gets a MAC; verify says the chain is keyed from row 1', async () => {
    const db = await open(engine);
    const log = new AuditLog(db, { key: fixedAuditKey(KEY) });
    for (let i = 1; i <= 4; i++) await log.append(entry(i));
    const rows = await db.kysely.selectFrom('audit_log').select(['mac']).execute();
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.mac ?? ''))).toBe(true);
    const v = await log.verify();
    expect(v).toMatchObject({ ok: true, checked: 4, last_id: 4, key: 'present', keyed_from: 1, mode: 'full' });
    expect(v.notes?.map((n) => n.key)).toEqual(['audit.note.keyed', 'audit.note.no_anchors']);
    // The key never reaches the database.
    const dump = JSON.stringify([await db.kysely.selectFrom('audit_log').selectAll().execute(), await db.kysely.selectFrom('audit_chain_head').selectAll().execute()]);
    expect(dump).not.toContain(KEY);
  });

  it('an edited row with every unkeyed hash recomputed is detected by the MAC (the attacker has no key)', async () => {
    const db = await open(engine);
    const log = new AuditLog(db, { key: fixedAuditKey(KEY) });
    for (let i = 1; i <= 6; i++) await log.append(entry(i));
    await dropGuards(db);
    await db.kysely.updateTable('audit_log').set({ result: 'failure', detail: 'nothing happened' }).where('id', '=', 3).execute();
    await recomputeHashes(db);
    // The old, unkeyed check is fooled …
    expect(await new AuditLog(db).verify()).toMatchObject({ ok: true, checked: 6 });
    // … the keyed one is not.
    const v = await log.verify();
    expect(v).toMatchObject({ ok: false, checked: 2, first_broken: { id: 3, reason: { key: 'audit.verify.mac_mismatch' } } });
    expect(v.first_broken!.technical_detail).toMatch(/^row 3: stored mac [0-9a-f]{12}…, the key gives [0-9a-f]{12}…$/);
    expect(tr.t(v.first_broken!.reason)).toMatch(/anahtarı olmayan biri tarafından değiştirilip/);
    expect(en.t(v.first_broken!.reason)).toMatch(/by someone without the key/);
  });

  it('without the key verify is not OK and says the key is missing; a wrong key is named as such', async () => {
    const db = await open(engine);
    await (async () => {
      const log = new AuditLog(db, { key: fixedAuditKey(KEY) });
      for (let i = 1; i <= 3; i++) await log.append(entry(i));
    })();
    const missing = new AuditLog(db, { key: new AuditKeyring('ENV:OPTIPLAN_NO_SUCH_KEY', { env: {}, store: () => null }) });
    const v = await missing.verify();
    expect(v).toMatchObject({ ok: false, key: 'missing', keyed_from: 1, first_broken: { reason: { key: 'audit.verify.key_missing', params: { ref: 'ENV:OPTIPLAN_NO_SUCH_KEY' } } } });
    expect(tr.t(v.first_broken!.reason)).toBe('denetim kaydı anahtarı (ENV:OPTIPLAN_NO_SUCH_KEY) bulunamadı: anahtarlı kayıtlar doğrulanamıyor');
    const wrong = await new AuditLog(db, { key: fixedAuditKey('w'.repeat(40)) }).verify();
    expect(wrong).toMatchObject({ ok: false, first_broken: { reason: { key: 'audit.verify.key_mismatch' } } });
    // A key that is too short is refused, not used.
    const short = await new AuditLog(db, { key: new AuditKeyring('ENV:K', { env: { K: 'short' }, store: () => null }) }).verify();
    expect(short).toMatchObject({ ok: false, key: 'unusable', first_broken: { reason: { key: 'audit.verify.key_unusable' } } });
  });

  it('the key is created in the keychain at first use, never replaced once rows are keyed', async () => {
    const db = await open(engine);
    const store = new MemorySecretStore();
    const keyring = () => new AuditKeyring('VAULT:audit_chain_key', { env: {}, store: () => store });
    const log = new AuditLog(db, { key: keyring() });
    await log.append(entry(1));
    const key = await store.get('audit_chain_key');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    await log.append(entry(2));
    expect(await log.verify()).toMatchObject({ ok: true, key: 'present', keyed_from: 1 });
    // The key is lost: a new process must not mint a new one over a keyed chain.
    await store.delete('audit_chain_key');
    const after = new AuditLog(db, { key: keyring() });
    await after.append(entry(3));
    expect(await store.get('audit_chain_key')).toBeNull();
    expect(await after.verify()).toMatchObject({ ok: false, key: 'missing', first_broken: { reason: { key: 'audit.verify.key_missing' } } });
    // The key comes back: the row written without it is named.
    await store.set('audit_chain_key', key!);
    expect(await new AuditLog(db, { key: keyring() }).verify()).toMatchObject({ ok: false, first_broken: { id: 3, reason: { key: 'audit.verify.mac_missing', params: { from: 1 } } } });
  });

  it('stripping the MACs (pretending the chain was never keyed) is a break while the key exists', async () => {
    const db = await open(engine);
    const log = new AuditLog(db, { key: fixedAuditKey(KEY) });
    for (let i = 1; i <= 3; i++) await log.append(entry(i));
    await dropGuards(db);
    await db.kysely.updateTable('audit_log').set({ mac: null }).execute();
    await db.kysely.updateTable('audit_chain_head').set({ keyed_from: null, key_id: null, last_mac: null }).where('id', '=', 1).execute();
    expect(await log.verify()).toMatchObject({ ok: false, first_broken: { reason: { key: 'audit.verify.not_keyed' } } });
    // Moving the upgrade point up instead: rows with a MAC before it.
    await db.kysely.updateTable('audit_chain_head').set({ keyed_from: 3 }).where('id', '=', 1).execute();
    await db.kysely.updateTable('audit_log').set({ mac: 'f'.repeat(64) }).where('id', '=', 1).execute();
    expect(await log.verify()).toMatchObject({ ok: false, first_broken: { id: 1, reason: { key: 'audit.verify.mac_before_upgrade' } } });
  });

  it('rows above the head are a break, not ignored', async () => {
    const db = await open(engine);
    const log = new AuditLog(db, { key: fixedAuditKey(KEY) });
    for (let i = 1; i <= 3; i++) await log.append(entry(i));
    // Written around the log: a plain INSERT (allowed by the triggers), head untouched.
    await db.kysely.insertInto('audit_log').values({ ts: new Date().toISOString(), actor: 'x', action: 'FAKE', target: 't', result: 'success', detail: null, old_value: null, new_value: null, prev_hash: 'x', hash: 'y', mac: null }).execute();
    const v = await log.verify();
    expect(v).toMatchObject({ ok: false, checked: 3, first_broken: { id: 4, reason: { key: 'audit.verify.rows_above_head', params: { count: 1 } } } });
    expect(en.t(v.first_broken!.reason)).toMatch(/^1 rows lie above the chain head/);
  });

  it('an unkeyed chain from before 0004 is upgraded honestly: legacy rows up to the upgrade point, keyed after', async () => {
    const db = await open(engine, 3);
    const legacy = new AuditLog(db);
    for (let i = 1; i <= 3; i++) await legacy.append(entry(i));
    await new MigrationRunner(db, MIGRATIONS).up();
    const log = new AuditLog(db, { key: fixedAuditKey(KEY) });
    for (let i = 4; i <= 5; i++) await log.append(entry(i));
    const v = await log.verify();
    expect(v).toMatchObject({ ok: true, checked: 5, keyed_from: 4 });
    expect(v.notes?.[0]).toEqual({ key: 'audit.note.legacy', params: { from: 4, count: 3 } });
    expect(tr.t(v.notes![0]!)).toMatch(/^4 numaradan önceki 3 kayıt eski biçimde \(anahtarsız SHA-256\)/);
    // A legacy row rewritten now (hashes recomputed) breaks the first keyed row, which binds them.
    await dropGuards(db);
    await db.kysely.updateTable('audit_log').set({ target: 'rewritten' }).where('id', '=', 2).execute();
    await recomputeHashes(db);
    expect(await log.verify()).toMatchObject({ ok: false, first_broken: { id: 4, reason: { key: 'audit.verify.mac_mismatch' } } });
  });

  it('incremental verify walks only the rows since the last verified one; a change below it waits for the full verify', async () => {
    const db = await open(engine);
    const log = new AuditLog(db, { key: fixedAuditKey(KEY) });
    for (let i = 1; i <= 5; i++) await log.append(entry(i));
    expect(await log.verify({ incremental: true })).toMatchObject({ ok: true, mode: 'full', checked: 5 });
    for (let i = 6; i <= 7; i++) await log.append(entry(i));
    expect(await log.verify({ incremental: true })).toMatchObject({ ok: true, mode: 'incremental', from: 5, checked: 2, last_id: 7 });
    // An edit below the verified point, hashes recomputed: the incremental walk does not see it …
    await dropGuards(db);
    await db.kysely.updateTable('audit_log').set({ detail: 'changed' }).where('id', '=', 2).execute();
    const rows = await db.kysely.selectFrom('audit_log').selectAll().where('id', '=', 2).executeTakeFirstOrThrow();
    await db.kysely.updateTable('audit_log').set({ hash: rowHash(rows.prev_hash, rows) }).where('id', '=', 2).execute();
    expect(await log.verify({ incremental: true })).toMatchObject({ ok: true, mode: 'incremental', checked: 0 });
    // … the full one does (explicitly, or when the daily full walk is due).
    expect(await log.verify()).toMatchObject({ ok: false, first_broken: { id: 2 } });
    expect(await log.verify({ incremental: true, fullEveryMs: 0 })).toMatchObject({ ok: false, mode: 'full', first_broken: { id: 2 } });
    // The verified row itself changed: caught by the incremental check too.
    await db.kysely.updateTable('audit_log').set({ mac: 'e'.repeat(64) }).where('id', '=', 7).execute();
    expect(await log.verify({ incremental: true })).toMatchObject({ ok: false, mode: 'incremental', first_broken: { id: 7, reason: { key: 'audit.verify.verified_changed' } } });
  });
});

describe('before migration 0004', () => {
  it('a chain whose schema is still at 0003 verifies as legacy, the key present or not', async () => {
    const t = tempDir();
    cleanups.push(() => t.remove());
    const db = openAppDatabase(parseDatabaseUrl(`sqlite:${path.join(t.dir, 'a.sqlite')}`, t.dir));
    cleanups.push(() => db.close());
    await new MigrationRunner(db, MIGRATIONS.slice(0, 3)).up();
    const log = new AuditLog(db, { key: fixedAuditKey(KEY) });
    for (let i = 1; i <= 2; i++) await log.append(entry(i));
    expect(await db.kysely.selectFrom('audit_chain_head').select('last_id').executeTakeFirstOrThrow()).toEqual({ last_id: 2 });
    expect(await log.verify()).toMatchObject({ ok: true, checked: 2, keyed_from: null, notes: [{ key: 'audit.note.unkeyed' }, { key: 'audit.note.no_anchors' }] });
  });
});
