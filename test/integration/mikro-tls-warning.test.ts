// Issue 12 §5: tedious sets an IP address as the TLS ServerName, and Node prints DEP0123 for it.
// That warning must not reach the user's terminal, and no other warning may be swallowed with it.
// Each case runs in its own Node process (a warning is printed once per process), with real
// tedious connecting by IP to the TDS fake's TLS, and its stderr is read.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const url = (p: string) => pathToFileURL(path.join(ROOT, p)).href;

function runChild(body: string): { stderr: string; stdout: string; status: number | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mikro-dep0123-'));
  const file = path.join(dir, 'child.mts');
  fs.writeFileSync(file, body);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    return { stderr: r.stderr, stdout: r.stdout, status: r.status };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('DEP0123 (IP address as TLS ServerName)', () => {
  it('a Mikro connection by IP over TLS prints no DEP0123; other warnings still show', () => {
    const r = runChild(`
      import { startTdsFake } from '${url('test/fakes/tds/server.ts')}';
      import { MikroClient } from '${url('main/core/mikro/mikro-connection.ts')}';
      const f = await startTdsFake({ tls: { encryption: 'on' } });
      const c = new MikroClient({ host: '127.0.0.1', port: f.port, instance: null, database: 'd', username: 'u', timeout_seconds: 5, encrypt: true, trust_server_certificate: true }, async () => 'pw-123456');
      const res = await c.query('SELECT 1 AS ok');
      console.log('rows', JSON.stringify(res.rows), 'tls', c.transport.tls);
      await c.close();
      await f.close();
      process.emitWarning('a different warning', 'DeprecationWarning', 'DEP_TEST_OTHER');
      await new Promise((r) => setTimeout(r, 20));
    `);
    expect(r.stdout).toMatch(/rows \[\[1\]\] tls [1-9]/); // logged in over TLS, by IP
    expect(r.stderr).not.toContain('DEP0123');
    expect(r.stderr).not.toMatch(/TLS ServerName/i);
    expect(r.stderr).toContain('DEP_TEST_OTHER');
    expect(r.status).toBe(0);
  });

  it('without the filter Node does print it (the case above is not vacuous)', () => {
    const r = runChild(`
      import tls from 'node:tls';
      const s = tls.connect({ host: '127.0.0.1', port: 9, servername: '127.0.0.1' });
      s.on('error', () => undefined);
      await new Promise((r) => setTimeout(r, 20));
    `);
    expect(r.stderr).toContain('DEP0123');
  });
});
