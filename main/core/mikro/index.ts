// Public surface of the Mikro (SQL Server, P1 read-only) module. main/core only: no electron.
export * from './mikro-config.js';
export * from './mikro-connection.js';
export * from './client-factory.js';
export * from './encryption.js';
export * from './friendly-errors.js';
export type { MikroTextKey } from './friendly-texts.js';
export * from './mikro-context.js';
export * from './checks.js';
export * from './test-connection.js';
export * from './read-only-verification.js';
export * from './push-guard.js';
export * from './push-check.js';
export * from './outbox.js';
export * from './mikro-health.js';
export * from './query-console.js';
export { assertReadOnlyStatement, checkReadOnlyStatement, GUARD_REASON_CODES, guardReasonMessage, type GuardReasonCode, type GuardVerdict } from './guard/index.js';
