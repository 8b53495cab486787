/**
 * A SecretStore in memory, for tests of the modules that use secrets. Same name/value rules and
 * "last changed" behaviour as the keychain store; `unavailable` makes it act like a machine
 * without a keychain (every call fails with E_KEYCHAIN_UNAVAILABLE, status says so).
 */
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import type { KeychainStatus, SecretMeta, SecretStore } from './secret-store.js';
import { assertSecretName, assertSecretValue } from './validate.js';

export interface MemoryStoreOptions {
  /** Initial secrets (validated like set(); changed_at = now). */
  secrets?: Record<string, string>;
  /** When set, the store behaves as an unavailable keychain with this reason. */
  unavailable?: string;
  now?: () => Date;
}

export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory';
  unavailable: string | null;
  private readonly values = new Map<string, string>();
  private readonly times = new Map<string, string>();
  private readonly now: () => Date;

  constructor(opts: MemoryStoreOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.unavailable = null;
    for (const [name, value] of Object.entries(opts.secrets ?? {})) this.put(name, value);
    this.unavailable = opts.unavailable ?? null;
  }

  async status(): Promise<KeychainStatus> {
    return this.unavailable === null
      ? { available: true, backend: this.backend }
      : { available: false, backend: this.backend, error: this.unavailableError().message };
  }

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    this.assertAvailable();
    return this.values.get(name) ?? null;
  }

  async set(name: string, value: string): Promise<void> {
    this.put(name, value);
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    this.assertAvailable();
    this.times.delete(name);
    return this.values.delete(name);
  }

  async list(): Promise<string[]> {
    this.assertAvailable();
    return [...this.values.keys()].sort();
  }

  async listWithMeta(): Promise<SecretMeta[]> {
    const names = await this.list();
    return names.map((name) => ({ name, changed_at: this.times.get(name) ?? null }));
  }

  private put(name: string, value: string): void {
    assertSecretName(name);
    assertSecretValue(value);
    this.assertAvailable();
    this.values.set(name, value);
    this.times.set(name, this.now().toISOString());
  }

  private assertAvailable(): void {
    if (this.unavailable !== null) throw this.unavailableError();
  }

  private unavailableError(): AppError {
    return new AppError('E_KEYCHAIN_UNAVAILABLE', msg('secrets.keychain.unavailable', { store: msg('secrets.keychain.name.memory'), reason: msg('secrets.keychain.reason.other') }), [], {
      technical_detail: `the OS keychain (memory) is not available: ${this.unavailable ?? ''}`,
    });
  }
}
