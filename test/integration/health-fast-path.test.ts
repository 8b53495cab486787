/**
 * The /health fast path in front of Fastify (main/server/health-fast-path.ts): the plain
 * `GET /health`, `/health/live` and `/health/ready` never reach Fastify's hooks, and answer
 * exactly what the Fastify routes answer (same status, headers and body); whatever the door
 * must refuse or treat differently still goes through Fastify. Real serve on loopback.
 */
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../../main/server/server.js';
import { openTestCore, type TestCore } from '../helpers/core.js';

const TOKEN = 'fast-path-token-0123456789abcdef0123';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(database: Record<string, unknown> = {}): Promise<{ tc: TestCore; app: FastifyInstance; port: number; hooked: string[] }> {
  const tc = await openTestCore(database);
  cleanups.push(() => tc.cleanup());
  const app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: TOKEN });
  // Every request Fastify sees (its onRequest hooks run for every route and refusal).
  const hooked: string[] = [];
  app.addHook('onRequest', async (req) => void hooked.push(`${req.method} ${req.url}`));
  await app.listen({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => app.close());
  return { tc, app, port: (app.server.address() as { port: number }).port, hooked };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** What may differ between two answers made at different times. */
const timeless = (body: string) => JSON.parse(body.replace(/"(timestamp|checked_at)":"[^"]+"/g, '"$1":"T"').replace(/"(latency_ms|uptime_s)":[\d.]+/g, '"$1":0')) as unknown;
/** The headers but the date and the length (a latency of another number of digits). */
const headersOf = (a: Answer) => {
  expect(Number(a.headers['content-length'])).toBe(Buffer.byteLength(a.body));
  const { date: _date, 'content-length': _length, ...rest } = a.headers;
  return rest;
};

describe('the /health fast path', () => {
  it('answers the three paths without Fastify, exactly as the Fastify routes do (status, headers, body, language)', async () => {
    const { tc, port, hooked } = await serve();
    for (const migrated of [false, true]) {
      if (migrated) await tc.core.migrations.up();
      for (const path of ['/health', '/health/live', '/health/ready']) {
        for (const headers of [{}, { 'accept-language': 'en-GB,en;q=0.9' }, { 'x-optiplan-messages': 'raw' }] as Record<string, string>[]) {
          const fast = await get(port, path, headers);
          expect(hooked, path).toEqual([]);
          // A query string is Fastify's: the same answer through its routing, hooks and serializer.
          const lang = 'accept-language' in headers ? 'en' : 'tr';
          const viaFastify = await get(port, `${path}?lang=${lang}`, headers);
          expect(hooked.splice(0)).toEqual([`GET ${path}?lang=${lang}`]);
          expect(fast.status, path).toBe(viaFastify.status);
          expect(headersOf(fast), path).toEqual(headersOf(viaFastify));
          expect(timeless(fast.body), path).toEqual(timeless(viaFastify.body));
        }
      }
      // Behind head: ready is 503 and the composite degraded; at head both 200.
      expect((await get(port, '/health/ready')).status).toBe(migrated ? 200 : 503);
      expect(JSON.parse((await get(port, '/health')).body)).toMatchObject({ status: migrated ? 'healthy' : 'degraded' });
    }
    const fast = await get(port, '/health', { 'accept-language': 'en' });
    expect(fast.headers['cache-control']).toBe('no-store');
    expect(fast.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(fast.headers['x-frame-options']).toBe('DENY');
  });

  it('a database that is down: 503 from the fast path, in the caller\'s language', async () => {
    const { port, hooked } = await serve({ url: 'postgres://postgres@127.0.0.1:1/none', ping_timeout_seconds: 1 });
    const res = await get(port, '/health', { 'accept-language': 'en' });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'unhealthy', components: { database: { status: 'unhealthy', message: 'Cannot reach the PostgreSQL database.' } } });
    expect((await get(port, '/health/ready')).status).toBe(503);
    expect((await get(port, '/health/live')).status).toBe(200);
    expect(hooked).toEqual([]);
  });

  it('what the door refuses or treats apart still goes through Fastify: foreign Host or Origin (403, worded), HEAD, other paths', async () => {
    const { port, hooked } = await serve();
    const host = await get(port, '/health', { host: `evil.example:${port}`, 'accept-language': 'en' });
    expect(host.status).toBe(403);
    expect(JSON.parse(host.body)).toMatchObject({ error: { code: 'E_FORBIDDEN' } });
    const origin = await get(port, '/health/live', { origin: 'http://evil.example' });
    expect(origin.status).toBe(403);
    expect((await get(port, '/health', {}, 'HEAD')).status).toBe(200);
    // Sec-Fetch-Site does not apply to health: a monitoring page may poll it (and the fast path answers).
    expect((await get(port, '/health', { 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    expect((await get(port, '/api/op/app.info')).status).toBe(401);
    // The refusals were worded by the door's own onRequest hook, which stops the later ones (this test's).
    expect(hooked).toEqual(['HEAD /health']);
  });

  it('while closing, a request on a kept-alive socket gets Fastify\'s 503, not a fast answer', async () => {
    const { app, port } = await serve();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const viaAgent = (path: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path, agent, headers: { host: `127.0.0.1:${port}` } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          })
          .on('error', reject);
      });
    cleanups.push(() => agent.destroy());
    expect(await viaAgent('/health/live')).toBe(200);
    let closed = false;
    const closing = app.close().then(() => (closed = true));
    // The socket is idle and is closed by app.close(); a request that still makes it through is refused.
    const during = await viaAgent('/health/live').catch(() => 0);
    expect([0, 503]).toContain(during);
    await closing;
    expect(closed).toBe(true);
  });
});
