/** Config and secrets shapes shared by the doors and the renderer (R-CFG). */
import { z } from 'zod';
import type { ErrorDetail } from './errors.js';
import type { Message } from './messages.js';

export const CONFIG_FILE_NAMES = ['system_config.json', 'mikro_connection.json', 'sql_config.template.json', 'whatsapp.json', 'backup_config.json'] as const;
export const ConfigFileNameSchema = z.enum(CONFIG_FILE_NAMES);

export interface ConfigFileReport {
  name: (typeof CONFIG_FILE_NAMES)[number];
  exists: boolean;
  encoding: string | null;
  valid: boolean;
  /** Every problem: JSON path + what was expected. */
  errors: ErrorDetail[];
  /** What is wrong with the file, for people (the first problem, naming file, path, line and column where known). */
  problem?: Message;
  /** The same as technical text (parser / schema words), for support. */
  message?: string;
}

export interface SecretFinding {
  file: string;
  /** JSON path, e.g. `databases[0].connection_string`. */
  path: string;
  kind: 'secret_key' | 'meta_token' | 'credential_url' | 'jwt' | 'private_key';
  /** The keychain name the fix would use. */
  suggested_ref: string;
}

export interface KeychainInfo {
  available: boolean;
  backend: string;
  /** Why it is not available, for people. */
  problem?: Message;
  /** The OS / keytar words, for support. */
  error?: string;
}

export interface ConfigCheckReport {
  config_dir: string;
  files: ConfigFileReport[];
  findings: SecretFinding[];
  keychain: KeychainInfo;
}

export interface SecretInfo {
  name: string;
  ref: string;
  changed_at: string | null;
  /** Config paths (`file#path`) that reference it. */
  referenced_by: string[];
}

export interface SecretsReport {
  keychain: KeychainInfo;
  secrets: SecretInfo[];
  /** References in config whose secret is not in the keychain (or whose ENV variable is unset). */
  missing: { ref: string; referenced_by: string[] }[];
}

export const SecretNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'letters, digits, _ . - (1-128)');
