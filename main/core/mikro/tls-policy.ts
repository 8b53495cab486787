/**
 * TLS towards Mikro's SQL Server: what the settings allow and how a failure is named.
 *
 * - `certificate_fingerprint` pins the server certificate (SHA-256): accepted only when it matches,
 *   whatever the CA says. tedious cannot take a `checkServerIdentity`, so the pin is enforced on
 *   tedious' `secure` event (MikroClient.watch): it fires inside tedious' handshake callback,
 *   before LOGIN7 is written, and a mismatch destroys the socket there and then.
 * - `tls_min_version` "1.0"/"1.1" lets an old server (SQL Server 2012 before KB3135244) connect:
 *   OpenSSL 3 / BoringSSL refuse those protocols' ciphers at the default security level, so the
 *   cipher list drops to level 0 for this connection only.
 * - An old server's failure is told apart from a certificate failure by OpenSSL's and BoringSSL's
 *   own wordings (the driver's error codes are ERR_SSL_* for both kinds).
 */
import crypto from 'node:crypto';
import type { PeerCertificate, SecureVersion, TLSSocket } from 'node:tls';
import type { MikroCertificateFacts, MikroTlsMinVersion } from '../../../shared/mikro.js';
import { noDelayConnector, type TediousConnector } from './tcp-connector.js';

const FINGERPRINT = /^(?:[0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/;

export function isFingerprint(v: string): boolean {
  return FINGERPRINT.test(v.trim());
}

/** `aabb…` or `AA:BB:…` → `AA:BB:…` (what Node's `fingerprint256` gives). */
export function normaliseFingerprint(v: string): string {
  const hex = v.replace(/[^0-9A-Fa-f]/g, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? hex;
}

export function fingerprintsEqual(a: string, b: string): boolean {
  const x = Buffer.from(normaliseFingerprint(a));
  const y = Buffer.from(normaliseFingerprint(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export const TLS_VERSION: Record<MikroTlsMinVersion, SecureVersion> = { '1.2': 'TLSv1.2', '1.1': 'TLSv1.1', '1.0': 'TLSv1' };

/** Secure-context options for tedious' `cryptoCredentialsDetails` and our own probe. */
export function tlsContextOptions(min: MikroTlsMinVersion): { minVersion: SecureVersion; ciphers?: string } {
  if (min === '1.2') return { minVersion: 'TLSv1.2' };
  return { minVersion: TLS_VERSION[min], ciphers: 'DEFAULT@SECLEVEL=0' };
}

/** Protocol names below TLS 1.2, as `getProtocol()` reports them. */
export function isWeakProtocol(protocol: string | null | undefined): boolean {
  return protocol === 'TLSv1' || protocol === 'TLSv1.1' || protocol === 'SSLv3';
}

// OpenSSL 3: "unsupported protocol", "no protocols available", "wrong version number",
// "tlsv1 alert protocol version"; BoringSSL (Electron): UNSUPPORTED_PROTOCOL, TLSV1_ALERT_PROTOCOL_VERSION,
// WRONG_VERSION_NUMBER, NO_SUPPORTED_VERSIONS_ENABLED.
const OLD_TLS_TEXT = /unsupported protocol|no protocols available|wrong version number|alert protocol version|UNSUPPORTED_PROTOCOL|TLSV1_ALERT_PROTOCOL_VERSION|WRONG_VERSION_NUMBER|NO_SUPPORTED_VERSIONS_ENABLED|version too low/i;
const OLD_TLS_CODE = /^ERR_SSL_(UNSUPPORTED_PROTOCOL|NO_PROTOCOLS_AVAILABLE|WRONG_VERSION_NUMBER|TLSV1_ALERT_PROTOCOL_VERSION|NO_SUPPORTED_VERSIONS_ENABLED|VERSION_TOO_LOW)$/;

/** The handshake failed because the two sides share no TLS version (an old server), not a certificate. */
export function isOldTlsFailure(codes: Iterable<string>, messages: Iterable<string>): boolean {
  for (const c of codes) if (OLD_TLS_CODE.test(c)) return true;
  for (const m of messages) if (OLD_TLS_TEXT.test(m)) return true;
  return false;
}

/** The pin refused the certificate (MikroClient and the probe throw this; friendly-errors names it). */
export class CertificatePinError extends Error {
  readonly code = 'E_CERT_PIN_MISMATCH';
  constructor(readonly certificate: MikroCertificateFacts, readonly expected: string) {
    super(`server certificate SHA-256 ${certificate.fingerprint256} does not match the pinned ${normaliseFingerprint(expected)}`);
    this.name = 'CertificatePinError';
  }
}

interface TediousConnection {
  once(event: 'secure', fn: (cleartext: TLSSocket) => void): unknown;
}

/**
 * The pin on one tedious connection. tedious emits 'secure' inside its secureConnect handler,
 * before LOGIN7 is queued: destroying the TCP socket there means no credential reaches a server
 * whose certificate is not the pinned one (no error is passed to destroy(): tedious reports the
 * closed socket and MikroClient.toError names the pin from `onResult`). A server that offers no
 * TLS at all is refused earlier, before LOGIN7, by `pinnedConnector`.
 */
export function enforcePin(conn: TediousConnection, pin: string | null | undefined, onResult: (failure: CertificatePinError | null) => void): void {
  if (!pin) return;
  const socket = () => (conn as unknown as { socket?: { destroy(err?: Error): void } }).socket;
  conn.once('secure', (cleartext) => {
    const cert = cleartext.getPeerCertificate();
    if (cert?.fingerprint256 && fingerprintsEqual(cert.fingerprint256, pin)) return onResult(null);
    onResult(new CertificatePinError(certificateFacts(cert), pin));
    cleartext.destroy();
    socket()?.destroy();
  });
}

/** Thrown when a pinned connection meets a server whose PRELOGIN offers no encryption. */
export class PinWithoutTlsError extends Error {
  readonly code = 'E_CERT_PIN_NO_TLS';
  constructor(encryption: string) {
    super(`certificate_fingerprint is set but the server offers no TLS (PRELOGIN ENCRYPTION=${encryption}); LOGIN7 not sent`);
    this.name = 'PinWithoutTlsError';
  }
}

/**
 * tedious' `connector` for a pinned connection: `connect` (tedious' own, no Nagle: tcp-connector.ts)
 * whose first server message (the PRELOGIN answer) is read before tedious acts on it; when it
 * offers no encryption the socket is destroyed in that same 'data' event, so the LOGIN7 tedious
 * would send next in clear never reaches the wire.
 */
export function pinnedConnector(onRefused: (err: PinWithoutTlsError) => void, connect: TediousConnector = noDelayConnector()): TediousConnector {
  return async (opts, lookup, signal) => {
    const socket = await connect(opts, lookup, signal);
    let head = Buffer.alloc(0);
    const watch = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length < 8 || head.length < head.readUInt16BE(2)) return;
      socket.off('data', watch);
      const encryption = preloginEncryption(head.subarray(8, head.readUInt16BE(2)));
      if (encryption === 'ON' || encryption === 'REQ') return;
      const err = new PinWithoutTlsError(encryption);
      onRefused(err);
      socket.destroy(err);
    };
    socket.prependListener('data', watch);
    return socket;
  };
}

function preloginEncryption(data: Buffer): string {
  for (let o = 0; o + 5 <= data.length && data[o] !== 0xff; o += 5) {
    if (data[o] !== 0x01) continue;
    const at = data.readUInt16BE(o + 1);
    return (['OFF', 'ON', 'NOT_SUP', 'REQ'] as const)[data[at] ?? 0xff] ?? 'UNKNOWN';
  }
  return 'NONE';
}

function dn(o: Record<string, string | string[] | undefined> | undefined): string {
  if (!o) return '';
  return Object.entries(o)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : (v ?? '')}`)
    .join(', ');
}

export function certificateFacts(cert: PeerCertificate): MikroCertificateFacts {
  return {
    subject: dn(cert.subject as unknown as Record<string, string>),
    issuer: dn(cert.issuer as unknown as Record<string, string>),
    valid_to: Number.isNaN(Date.parse(cert.valid_to)) ? cert.valid_to : new Date(cert.valid_to).toISOString(),
    fingerprint256: cert.fingerprint256,
  };
}

/**
 * The SQL Board form's TLS fields → the file patch and an audit line naming what changed (a pin
 * set or cleared, an older TLS allowed). Blank fingerprint clears the pin.
 */
export function tlsPolicyPatch(
  form: { certificate_fingerprint?: string | null | undefined; tls_min_version?: MikroTlsMinVersion | undefined },
  current: { certificate_fingerprint: string | null; tls_min_version: MikroTlsMinVersion },
): { patch: Record<string, unknown>; detail: string | null } {
  const patch: Record<string, unknown> = {};
  const changes: string[] = [];
  if (form.certificate_fingerprint !== undefined) {
    const next = form.certificate_fingerprint && form.certificate_fingerprint.trim() ? normaliseFingerprint(form.certificate_fingerprint) : null;
    patch.certificate_fingerprint = next ?? '';
    if (next !== current.certificate_fingerprint) changes.push(next ? `certificate pinned: SHA-256 ${next}` : 'certificate pin removed');
  }
  if (form.tls_min_version !== undefined) {
    patch.tls_min_version = form.tls_min_version;
    if (form.tls_min_version !== current.tls_min_version) changes.push(`tls_min_version ${current.tls_min_version} -> ${form.tls_min_version}${form.tls_min_version !== '1.2' ? ' (weak TLS allowed for this connection)' : ''}`);
  }
  return { patch, detail: changes.length ? changes.join('; ') : null };
}
