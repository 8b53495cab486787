/**
 * The Mikro write-back API in P1 (R-MIKRO-5): every push is refused with the older backend's exact
 * result, and nothing else happens first. This service deliberately has no settings, no client and
 * no way to read `mikro_connection.json`: the older guard was unreachable because loading the
 * config failed first. Each refusal is recorded (integration_errors + audit MIKRO_PUSH_BLOCKED);
 * a recording failure never changes the answer.
 */
import type { AuditWriter } from '../audit/audit-types.js';
import { safeAudit, type MikroCallContext, type OutboxDb } from './mikro-context.js';

export const PUSH_KINDS = ['account', 'invoice', 'quote', 'order'] as const;
export type PushKind = (typeof PUSH_KINDS)[number];
export type PushOperation = `push_${PushKind}`;

export interface PushBlockedResult {
  success: false;
  error: string;
  code: 'E_MIKRO_READ_ONLY';
}

/**
 * Exactly the older backend's text (ASCII Turkish), so scripts matching on it keep working. This
 * legacy `error` is a machine value, never localized and never a catalogue message (R-MIKRO-5).
 */
export function pushBlockedResult(op: string): PushBlockedResult {
  return {
    success: false,
    error: `Mikro P1 read-only mod aktif. Yazma islemi engellendi: ${op}. PUSH yerine PULL/read-only akislarini kullanin.`,
    code: 'E_MIKRO_READ_ONLY',
  };
}

export interface PushOptions {
  /**
   * A push-check probe (`optiplan360 mikro push-check`, diagnostics): recorded like a real push,
   * but the integration_errors row is written already resolved so the probe does not inflate the
   * unresolved-errors count.
   */
  probe?: boolean;
}

export interface MikroSyncDeps {
  db?: OutboxDb | null;
  audit?: AuditWriter | null;
  now?: () => Date;
  /** Called when a refusal could not be recorded (the refusal itself still stands). */
  onRecordError?: (what: 'integration_error' | 'audit', message: string) => void;
}

export class MikroSyncService {
  constructor(private readonly deps: MikroSyncDeps = {}) {}

  pushAccount(id: string | number, payload: unknown, ctx: MikroCallContext, opts?: PushOptions): Promise<PushBlockedResult> {
    return this.block('push_account', id, payload, ctx, opts);
  }

  pushInvoice(id: string | number, payload: unknown, ctx: MikroCallContext, opts?: PushOptions): Promise<PushBlockedResult> {
    return this.block('push_invoice', id, payload, ctx, opts);
  }

  pushQuote(id: string | number, payload: unknown, ctx: MikroCallContext, opts?: PushOptions): Promise<PushBlockedResult> {
    return this.block('push_quote', id, payload, ctx, opts);
  }

  pushOrder(id: string | number, payload: unknown, ctx: MikroCallContext, opts?: PushOptions): Promise<PushBlockedResult> {
    return this.block('push_order', id, payload, ctx, opts);
  }

  /** Dispatch by kind (the outbox and the CLI use it). */
  push(kind: PushKind, id: string | number, payload: unknown, ctx: MikroCallContext, opts?: PushOptions): Promise<PushBlockedResult> {
    return this.block(`push_${kind}`, id, payload, ctx, opts);
  }

  private async block(op: PushOperation, id: string | number, payload: unknown, ctx: MikroCallContext, opts: PushOptions = {}): Promise<PushBlockedResult> {
    const result = pushBlockedResult(op);
    const ts = (this.deps.now ?? (() => new Date()))().toISOString();
    const db = this.deps.db;
    if (db) {
      try {
        await db.kysely
          .insertInto('integration_errors')
          .values({
            ts,
            integration: 'mikro',
            operation: op,
            code: result.code,
            message: result.error,
            // The id and size only: the payload is business data and is not needed to diagnose a block.
            payload: JSON.stringify({ id: String(id), payload_bytes: payloadSize(payload), probe: opts.probe === true }),
            resolved_at: opts.probe ? ts : null,
            resolved_by: opts.probe ? 'mikro push-check' : null,
          })
          .execute();
      } catch (err) {
        this.deps.onRecordError?.('integration_error', (err as Error)?.message ?? String(err));
      }
    }
    const auditError = await safeAudit(this.deps.audit ?? (ctx.audit || null), {
      action: 'MIKRO_PUSH_BLOCKED',
      target: `mikro:${op}:${String(id)}`,
      result: 'blocked',
      actor: ctx.actor,
      detail: `${result.code}: ${result.error}${opts.probe ? ' (push-check probe)' : ''}`,
    });
    if (auditError) this.deps.onRecordError?.('audit', auditError);
    return result;
  }
}

function payloadSize(payload: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload ?? null) ?? '', 'utf8');
  } catch {
    return -1;
  }
}
