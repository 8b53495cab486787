/**
 * The OS keychain through keytar (R-CFG-4): service `OptiPlan360`, account = secret name.
 *
 * - keytar is a native module loaded lazily, so a machine where it cannot load reports
 *   E_KEYCHAIN_UNAVAILABLE instead of failing at start-up; ENV: references keep working (R-CFG-7).
 * - Every call has a timeout: keytar never gives up on a hung D-Bus. A call that timed out still
 *   holds a libuv worker thread, so until it settles further calls fail fast instead of piling up.
 * - Linux: keytar's findCredentials crashes the process (NULL dereference) when it meets items in
 *   a locked keyring, and getPassword answers null for a locked item as if it were not set. So on
 *   Linux the lock state is checked first, with a probe item (service `OptiPlan360.keychain-check`,
 *   a fixed non-secret value): it reads back only when the keyring is unlocked, and writing it
 *   fails with "locked collection" when it is locked.
 * - "Last changed" times live in secrets-meta.json (names and times only, never values).
 */
import { AppError, isAppError } from '../../../shared/errors.js';
import { msg, type Message } from '../../../shared/messages.js';
import { KeychainStuck, KeychainTimeout, KeytarLoadError, keychainName, keychainUnavailable } from './keytar-errors.js';
import { SecretsMetaFile } from './secrets-meta.js';
import type { KeychainStatus, SecretMeta, SecretStore } from './secret-store.js';
import { isVaultName } from './secret-ref.js';
import { assertSecretName, assertSecretValue } from './validate.js';

export const KEYCHAIN_SERVICE = 'OptiPlan360';
export const KEYCHAIN_PROBE_SERVICE = 'OptiPlan360.keychain-check';
const PROBE_ACCOUNT = 'probe';
const PROBE_VALUE = 'ok';
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 3000;

/** The part of keytar this store uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeytarStoreOptions {
  /** Per-call limit; default 3 s. */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
  now?: () => Date;
  /** Replaces `import('keytar')` (tests). */
  loadKeytar?: () => Promise<KeytarApi>;
}

export function keytarBackend(platform: NodeJS.Platform): string {
  return `keytar (${keychainName(platform)})`;
}

/** `import('keytar')`: a CommonJS native module, so the API may sit on `default`. */
export async function importKeytar(): Promise<KeytarApi> {
  let mod: unknown;
  try {
    mod = await import('keytar');
  } catch (err) {
    throw new KeytarLoadError(err);
  }
  const m = mod as Partial<KeytarApi> & { default?: Partial<KeytarApi> };
  const api = m.default && typeof m.default.getPassword === 'function' ? m.default : m;
  for (const fn of ['getPassword', 'setPassword', 'deletePassword', 'findCredentials'] as const) {
    if (typeof api[fn] !== 'function') throw new KeytarLoadError(new Error(`keytar has no ${fn}()`));
  }
  return api as KeytarApi;
}

export class KeytarSecretStore implements SecretStore {
  readonly backend: string;
  readonly meta: SecretsMetaFile;
  private readonly platform: NodeJS.Platform;
  private readonly timeoutMs: number;
  private readonly now: () => Date;
  private readonly load: () => Promise<KeytarApi>;
  private keytar: Promise<KeytarApi> | null = null;
  private hanging = 0;

  /** `metaDir`: the app data folder for secrets-meta.json; without it the times stay in memory. */
  constructor(metaDir?: string, opts: KeytarStoreOptions = {}) {
    this.platform = opts.platform ?? process.platform;
    this.backend = keytarBackend(this.platform);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
    this.now = opts.now ?? (() => new Date());
    this.load = opts.loadKeytar ?? importKeytar;
    this.meta = new SecretsMetaFile(metaDir);
  }

  /** True while a call that timed out has not come back (its worker thread is still busy). */
  get stuck(): boolean {
    return this.hanging > 0;
  }

  async status(): Promise<KeychainStatus> {
    try {
      await this.checkUsable();
      return { available: true, backend: this.backend };
    } catch (err) {
      const e = isAppError(err) ? err : this.unavailable(err);
      return { available: false, backend: this.backend, problem: e.text, error: e.technicalDetail ?? e.message };
    }
  }

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    const subject = msg('secrets.keychain.subject.read', { name });
    const value = await this.call(subject, (k) => k.getPassword(KEYCHAIN_SERVICE, name));
    if (value !== null) return value;
    // A locked Secret Service item also reads as null: tell "locked" apart from "not set".
    await this.checkUnlocked(subject);
    return null;
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    assertSecretValue(value);
    await this.call(msg('secrets.keychain.subject.store', { name }), (k) => k.setPassword(KEYCHAIN_SERVICE, name, value), value);
    try {
      await this.meta.touch(name, this.now().toISOString());
    } catch (err) {
      throw new AppError('E_INTERNAL', msg('secrets.errors.meta_not_saved', { name }), [], {
        cause: err,
        technical_detail: `secret VAULT:${name} was stored, but its "last changed" time could not be saved (${(err as Error).message})`,
      });
    }
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    const subject = msg('secrets.keychain.subject.delete', { name });
    const deleted = await this.call(subject, (k) => k.deletePassword(KEYCHAIN_SERVICE, name));
    if (!deleted) await this.checkUnlocked(subject);
    await this.meta.remove(name).catch(() => undefined);
    return deleted;
  }

  /** Names under service OptiPlan360 that are valid VAULT names, sorted. Values are dropped at once. */
  async list(): Promise<string[]> {
    const subject = msg('secrets.keychain.subject.list');
    await this.checkUnlocked(subject);
    const creds = await this.call(subject, (k) => k.findCredentials(KEYCHAIN_SERVICE));
    const names = new Set<string>();
    for (const c of creds) if (isVaultName(c.account)) names.add(c.account);
    return [...names].sort();
  }

  async listWithMeta(): Promise<SecretMeta[]> {
    const [names, times] = await Promise.all([this.list(), this.meta.read()]);
    return names.map((name) => ({ name, changed_at: times[name] ?? null }));
  }

  /** Answers at all (bus, service, module), and on Linux is unlocked. */
  private async checkUsable(subject?: Message): Promise<void> {
    if (this.platform === 'linux') return this.checkUnlocked(subject);
    // A read of an item that normally does not exist: cheap and never prompts.
    await this.call(subject, (k) => k.getPassword(KEYCHAIN_PROBE_SERVICE, PROBE_ACCOUNT));
  }

  /** Linux only: throws E_KEYCHAIN_UNAVAILABLE when the default keyring is locked or missing. */
  private async checkUnlocked(subject?: Message): Promise<void> {
    if (this.platform !== 'linux') return;
    const seen = await this.call(subject, (k) => k.getPassword(KEYCHAIN_PROBE_SERVICE, PROBE_ACCOUNT));
    if (seen === PROBE_VALUE) return;
    // Missing (first run) or locked: writing tells which, and creates it for next time.
    await this.call(subject, (k) => k.setPassword(KEYCHAIN_PROBE_SERVICE, PROBE_ACCOUNT, PROBE_VALUE));
  }

  private keytarApi(): Promise<KeytarApi> {
    this.keytar ??= this.load().catch((err: unknown) => {
      throw err instanceof KeytarLoadError ? err : new KeytarLoadError(err);
    });
    return this.keytar;
  }

  /** One keytar call with the timeout, the stuck guard and error mapping. */
  private async call<T>(subject: Message | undefined, op: (k: KeytarApi) => Promise<T>, scrub?: string): Promise<T> {
    let pending: Promise<T> | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const k = await this.keytarApi();
      if (this.hanging > 0) throw new KeychainStuck();
      pending = Promise.resolve().then(() => op(k));
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new KeychainTimeout(this.timeoutMs)), this.timeoutMs);
        timer.unref?.();
      });
      return await Promise.race([pending, timeout]);
    } catch (err) {
      if (err instanceof KeychainTimeout && pending) {
        this.hanging++;
        const settle = (): void => {
          this.hanging--;
        };
        pending.then(settle, settle);
      }
      throw this.unavailable(err, subject, scrub);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private unavailable(err: unknown, subject?: Message, scrub?: string): AppError {
    return keychainUnavailable(err, { platform: this.platform, ...(subject ? { subject } : {}), ...(scrub ? { scrub } : {}) });
  }
}
