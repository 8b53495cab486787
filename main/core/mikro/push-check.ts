/**
 * `mikro_push_guard` (runbook §9.4), `optiplan360 mikro push-check`: the write-back path run end
 * to end, not a function compared with its own answer. For every push kind an item is enqueued
 * through the outbox, the outbox processor runs it with the real Mikro handlers, and every
 * client those handlers could make goes through a counting client factory. FAIL when any client
 * was made, any connection opened or any byte sent towards Mikro, or when an item did not end
 * FAILED with E_MIKRO_READ_ONLY and the older backend's exact refusal.
 *
 * A probe leaves nothing behind: it runs inside ONE database transaction that is always rolled
 * back, and its audit writer is in memory. Why a rolled-back transaction rather than an in-memory
 * outbox or deleting the rows afterwards: the probe exercises the real tables, the real claim
 * (QUEUED → PROCESSING) and the real status updates, and a crash or a kill in the middle of it
 * cannot leave a committed probe row (a delete-afterwards could). Other processors do not see the
 * uncommitted rows (PostgreSQL) or wait for the short transaction (SQLite's single connection),
 * and the probe processes only its own items (`ids`).
 */
import type { Check } from '../../../shared/checks.js';
import { msg } from '../../../shared/messages.js';
import type { AuditEntryInput, AuditWriter } from '../audit/audit-types.js';
import { passed, problem, timedCheck, type CheckOutcome } from '../checks/check-builders.js';
import { countingClientFactory, createMikroClient, type MikroClientFactory } from './client-factory.js';
import type { OutboxDb } from './mikro-context.js';
import { enqueueOutbox, mikroOutboxHandlers, OUTBOX_STATUS, processOutbox, type MikroHandlersBuilder, type OutboxRow } from './outbox.js';
import { MikroSyncService, pushBlockedResult, PUSH_KINDS, type PushKind } from './push-guard.js';

export interface PushCheckDeps {
  /** The application database holding the outbox. */
  db: OutboxDb;
  /** Who runs the check (kept on the in-memory audit entries only). */
  actor: string;
  /** The factory the app makes Mikro clients with; it is wrapped in a counter. */
  clientFactory?: MikroClientFactory;
  /** The processor's Mikro handlers; default the real ones. Tests pass variants that misbehave. */
  handlers?: MikroHandlersBuilder;
  now?: () => Date;
}

/** Thrown inside the probe's transaction to roll it back; never escapes. */
class ProbeRollback extends Error {}

export async function pushGuardProbe(deps: PushCheckDeps): Promise<CheckOutcome> {
  const { factory, counts } = countingClientFactory(deps.clientFactory ?? createMikroClient);
  const audited: AuditEntryInput[] = [];
  // In memory: the refusals a real push would audit are counted, never written.
  const probeAudit: AuditWriter = { record: async (entry) => void audited.push(entry) };
  const build = deps.handlers ?? mikroOutboxHandlers;
  let rows: OutboxRow[] = [];
  let ids: number[] = [];
  try {
    await deps.db.kysely.transaction().execute(async (trx) => {
      const outbox: OutboxDb = { kysely: trx };
      const sync = new MikroSyncService({ db: outbox, audit: probeAudit, ...(deps.now ? { now: deps.now } : {}) });
      ids = [];
      for (const kind of PUSH_KINDS) {
        ids.push(await enqueueOutbox(outbox, { integration: 'mikro', operation: `push_${kind}`, payload: { id: 'push-check', probe: true }, max_retries: 1 }));
      }
      const handlers = build(sync, { actor: `${deps.actor} (push-check probe)`, audit: null }, factory);
      await processOutbox(outbox, { handlers, ids, ...(deps.now ? { now: deps.now } : {}) });
      rows = await trx.selectFrom('outbox').selectAll().where('id', 'in', ids).orderBy('id').execute();
      throw new ProbeRollback('push-check probe: roll back');
    });
  } catch (err) {
    if (!(err instanceof ProbeRollback)) throw err;
  }

  const byKind = new Map<PushKind, OutboxRow | undefined>(PUSH_KINDS.map((kind, i) => [kind, rows.find((r) => r.id === ids[i])]));
  const notBlocked = PUSH_KINDS.filter((kind) => {
    const row = byKind.get(kind);
    return !row || row.status !== OUTBOX_STATUS.FAILED || row.last_error_code !== 'E_MIKRO_READ_ONLY' || row.last_error !== pushBlockedResult(`push_${kind}`).error;
  });
  const observed = {
    kinds: [...PUSH_KINDS],
    clients_created: counts.clients,
    connections_opened: counts.connections,
    bytes_sent: counts.bytes,
    audit_rows_suppressed: audited.length,
    items: PUSH_KINDS.map((kind) => {
      const row = byKind.get(kind);
      return { kind, status: row?.status ?? null, code: row?.last_error_code ?? null, attempts: row?.attempts ?? null };
    }),
  };
  const technical = PUSH_KINDS.map((kind) => {
    const row = byKind.get(kind);
    return `push_${kind}: ${row ? `${row.status} ${row.last_error_code ?? ''} ${row.last_error ?? ''}`.trim() : 'no row'}`;
  }).join('\n');
  if (counts.clients > 0 || counts.connections > 0 || counts.bytes > 0) {
    return problem('FAIL', msg('mikro.checks.mikro_push_guard.connections', { clients: counts.clients, connections: counts.connections, bytes: counts.bytes }), msg('mikro.checks.mikro_push_guard.rec'), {
      observed,
      technical_detail: technical,
    });
  }
  if (notBlocked.length > 0) {
    return problem('FAIL', msg('mikro.checks.mikro_push_guard.not_blocked', { kinds: notBlocked.map((k) => `push_${k}`) }), msg('mikro.checks.mikro_push_guard.rec'), {
      observed,
      technical_detail: technical,
    });
  }
  return passed(msg('mikro.checks.mikro_push_guard.ok', { kinds: PUSH_KINDS.length, names: PUSH_KINDS.map((k) => `push_${k}`) }), observed);
}

/** The probe as a timed check (a throw, e.g. the database being down, is a FAIL). */
export function pushCheck(deps: PushCheckDeps): Promise<Check> {
  return timedCheck('mikro_push_guard', 'mikro', () => pushGuardProbe(deps));
}
