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
  detail: string;
  detail_tr: string;
  recommendation?: string;
  recommendation_tr?: string;
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
      detail: `Encryption is turned off in the configuration (encrypt=false); the connection is ${state === 'on' ? 'encrypted by the server anyway' : 'not encrypted'}.`,
      detail_tr: `Şifreleme yapılandırmada kapalı (encrypt=false); bağlantı ${state === 'on' ? 'sunucu tarafından yine de şifreleniyor' : 'şifrelenmiyor'}.`,
      recommendation: "Turn on 'Encrypt Connection' so that the login and ERP data do not travel in clear text.",
      recommendation_tr: "Oturum bilgileri ve ERP verileri açık metin olarak taşınmasın diye 'Encrypt Connection' seçeneğini açın.",
    };
  }
  if (state === 'off') {
    return {
      ...base,
      status: 'WARN',
      detail: 'Encryption is configured but not in effect: the server did not negotiate TLS, so the login and data travel in clear text.',
      detail_tr: 'Şifreleme yapılandırılmış ancak etkin değil: sunucu TLS anlaşması yapmadı; oturum bilgileri ve veriler açık metin olarak taşınıyor.',
      recommendation: 'Give SQL Server a certificate and enable encryption on the server (SQL Server Configuration Manager → Protocols → Force Encryption), then test again.',
      recommendation_tr: "SQL Server'a bir sertifika tanımlayıp sunucuda şifrelemeyi açın (SQL Server Configuration Manager → Protocols → Force Encryption), sonra tekrar test edin.",
    };
  }
  if (confirmed) {
    return {
      ...base,
      status: 'PASS',
      detail: 'Encryption is in effect: TLS was negotiated and the server reports encrypt_option = TRUE for this session.',
      detail_tr: 'Şifreleme etkin: TLS anlaşması yapıldı ve sunucu bu oturum için encrypt_option = TRUE bildiriyor.',
    };
  }
  return {
    ...base,
    status: 'WARN',
    detail:
      state === 'on'
        ? 'TLS was negotiated by the driver, but the server could not confirm it (sys.dm_exec_connections not readable: VIEW SERVER STATE missing).'
        : 'Encryption could not be confirmed: no connection was observed and the server did not report encrypt_option.',
    detail_tr:
      state === 'on'
        ? 'Sürücü TLS anlaşması yaptı ancak sunucu bunu doğrulayamadı (sys.dm_exec_connections okunamıyor: VIEW SERVER STATE izni yok).'
        : 'Şifreleme doğrulanamadı: bağlantı gözlenmedi ve sunucu encrypt_option bildirmedi.',
    recommendation: 'Optionally grant the login VIEW SERVER STATE so that the console can confirm encryption with the server.',
    recommendation_tr: 'İsterseniz kullanıcıya VIEW SERVER STATE izni verin; böylece konsol şifrelemeyi sunucuyla doğrulayabilir.',
  };
}
