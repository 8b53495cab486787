/**
 * The two links of each audit row (R-AUDIT-2, issue 13):
 *  - `hash`: SHA-256 over the previous row's hash and this row's content. Anyone can recompute
 *    it, so alone it only catches accidents and careless edits (the legacy chain, before 0004);
 *  - `mac`: HMAC-SHA-256 with a key kept outside the database, over the previous row's chain
 *    value and this row's hash. Without the key an edited row cannot be given a valid MAC.
 * A row's chain value is its MAC when it has one, else its hash: the first keyed row thereby
 * binds the whole legacy chain before it.
 */
import crypto from 'node:crypto';
import type { AuditLogTable } from '../db/schema.js';

export type AuditRow = Omit<AuditLogTable, 'id' | 'mac'> & { id: number; mac?: string | null };

export type HashedContent = Pick<AuditRow, 'ts' | 'actor' | 'action' | 'target' | 'result' | 'detail' | 'old_value' | 'new_value'>;

/** The hashed content of a row, in a fixed order, as canonical JSON. */
export function rowHash(prevHash: string, r: HashedContent): string {
  const content = JSON.stringify([prevHash, r.ts, r.actor, r.action, r.target, r.result, r.detail, r.old_value, r.new_value]);
  return crypto.createHash('sha256').update(content, 'utf8').digest('hex');
}

/** The keyed link: HMAC(key, previous chain value ⏎ this row's hash). */
export function rowMac(key: Buffer, prevChain: string, hash: string): string {
  return crypto.createHmac('sha256', key).update(`${prevChain}\n${hash}`, 'utf8').digest('hex');
}

/** What the next row chains to. */
export function chainValue(r: { hash: string; mac?: string | null }): string {
  return r.mac ?? r.hash;
}

/** Constant-time comparison of two hex digests (a MAC check must not leak how much matched). */
export function sameDigest(a: string | null | undefined, b: string | null | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length !== b.length) return false;
  return crypto.timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A digest as support reads it: its first 12 hex digits. */
export function short(hash: string | null | undefined): string {
  return typeof hash === 'string' ? `${hash.slice(0, 12)}…` : String(hash);
}
