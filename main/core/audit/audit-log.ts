/**
 * The append-only, hash-chained audit log (R-AUDIT-1/2). Each row's hash covers its content and
 * the previous row's hash; from migration 0004 on each row also carries an HMAC with a key kept
 * outside the database (audit-chain.ts, audit-key.ts). The head row holds the last hash and MAC,
 * so editing, deleting or inserting rows anywhere — including at the end — breaks the chain that
 * `verify` walks; anchors outside the database (audit-anchor.ts) catch a rewritten head.
 * Values are redacted (secrets, personal data) before they are hashed or written.
 */
import type { AuditVerifyReport } from '../../../shared/audit.js';
import { msg, type Message } from '../../../shared/messages.js';
import type { Transaction } from 'kysely';
import type { AppDatabase } from '../db/app-database.js';
import type { AppSchema } from '../db/schema.js';
import { redactPersonal, redactPersonalText } from '../privacy/redact.js';
import { redactSecrets, scrubKnownValues } from '../secrets/secret-patterns.js';
import type { AnchorRecord } from './audit-anchor.js';
import { chainValue, rowHash, rowMac, type AuditRow, type HashedContent } from './audit-chain.js';
import { keyFingerprint, type AuditKeySource } from './audit-key.js';
import type { AuditEntryInput, AuditWriter } from './audit-types.js';
import { verifyAuditChain, type VerifyOptions } from './audit-verify.js';

export { rowHash } from './audit-chain.js';
export type { AuditRow } from './audit-chain.js';
export type { AuditBreak, VerifyOptions } from './audit-verify.js';

export type AuditVerifyResult = AuditVerifyReport;

export interface AuditLogOptions {
  /** Where the HMAC key comes from; without one the log writes and checks the unkeyed chain only. */
  key?: AuditKeySource;
  /** The anchors outside the database (backup manifests, the newest diagnostics report). */
  anchors?: () => Promise<AnchorRecord[]>;
}

export class AuditLog implements AuditWriter {
  /** Values known to be secret in this process (e.g. just set), scrubbed from free text too. */
  private readonly knownSecrets = new Set<string>();

  constructor(
    private readonly db: AppDatabase,
    private readonly opts: AuditLogOptions = {},
  ) {}

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
    const keys = this.opts.key;
    let key = keys ? (await keys.get()).key : null;
    return this.db.kysely.transaction().execute(async (trx) => {
      // The first statement writes the head row: a row lock on PostgreSQL and the write lock on
      // SQLite, so concurrent appenders (app, CLI, serve) queue here instead of forking the chain.
      await trx.updateTable('audit_chain_head').set({ updated_at: base.ts }).where('id', '=', 1).execute();
      const head = await trx.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
      // A schema before 0004 (migrations pending) has no MAC columns: the row is chained unkeyed.
      if ((head as Partial<typeof head>).last_mac === undefined) return this.insertLegacy(trx, base, head.last_hash);
      if (keys && !key) {
        // Under the lock: another process may have just created the key. A new key is made only
        // while no row is keyed — a lost key is reported by verify, never quietly replaced.
        const again = await keys.get();
        key = again.key ?? (head.keyed_from == null && again.state === 'missing' ? await keys.create() : null);
      }
      const hash = rowHash(head.last_hash, base);
      const keyId = key ? keyFingerprint(key) : null;
      // With the wrong key a MAC would only look valid; without one the row says so by having none.
      const mac = key && (head.key_id == null || head.key_id === keyId) ? rowMac(key, chainValue({ hash: head.last_hash, mac: head.last_mac }), hash) : null;
      const inserted = await trx
        .insertInto('audit_log')
        .values({ ...base, prev_hash: head.last_hash, hash, mac })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(inserted.id);
      const keyed = head.keyed_from == null && mac ? { keyed_from: id, key_id: keyId } : {};
      await trx
        .updateTable('audit_chain_head')
        .set({ last_id: id, last_hash: hash, last_mac: mac, ...keyed })
        .where('id', '=', 1)
        .execute();
      return { ...base, id, prev_hash: head.last_hash, hash, mac };
    });
  }

  private async insertLegacy(trx: Transaction<AppSchema>, base: HashedContent, prevHash: string): Promise<AuditRow> {
    const hash = rowHash(prevHash, base);
    const inserted = await trx.insertInto('audit_log').values({ ...base, prev_hash: prevHash, hash }).returning('id').executeTakeFirstOrThrow();
    const id = Number(inserted.id);
    await trx.updateTable('audit_chain_head').set({ last_id: id, last_hash: hash }).where('id', '=', 1).execute();
    return { ...base, id, prev_hash: prevHash, hash };
  }

  /**
   * Walk the chain up to the head read first; report the first link that does not hold. Reading
   * the head first means rows appended while we walk (by this or another process) are simply not
   * part of this check, instead of looking like a deleted tail. `incremental` starts at the last
   * verified row (diagnostics); `audit verify` walks it all.
   */
  async verify(opts: VerifyOptions = {}): Promise<AuditVerifyResult> {
    const key = this.opts.key ? await this.opts.key.get() : null;
    return verifyAuditChain({ db: this.db, key, anchors: this.opts.anchors ?? (async () => []) }, opts);
  }

  private serialise(value: unknown): string | null {
    if (value === undefined || value === null) return null;
    return this.scrub(JSON.stringify(redactPersonal(redactSecrets(value))));
  }

  private scrub(text: string): string {
    return redactPersonalText(scrubKnownValues(text, this.knownSecrets));
  }
}

/** The verify result as one sentence for people (CLI, reports). */
export function auditVerifyMessage(r: AuditVerifyResult): Message {
  if (r.ok || !r.first_broken) return msg('audit.verify.intact', { count: r.checked });
  return msg('audit.verify.broken', { id: r.first_broken.id, reason: r.first_broken.reason, count: r.checked });
}

