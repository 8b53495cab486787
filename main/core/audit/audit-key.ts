/**
 * The audit chain's HMAC key (issue 13). It lives outside the database — in the OS keychain
 * (`VAULT:audit_chain_key`, the default) or in an environment variable (`ENV:NAME`, set by
 * `audit.key_ref` in system_config.json) — so that whoever can write the database cannot
 * recompute the chain. It is created on first use (the first keyed append), only in the
 * keychain, and only while the chain has no keyed row: a lost key is reported, never silently
 * replaced.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseSecretRef, type SecretRef } from '../secrets/secret-ref.js';
import type { SecretStore } from '../secrets/secret-store.js';

export const DEFAULT_AUDIT_KEY_REF = 'VAULT:audit_chain_key';
/** Shorter keys are refused: an HMAC key should carry at least 128 bits. */
export const MIN_AUDIT_KEY_LENGTH = 32;

const AuditSectionSchema = z.looseObject({ key_ref: z.string().nullish() });

/** `system_config.json` → `audit.key_ref`, else the keychain default. */
export function auditKeyRef(system: unknown): string {
  const section = AuditSectionSchema.safeParse((system as { audit?: unknown } | null)?.audit ?? {});
  const ref = section.success ? section.data.key_ref?.trim() : undefined;
  return ref ? ref : DEFAULT_AUDIT_KEY_REF;
}

export type AuditKeyState = 'present' | 'missing' | 'unusable';

export interface AuditKeyLookup {
  key: Buffer | null;
  state: AuditKeyState;
  /** The reference, for people and support (never the value). */
  ref: string;
  /** Why it is missing or unusable (keychain words, "too short"), for support. */
  technical?: string;
}

/** Where the chain's key comes from. `AuditLog` without one writes and checks the unkeyed chain only. */
export interface AuditKeySource {
  readonly ref: string;
  /** The key if it can be had now (cached once found). Never throws. */
  get(): Promise<AuditKeyLookup>;
  /** Create and store a new key; null when this source cannot create one (ENV:, no keychain). */
  create(): Promise<Buffer | null>;
}

/** A short, stable name for a key, kept in the chain head so a wrong key is told from an edit. */
export function keyFingerprint(key: Buffer): string {
  return crypto.createHmac('sha256', key).update('optiplan360 audit key id', 'utf8').digest('hex').slice(0, 16);
}

export class AuditKeyring implements AuditKeySource {
  private cached: Buffer | null = null;
  private readonly parsed: SecretRef | null;

  constructor(
    readonly ref: string,
    private readonly deps: { env: NodeJS.ProcessEnv; store: () => SecretStore | null },
  ) {
    this.parsed = parseSecretRef(ref);
  }

  async get(): Promise<AuditKeyLookup> {
    if (this.cached) return { key: this.cached, state: 'present', ref: this.ref };
    const p = this.parsed;
    if (!p) return { key: null, state: 'unusable', ref: this.ref, technical: `audit.key_ref ${JSON.stringify(this.ref)} is not a VAULT:<name> or ENV:<NAME> reference` };
    let value: string | null | undefined;
    if (p.kind === 'env') value = this.deps.env[p.name];
    else {
      const store = this.deps.store();
      if (!store) return { key: null, state: 'missing', ref: this.ref, technical: `${this.ref}: no OS keychain here` };
      try {
        value = await store.get(p.name);
      } catch (err) {
        return { key: null, state: 'missing', ref: this.ref, technical: `${this.ref}: the keychain did not answer (${(err as Error).message})` };
      }
    }
    if (!value) return { key: null, state: 'missing', ref: this.ref, technical: `${this.ref} is not set` };
    if (value.length < MIN_AUDIT_KEY_LENGTH) return { key: null, state: 'unusable', ref: this.ref, technical: `${this.ref} is shorter than ${MIN_AUDIT_KEY_LENGTH} characters` };
    this.cached = Buffer.from(value, 'utf8');
    return { key: this.cached, state: 'present', ref: this.ref };
  }

  /**
   * Two processes on their first start (two databases on one machine, or a test run) must not
   * each mint a key and overwrite the other's: creation holds a machine-wide lock file and
   * re-reads the keychain under it, so the second one takes the key the first stored.
   */
  async create(): Promise<Buffer | null> {
    const p = this.parsed;
    const store = this.deps.store();
    if (p?.kind !== 'vault' || !store) return null;
    const release = await creationLock(p.name);
    try {
      const existing = await store.get(p.name).catch(() => null);
      const value = existing && existing.length >= MIN_AUDIT_KEY_LENGTH ? existing : crypto.randomBytes(32).toString('hex');
      if (value !== existing) await store.set(p.name, value);
      this.cached = Buffer.from(value, 'utf8');
      return this.cached;
    } catch {
      return null;
    } finally {
      release();
    }
  }
}

const LOCK_WAIT_MS = 10_000;
const LOCK_STALE_MS = 30_000;

/** `<tmp>/optiplan360-<name>.create.lock`, taken with O_EXCL; a lock older than 30 s is a crashed holder's. */
async function creationLock(name: string): Promise<() => void> {
  const file = path.join(os.tmpdir(), `optiplan360-${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.create.lock`);
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(file, 'wx', 0o600));
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return () => undefined;
      try {
        if (Date.now() - fs.statSync(file).mtimeMs > LOCK_STALE_MS) fs.rmSync(file, { force: true });
      } catch {
        // gone meanwhile: try again
      }
      if (Date.now() > until) return () => undefined;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** A fixed key (tests, tools that were handed one). */
export function fixedAuditKey(value: string, ref = 'ENV:OPTIPLAN_AUDIT_KEY'): AuditKeySource {
  const key = Buffer.from(value, 'utf8');
  return { ref, get: async () => ({ key, state: 'present', ref }), create: async () => null };
}
