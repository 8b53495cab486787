// Public surface of the Mikro read-only statement guard (P1: nothing may ever be written).
export { assertReadOnlyStatement, checkReadOnlyStatement, type GuardVerdict } from './statement-guard.js';
export { GUARD_REASON_CODES, guardReasonMessage, guardReasonTechnical, type GuardReasonCode } from './reasons.js';
export {
  normalizeWord,
  tokenizeTsql,
  type TsqlLexError,
  type TsqlLexErrorCode,
  type TsqlToken,
  type TsqlTokenKind,
  type TsqlTokenizeOptions,
  type TsqlTokenizeResult,
} from './tsql-tokenizer.js';
