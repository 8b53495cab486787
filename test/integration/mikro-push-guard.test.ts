// Push guard and outbox (R-MIKRO-5) on a real migrated SQLite database, with a TDS fake standing
// where Mikro would be: it must never see a connection.
import { describe, expect, it } from 'vitest';
import { effectiveMikroSettings } from '../../main/core/mikro/mikro-config.js';
import { MikroSyncService, pushBlockedResult, pushCheck, PUSH_KINDS } from '../../main/core/mikro/push-guard.js';
import { enqueueOutbox, handlerKey, mikroOutboxHandlers, OUTBOX_STATUS, processOutbox, retryAll } from '../../main/core/mikro/outbox.js';
import { AuditLog } from '../../main/core/audit/audit-log.js';
import { MemoryAudit, fake, tempDb } from './mikro-helpers.js';

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

  it('pushCheck passes when all four kinds are blocked; probes are recorded as resolved', async () => {
    const db = await tempDb();
    const audit = new MemoryAudit();
    const check = await pushCheck(new MikroSyncService({ db, audit }), ctx);
    expect(check).toMatchObject({ name: 'mikro_push_guard', status: 'PASS', recommendation: null });
    const open = await db.kysely.selectFrom('integration_errors').selectAll().where('resolved_at', 'is', null).execute();
    expect(open).toHaveLength(0);
    expect(await db.kysely.selectFrom('integration_errors').selectAll().execute()).toHaveLength(4);
    expect(audit.byAction('MIKRO_PUSH_BLOCKED')).toHaveLength(4);

    // A service whose guard let a push through would FAIL the check, naming the kind.
    class Leaky extends MikroSyncService {
      override push(...args: Parameters<MikroSyncService['push']>) {
        if (args[0] === 'invoice') return Promise.resolve({ success: true } as never);
        return super.push(...args);
      }
    }
    const bad = await pushCheck(new Leaky(), ctx);
    expect(bad.status).toBe('FAIL');
    expect(bad.detail).toMatch(/invoice/);
  });
});

describe('outbox', () => {
  it('a Mikro push item fails permanently: FAILED, attempts+1, E_MIKRO_READ_ONLY, never retried or re-queued', async () => {
    const f = await fake();
    const db = await tempDb();
    const audit = new MemoryAudit();
    const sync = new MikroSyncService({ db, audit });
    const handlers = mikroOutboxHandlers(sync, ctx);
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
    await processOutbox(db, { handlers: mikroOutboxHandlers(new MikroSyncService(), ctx), now: () => now });
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
