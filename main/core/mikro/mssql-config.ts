/**
 * The mssql (tedious) options every Mikro connection gets, in one place: ApplicationIntent=ReadOnly
 * always; TLS as the settings say (tls-policy.ts: `tls_min_version`, and a `certificate_fingerprint`
 * that replaces CA validation and brings its own connector); SQL or Windows (NTLM) login.
 */
import type sql from 'mssql';
import type net from 'node:net';
import type { MikroSettings } from './mikro-config.js';
import { noDelayConnector } from './tcp-connector.js';
import { pinnedConnector, tlsContextOptions } from './tls-policy.js';

export const MIKRO_APP_NAME = 'OptiPlan360 Console';

/** What a connection needs: the settings minus what only diagnostics use. */
export type MikroConnectionSettings = Partial<Pick<MikroSettings, 'authentication' | 'domain'>> &
  Pick<
  MikroSettings,
  'host' | 'port' | 'instance' | 'database' | 'username' | 'timeout_seconds' | 'encrypt' | 'trust_server_certificate'
> &
  Partial<Pick<MikroSettings, 'certificate_fingerprint' | 'tls_min_version'>>;

/** The mssql config. `beforeConnect` lets the client watch each tedious connection. */
export function buildMssqlConfig(s: MikroConnectionSettings, password: string | undefined, beforeConnect?: sql.config['beforeConnect']): sql.config {
  const timeoutMs = Math.round(s.timeout_seconds * 1000);
  const instance = s.instance?.trim() || undefined;
  const options: NonNullable<sql.config['options']> = {
    // ApplicationIntent=ReadOnly in LOGIN7; always, whatever the settings say.
    readOnlyIntent: true,
    encrypt: s.encrypt,
    // A pin replaces CA validation: the certificate is checked against it on 'secure' (watch()).
    trustServerCertificate: s.trust_server_certificate || !!s.certificate_fingerprint,
    cryptoCredentialsDetails: tlsContextOptions(s.tls_min_version ?? '1.2'),
    // TCP_NODELAY (tcp-connector.ts). Pinned: a server offering no TLS is refused before LOGIN7 (the error names the pin).
    connector: (s.certificate_fingerprint ? pinnedConnector(() => undefined) : noDelayConnector()) as unknown as () => Promise<net.Socket>,
    appName: MIKRO_APP_NAME,
    // Named instance: tedious asks the SQL Browser (UDP 1434) for the port, so no port is set.
    ...(instance ? { instanceName: instance } : {}),
  };
  return {
    server: s.host?.trim() ?? '',
    ...(instance ? {} : { port: s.port }),
    database: s.database?.trim() || undefined,
    ...login(s),
    password,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    validateConnection: 'socket',
    pool: { min: 0, max: 1, idleTimeoutMillis: 30_000 },
    options,
    ...(beforeConnect ? { beforeConnect } : {}),
  };
}

/**
 * The login LOGIN7 carries. `sql`: user name and password. `ntlm` (a Windows account): mssql turns
 * a `domain` into tedious' NTLM authentication (an SSPI exchange inside LOGIN7, no password in it);
 * `FABRIKA\\ali` typed with an empty domain is split into domain and user. Integrated single
 * sign-on (the signed-in Windows user, Kerberos) is not something tedious can do.
 */
function login(s: MikroConnectionSettings): { user?: string; domain?: string } {
  const typed = s.username?.trim() || undefined;
  if (s.authentication !== 'ntlm') return { user: typed };
  const domain = s.domain?.trim() ?? '';
  const m = !domain && typed ? /^([^\\]+)\\(.+)$/.exec(typed) : null;
  return m ? { domain: m[1] ?? '', user: m[2] } : { domain, user: typed };
}

