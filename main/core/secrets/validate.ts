/** Checks shared by every SecretStore: what a name and a value may be. Messages never echo a value. */
import { AppError } from '../../../shared/errors.js';
import { VAULT_NAME_RULE, isVaultName } from './secret-ref.js';

export function assertSecretName(name: unknown): asserts name is string {
  if (!isVaultName(name)) {
    throw new AppError('E_VALIDATION', `invalid secret name: use ${VAULT_NAME_RULE}`, [{ path: 'name', message: VAULT_NAME_RULE }]);
  }
}

export function assertSecretValue(value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new AppError('E_VALIDATION', 'a secret value must be a non-empty text', [{ path: 'value', message: 'must not be empty' }]);
  }
  // The OS keychains store C strings: everything after a NUL would be silently dropped.
  if (value.includes('\0')) {
    throw new AppError('E_VALIDATION', 'a secret value must not contain a NUL character', [{ path: 'value', message: 'contains NUL' }]);
  }
}
