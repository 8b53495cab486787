/**
 * A console whose app database is down still gets a support bundle (issue 18): health, the
 * config, the logs and the README are in it, and the manifest and the README say which parts
 * could not be read and why (E_DB_UNAVAILABLE), instead of the bundle failing.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupportBundleResult } from '../../shared/support.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { openBundle, sha256, type Extracted } from './support-bundle-helpers.js';

let t: TestCore;
let result: SupportBundleResult;
let bundle: Extracted;

/** A port nobody listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

beforeAll(async () => {
  const port = await closedPort();
  t = await openTestCore({ url: `postgres://app@127.0.0.1:${port}/optiplan`, ping_timeout_seconds: 1 });
  fs.mkdirSync(path.join(t.dataDir, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(t.dataDir, 'logs', 'optiplan360.log'), '{"msg":"database unreachable"}\n');
  result = await t.core.invoke('support.bundle', { lang: 'en' }, t.core.context('cli'));
  bundle = openBundle(result.path, path.join(t.dataDir, 'extracted'));
}, 60_000);

afterAll(async () => {
  await t?.cleanup();
});

describe('support bundle with the database down', () => {
  it('still holds what it could read: health (saying the database is down), config, logs, README', () => {
    for (const name of ['manifest.json', 'README.txt', 'health.json', 'config/system_config.json', 'logs/optiplan360.log', 'mikro-statements.json']) expect(bundle.order, name).toContain(name);
    const health = JSON.parse(bundle.files.get('health.json')!.toString()) as { components: { database: { status: string } } };
    expect(health.components.database.status).toBe('unhealthy');
  });

  it('names every part it could not read, with the database as the reason, in the manifest and the README', () => {
    const parts = bundle.manifest.unavailable.map((u) => u.part).sort();
    expect(parts).toEqual(['audit_verify', 'backups', 'diagnostics', 'migrations']);
    for (const u of bundle.manifest.unavailable) {
      expect(u.code, u.part).toBe('E_DB_UNAVAILABLE');
      expect(u.reason_text, u.part).toBe('Cannot reach the PostgreSQL database.');
    }
    const readme = bundle.files.get('README.txt')!.toString();
    expect(readme).toContain('Parts that could not be read (with the reason):');
    expect(readme).toContain('- migrations: Cannot reach the PostgreSQL database.');
    expect(bundle.order).not.toContain('migrations.json');
  });

  it('the result and the manifest agree, and every hash is right', () => {
    expect(result.unavailable.map((u) => u.part).sort()).toEqual(bundle.manifest.unavailable.map((u) => u.part).sort());
    expect(result.sha256).toBe(sha256(fs.readFileSync(result.path)));
    expect(result.size).toBe(fs.statSync(result.path).size);
    for (const f of bundle.manifest.files) expect(sha256(bundle.files.get(f.name)!), f.name).toBe(f.sha256);
  });

  it('python3 -m zipfile -t agrees the zip is sound', async () => {
    const { execFileSync } = await import('node:child_process');
    expect(() => execFileSync('python3', ['-m', 'zipfile', '-t', result.path])).not.toThrow();
  });
});
