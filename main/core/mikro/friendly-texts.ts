/**
 * Which catalogue texts (shared/i18n/*\/mikro.ts, `mikro.errors.<key>`) and error code stand
 * behind each `friendlyMikroError` case. The sentence and the hint are Messages; the driver's own
 * words never go into their parameters (they travel as `technical_detail`). Parameters may name
 * host, port, instance and database (not secret), never a user's password.
 */
import type { ErrorCode } from '../../../shared/errors.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { msg, type Message } from '../../../shared/messages.js';

/** What a friendly text may name about the connection (friendly-errors.ts re-exports it). */
export interface FriendlyContext {
  /** Values to mask wherever they appear (the resolved password). */
  secrets?: ReadonlyArray<string | null | undefined>;
  host?: string | null;
  port?: number | null;
  instance?: string | null;
  database?: string | null;
  timeout_seconds?: number | null;
  /** The login name as typed (not secret; shown on the SQL Board): `DOMAIN\\user` in a SQL login gets a hint. */
  username?: string | null;
  /** `sql` (default) or `ntlm` (a Windows account): login failures explain the matching causes. */
  authentication?: 'sql' | 'ntlm' | null;
}

export type MikroTextKey =
  | 'login_failed'
  | 'database_unavailable'
  | 'timeout_connect'
  | 'timeout_query'
  | 'refused'
  | 'unknown_host'
  | 'no_route'
  | 'connection_lost'
  | 'certificate'
  | 'certificate_pin'
  | 'pin_no_tls'
  | 'old_tls'
  | 'encryption_required'
  | 'instance'
  | 'permission_denied'
  | 'invalid_object'
  | 'query_failed'
  | 'read_only'
  | 'not_configured'
  | 'disabled'
  | 'secret_missing'
  | 'password_ref_invalid'
  | 'query_too_long'
  | 'cancelled'
  | 'keychain_unavailable'
  | 'login_failed_windows'
  | 'sql_login_looks_windows'
  | 'default_database'
  | 'lock_timeout';

const CODES: Record<MikroTextKey, ErrorCode> = {
  login_failed: 'E_MIKRO_LOGIN_FAILED',
  database_unavailable: 'E_MIKRO_LOGIN_FAILED',
  timeout_connect: 'E_MIKRO_TIMEOUT',
  timeout_query: 'E_MIKRO_TIMEOUT',
  refused: 'E_MIKRO_UNREACHABLE',
  unknown_host: 'E_MIKRO_UNREACHABLE',
  no_route: 'E_MIKRO_UNREACHABLE',
  connection_lost: 'E_MIKRO_UNREACHABLE',
  certificate: 'E_MIKRO_CERTIFICATE',
  certificate_pin: 'E_MIKRO_CERTIFICATE',
  pin_no_tls: 'E_MIKRO_CERTIFICATE',
  old_tls: 'E_MIKRO_OLD_TLS',
  encryption_required: 'E_MIKRO_CERTIFICATE',
  instance: 'E_MIKRO_INSTANCE',
  permission_denied: 'E_MIKRO_QUERY_FAILED',
  invalid_object: 'E_MIKRO_QUERY_FAILED',
  query_failed: 'E_MIKRO_QUERY_FAILED',
  read_only: 'E_MIKRO_READ_ONLY',
  not_configured: 'E_MIKRO_NOT_CONFIGURED',
  disabled: 'E_MIKRO_NOT_CONFIGURED',
  secret_missing: 'E_SECRET_NOT_FOUND',
  password_ref_invalid: 'E_CONFIG_INVALID',
  query_too_long: 'E_VALIDATION',
  cancelled: 'E_MIKRO_QUERY_FAILED',
  keychain_unavailable: 'E_KEYCHAIN_UNAVAILABLE',
  login_failed_windows: 'E_MIKRO_LOGIN_FAILED',
  sql_login_looks_windows: 'E_MIKRO_LOGIN_FAILED',
  default_database: 'E_MIKRO_LOGIN_FAILED',
  lock_timeout: 'E_MIKRO_TIMEOUT',
};

export interface FriendlyText {
  code: ErrorCode;
  message: Message;
  hint: Message;
}

/** The server as texts name it: `host\INSTANCE`, `host:port` or `host`. */
export function serverName(ctx: FriendlyContext): string {
  const host = ctx.host?.trim() || '?';
  return ctx.instance ? `${host}\\${ctx.instance}` : ctx.port ? `${host}:${ctx.port}` : host;
}

export function friendlyText(key: MikroTextKey, ctx: FriendlyContext, extra: Record<string, string | number> = {}): FriendlyText {
  const params: Record<string, string | number> = {
    server: serverName(ctx),
    host: ctx.host?.trim() || '?',
    instance: ctx.instance ?? '?',
    database: ctx.database ?? '?',
    ...extra,
  };
  // A connect timeout names the limit when it is known.
  let entry: string = key;
  if (key === 'timeout_connect') {
    if (ctx.timeout_seconds) params.timeout = ctx.timeout_seconds * 1000;
    else entry = 'timeout_connect_unbounded';
  }
  return {
    code: CODES[key],
    message: msg(`mikro.errors.${entry}.message` as MessageKey, params),
    hint: msg(`mikro.errors.${entry}.hint` as MessageKey),
  };
}
