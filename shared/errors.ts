/**
 * Stable error codes shared by every door (IPC, HTTP, CLI) and the renderer.
 * A code never changes meaning once released: scripts and support notes depend on it.
 */
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

/** One entry of `details`: where the problem is (a path like `database.url`) and what was wrong. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** The wire shape of an error, compatible with the older backend's `{"error":{code,message,details}}`. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: ErrorDetail[];
}

/**
 * An error the user can act on. `message` must never contain a secret value: callers pass
 * references (`VAULT:name`) or names, never resolved values.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, details: this.details };
  }
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
