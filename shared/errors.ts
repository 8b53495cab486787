/**
 * Stable error codes shared by every door (IPC, HTTP, CLI) and the renderer.
 * A code never changes meaning once released: scripts and support notes depend on it.
 */
import type { MessageKey } from './i18n/keys.js';
import type { Message } from './messages.js';

export const ERROR_CODES = [
  'E_VALIDATION',
  'E_NOT_FOUND',
  'E_INTERNAL',
  'E_FORBIDDEN',
  'E_UNAUTHORIZED',
  'E_BUSY',
  'E_TIMEOUT',
  'E_DB_UNAVAILABLE',
  'E_MIGRATION_FAILED',
  'E_MIGRATION_LOCKED',
  'E_CONFIG_INVALID',
  'E_SECRET_NOT_FOUND',
  'E_KEYCHAIN_UNAVAILABLE',
  'E_MIKRO_READ_ONLY',
  'E_MIKRO_NOT_CONFIGURED',
  'E_MIKRO_LOGIN_FAILED',
  'E_MIKRO_TIMEOUT',
  'E_MIKRO_UNREACHABLE',
  'E_MIKRO_CERTIFICATE',
  'E_MIKRO_OLD_TLS',
  'E_MIKRO_INSTANCE',
  'E_MIKRO_QUERY_FAILED',
  'E_WHATSAPP_NOT_CONFIGURED',
  'E_WHATSAPP_TOKEN_INVALID',
  'E_WHATSAPP_PERMISSION',
  'E_WHATSAPP_RATE_LIMITED',
  'E_WHATSAPP_SEND_FAILED',
  'E_WHATSAPP_UNREACHABLE',
  'E_BACKUP_FAILED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * One entry of `details`: where the problem is (a path like `database.url`) and what was wrong.
 * A Message is text for people (a field named in their language); a plain string is a machine or
 * technical reason (a guard reason code, a driver's words) shown as technical detail only.
 */
export interface ErrorDetail {
  path: string;
  message: Message | string;
}

/**
 * The wire shape of an error, compatible with the older backend's `{"error":{code,message,details}}`.
 * In the core and over IPC `message`/`next_step` are messages; HTTP and `--json` carry their text
 * in the caller's language (`Localized<ErrorBody>`).
 */
export interface ErrorBody {
  code: ErrorCode;
  message: Message;
  /** What the person should do next (the code's catalogue entry unless the error names its own). */
  next_step: Message;
  details: ErrorDetail[];
  /** Raw driver / OS / server text, for support; never part of the sentence. */
  technical_detail?: string;
}

export interface AppErrorOptions {
  cause?: unknown;
  technical_detail?: string;
  next_step?: Message;
}

/**
 * An error the user can act on. `text` is what they read: a catalogue message, or, where a module
 * has not got a message of its own yet, a plain string, which is kept as technical detail while
 * the person reads the code's catalogue text. Neither may contain a secret value: callers pass
 * references (`VAULT:name`) or names, never resolved values.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly text: Message;
  readonly nextStep: Message;
  readonly technicalDetail: string | undefined;
  constructor(code: ErrorCode, text?: Message | string, details: ErrorDetail[] = [], options: AppErrorOptions = {}) {
    const message: Message = typeof text === 'object' && text !== null ? text : { key: `errors.${code}.message` as MessageKey };
    const technical = options.technical_detail ?? (typeof text === 'string' ? text : undefined);
    // Error.message is for logs and stack traces: the key, its parameters and the technical detail.
    super(logLine(code, message, technical), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.text = message;
    this.nextStep = options.next_step ?? { key: `errors.${code}.next_step` as MessageKey };
    this.technicalDetail = technical;
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.text,
      next_step: this.nextStep,
      details: this.details,
      ...(this.technicalDetail ? { technical_detail: this.technicalDetail } : {}),
    };
  }
}

function logLine(code: ErrorCode, m: Message, technical: string | undefined): string {
  const params = m.params && Object.keys(m.params).length > 0 ? ` ${JSON.stringify(m.params)}` : '';
  return `${code} ${m.key}${params}${technical ? ` — ${technical}` : ''}`;
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  E_VALIDATION: 400,
  E_CONFIG_INVALID: 400,
  E_UNAUTHORIZED: 401,
  E_FORBIDDEN: 403,
  E_MIKRO_READ_ONLY: 403,
  E_NOT_FOUND: 404,
  E_SECRET_NOT_FOUND: 404,
  E_BUSY: 409,
  E_MIGRATION_LOCKED: 409,
  E_TIMEOUT: 504,
  E_DB_UNAVAILABLE: 503,
  E_KEYCHAIN_UNAVAILABLE: 503,
};

/** The HTTP status the `serve` door answers with for an error code. */
export function httpStatusFor(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 500;
}
