/**
 * Where `VAULT:` secrets live. keytar (the OS keychain) is the real store; the seam keeps a
 * later switch (Electron safeStorage, @napi-rs/keyring) cheap, as VS Code's did.
 */
import type { Message } from '../../../shared/messages.js';
export interface SecretMeta {
  name: string;
  /** When the console last set it, if it knows (kept in the metadata file, never the value). */
  changed_at: string | null;
}

export interface KeychainStatus {
  available: boolean;
  backend: string;
  /** Why not, for people (a catalogue message). */
  problem?: Message;
  /** The OS / keytar words, for support. */
  error?: string;
}

export interface SecretStore {
  readonly backend: string;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
  /** Names only, never values. */
  list(): Promise<string[]>;
  /** Names with their "last changed" time (never values); optional so simple fakes may omit it. */
  listWithMeta?(): Promise<SecretMeta[]>;
  status(): Promise<KeychainStatus>;
}
