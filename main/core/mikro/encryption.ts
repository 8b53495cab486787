/**
 * Encryption truth (R-MIKRO-7). tedious with `encrypt: true` only starts TLS when the server's
 * PRELOGIN answers ON/REQ; against a server that answers NOT_SUP it carries on in clear text
 * (login included) without any error. So "encrypt is configured" proves nothing. Two pieces of
 * evidence are combined here:
 *  - the client side: tedious emits 'secure' on a connection once TLS is up (hooked through
 *    mssql's `beforeConnect`); a connection that logged in without it ran in clear text;
 *  - the server side: `sys.dm_exec_connections.encrypt_option` for our own session (needs
 *    VIEW SERVER STATE, which a read-only login often lacks, so it may stay unanswered).
 * PASS only when TLS was seen and the server confirmed it; everything else is a WARN.
 */

import { msg, type Message } from '../../../shared/messages.js';

export type EncryptionState = 'on' | 'off' | 'unknown';

/** Connections that completed login, with and without TLS. */
export interface TransportObservation {
  tls: number;
  plain: number;
}

export interface EncryptionReport {
  configured: boolean;
  state: EncryptionState;
  client: 'tls' | 'plain' | 'mixed' | 'none';
  /** `encrypt_option` for our session, or null when the server did not tell us. */
  server_encrypt_option: 'TRUE' | 'FALSE' | null;
  confirmed_by_server: boolean;
  status: 'PASS' | 'WARN';
  detail: Message;
  recommendation?: Message;
}

export const ENCRYPT_OPTION_SQL = 'SELECT encrypt_option FROM sys.dm_exec_connections WHERE session_id = @@SPID';

export function parseEncryptOption(value: unknown): 'TRUE' | 'FALSE' | null {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value !== 'string') return null;
  const v = value.trim().toUpperCase();
  return v === 'TRUE' ? 'TRUE' : v === 'FALSE' ? 'FALSE' : null;
}

export function judgeEncryption(configured: boolean, transport: TransportObservation, server: 'TRUE' | 'FALSE' | null): EncryptionReport {
  const client = transport.tls > 0 ? (transport.plain > 0 ? 'mixed' : 'tls') : transport.plain > 0 ? 'plain' : 'none';
  let state: EncryptionState;
  if (client === 'plain' || client === 'mixed' || server === 'FALSE') state = 'off';
  else if (client === 'tls' || server === 'TRUE') state = 'on';
  else state = 'unknown';
  const confirmed = state === 'on' && server === 'TRUE';
  const base = { configured, state, client, server_encrypt_option: server, confirmed_by_server: confirmed } as const;

  if (!configured) {
    return {
      ...base,
      status: 'WARN',
      detail: msg(state === 'on' ? 'mikro.encryption.off_configured_encrypted' : 'mikro.encryption.off_configured_plain'),
      recommendation: msg('mikro.encryption.off_configured_rec'),
    };
  }
  if (client === 'tls' && server === 'FALSE') {
    // TLS was seen, yet the server says this session is not encrypted: login-only encryption
    // (PRELOGIN OFF on both sides, [MS-TDS] 2.2.6.5) — the password went inside TLS, the data does not.
    return { ...base, status: 'WARN', detail: msg('mikro.encryption.login_only'), recommendation: msg('mikro.encryption.login_only_rec') };
  }
  if (state === 'off') {
    return { ...base, status: 'WARN', detail: msg('mikro.encryption.not_in_effect'), recommendation: msg('mikro.encryption.not_in_effect_rec') };
  }
  if (confirmed) return { ...base, status: 'PASS', detail: msg('mikro.encryption.confirmed') };
  return {
    ...base,
    status: 'WARN',
    detail: msg(state === 'on' ? 'mikro.encryption.unconfirmed_tls' : 'mikro.encryption.unconfirmed_none'),
    recommendation: msg('mikro.encryption.unconfirmed_rec'),
  };
}
