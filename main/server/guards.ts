/**
 * Request guards for `serve` (R-OPS-2). The API listens on loopback by default, but a web page
 * in any browser on the machine (or, beyond loopback, on the LAN) can still reach it, so:
 *
 * - Host must name this server (defeats DNS rebinding): on loopback the loopback names; beyond
 *   it also the machine's own names and addresses and the operator's `--allow-host` entries;
 * - Origin (when sent) must be this server, and `Sec-Fetch-Site` must not say the request came
 *   from another site or another port of this one (cross-site / same-site);
 * - every API call needs the token (the per-run one printed at start, as Jupyter does, or the
 *   stable one named by `--token-ref`), compared in constant time.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { APP_CSP } from '../../shared/csp.js';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
/** Shorter tokens are refused at start: guessable over a LAN in reasonable time. */
export const MIN_TOKEN_LENGTH = 32;

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
}

/** `::1` → `[::1]`; a zone id (`fe80::1%eth0`) is dropped: browsers do not send it in Host. */
function hostName(address: string): string {
  const bare = address.replace(/%.*$/, '');
  return bare.includes(':') && !bare.startsWith('[') ? `[${bare}]` : bare;
}

/** This machine's own names and addresses, as a LAN client would write them in Host. */
export function machineNames(): string[] {
  const names = new Set<string>();
  const hostname = os.hostname().toLowerCase();
  if (hostname) {
    names.add(hostname);
    // mDNS / Bonjour name (Windows 10+ and macOS answer it on the LAN).
    if (!hostname.includes('.')) names.add(`${hostname}.local`);
  }
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) names.add(hostName(a.address));
  }
  return [...names];
}

export interface HostPolicy {
  /** The address serve listens on (`127.0.0.1`, `0.0.0.0`, a LAN address …). */
  host: string;
  port: number;
  /** Extra names a LAN client may use (`--allow-host`), with or without `:port`. */
  allowHosts?: readonly string[] | undefined;
  tls?: boolean | undefined;
}

/** Every `Host` header value this server answers to (lower case, `name:port`). */
export function allowedHosts(policy: HostPolicy): Set<string> {
  const { host, port } = policy;
  const names = new Set(LOOPBACK_NAMES);
  names.add(hostName(host));
  if (!isLoopbackHost(host)) {
    for (const n of machineNames()) names.add(n);
  }
  const out = new Set<string>();
  const defaultPort = policy.tls ? 443 : 80;
  const add = (n: string) => {
    out.add(`${n}:${port}`.toLowerCase());
    // Browsers leave the default port out of Host.
    if (port === defaultPort) out.add(n.toLowerCase());
  };
  for (const n of names) add(n);
  for (const entry of policy.allowHosts ?? []) {
    const e = entry.trim().toLowerCase();
    if (!e) continue;
    // `name:port` / `[v6]:port` as given; a bare name or address gets this server's port.
    if (/^(\[[^\]]+\]|[^:[\]]+):\d+$/.test(e)) out.add(e);
    else add(hostName(e));
  }
  return out;
}

export function hostAllowed(hostHeader: string | undefined, allowed: Set<string>): boolean {
  return !!hostHeader && allowed.has(hostHeader.toLowerCase());
}

/** No Origin (curl, the CLI, same-origin GETs) is fine; a foreign Origin never is. */
export function originAllowed(origin: string | undefined, allowed: Set<string>, tls = false): boolean {
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    return u.protocol === (tls ? 'https:' : 'http:') && allowed.has(u.host.toLowerCase());
  } catch {
    return false;
  }
}

/**
 * Fetch metadata (`Sec-Fetch-Site`): `cross-site` is another site; `same-site` is this host on
 * another port (or a sibling subdomain) — another web app on the same PC. Both are refused;
 * `same-origin` (the console's own UI), `none` (a typed address) and no header (curl) pass.
 */
export function fetchSiteAllowed(value: string | string[] | undefined): boolean {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== 'cross-site' && v !== 'same-site';
}

/** 24 random bytes: 32 base64url characters, the minimum a configured token must reach. */
export function newRunToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/**
 * Constant-time comparison: both sides are hashed first, so neither the content nor the length
 * of the expected token can be learned from how long a wrong guess takes.
 */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented || !expected) return false;
  const a = crypto.createHash('sha256').update(presented).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/** `Authorization: Bearer <token>` or `X-OptiPlan-Token: <token>`. */
export function presentedToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && /^Bearer /i.test(auth)) return auth.slice(7).trim();
  const x = headers['x-optiplan-token'];
  return typeof x === 'string' ? x.trim() : undefined;
}

export const SECURITY_HEADERS: Record<string, string> = {
  // The one CSP of the UI (shared/csp.ts), the same header the desktop shell's app:// sends.
  'content-security-policy': APP_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
