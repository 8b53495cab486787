// VAULT:/ENV: references (R-CFG-4, R-CFG-7): parsing, resolving, and errors that name the
// reference but never the value.
import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../shared/errors.js';
import { isSecretRef, isVaultName, parseSecretRef, resolveSecretRef, resolveSecretValue, type ResolveContext } from '../../main/core/secrets/secret-ref.js';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import type { SecretStore } from '../../main/core/secrets/secret-store.js';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';

const tr = translator('tr');
const en = translator('en');

const CANARY = 'Çok-Gizli-Şifre-ğüİı-4711';

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(isAppError(e), `expected an AppError, got ${String(e)}`).toBe(true);
    return e as AppError;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

function ctx(store: SecretStore | null, env: NodeJS.ProcessEnv = {}): ResolveContext {
  return { env, store };
}

describe('parseSecretRef', () => {
  it.each([
    ['VAULT:db_password', { kind: 'vault', name: 'db_password', ref: 'VAULT:db_password' }],
    ['VAULT:whatsapp.access-token_2', { kind: 'vault', name: 'whatsapp.access-token_2', ref: 'VAULT:whatsapp.access-token_2' }],
    ['ENV:PGPASSWORD', { kind: 'env', name: 'PGPASSWORD', ref: 'ENV:PGPASSWORD' }],
    ['ENV:_private_1', { kind: 'env', name: '_private_1', ref: 'ENV:_private_1' }],
    ['  VAULT:db_password  ', { kind: 'vault', name: 'db_password', ref: 'VAULT:db_password' }],
    ['\tENV:PGPASSWORD\n', { kind: 'env', name: 'PGPASSWORD', ref: 'ENV:PGPASSWORD' }],
    ['VAULT: spaced ', { kind: 'vault', name: 'spaced', ref: 'VAULT:spaced' }],
    [`VAULT:${'a'.repeat(128)}`, { kind: 'vault', name: 'a'.repeat(128), ref: `VAULT:${'a'.repeat(128)}` }],
  ])('%j is a reference', (input, expected) => {
    expect(parseSecretRef(input)).toEqual(expected);
    expect(isSecretRef(input)).toBe(true);
  });

  it.each([
    // literals and placeholders are not references
    's3cret',
    'postgres://user:pw@host/db',
    '<password>',
    '<your-token-here>',
    '***',
    '',
    '   ',
    'changeme',
    // wrong prefix spelling
    'vault:db_password',
    'Env:PGPASSWORD',
    'VAULT db_password',
    'SECRET:db_password',
    // invalid names
    'VAULT:',
    'VAULT:has space',
    'VAULT:slash/name',
    'VAULT:<password>',
    'VAULT:şifre',
    `VAULT:${'a'.repeat(129)}`,
    'ENV:',
    'ENV:1STARTS_WITH_DIGIT',
    'ENV:WITH-DASH',
    'ENV:WITH.DOT',
    `ENV:A${'B'.repeat(128)}`,
  ])('%j is not a reference', (input) => {
    expect(parseSecretRef(input)).toBeNull();
    expect(isSecretRef(input)).toBe(false);
  });

  it.each([null, undefined, 42, {}, ['VAULT:x'], true])('non-string %j → null', (input) => {
    expect(parseSecretRef(input)).toBeNull();
  });

  it('isVaultName follows the same rule as VAULT: names', () => {
    expect(isVaultName('db_password')).toBe(true);
    expect(isVaultName('a.b-c_9')).toBe(true);
    expect(isVaultName('')).toBe(false);
    expect(isVaultName('a b')).toBe(false);
    expect(isVaultName('a'.repeat(129))).toBe(false);
    expect(isVaultName(7)).toBe(false);
  });
});

describe('resolveSecretRef', () => {
  it('reads a VAULT: secret from the store', async () => {
    const store = new MemorySecretStore({ secrets: { db_password: CANARY } });
    await expect(resolveSecretRef(parseSecretRef('VAULT:db_password')!, ctx(store))).resolves.toBe(CANARY);
  });

  it('reads an ENV: secret from the environment', async () => {
    await expect(resolveSecretRef(parseSecretRef('ENV:PGPASSWORD')!, ctx(null, { PGPASSWORD: CANARY }))).resolves.toBe(CANARY);
  });

  it('a missing VAULT: secret is E_SECRET_NOT_FOUND naming the reference, never a value', async () => {
    const store = new MemorySecretStore({ secrets: { other: CANARY } });
    const e = await rejection(resolveSecretRef(parseSecretRef('VAULT:db_password')!, ctx(store, { db_password: CANARY })));
    expect(e.code).toBe('E_SECRET_NOT_FOUND');
    expect(e.message).toContain('VAULT:db_password');
    expect(e.message).toContain('OptiPlan360');
    expect(JSON.stringify(e.toBody())).not.toContain(CANARY);
  });

  it.each([
    ['unset', {}],
    ['empty', { PGPASSWORD: '' }],
  ])('an %s ENV: variable is E_SECRET_NOT_FOUND naming the reference', async (_label, env: NodeJS.ProcessEnv) => {
    const e = await rejection(resolveSecretRef(parseSecretRef('ENV:PGPASSWORD')!, ctx(new MemorySecretStore({ secrets: { PGPASSWORD: CANARY } }), env)));
    expect(e.code).toBe('E_SECRET_NOT_FOUND');
    expect(e.message).toContain('ENV:PGPASSWORD');
    expect(e.message).not.toContain(CANARY);
  });

  it('no keychain (store null): VAULT: is E_KEYCHAIN_UNAVAILABLE, ENV: still works', async () => {
    const e = await rejection(resolveSecretRef(parseSecretRef('VAULT:db_password')!, ctx(null)));
    expect(e.code).toBe('E_KEYCHAIN_UNAVAILABLE');
    expect(tr.t(e.text)).toBe('VAULT:db_password gizli değeri işletim sisteminin anahtar deposunu gerektiriyor; bu makinede anahtar deposu yok.');
    expect(en.t(e.text)).toContain('VAULT:db_password');
    expect(en.t(e.nextStep)).toContain('ENV:');
    await expect(resolveSecretRef(parseSecretRef('ENV:TOKEN')!, ctx(null, { TOKEN: 'x' }))).resolves.toBe('x');
  });

  it('a store that throws a plain error → E_KEYCHAIN_UNAVAILABLE with the reference', async () => {
    const broken: SecretStore = {
      backend: 'broken',
      get: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
      set: () => Promise.reject(new Error('no')),
      delete: () => Promise.reject(new Error('no')),
      list: () => Promise.reject(new Error('no')),
      status: () => Promise.resolve({ available: false, backend: 'broken' }),
    };
    const e = await rejection(resolveSecretRef(parseSecretRef('VAULT:db_password')!, ctx(broken)));
    expect(e.code).toBe('E_KEYCHAIN_UNAVAILABLE');
    expect(e.message).toContain('VAULT:db_password');
    expect(e.message).toContain('D-Bus');
  });

  it('a store that is unavailable (AppError) passes its error through', async () => {
    const store = new MemorySecretStore({ secrets: { db_password: CANARY }, unavailable: 'no Secret Service' });
    const e = await rejection(resolveSecretRef(parseSecretRef('VAULT:db_password')!, ctx(store)));
    expect(e.code).toBe('E_KEYCHAIN_UNAVAILABLE');
    expect(e.message).not.toContain(CANARY);
  });
});

describe('resolveSecretValue', () => {
  it('resolves references and treats empty as "not configured"', async () => {
    const c = ctx(new MemorySecretStore({ secrets: { db_password: CANARY } }), { TOKEN: 'tok' });
    await expect(resolveSecretValue('VAULT:db_password', 'database.password', c)).resolves.toBe(CANARY);
    await expect(resolveSecretValue(' ENV:TOKEN ', 'whatsapp.access_token', c)).resolves.toBe('tok');
    await expect(resolveSecretValue('', 'database.password', c)).resolves.toBeUndefined();
    await expect(resolveSecretValue('   ', 'database.password', c)).resolves.toBeUndefined();
    await expect(resolveSecretValue(null, 'database.password', c)).resolves.toBeUndefined();
    await expect(resolveSecretValue(undefined, 'database.password', c)).resolves.toBeUndefined();
  });

  it.each([CANARY, '<password>'])('refuses the literal %j with E_CONFIG_INVALID naming the path, not the value', async (literal) => {
    const e = await rejection(resolveSecretValue(literal, 'mikro.password', ctx(new MemorySecretStore())));
    expect(e.code).toBe('E_CONFIG_INVALID');
    expect(tr.t(e.text)).toBe('mikro.password bir VAULT:<ad> veya ENV:<AD> referansı olmalı; düz değer kullanılmaz.');
    expect(en.t(e.text)).toContain('mikro.password');
    expect(e.details).toEqual([{ path: 'mikro.password', message: { key: 'config.errors.expected_ref' } }]);
    expect(en.t(e.details[0]!.message as Message)).toContain('VAULT:');
    expect(JSON.stringify(e.toBody())).not.toContain(literal);
  });
});
