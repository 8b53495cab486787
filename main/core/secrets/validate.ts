/** Checks shared by every SecretStore: what a name and a value may be (secrets.errors.*). Messages never echo a value. */
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import { VAULT_NAME_RULE, isVaultName } from './secret-ref.js';

export function assertSecretName(name: unknown): asserts name is string {
  if (!isVaultName(name)) {
    throw new AppError('E_VALIDATION', msg('secrets.errors.invalid_name'), [{ path: 'name', message: msg('errors.validation.field', { field: msg('fields.name'), reason: msg('secrets.errors.name_rule') }) }], {
      technical_detail: `invalid secret name: use ${VAULT_NAME_RULE}`,
    });
  }
}

export function assertSecretValue(value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new AppError('E_VALIDATION', msg('secrets.errors.empty_value'), [{ path: 'value', message: msg('errors.validation.field', { field: msg('fields.value'), reason: msg('secrets.errors.must_not_be_empty') }) }]);
  }
  // The OS keychains store C strings: everything after a NUL would be silently dropped.
  if (value.includes('\0')) {
    throw new AppError('E_VALIDATION', msg('secrets.errors.nul_value'), [{ path: 'value', message: msg('errors.validation.field', { field: msg('fields.value'), reason: msg('secrets.errors.contains_nul') }) }]);
  }
}
