import { mikro as mikroEn } from '../../../../shared/i18n/en/mikro.js';
import { msg, type Message } from '../../../../shared/messages.js';

/**
 * Why the Mikro read-only guard refused a statement. Codes are stable (the UI keys its text on
 * them); add new ones, never change the meaning of an existing one.
 */
export const GUARD_REASON_CODES = [
  'EMPTY',
  'MULTIPLE_STATEMENTS',
  'NOT_SELECT',
  'WRITE_KEYWORD',
  'SELECT_INTO',
  'EXEC',
  'DDL',
  'PERMISSION',
  'TRANSACTION',
  'CURSOR',
  'ADMIN',
  'FORBIDDEN_STATEMENT',
  'FORBIDDEN_FUNCTION',
  'LOCKING_HINT',
  'SEQUENCE',
  'UNTERMINATED',
  'UNUSUAL_CHARACTER',
  'AMBIGUOUS_TOKEN',
  'UNSUPPORTED_SYNTAX',
  'FILE_FUNCTION',
  'UNC_PATH',
] as const;

export type GuardReasonCode = (typeof GUARD_REASON_CODES)[number];

/**
 * The person reads the reason from the catalogue (`mikro.guard.<CODE>`, Turkish and English);
 * `checkReadOnlyStatement`'s `reason` is a technical line for logs and support, in English.
 */
export function guardReasonMessage(code: GuardReasonCode): Message {
  return msg(`mikro.guard.${code}`);
}

/** The English catalogue text, for the verdict's technical `reason` (logs, audit, support). */
export function guardReasonTechnical(code: GuardReasonCode): string {
  return mikroEn.guard[code];
}
