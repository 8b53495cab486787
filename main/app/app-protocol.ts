/**
 * The UI served from `app://optiplan360/…` (protocol.handle) instead of file:// (R-APP-2): the
 * page gets a real origin that no other file on the disk shares, the CSP arrives as a response
 * header from the one constant (shared/csp.ts), and only files inside the built UI folder
 * (dist-renderer in app.asar) can be answered — a `..` or an encoded separator is a 404.
 * Pure over a folder and a Request, so the tests run it without Electron.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_CSP } from '../../shared/csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'optiplan360';
/** The page the window loads; the sender checks compare frames against it. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers every answer carries (a 404 too: the CSP must not depend on the file existing). */
export function securityHeaders(): Record<string, string> {
  return { 'Content-Security-Policy': APP_CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' };
}

/** The file under `root` a request names, or null when it is not ours to answer. */
export function resolveAppPath(url: string, root: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const file = path.resolve(root, `.${rel}`);
  const base = path.resolve(root);
  return file.startsWith(base + path.sep) ? file : null;
}

/** Answer one `app://` request from the built UI folder. */
export async function handleAppRequest(request: Request, root: string): Promise<Response> {
  const notFound = () => new Response('not found', { status: 404, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: securityHeaders() });
  const file = resolveAppPath(request.url, root);
  if (!file) return notFound();
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    return notFound();
  }
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: { ...securityHeaders(), 'Content-Type': type } });
}
