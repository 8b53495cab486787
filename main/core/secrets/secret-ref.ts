/**
 * Secret references in config (R-CFG-4): `VAULT:<name>` → OS keychain (service OptiPlan360,
 * account <name>); `ENV:<NAME>` → environment variable. Errors carry the reference, never a value.
 */
import { AppError, isAppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import type { SecretStore } from './secret-store.js';

export type SecretRef = { kind: 'vault'; name: string; ref: string } | { kind: 'env'; name: string; ref: string };

const VAULT_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The rule for a keychain secret name (the `<name>` of `VAULT:<name>`), in words. */
export const VAULT_NAME_RULE = '1 to 128 characters: letters A-Z a-z, digits, _ . -';

/** True when `name` may be used as a keychain secret name (`VAULT:<name>`). */
export function isVaultName(name: unknown): name is string {
  return typeof name === 'string' && VAULT_NAME.test(name);
}

/** Parse `VAULT:name` / `ENV:NAME`; anything else (a literal, a placeholder) → null. */
export function parseSecretRef(value: unknown): SecretRef | null {
  if (typeof value !== 'string') return null;
  const m = /^(VAULT|ENV):(.*)$/.exec(value.trim());
  if (!m) return null;
  const name = m[2]!.trim();
  if (m[1] === 'VAULT') return VAULT_NAME.test(name) ? { kind: 'vault', name, ref: `VAULT:${name}` } : null;
  return ENV_NAME.test(name) ? { kind: 'env', name, ref: `ENV:${name}` } : null;
}

export function isSecretRef(value: unknown): boolean {
  return parseSecretRef(value) !== null;
}

export interface ResolveContext {
  env: NodeJS.ProcessEnv;
  /** null when no keychain is available: VAULT refs then fail with E_KEYCHAIN_UNAVAILABLE. */
  store: SecretStore | null;
}

export async function resolveSecretRef(ref: SecretRef, ctx: ResolveContext): Promise<string> {
  if (ref.kind === 'env') {
    const v = ctx.env[ref.name];
    if (v === undefined || v === '') {
      throw new AppError('E_SECRET_NOT_FOUND', msg('secrets.errors.env_missing', { ref: ref.ref, name: ref.name }), [], {
        next_step: msg('secrets.errors.env_missing_rec', { name: ref.name }),
        technical_detail: `secret ${ref.ref} is not set: environment variable ${ref.name} is missing or empty`,
      });
    }
    return v;
  }
  if (!ctx.store) {
    throw new AppError('E_KEYCHAIN_UNAVAILABLE', msg('secrets.errors.vault_needs_keychain', { ref: ref.ref }), [], {
      next_step: msg('secrets.keychain.not_here_rec'),
      technical_detail: `secret ${ref.ref} needs the OS keychain, which is not available here`,
    });
  }
  let v: string | null;
  try {
    v = await ctx.store.get(ref.name);
  } catch (err) {
    if (isAppError(err)) throw err;
    throw new AppError('E_KEYCHAIN_UNAVAILABLE', msg('secrets.errors.keychain_no_answer', { ref: ref.ref }), [], {
      cause: err,
      technical_detail: `secret ${ref.ref}: the OS keychain did not answer (${(err as Error).message})`,
    });
  }
  if (v === null || v === '') {
    throw new AppError('E_SECRET_NOT_FOUND', msg('secrets.errors.not_in_keychain', { ref: ref.ref, name: ref.name }), [], {
      next_step: msg('secrets.errors.not_in_keychain_rec', { name: ref.name }),
      technical_detail: `secret ${ref.ref} is not in the keychain (service OptiPlan360, account ${ref.name})`,
    });
  }
  return v;
}

/** Resolve a config value that must be a reference (or empty). Literals are refused, not used. */
export async function resolveSecretValue(value: string | null | undefined, where: string, ctx: ResolveContext): Promise<string | undefined> {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const ref = parseSecretRef(value);
  if (!ref) {
    throw new AppError('E_CONFIG_INVALID', msg('config.errors.literal_not_allowed', { where }), [{ path: where, message: msg('config.errors.expected_ref') }], {
      technical_detail: `${where} must be a VAULT:<name> or ENV:<NAME> reference, not a literal value`,
    });
  }
  return resolveSecretRef(ref, ctx);
}

/** Whether a reference resolves to a value right now (for "set / not set" displays; never throws). */
export async function refResolves(ref: string | null | undefined, ctx: ResolveContext): Promise<boolean> {
  const parsed = parseSecretRef(ref);
  if (!parsed) return false;
  try {
    await resolveSecretRef(parsed, ctx);
    return true;
  } catch {
    return false;
  }
}
