import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from '../../main/server/server.js';
import { openTestCore, type TestCore } from '../helpers/core.js';

const TOKEN = 'test-run-token-0123456789abcdef';
let tc: TestCore | undefined;
let app: FastifyInstance | undefined;
let base = '';
let hostHeader = '';

afterEach(async () => {
  await app?.close();
  await tc?.cleanup();
  app = tc = undefined;
});

async function serve(database: Record<string, unknown> = {}): Promise<void> {
  tc = await openTestCore(database);
  app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: TOKEN });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;
  hostHeader = `127.0.0.1:${port}`;
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('HTTP door', () => {
  it('GET /health answers the compatible shape; 200 when healthy or degraded', async () => {
    await serve();
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'degraded', overall: 'degraded', database: 'healthy', service: 'OPTIPLAN360 API' });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('GET /health is 503 when the database is unreachable', async () => {
    await serve({ url: 'postgres://postgres@127.0.0.1:1/none', ping_timeout_seconds: 1 });
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'unhealthy', database: 'unhealthy' });
  });

  it('every operation needs the run token, reads too; writes are POST only', async () => {
    await serve();
    const noToken = await post('/api/op/migrations.up', {});
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ error: { code: 'E_UNAUTHORIZED' } });
    const wrong = await post('/api/op/migrations.up', {}, { authorization: 'Bearer not-the-token-not-the-token-xx' });
    expect(wrong.status).toBe(401);
    expect((await tc!.core.migrations.status()).current).toBeNull();

    const ok = await post('/api/op/migrations.up', {}, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    const result = (await ok.json()) as { applied: unknown[]; status: { at_head: boolean } };
    expect(result.applied.length).toBeGreaterThan(0);
    expect(result.status.at_head).toBe(true);

    expect((await post('/api/op/migrations.status', {})).status).toBe(401);
    const status = await post('/api/op/migrations.status', {}, { authorization: `Bearer ${TOKEN}` });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ at_head: true });
    expect((await fetch(`${base}/api/op/health.get`)).status).toBe(401);
    const viaGet = await fetch(`${base}/api/op/health.get`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(viaGet.status).toBe(200);
    const mutatingGet = await fetch(`${base}/api/op/migrations.up`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(mutatingGet.status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (cross-site)', async () => {
    await serve();
    const { request } = await import('node:http');
    const rawGet = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(`${base}/health`);
        request({ host: u.hostname, port: u.port, path: u.pathname, headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    expect(await rawGet({ host: 'evil.example:80' })).toBe(403);
    expect(await rawGet({ host: hostHeader, origin: 'http://evil.example' })).toBe(403);
    expect(await rawGet({ host: hostHeader, origin: base })).toBe(200);
    expect(await rawGet({ host: hostHeader.replace('127.0.0.1', 'localhost') })).toBe(200);
  });

  it('bad input gets E_VALIDATION naming the field; unknown operations get 404', async () => {
    await serve();
    const auth = { authorization: `Bearer ${TOKEN}` };
    const bad = await post('/api/op/health.get', { surprise: 1 }, auth);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'E_VALIDATION', message: expect.stringContaining('surprise') } });
    const unknown = await post('/api/op/nope.nothing', {}, auth);
    expect(unknown.status).toBe(404);
    const notJson = await fetch(`${base}/api/op/health.get`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: { code: 'E_VALIDATION' } });
  });
});

describe('health history', () => {
  it('every check (any door) lands in the short history the Overview shows', async () => {
    tc = await openTestCore();
    await tc.core.migrations.up();
    await tc.core.health.check();
    await tc.core.health.check();
    const h = await tc.core.invoke('health.history', {}, tc.core.context('ipc'));
    expect(h).toHaveLength(2);
    expect(h[1]).toMatchObject({ status: 'healthy', database_latency_ms: expect.any(Number) });
    expect(Date.parse(h[1]!.timestamp)).toBeGreaterThanOrEqual(Date.parse(h[0]!.timestamp));
  });
});
