/**
 * Request guards for `serve` (R-OPS-2). The API listens on loopback, but a web page in any
 * browser on the machine can still reach loopback, so: Host must name this server (defeats DNS
 * rebinding), Origin (when sent) must be this server (defeats cross-site requests), and every
 * state-changing call needs the per-run token printed at start, as Jupyter does.
 */
import crypto from 'node:crypto';
import { APP_CSP } from '../../shared/csp.js';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set(LOOPBACK_NAMES);
  names.add(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  return new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
}

export function hostAllowed(hostHeader: string | undefined, allowed: Set<string>): boolean {
  return !!hostHeader && allowed.has(hostHeader.toLowerCase());
}

/** No Origin (curl, the CLI, same-origin GETs) is fine; a foreign Origin never is. */
export function originAllowed(origin: string | undefined, allowed: Set<string>): boolean {
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && allowed.has(u.host.toLowerCase());
  } catch {
    return false;
  }
}

export function newRunToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** Constant-time comparison of the presented token with the run's token. */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
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
