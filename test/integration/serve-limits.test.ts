// serve's limits (issue 14): slow and idle sockets are closed by the header / keep-alive timeouts,
// one client cannot take every connection, a body over the limit is 413, and a database outage
// during audit.list is 503 E_DB_UNAVAILABLE. Raw TCP sockets against the real server on loopback;
// the limits are set short so that every wait is bounded.
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type ServerOptions } from '../../main/server/server.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { createThrowawayDb, viaHostPort, type ThrowawayDb } from '../helpers/pg.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const TOKEN = 'limits-test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(opts: Partial<ServerOptions> = {}, database: Record<string, unknown> = {}): Promise<{ tc: TestCore; app: FastifyInstance; port: number; base: string }> {
  const tc = await openTestCore(database);
  cleanups.push(() => tc.cleanup());
  const app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: TOKEN, ...opts });
  await app.listen({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => app.close());
  const port = (app.server.address() as { port: number }).port;
  return { tc, app, port, base: `http://127.0.0.1:${port}` };
}

interface RawSocket {
  socket: net.Socket;
  /** Resolves with what the server sent once it closed the socket. */
  closed: Promise<string>;
}

/** A raw socket from `from` (another loopback address is another client). */
function rawSocket(port: number, from = '127.0.0.1'): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
    let got = '';
    socket.on('data', (d) => (got += String(d)));
    const closed = new Promise<string>((r) => socket.on('close', () => r(got)));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/** A bounded wait: the test fails with `what` instead of hanging. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))]);
}

describe('serve limits', () => {
  it('silent, slowloris and idle keep-alive sockets are closed; the server answers afterwards', async () => {
    const { port } = await serve({ limits: { headersTimeoutMs: 300, keepAliveTimeoutMs: 300 } });
    const silent = await Promise.all(Array.from({ length: 40 }, () => rawSocket(port)));
    const slow = await Promise.all(Array.from({ length: 10 }, () => rawSocket(port)));
    const timers = slow.map(({ socket }) => {
      socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
      // One header line every 100 ms: the headers never complete.
      return setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 100);
    });
    cleanups.push(() => timers.forEach(clearInterval));
    const idle = await rawSocket(port);
    idle.socket.write(`GET /health/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);

    const answers = await within(Promise.all([...silent, ...slow].map((s) => s.closed)), 15_000, 'closing the slow sockets');
    for (const a of answers) expect(a === '' || a.startsWith('HTTP/1.1 408')).toBe(true);
    // The idle keep-alive socket got its answer, then was closed by the server.
    expect(await within(idle.closed, 15_000, 'closing the idle keep-alive socket')).toMatch(/^HTTP\/1\.1 200/);
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
  });

  it('one client cannot take every connection: its sockets over the cap are closed at once, others are served', async () => {
    const { port, base } = await serve({ limits: { maxConnectionsPerClient: 5, maxConnections: 50, headersTimeoutMs: 60_000 } });
    const held = await Promise.all(Array.from({ length: 12 }, () => rawSocket(port, '127.0.0.2')));
    cleanups.push(() => held.forEach((h) => h.socket.destroy()));
    // Those over the cap are closed by the server without an answer; the first five stay open.
    const dropped = await within(Promise.all(held.slice(5).map((h) => h.closed)), 10_000, 'dropping the sockets over the cap');
    expect(dropped.every((d) => d === '')).toBe(true);
    expect(held.slice(0, 5).every((h) => !h.socket.destroyed)).toBe(true);
    // Another client (127.0.0.1) is served meanwhile.
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    // Once the holder lets go, it may connect again.
    for (const h of held.slice(0, 5)) h.socket.destroy();
    await Promise.all(held.slice(0, 5).map((h) => h.closed));
    // (The server learns of the close a moment after the client: ask until it is let in, bounded.)
    const answered = async (): Promise<string> => {
      for (let i = 0; i < 50; i++) {
        const again = await rawSocket(port, '127.0.0.2');
        again.socket.write(`GET /health/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
        const got = await within(again.closed, 10_000, 'an answer or a close');
        if (got) return got;
        await new Promise((r) => setTimeout(r, 20));
      }
      return '';
    };
    expect(await answered()).toMatch(/^HTTP\/1\.1 200/);
  });

  it('a body over the limit is 413 E_VALIDATION (with the token; without it 401 before the body is read)', async () => {
    const { base, tc } = await serve({ limits: { bodyLimitBytes: 64 * 1024 } });
    await tc.core.migrations.up();
    const body = JSON.stringify({ file: 'system_config.json', patch: { note: 'x'.repeat(200 * 1024) } });
    const big = await fetch(`${base}/api/op/config.save`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body });
    expect(big.status).toBe(413);
    const answer = (await big.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('E_VALIDATION');
    expect(answer.error.message).toMatch(/^İstek gövdesi çok büyük \(en fazla 64(,0)? KB\)\.$/);
    const anonymous = await fetch(`${base}/api/op/config.save`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(anonymous.status).toBe(401);
  });
});

describe('a database outage during audit.list', () => {
  let pgDb: ThrowawayDb | undefined;
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    await pgDb?.drop();
    pgDb = proxy = undefined;
  });

  it('is 503 E_DB_UNAVAILABLE, not 500', async () => {
    pgDb = await createThrowawayDb('optiplan_limits');
    proxy = await startTcpProxy('127.0.0.1', 5432);
    const { base, tc } = await serve({}, { url: viaHostPort(pgDb.url, '127.0.0.1', proxy.port), ping_timeout_seconds: 2 });
    await tc.core.migrations.up();
    const list = () => fetch(`${base}/api/op/audit.list`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{}' });
    expect((await list()).status).toBe(200);
    proxy.setMode('refuse');
    const down = await list();
    expect(down.status).toBe(503);
    const body = (await down.json()) as { error: { code: string; technical_detail?: string } };
    expect(body.error.code).toBe('E_DB_UNAVAILABLE');
    proxy.setMode('forward');
    expect((await list()).status).toBe(200);
  });
});
