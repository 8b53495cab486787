/** The secret store the doors use by default. Replaced by the keychain store (keytar). */
import type { SecretStore } from './secret-store.js';

export async function defaultSecretStore(): Promise<SecretStore | null> {
  return null;
}
