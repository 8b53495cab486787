/**
 * Verifying the audit chain (R-AUDIT-2, issue 13): every row's hash and link, the HMAC of every
 * keyed row, the head, rows above the head, and the anchors kept outside the database. The first
 * thing that does not hold is reported — what broke, for people (audit.verify.*), and the raw
 * specifics (row ids, digest prefixes) as technical detail.
 *
 * Full (`audit verify`, a daily diagnostics run) walks from the first row. Incremental (the
 * diagnostics check otherwise) starts at the last verified row, after checking that row is still
 * the one verified; a change below it is left to the next full verify, which says so in its mode.
 */
import { msg, type Message } from '../../../shared/messages.js';
import type { AuditVerifyReport } from '../../../shared/audit.js';
import type { AppDatabase } from '../db/app-database.js';
import type { AuditChainHeadTable } from '../db/schema.js';
import { GENESIS_HASH } from '../migrations/0003_audit_chain.js';
import { newestAnchors, type AnchorRecord } from './audit-anchor.js';
import { chainValue, rowHash, rowMac, sameDigest, short } from './audit-chain.js';
import { keyFingerprint, type AuditKeyLookup } from './audit-key.js';

export type AuditBreak = NonNullable<AuditVerifyReport['first_broken']>;

export interface VerifyOptions {
  /** Start at the last verified row when a full walk is not due. */
  incremental?: boolean;
  /** An incremental verify walks everything again once the last full one is this old. Default a day. */
  fullEveryMs?: number;
  now?: () => Date;
}

export interface VerifyInputs {
  db: AppDatabase;
  /** null: a log without a key source (tools, tests) checks the unkeyed chain only. */
  key: AuditKeyLookup | null;
  anchors: () => Promise<AnchorRecord[]>;
}

type Head = Pick<AuditChainHeadTable, 'last_id' | 'last_hash'> & Partial<Pick<AuditChainHeadTable, 'last_mac' | 'keyed_from' | 'key_id'>>;

const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH = 1000;

class Broken extends Error {
  constructor(
    readonly id: number,
    readonly reason: Message,
    readonly technical: string,
  ) {
    super(technical);
  }
}

export async function verifyAuditChain(inputs: VerifyInputs, opts: VerifyOptions = {}): Promise<AuditVerifyReport> {
  const { db } = inputs;
  const k = db.kysely;
  const now = opts.now ?? (() => new Date());
  const head = (await k.selectFrom('audit_chain_head').selectAll().where('id', '=', 1).executeTakeFirst()) as Head | undefined;
  if (!head) return broken(0, 0, new Broken(0, msg('audit.verify.head_missing'), 'audit_chain_head has no row with id 1'), {});
  const headLast = Number(head.last_id);
  const keyedFrom = head.keyed_from == null ? null : Number(head.keyed_from);
  const key = inputs.key?.key ?? null;
  const keyUsable = !!key && (head.key_id == null || head.key_id === keyFingerprint(key));
  const extra: Partial<AuditVerifyReport> = { key: inputs.key ? inputs.key.state : 'none', keyed_from: keyedFrom };

  let lastId = 0;
  let prevHash = GENESIS_HASH;
  let prevChain = GENESIS_HASH;
  let checked = 0;
  let mode: 'full' | 'incremental' = 'full';
  let fullAt: string | null = null;
  const notes: Message[] = [];
  try {
    if (opts.incremental) {
      const state = await readState(db);
      const due = !state || now().getTime() - Date.parse(state.full_verified_at) >= (opts.fullEveryMs ?? DAY_MS);
      if (state && !due && Number(state.last_id) <= headLast) {
        mode = 'incremental';
        const id = Number(state.last_id);
        if (id > 0) {
          const row = await k.selectFrom('audit_log').select(['hash', 'mac']).where('id', '=', id).executeTakeFirst();
          if (!row || row.hash !== state.last_hash || (row.mac ?? null) !== (state.last_mac ?? null)) {
            throw new Broken(id, msg('audit.verify.verified_changed', { id }), `row ${id}: ${row ? `hash ${short(row.hash)}, mac ${short(row.mac)}` : 'missing'}; verified as hash ${short(state.last_hash)}, mac ${short(state.last_mac)}`);
          }
          prevChain = state.last_mac ?? state.last_hash;
        }
        lastId = id;
        prevHash = state.last_hash;
        fullAt = state.full_verified_at;
      }
    }
    const from = lastId;
    for (;;) {
      const batch = await k.selectFrom('audit_log').selectAll().where('id', '>', lastId).where('id', '<=', headLast).orderBy('id').limit(BATCH).execute();
      for (const r of batch) {
        const id = Number(r.id);
        if (r.prev_hash !== prevHash) {
          throw new Broken(id, msg('audit.verify.link_broken'), `row ${id}: prev_hash ${short(r.prev_hash)}, expected ${short(prevHash)} (${lastId === 0 ? 'genesis' : `hash of row ${lastId}`})`);
        }
        const actual = rowHash(r.prev_hash, r);
        if (actual !== r.hash) throw new Broken(id, msg('audit.verify.row_edited'), `row ${id}: stored hash ${short(r.hash)}, content hashes to ${short(actual)}`);
        const mac = r.mac ?? null;
        if (keyedFrom !== null && id >= keyedFrom) {
          // Without a usable key the key itself is the finding (checkKey); a row without a MAC is named once it is back.
          if (mac === null && keyUsable) throw new Broken(id, msg('audit.verify.mac_missing', { from: keyedFrom }), `row ${id}: mac is null; the head says rows from ${keyedFrom} on are keyed`);
          if (keyUsable) {
            const expected = rowMac(key!, prevChain, r.hash);
            if (!sameDigest(expected, mac)) throw new Broken(id, msg('audit.verify.mac_mismatch'), `row ${id}: stored mac ${short(mac)}, the key gives ${short(expected)}`);
          }
        } else if (mac !== null) {
          throw new Broken(id, msg('audit.verify.mac_before_upgrade', { from: keyedFrom ?? 0 }), `row ${id} has a mac, but audit_chain_head.keyed_from is ${keyedFrom ?? 'null'}`);
        }
        prevHash = r.hash;
        prevChain = chainValue({ hash: r.hash, mac });
        lastId = id;
        checked++;
      }
      if (batch.length < BATCH) break;
    }
    if (headLast !== lastId || head.last_hash !== prevHash) {
      throw new Broken(headLast, msg('audit.verify.tail_deleted', { last: lastId, expected: headLast }), `audit_chain_head: last_id ${headLast}, last_hash ${short(head.last_hash)}; the chain ends at row ${lastId}, hash ${short(prevHash)}`);
    }
    if (keyedFrom !== null && headLast >= keyedFrom && !sameDigest(chainValue({ hash: head.last_hash, mac: head.last_mac ?? null }), prevChain)) {
      throw new Broken(headLast, msg('audit.verify.head_rewritten'), `audit_chain_head: last_mac ${short(head.last_mac)}; row ${lastId} has ${short(prevChain)}`);
    }
    await checkAboveHead(db);
    // Before 0004 (migrations pending) there is nothing keyed to check yet: only the legacy chain.
    if (head.keyed_from !== undefined) checkKey(inputs.key, head, keyedFrom, keyUsable);
    const anchors = await checkAnchors(db, headLast, await inputs.anchors().catch(() => []));
    extra.anchors = anchors.map((a) => ({ kind: a.kind, source: a.source, last_id: a.anchor.last_id, count: a.anchor.count, ok: true }));
    notes.push(...describe({ keyedFrom, headLast, anchors, mode, from, fullAt }));
    await saveState(db, { last_id: lastId, last_hash: prevHash, last_mac: keyedFrom !== null && lastId >= keyedFrom ? prevChain : null }, now(), mode === 'full');
    return { ok: true, checked, last_id: lastId, ...extra, mode, ...(mode === 'incremental' ? { from } : {}), notes };
  } catch (err) {
    if (!(err instanceof Broken)) throw err;
    return broken(checked, lastId, err, { ...extra, mode });
  }
}

/** Rows above the head were written around the log (or the head was moved back): a break, not ignored. */
async function checkAboveHead(db: AppDatabase): Promise<void> {
  // One statement: it sees one snapshot, so an append committing meanwhile (row and head
  // together) can never look like a row above the head.
  const r = await db.kysely
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('id').as('first')])
    .where('id', '>', (eb) => eb.selectFrom('audit_chain_head').select('last_id').where('id', '=', 1))
    .executeTakeFirstOrThrow();
  const n = Number(r.n);
  if (n > 0) {
    const first = Number(r.first);
    throw new Broken(first, msg('audit.verify.rows_above_head', { count: n }), `${n} row(s) with id > audit_chain_head.last_id, the first is ${first}`);
  }
}

function checkKey(lookup: AuditKeyLookup | null, head: Head, keyedFrom: number | null, keyUsable: boolean): void {
  if (!lookup) return;
  const at = keyedFrom ?? Number(head.last_id);
  if (!lookup.key) {
    const key = lookup.state === 'unusable' ? 'audit.verify.key_unusable' : 'audit.verify.key_missing';
    throw new Broken(at, msg(key, { ref: lookup.ref }), lookup.technical ?? `${lookup.ref}: no key`);
  }
  if (!keyUsable) throw new Broken(at, msg('audit.verify.key_mismatch', { ref: lookup.ref }), `the key in ${lookup.ref} has id ${keyFingerprint(lookup.key)}; the chain was keyed with ${head.key_id}`);
  // The key exists, so every append since it was made is keyed: a chain with rows but no keyed
  // row had them (or the upgrade point) removed.
  if (keyedFrom === null && Number(head.last_id) > 0) {
    throw new Broken(Number(head.last_id), msg('audit.verify.not_keyed', { ref: lookup.ref }), `audit_chain_head.keyed_from is null, ${head.last_id} row(s), key ${lookup.ref} present`);
  }
}

/** The anchors outside the database, newest first: each must still be found in the log as it was. */
async function checkAnchors(db: AppDatabase, headLast: number, records: AnchorRecord[]): Promise<AnchorRecord[]> {
  const newest = newestAnchors(records);
  for (const a of newest) {
    const source = msg(a.kind === 'backup' ? 'audit.anchor.backup' : 'audit.anchor.diagnostics', { name: a.source });
    const { last_id: id, count, mac } = a.anchor;
    if (headLast === 0 && count > 0) throw new Broken(0, msg('audit.verify.anchor_empty', { source, count }), `${a.where}: audit_anchor last_id ${id}, count ${count}; the log is empty`);
    if (id === 0) continue;
    if (id > headLast) throw new Broken(headLast, msg('audit.verify.anchor_ahead', { source, anchor: id, last: headLast }), `${a.where}: audit_anchor last_id ${id}; audit_chain_head.last_id ${headLast}`);
    const row = await db.kysely.selectFrom('audit_log').select(['hash', 'mac']).where('id', '=', id).executeTakeFirst();
    if (!row) throw new Broken(id, msg('audit.verify.anchor_mismatch', { source, id }), `${a.where}: row ${id} is missing`);
    const value = chainValue(row);
    if (!sameDigest(value, mac)) throw new Broken(id, msg('audit.verify.anchor_mismatch', { source, id }), `${a.where}: row ${id} recorded as ${short(mac)}, now ${short(value)}`);
    const n = await db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('id', '<=', id).executeTakeFirstOrThrow();
    if (Number(n.n) !== count) throw new Broken(id, msg('audit.verify.anchor_count', { source, id, expected: count, actual: Number(n.n) }), `${a.where}: count ${count} up to row ${id}; the log has ${n.n}`);
  }
  return newest;
}

function describe(s: { keyedFrom: number | null; headLast: number; anchors: AnchorRecord[]; mode: 'full' | 'incremental'; from: number; fullAt: string | null }): Message[] {
  const notes: Message[] = [];
  if (s.keyedFrom === null) {
    if (s.headLast > 0) notes.push(msg('audit.note.unkeyed', { count: s.headLast }));
  } else {
    if (s.keyedFrom > 1) notes.push(msg('audit.note.legacy', { from: s.keyedFrom, count: s.keyedFrom - 1 }));
    notes.push(msg('audit.note.keyed', { from: s.keyedFrom }));
  }
  const top = s.anchors[0];
  if (top) notes.push(msg('audit.note.anchors', { count: s.anchors.length, source: msg(top.kind === 'backup' ? 'audit.anchor.backup' : 'audit.anchor.diagnostics', { name: top.source }), id: top.anchor.last_id }));
  else notes.push(msg('audit.note.no_anchors'));
  if (s.mode === 'incremental' && s.fullAt) notes.push(msg('audit.note.incremental', { from: s.from, when: s.fullAt }));
  return notes;
}

function broken(checked: number, lastId: number, b: Broken, extra: Partial<AuditVerifyReport>): AuditVerifyReport {
  return { ok: false, checked, last_id: lastId, first_broken: { id: b.id, reason: b.reason, technical_detail: b.technical }, ...extra };
}

async function readState(db: AppDatabase) {
  try {
    return await db.kysely.selectFrom('audit_verify_state').selectAll().where('id', '=', 1).executeTakeFirst();
  } catch {
    return undefined;
  }
}

/**
 * Remember where this verify ended. A failed write (schema before 0004, an app login without
 * the grant) only costs the next run a full walk.
 */
async function saveState(db: AppDatabase, at: { last_id: number; last_hash: string; last_mac: string | null }, when: Date, full: boolean): Promise<void> {
  const iso = when.toISOString();
  try {
    const prev = await readState(db);
    const values = { ...at, verified_at: iso, full_verified_at: full || !prev ? iso : prev.full_verified_at };
    if (prev) await db.kysely.updateTable('audit_verify_state').set(values).where('id', '=', 1).execute();
    else await db.kysely.insertInto('audit_verify_state').values({ id: 1, ...values }).execute();
  } catch {
    // see above
  }
}
