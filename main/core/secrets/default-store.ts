/**
 * The secret store the doors use: the OS keychain through keytar. Creating it never fails, even
 * where keytar cannot load or no Secret Service runs; `status()` says whether it is usable, and
 * each call fails with E_KEYCHAIN_UNAVAILABLE (ENV: references keep working).
 */
import { KeytarSecretStore, type KeytarStoreOptions } from './keytar-store.js';
import type { SecretStore } from './secret-store.js';

/** `metaDir`: the app data folder, where secrets-meta.json ("last changed" times) is kept. */
export async function defaultSecretStore(metaDir?: string, opts?: KeytarStoreOptions): Promise<KeytarSecretStore> {
  return new KeytarSecretStore(metaDir, opts);
}

/** Whether VAULT: secrets can be used right now (never throws). */
export async function keychainAvailable(store: SecretStore | null | undefined): Promise<boolean> {
  if (!store) return false;
  try {
    return (await store.status()).available;
  } catch {
    return false;
  }
}
