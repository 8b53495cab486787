/**
 * The append-only, hash-chained audit log (R-AUDIT-1/2). Each row's hash covers its content and
 * the previous row's hash; the head row holds the last hash, so editing, deleting or inserting
 * rows anywhere — including at the end — breaks the chain that `verify` walks.
 * Values are redacted before they are hashed or written: a secret never reaches the table.
 */
import crypto from 'node:crypto';
import type { AuditVerifyReport } from '../../../shared/audit.js';
import { msg, type Message } from '../../../shared/messages.js';
import type { AppDatabase } from '../db/app-database.js';
import type { AuditLogTable } from '../db/schema.js';
import { GENESIS_HASH } from '../migrations/0003_audit_chain.js';
import { redactSecrets, scrubKnownValues } from '../secrets/secret-patterns.js';
import type { AuditEntryInput, AuditWriter } from './audit-types.js';

export type AuditRow = Omit<AuditLogTable, 'id'> & { id: number };

/** The first link that does not hold: why, for people (audit.verify.*), and the raw specifics for support. */
export type AuditBreak = NonNullable<AuditVerifyReport['first_broken']>;

export type AuditVerifyResult = AuditVerifyReport;

/** The hashed content of a row, in a fixed order, as canonical JSON. */
export function rowHash(prevHash: string, r: Pick<AuditRow, 'ts' | 'actor' | 'action' | 'target' | 'result' | 'detail' | 'old_value' | 'new_value'>): string {
  const content = JSON.stringify([prevHash, r.ts, r.actor, r.action, r.target, r.result, r.detail, r.old_value, r.new_value]);
  return crypto.createHash('sha256').update(content, 'utf8').digest('hex');
}

export class AuditLog implements AuditWriter {
  /** Values known to be secret in this process (e.g. just set), scrubbed from free text too. */
  private readonly knownSecrets = new Set<string>();

  constructor(private readonly db: AppDatabase) {}

  rememberSecret(value: string): void {
    this.knownSecrets.add(value);
  }

  async record(entry: AuditEntryInput): Promise<void> {
    await this.append(entry);
  }

  async append(entry: AuditEntryInput): Promise<AuditRow> {
    const base = {
      ts: new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: this.scrub(entry.target),
      result: entry.result,
      detail: entry.detail == null ? null : this.scrub(entry.detail),
      old_value: this.serialise(entry.old_value),
      new_value: this.serialise(entry.new_value),
    };
    return this.db.kysely.transaction().execute(async (trx) => {
      // The first statement writes the head row: a row lock on PostgreSQL and the write lock on
      // SQLite, so concurrent appenders (app, CLI, serve) queue here instead of forking the chain.
      await trx.updateTable('audit_chain_head').set({ updated_at: base.ts }).where('id', '=', 1).execute();
      const head = await trx.selectFrom('audit_chain_head').select(['last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
      const hash = rowHash(head.last_hash, base);
      const inserted = await trx
        .insertInto('audit_log')
        .values({ ...base, prev_hash: head.last_hash, hash })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('audit_chain_head').set({ last_id: inserted.id, last_hash: hash }).where('id', '=', 1).execute();
      return { ...base, id: inserted.id, prev_hash: head.last_hash, hash };
    });
  }

  /**
   * Walk the chain in id order up to the head read first; report the first link that does not
   * hold. Reading the head first means rows appended while we walk (by this or another process)
   * are simply not part of this check, instead of looking like a deleted tail.
   */
  async verify(): Promise<AuditVerifyResult> {
    const k = this.db.kysely;
    const head = await k.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirst();
    if (!head) return broken(0, 0, 0, msg('audit.verify.head_missing'), 'audit_chain_head has no row with id 1');
    let prev = GENESIS_HASH;
    let lastId = 0;
    let checked = 0;
    for (;;) {
      const batch = await k.selectFrom('audit_log').selectAll().where('id', '>', lastId).where('id', '<=', head.last_id).orderBy('id').limit(1000).execute();
      for (const r of batch) {
        if (r.prev_hash !== prev) {
          return broken(checked, lastId, r.id, msg('audit.verify.link_broken'), `row ${r.id}: prev_hash ${short(r.prev_hash)}, expected ${short(prev)} (${lastId === 0 ? 'genesis' : `hash of row ${lastId}`})`);
        }
        const actual = rowHash(r.prev_hash, r);
        if (actual !== r.hash) return broken(checked, lastId, r.id, msg('audit.verify.row_edited'), `row ${r.id}: stored hash ${short(r.hash)}, content hashes to ${short(actual)}`);
        prev = r.hash;
        lastId = r.id;
        checked++;
      }
      if (batch.length < 1000) break;
    }
    if (head.last_hash !== prev || head.last_id !== lastId) {
      return broken(
        checked,
        lastId,
        head.last_id,
        msg('audit.verify.tail_deleted', { last: lastId, expected: head.last_id }),
        `audit_chain_head: last_id ${head.last_id}, last_hash ${short(head.last_hash)}; the chain ends at row ${lastId}, hash ${short(prev)}`,
      );
    }
    return { ok: true, checked, last_id: lastId };
  }

  private serialise(value: unknown): string | null {
    if (value === undefined || value === null) return null;
    return this.scrub(JSON.stringify(redactSecrets(value)));
  }

  private scrub(text: string): string {
    return scrubKnownValues(text, this.knownSecrets);
  }
}

function broken(checked: number, lastId: number, id: number, reason: Message, technical_detail: string): AuditVerifyResult {
  return { ok: false, checked, last_id: lastId, first_broken: { id, reason, technical_detail } };
}

/** A hash as support reads it: its first 12 hex digits. */
function short(hash: string | null | undefined): string {
  return typeof hash === 'string' ? `${hash.slice(0, 12)}…` : String(hash);
}

/** The verify result as one sentence for people (CLI, reports). */
export function auditVerifyMessage(r: AuditVerifyResult): Message {
  if (r.ok || !r.first_broken) return msg('audit.verify.intact', { count: r.checked });
  return msg('audit.verify.broken', { id: r.first_broken.id, reason: r.first_broken.reason, count: r.checked });
}
