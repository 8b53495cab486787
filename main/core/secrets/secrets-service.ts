/**
 * Secrets as the UI and CLI handle them (R-CFG-6): write-only. Values go in (set) and never come
 * back out through any door; listing gives names, "last changed" and where config uses them.
 */
import type { SecretsReport } from '../../../shared/config.js';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditEntryInput, AuditWriter } from '../audit/audit-types.js';
import type { ConfigService } from '../config/config-service.js';
import { DEFAULT_AUDIT_KEY_REF } from '../audit/audit-key.js';
import { parseSecretRef } from './secret-ref.js';
import type { SecretMeta, SecretStore } from './secret-store.js';

export class SecretsService {
  constructor(
    private readonly store: SecretStore | null,
    private readonly config: ConfigService,
    /** The log itself: a value just set is also scrubbed from free text (`rememberSecret`). */
    private readonly audit: AuditWriter & Pick<AuditLog, 'rememberSecret'>,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  private requireStore(): SecretStore {
    if (!this.store) throw new AppError('E_KEYCHAIN_UNAVAILABLE', msg('secrets.keychain.not_here'), [], { next_step: msg('secrets.keychain.not_here_rec'), technical_detail: 'no OS keychain on this machine' });
    return this.store;
  }

  async report(): Promise<SecretsReport> {
    const keychain = this.store ? await this.store.status() : { available: false, backend: 'none', problem: msg('secrets.keychain.not_here'), error: 'no keychain configured' };
    const refs = this.config.references();
    let stored: SecretMeta[] = [];
    if (keychain.available && this.store) {
      stored = this.store.listWithMeta ? await this.store.listWithMeta() : (await this.store.list()).map((name) => ({ name, changed_at: null }));
    }
    const names = new Set(stored.map((s) => s.name));
    const missing: SecretsReport['missing'] = [];
    for (const [ref, usedBy] of refs) {
      const [kind, name] = [ref.slice(0, ref.indexOf(':')), ref.slice(ref.indexOf(':') + 1)];
      const present = kind === 'VAULT' ? names.has(name) : !!this.env[name];
      if (!present) missing.push({ ref, referenced_by: usedBy });
    }
    return {
      keychain,
      secrets: stored
        .map((s) => ({ name: s.name, ref: `VAULT:${s.name}`, changed_at: s.changed_at, referenced_by: refs.get(`VAULT:${s.name}`) ?? [] }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      missing,
    };
  }

  async set(name: string, value: string, actor: string): Promise<{ name: string; ref: string; changed_at: string }> {
    const store = this.requireStore();
    this.refuseAuditKey(name);
    if (value.trim() === '') {
      throw new AppError('E_VALIDATION', msg('secrets.errors.empty_value'), [{ path: 'value', message: msg('errors.validation.field', { field: msg('fields.value'), reason: msg('secrets.errors.must_not_be_empty') }) }]);
    }
    const previous = await store.get(name);
    this.audit.rememberSecret(value);
    await store.set(name, value);
    const changed_at = new Date().toISOString();
    await this.recordOrUndo(store, name, previous, { action: 'SECRET_SET', target: `VAULT:${name}`, result: 'success', actor, detail: previous !== null ? 'replaced' : 'created' });
    return { name, ref: `VAULT:${name}`, changed_at };
  }

  async delete(name: string, actor: string): Promise<{ deleted: boolean }> {
    const store = this.requireStore();
    this.refuseAuditKey(name);
    const previous = await store.get(name);
    const deleted = await store.delete(name);
    await this.recordOrUndo(store, name, deleted ? previous : null, { action: 'SECRET_DELETED', target: `VAULT:${name}`, result: deleted ? 'success' : 'info', actor, detail: deleted ? null : 'no such secret' });
    return { deleted };
  }

  /**
   * The audit chain's key is not a setting: replacing or deleting it would make every keyed row
   * unverifiable (issue 13). It is created by the console and kept as it is.
   */
  private refuseAuditKey(name: string): void {
    const configured = parseSecretRef(this.safeValue(['audit', 'key_ref']));
    const protectedName = configured?.kind === 'vault' ? configured.name : DEFAULT_AUDIT_KEY_REF.slice('VAULT:'.length);
    if (name !== protectedName) return;
    throw new AppError('E_VALIDATION', msg('secrets.errors.audit_key_protected', { name }), [{ path: 'name', message: msg('secrets.errors.audit_key_protected', { name }) }], {
      technical_detail: `VAULT:${name} is the audit chain's HMAC key; it is never set or deleted through secrets.set/secrets.delete`,
    });
  }

  private safeValue(path: string[]): unknown {
    try {
      return this.config.value('system_config.json', path);
    } catch {
      return undefined;
    }
  }

  /**
   * Record a keychain change once it is done (the outcome is known). A keychain that changed with
   * no audit row is what must never happen (the database may be the thing that is down): the
   * change is undone — the previous value put back, or a new one removed — and the caller is told
   * nothing changed. Only if the undo fails too does the error say the change stayed, unrecorded.
   */
  private async recordOrUndo(store: SecretStore, name: string, previous: string | null, entry: AuditEntryInput): Promise<void> {
    try {
      await this.audit.record(entry);
      return;
    } catch (err) {
      const cause = (err as Error)?.message ?? String(err);
      let undone = true;
      try {
        if (previous === null) await store.delete(name);
        else await store.set(name, previous);
      } catch {
        undone = false;
      }
      throw new AppError('E_DB_UNAVAILABLE', msg(undone ? 'secrets.errors.not_recorded_undone' : 'secrets.errors.not_recorded_kept', { name }), [], {
        cause: err,
        next_step: msg('secrets.errors.not_recorded_rec'),
        technical_detail: `${entry.action} VAULT:${name}: the audit row could not be written (${cause}); the keychain change was ${undone ? 'undone' : 'NOT undone'}`,
      });
    }
  }
}
