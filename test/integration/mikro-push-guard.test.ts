// Push guard and outbox (R-MIKRO-5) on a real migrated SQLite database, with a TDS fake standing
// where Mikro would be: it must never see a connection.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { effectiveMikroSettings } from '../../main/core/mikro/mikro-config.js';
import { MikroSyncService, pushBlockedResult, PUSH_KINDS } from '../../main/core/mikro/push-guard.js';
import { pushCheck } from '../../main/core/mikro/push-check.js';
import { enqueueOutbox, handlerKey, mikroOutboxHandlers, OUTBOX_STATUS, OutboxProcessor, processOutbox, retryAll, type MikroHandlersBuilder } from '../../main/core/mikro/outbox.js';
import { AuditLog } from '../../main/core/audit/audit-log.js';
import { MemoryAudit, fake, settingsFor, tempDb } from './mikro-helpers.js';

const ctx = { actor: 'tester@host (http)' };

describe('MikroSyncService push guard', () => {
  it('blocks every push kind with the exact older result, records it, and opens no connection', async () => {
    const f = await fake();
    // Mikro "configured" through the env only, and no mikro_connection.json at all: the older
    // guard failed on the missing file before it could refuse. Here nothing reads config.
    const env = { MIKRO_SERVER: f.host, MIKRO_DB_PORT: String(f.port), MIKRO_DATABASE: 'MikroDB' };
    expect(effectiveMikroSettings(undefined, env).settings.port).toBe(f.port);
    const db = await tempDb();
    const audit = new MemoryAudit();
    const sync = new MikroSyncService({ db, audit });
    const results = [
      await sync.pushAccount('C-1', { cari_kod: '120.01' }, ctx),
      await sync.pushInvoice(7, { total: 10 }, ctx),
      await sync.pushQuote('Q-9', null, ctx),
      await sync.pushOrder('O-3', { lines: [] }, ctx),
    ];
    expect(results).toEqual(PUSH_KINDS.map((k) => pushBlockedResult(`push_${k}`)));
    expect(results[3]).toEqual({
      success: false,
      error: 'Mikro P1 read-only mod aktif. Yazma islemi engellendi: push_order. PUSH yerine PULL/read-only akislarini kullanin.',
      code: 'E_MIKRO_READ_ONLY',
    });
    expect(f.connections).toBe(0);
    expect(f.bytesReceived).toBe(0);

    const errors = await db.kysely.selectFrom('integration_errors').selectAll().orderBy('id').execute();
    expect(errors.map((e) => [e.integration, e.operation, e.code, e.resolved_at])).toEqual([
      ['mikro', 'push_account', 'E_MIKRO_READ_ONLY', null],
      ['mikro', 'push_invoice', 'E_MIKRO_READ_ONLY', null],
      ['mikro', 'push_quote', 'E_MIKRO_READ_ONLY', null],
      ['mikro', 'push_order', 'E_MIKRO_READ_ONLY', null],
    ]);
    expect(JSON.parse(errors[0]!.payload!)).toMatchObject({ id: 'C-1' });
    const blocked = audit.byAction('MIKRO_PUSH_BLOCKED');
    expect(blocked).toHaveLength(4);
    expect(blocked[0]).toMatchObject({ result: 'blocked', actor: ctx.actor, target: 'mikro:push_account:C-1' });
  });

  it('writes MIKRO_PUSH_BLOCKED into the real hash-chained audit log', async () => {
    const db = await tempDb();
    const log = new AuditLog(db);
    const sync = new MikroSyncService({ db, audit: log });
    await sync.pushInvoice('F-1', { total: 1 }, ctx);
    const rows = await db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'MIKRO_PUSH_BLOCKED').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ result: 'blocked', target: 'mikro:push_invoice:F-1', actor: ctx.actor });
    expect(rows[0]?.detail).toMatch(/^E_MIKRO_READ_ONLY: Mikro P1 read-only mod aktif/);
    expect((await log.verify()).ok).toBe(true);
  });

  it('still refuses when recording fails (database down, audit throwing)', async () => {
    const db = await tempDb();
    await db.close();
    const failures: string[] = [];
    const sync = new MikroSyncService({
      db,
      audit: { record: async () => Promise.reject(new Error('audit down')) },
      onRecordError: (what) => failures.push(what),
    });
    expect(await sync.pushOrder(1, {}, ctx)).toEqual(pushBlockedResult('push_order'));
    expect(failures).toEqual(['integration_error', 'audit']);
    expect(await new MikroSyncService().pushQuote(1, {}, ctx)).toEqual(pushBlockedResult('push_quote'));
  });
});

describe('mikro_push_guard: the write-back path end to end', () => {
  const tr = translator('tr');
  const en = translator('en');
  const counts = async (db: Awaited<ReturnType<typeof tempDb>>) => ({
    outbox: (await db.kysely.selectFrom('outbox').selectAll().execute()).length,
    errors: (await db.kysely.selectFrom('integration_errors').selectAll().execute()).length,
    audit: (await db.kysely.selectFrom('audit_log').selectAll().execute()).length,
  });

  it('PASS with the real outbox, processor and handlers: every kind ends E_MIKRO_READ_ONLY, no client, and the probe leaves no row behind', async () => {
    const f = await fake();
    const db = await tempDb();
    const before = await counts(db);
    const check = await pushCheck({ db, actor: ctx.actor });
    expect(check).toMatchObject({ name: 'mikro_push_guard', category: 'mikro', status: 'PASS', recommendation: null, steps: [] });
    expect(check.title).toEqual({ key: 'mikro.checks.mikro_push_guard.title' });
    expect(check.observed).toMatchObject({ clients_created: 0, connections_opened: 0, bytes_sent: 0, audit_rows_suppressed: 4 });
    expect((check.observed as { items: unknown[] }).items).toEqual(PUSH_KINDS.map((kind) => ({ kind, status: 'FAILED', code: 'E_MIKRO_READ_ONLY', attempts: 1 })));
    expect(tr.t(check.detail)).toBe(
      'Giden kutusundaki (outbox) 4 yazma türünün (push_account, push_invoice, push_quote ve push_order) tümü E_MIKRO_READ_ONLY ile engellendi; Mikro’ya hiç bağlantı açılmadı.',
    );
    expect(en.t(check.detail)).toMatch(/^All 4 write-back kinds in the outbox .* were blocked with E_MIKRO_READ_ONLY; no connection to Mikro was opened\.$/);
    // A probe: no outbox, integration_errors or audit rows (the transaction was rolled back).
    expect(await counts(db)).toEqual(before);
    expect(f.connections).toBe(0);
  });

  it('FAIL when the processor\'s handlers open a connection through the client factory (a write-back sneaking in)', async () => {
    const f = await fake();
    const db = await tempDb();
    // A processor variant whose push handler "writes back": it asks the factory for a client and talks to Mikro.
    const leaky: MikroHandlersBuilder = (sync, hctx, clients) => {
      const real = mikroOutboxHandlers(sync, hctx, clients);
      return {
        ...real,
        [handlerKey('mikro', 'push_invoice')]: async (item) => {
          const client = clients(settingsFor(f), async () => 'pw-not-a-secret');
          try {
            await client.query('SELECT 1 AS ok', undefined, { maxRows: 1 });
          } finally {
            await client.close();
          }
          return real[handlerKey('mikro', 'push_invoice')]!(item);
        },
      };
    };
    const before = await counts(db);
    const check = await pushCheck({ db, actor: ctx.actor, handlers: leaky });
    expect(check.status).toBe('FAIL');
    expect(check.detail.key).toBe('mikro.checks.mikro_push_guard.connections');
    const observed = check.observed as { clients_created: number; connections_opened: number; bytes_sent: number };
    expect(observed.clients_created).toBe(1);
    // Every TDS connection the factory's client opened is counted: exactly what the fake accepted.
    expect(observed.connections_opened).toBeGreaterThanOrEqual(1);
    expect(observed.connections_opened).toBe(f.connections);
    expect(observed.bytes_sent).toBeGreaterThan(0);
    expect(tr.t(check.detail)).toMatch(/^Yazma koruması etkin değil: yazma yolu Mikro’ya 1 istemci oluşturdu, \d+ bağlantı açtı \(\d+,\d KB gönderildi\)\.$/);
    expect(en.t(check.detail)).toMatch(/^The write-back guard is not effective: the write path created 1 clients and opened \d+ connections towards Mikro/);
    expect(tr.t(check.recommendation!)).toMatch(/Servisi durdurun/);
    // The fake really saw it, and still nothing was left behind.
    expect(f.connections).toBeGreaterThan(0);
    expect(await counts(db)).toEqual(before);
  });

  it('FAIL when an item does not end E_MIKRO_READ_ONLY (a handler that "succeeds")', async () => {
    const db = await tempDb();
    const accepting: MikroHandlersBuilder = (sync, hctx, clients) => ({ ...mikroOutboxHandlers(sync, hctx, clients), [handlerKey('mikro', 'push_order')]: async () => ({ success: true }) });
    const check = await pushCheck({ db, actor: ctx.actor, handlers: accepting });
    expect(check.status).toBe('FAIL');
    expect(check.detail).toEqual({ key: 'mikro.checks.mikro_push_guard.not_blocked', params: { kinds: ['push_order'] } });
    expect(en.t(check.detail)).toBe('The write-back guard is not effective: the push_order items did not end with E_MIKRO_READ_ONLY.');
    expect(check.technical_detail).toMatch(/push_order: DONE/);
  });

  it('FAIL (not a crash) when the database is down', async () => {
    const db = await tempDb();
    await db.close();
    const check = await pushCheck({ db, actor: ctx.actor });
    expect(check.status).toBe('FAIL');
    expect(check.technical_detail).toBeTruthy();
  });
});

describe('outbox', () => {
  it('a Mikro push item fails permanently: FAILED, attempts+1, E_MIKRO_READ_ONLY, never retried or re-queued', async () => {
    const f = await fake();
    const db = await tempDb();
    const audit = new MemoryAudit();
    const sync = new MikroSyncService({ db, audit });
    const handlers = mikroOutboxHandlers(sync, ctx, () => {
      throw new Error('no client in P1');
    });
    const id = await enqueueOutbox(db, { integration: 'mikro', operation: 'push_order', payload: { id: 'O-77' } });
    let now = new Date('2025-01-01T08:00:00Z');

    expect(await processOutbox(db, { handlers, now: () => now })).toEqual({ processed: 1, done: 0, retrying: 0, failed: 1 });
    const row = await db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'FAILED', attempts: 1, last_error_code: 'E_MIKRO_READ_ONLY', next_attempt_at: null });
    expect(row.last_error).toMatch(/Yazma islemi engellendi: push_order/);
    expect(audit.byAction('MIKRO_PUSH_BLOCKED')[0]?.target).toBe('mikro:push_order:O-77');

    now = new Date('2025-01-02T08:00:00Z');
    expect(await processOutbox(db, { handlers, now: () => now })).toMatchObject({ processed: 0 });
    expect(await retryAll(db)).toEqual({ requeued: 0, skipped_permanent: 1 });
    const after = await db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'FAILED', attempts: 1, last_error_code: 'E_MIKRO_READ_ONLY' });
    expect(f.connections).toBe(0);
  });

  it('other errors retry with 2^n × 30 s backoff up to max_retries, then FAILED; retryAll re-queues them', async () => {
    const db = await tempDb();
    let calls = 0;
    const handlers = {
      [handlerKey('whatsapp', 'send')]: async () => {
        calls++;
        return { success: false as const, code: 'E_WHATSAPP_UNREACHABLE', error: 'timeout' };
      },
    };
    const id = await enqueueOutbox(db, { integration: 'whatsapp', operation: 'send', payload: {}, max_retries: 3 });
    const mikroId = await enqueueOutbox(db, { integration: 'mikro', operation: 'push_quote', payload: {} });
    let now = new Date('2025-01-01T08:00:00.000Z');
    const read = () => db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    await processOutbox(db, { handlers, now: () => now });
    expect(await read()).toMatchObject({ status: 'QUEUED', attempts: 1, next_attempt_at: '2025-01-01T08:00:30.000Z', last_error_code: 'E_WHATSAPP_UNREACHABLE' });
    // Not due yet: nothing happens.
    now = new Date('2025-01-01T08:00:29.000Z');
    expect((await processOutbox(db, { handlers, now: () => now })).processed).toBe(0);
    now = new Date('2025-01-01T08:00:30.000Z');
    await processOutbox(db, { handlers, now: () => now });
    expect(await read()).toMatchObject({ status: 'QUEUED', attempts: 2, next_attempt_at: '2025-01-01T08:01:30.000Z' });
    now = new Date('2025-01-01T08:01:30.000Z');
    await processOutbox(db, { handlers, now: () => now });
    expect(await read()).toMatchObject({ status: 'FAILED', attempts: 3, next_attempt_at: null });
    expect(calls).toBe(3);

    // Put a permanent Mikro failure next to it: retry all re-queues only the WhatsApp item.
    await processOutbox(db, { handlers: mikroOutboxHandlers(new MikroSyncService(), ctx, () => { throw new Error('no client in P1'); }), now: () => now });
    expect(await retryAll(db)).toEqual({ requeued: 1, skipped_permanent: 1 });
    expect(await read()).toMatchObject({ status: 'QUEUED', attempts: 0, next_attempt_at: null });
    const mikro = await db.kysely.selectFrom('outbox').selectAll().where('id', '=', mikroId).executeTakeFirstOrThrow();
    expect(mikro).toMatchObject({ status: OUTBOX_STATUS.FAILED, last_error_code: 'E_MIKRO_READ_ONLY' });
  });

  it('a throwing handler counts as a retryable error; success marks DONE', async () => {
    const db = await tempDb();
    let fail = true;
    const handlers = {
      'x:y': async () => {
        if (fail) throw new Error('boom');
        return { success: true as const };
      },
    };
    const id = await enqueueOutbox(db, { integration: 'x', operation: 'y', payload: 1 });
    const now = new Date('2025-01-01T08:00:00.000Z');
    await processOutbox(db, { handlers, now: () => now });
    expect(await db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toMatchObject({ status: 'QUEUED', last_error_code: 'E_INTERNAL', last_error: 'boom' });
    fail = false;
    await processOutbox(db, { handlers, now: () => new Date('2025-01-01T09:00:00.000Z') });
    expect(await db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()).toMatchObject({ status: 'DONE', attempts: 2 });
  });
});

describe('OutboxProcessor', () => {
  it('drains Mikro push items on its timer: FAILED E_MIKRO_READ_ONLY, audited, no connection; stop() ends it', async () => {
    const f = await fake();
    const db = await tempDb();
    const audit = new MemoryAudit();
    const sync = new MikroSyncService({ db, audit });
    const id = await enqueueOutbox(db, { integration: 'mikro', operation: 'push_account', payload: { id: 'C-9' } });
    const processor = new OutboxProcessor({ db, handlers: () => mikroOutboxHandlers(sync, ctx, () => { throw new Error('no client in P1'); }), intervalMs: 20 });
    processor.start();
    expect(processor.started).toBe(true);
    const read = () => db.kysely.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    for (let i = 0; i < 100 && (await read()).status !== 'FAILED'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await read()).toMatchObject({ status: 'FAILED', last_error_code: 'E_MIKRO_READ_ONLY', attempts: 1 });
    // A later item is picked up by a later tick.
    const id2 = await enqueueOutbox(db, { integration: 'mikro', operation: 'push_quote', payload: { id: 'Q-2' } });
    for (let i = 0; i < 100 && (await db.kysely.selectFrom('outbox').select('status').where('id', '=', id2).executeTakeFirstOrThrow()).status !== 'FAILED'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(audit.byAction('MIKRO_PUSH_BLOCKED').map((r) => r.target)).toEqual(['mikro:push_account:C-9', 'mikro:push_quote:Q-2']);
    await processor.stop();
    expect(processor.started).toBe(false);
    const id3 = await enqueueOutbox(db, { integration: 'mikro', operation: 'push_order', payload: {} });
    await new Promise((r) => setTimeout(r, 80));
    expect((await db.kysely.selectFrom('outbox').select('status').where('id', '=', id3).executeTakeFirstOrThrow()).status).toBe('QUEUED');
    expect(f.connections).toBe(0);
  });

  it('reports a failing run once (database down), without throwing', async () => {
    const db = await tempDb();
    await db.close();
    const errors: unknown[] = [];
    const processor = new OutboxProcessor({ db, handlers: () => mikroOutboxHandlers(new MikroSyncService(), ctx, () => { throw new Error('unused'); }), onError: (e) => errors.push(e) });
    expect(await processor.runOnce()).toBeNull();
    expect(await processor.runOnce()).toBeNull();
    expect(errors).toHaveLength(1);
    await processor.stop();
  });
});
