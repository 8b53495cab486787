// The HTTP door's rules (issue 13), driven by the contract: every operation, GET and POST,
// without the token is refused and nothing is written (no audit row, no stored run, no file, no
// keychain change, no call to Meta or Mikro); cross-site with the token is refused; a GET never
// has effects; the public health endpoints write nothing; no CORS; no-store on every API answer.
// Real serve on loopback with a migrated SQLite data folder, the Graph fake and a TCP listener
// standing in for Mikro.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import { createServer } from '../../main/server/server.js';
import { getAllowed } from '../../main/server/door-policy.js';
import { contract, OP_NAMES, type OpName } from '../../shared/contract.js';
import { CANARY_TOKEN, whatsappJson } from '../fakes/graph/harness.js';
import { startGraphFake, type GraphFake } from '../fakes/graph/server.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { writeConfig } from '../helpers/temp.js';

const TOKEN = 'auth-test-token-0123456789abcdef-xyz';
const auth = { authorization: `Bearer ${TOKEN}` };

/** Inputs that would change something if an operation ran (the door must refuse before that). */
const INPUTS: Partial<Record<OpName, unknown>> = {
  'config.get': { file: 'system_config.json' },
  'config.save': { file: 'system_config.json', patch: { language: 'en' } },
  'secrets.set': { name: 'planted_secret', value: 'planted-value-0123456789' },
  'secrets.delete': { name: 'kept_secret' },
  'mikro.query': { sql: 'SELECT 1' },
  'mikro.cancelQuery': { query_id: 'q1' },
  'whatsapp.sendTest': { to: '+905551112233', template: 'order_ready' },
  'backup.verify': { id: 1 },
  'diagnostics.get': { id: 1 },
  'diagnostics.diff': { id: 1 },
  'diagnostics.export': { format: 'json' },
};

let tc: TestCore;
let app: FastifyInstance;
let base = '';
let graph: GraphFake;
let store: MemorySecretStore;
let mikroServer: net.Server;
let mikroConnections = 0;

beforeAll(async () => {
  graph = await startGraphFake({ token: CANARY_TOKEN });
  mikroServer = net.createServer((s) => {
    mikroConnections++;
    s.destroy();
  });
  await new Promise<void>((r) => mikroServer.listen(0, '127.0.0.1', () => r()));
  store = new MemorySecretStore({ secrets: { kept_secret: 'kept-value-0123456789' } });
  tc = await openTestCore({}, { env: { WA_TOKEN: CANARY_TOKEN, MIKRO_PW: 'pw' }, secretStore: store });
  await tc.core.migrations.up();
  writeConfig(tc.dataDir, 'whatsapp.json', whatsappJson(graph));
  const mikroPort = (mikroServer.address() as net.AddressInfo).port;
  writeConfig(tc.dataDir, 'mikro_connection.json', { host: '127.0.0.1', port: mikroPort, database: 'MikroDB', username: 'optiplan_ro', password: 'ENV:MIKRO_PW', timeout_seconds: 2, encrypt: false });
  app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: TOKEN });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await app?.close();
  await tc?.cleanup();
  await graph?.close();
  await new Promise((r) => mikroServer?.close(r));
});

/** Everything an operation could leave behind: table counts, every file's bytes, the keychain. */
async function footprint(): Promise<Record<string, unknown>> {
  const k = tc.core.db.kysely;
  const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(k)).rows[0]!.n);
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      // The SQLite shared-memory index changes on reads; the database and its WAL do not.
      else if (!e.name.endsWith('-shm')) files[path.relative(tc.dataDir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(tc.dataDir);
  return {
    audit: await count('audit_log'),
    diagnostics: await count('diagnostics_runs'),
    backups: await count('backup_runs'),
    files,
    secrets: (await store.list()).sort(),
  };
}

const external = () => ({ graph: graph.requests.length, mikro: mikroConnections });

function call(name: string, method: 'GET' | 'POST', headers: Record<string, string> = {}): Promise<Response> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (method === 'POST') {
    init.headers = { 'content-type': 'application/json', ...headers };
    init.body = JSON.stringify(INPUTS[name as OpName] ?? {});
  }
  return fetch(`${base}/api/op/${name}`, init);
}

describe('the token on every operation', () => {
  it('every operation of the contract, GET and POST, without the token (or with a wrong one): 401, and nothing written or called', async () => {
    const before = await footprint();
    const ext = external();
    for (const name of OP_NAMES) {
      for (const method of ['GET', 'POST'] as const) {
        for (const headers of [{}, { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }, { 'x-optiplan-token': 'short' }] as Record<string, string>[]) {
          const res = await call(name, method, headers);
          expect(res.status, `${method} ${name}`).toBe(401);
          expect(res.headers.get('cache-control'), `${method} ${name}`).toBe('no-store');
          expect(res.headers.get('www-authenticate')).toBe('Bearer');
          const body = (await res.json()) as { error: { code: string; message: string } };
          expect(body.error.code).toBe('E_UNAUTHORIZED');
          expect(body.error.message).toMatch(/^Bu istek token gerektirir/);
        }
      }
    }
    for (const p of ['/api/v1/integration/diagnostics', '/api/events', '/api/op/nope.nothing', '/api/anything']) {
      expect((await fetch(`${base}${p}`)).status, p).toBe(401);
    }
    expect(await footprint()).toEqual(before);
    expect(external()).toEqual(ext);
  });

  it('the checks above can see a write: the same calls with the token do change things', async () => {
    const before = await footprint();
    expect((await call('secrets.set', 'POST', auth)).status).toBe(200);
    expect((await call('config.save', 'POST', auth)).status).toBe(200);
    const after = await footprint();
    expect(after.secrets).toContain('planted_secret');
    expect(after.audit).toBeGreaterThan(before.audit as number);
    expect(after.files).not.toEqual(before.files);
  });

  it('with the token, a GET never has effects: writes and operations that leave a record are POST only', async () => {
    const before = await footprint();
    for (const name of OP_NAMES) {
      const def = contract[name];
      const res = await call(name, 'GET', auth);
      expect(res.headers.get('cache-control'), name).toBe('no-store');
      if (!(def.doors as readonly string[]).includes('http')) expect(res.status, name).toBe(404);
      else if (def.access === 'write' || (def.effects as readonly string[]).includes('audit')) {
        expect(getAllowed(name)).toBe(false);
        expect(res.status, name).toBe(403);
      } else expect(getAllowed(name)).toBe(true);
    }
    // No audit row, no stored run, no backup, no secret, no config file. (The database file
    // itself may change: audit.verify keeps where its last full walk ended.)
    const appFiles = (f: unknown) => Object.fromEntries(Object.entries(f as Record<string, string>).filter(([k]) => !k.startsWith('optiplan360.sqlite')));
    const after = await footprint();
    expect({ ...after, files: appFiles(after.files) }).toEqual({ ...before, files: appFiles(before.files) });
  });

  it('the public endpoints answer without the token and write nothing', async () => {
    const before = await footprint();
    for (const p of ['/health', '/health/live', '/health/ready', '/api/v1/mikro/health']) {
      const res = await fetch(`${base}${p}`);
      expect(res.status, p).toBeLessThan(500);
      expect(res.headers.get('cache-control'), p).toBe('no-store');
      await res.arrayBuffer();
    }
    expect(await footprint()).toEqual(before);
  });
});

describe('cross-site requests and CORS', () => {
  it('Sec-Fetch-Site cross-site or same-site (another port) with the token: 403 on every operation, nothing written; /health answers', async () => {
    const before = await footprint();
    const ext = external();
    for (const site of ['cross-site', 'same-site']) {
      for (const name of OP_NAMES) {
        const res = await call(name, 'POST', { ...auth, 'sec-fetch-site': site });
        expect(res.status, `${site} ${name}`).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('E_FORBIDDEN');
      }
      expect((await fetch(`${base}/api/v1/integration/diagnostics`, { headers: { ...auth, 'sec-fetch-site': site } })).status).toBe(403);
      expect((await fetch(`${base}/api/v1/mikro/health`, { headers: { 'sec-fetch-site': site } })).status).toBe(403);
      expect((await fetch(`${base}/health`, { headers: { 'sec-fetch-site': site } })).status).toBe(200);
    }
    // The console's own UI (same-origin) and a typed address (none) pass.
    expect((await call('app.info', 'POST', { ...auth, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await call('app.info', 'POST', { ...auth, 'sec-fetch-site': 'none' })).status).toBe(200);
    const after = await footprint();
    expect(after).toEqual(before);
    expect(external()).toEqual(ext);
  });

  it('an Origin on another port of this machine is refused; no answer carries CORS headers', async () => {
    const other = base.replace(/:\d+$/, ':1');
    const res = await call('app.info', 'POST', { ...auth, origin: other });
    expect(res.status).toBe(403);
    const preflight = await fetch(`${base}/api/op/app.info`, { method: 'OPTIONS', headers: { origin: other, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    for (const r of [res, preflight, await call('app.info', 'POST', auth), await fetch(`${base}/health`)]) {
      for (const h of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-headers']) expect(r.headers.get(h)).toBeNull();
    }
  });
});
