// A stable token for unattended monitoring (issue 13): `serve --token-ref ENV:NAME|VAULT:name`
// takes the token from that secret, refuses one shorter than 32 characters at start, never
// prints it, and the same token is accepted again after a restart. Real serve (startServe and
// the CLI in its own process), the keychain as the in-memory store for VAULT: in-process.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import { MIN_TOKEN_LENGTH, tokenMatches } from '../../main/server/guards.js';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { BIN, REPO, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const STABLE = 'stable-monitoring-token-0123456789-abcdefgh';
const WEAK = 'weak-token-0123456789-abcdefghi'; // 31 characters
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dataDir(): string {
  const t = tempDir();
  cleanups.push(() => t.remove());
  return t.dir;
}

async function serveWith(dir: string, tokenRef: string, env: NodeJS.ProcessEnv, store: MemorySecretStore | null = null): Promise<RunningServer> {
  const s = await startServe({ host: '127.0.0.1', port: 0, dataDir: dir, tokenRef, env, secretStore: store, uiDir: dir });
  cleanups.push(() => s.close());
  return s;
}

const appInfo = (s: RunningServer, token: string) => fetch(`${s.url}/api/op/app.info`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });

/** `optiplan360 serve … --json` in its own process: the banner line, then SIGTERM. */
function cliServe(args: string[], env: NodeJS.ProcessEnv): Promise<{ banner: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let out = '';
    let err = '';
    let banner = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d) => {
      out += String(d);
      if (!banner && out.includes('\n')) {
        banner = out.slice(0, out.indexOf('\n'));
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ banner: banner || out, stderr: err, code });
    });
  });
}

describe('serve --token-ref', () => {
  it('ENV: the stable token is accepted, others are not, and it is accepted again after a restart', async () => {
    const dir = dataDir();
    const env = { OPTI_SERVE_TOKEN: STABLE };
    const first = await serveWith(dir, 'ENV:OPTI_SERVE_TOKEN', env);
    expect(first.token).toBe(STABLE);
    expect(first.tokenRef).toBe('ENV:OPTI_SERVE_TOKEN');
    expect((await appInfo(first, STABLE)).status).toBe(200);
    expect((await appInfo(first, `${STABLE}x`)).status).toBe(401);
    await first.close();
    const second = await serveWith(dir, 'ENV:OPTI_SERVE_TOKEN', env);
    expect(second.url).not.toBe('');
    expect((await appInfo(second, STABLE)).status).toBe(200);
  });

  it('VAULT: the token from the keychain', async () => {
    const store = new MemorySecretStore({ secrets: { serve_token: STABLE } });
    const s = await serveWith(dataDir(), 'VAULT:serve_token', {}, store);
    expect((await appInfo(s, STABLE)).status).toBe(200);
  });

  it('a weak, missing or malformed token reference is refused at start, without echoing the value', async () => {
    expect(WEAK.length).toBe(MIN_TOKEN_LENGTH - 1);
    const dir = dataDir();
    await expect(startServe({ host: '127.0.0.1', port: 0, dataDir: dir, tokenRef: 'ENV:T', env: { T: WEAK }, secretStore: null })).rejects.toMatchObject({
      code: 'E_CONFIG_INVALID',
      text: { key: 'cli.serve.token_too_short', params: { ref: 'ENV:T', min: 32 } },
    });
    try {
      await startServe({ host: '127.0.0.1', port: 0, dataDir: dir, tokenRef: 'ENV:T', env: { T: WEAK }, secretStore: null });
    } catch (err) {
      expect(JSON.stringify(err) + String((err as Error).message) + String((err as Error).stack)).not.toContain(WEAK);
    }
    await expect(startServe({ host: '127.0.0.1', port: 0, dataDir: dir, tokenRef: 'ENV:NOT_SET', env: {}, secretStore: null })).rejects.toMatchObject({ code: 'E_SECRET_NOT_FOUND' });
    await expect(startServe({ host: '127.0.0.1', port: 0, dataDir: dir, tokenRef: 'plain-literal-token-0123456789-abcdef', env: {}, secretStore: null })).rejects.toMatchObject({ code: 'E_CONFIG_INVALID' });
  });

  it('CLI: a weak token stops serve (exit 1, the reason in Turkish, the value nowhere); a stable one is never printed', async () => {
    const dir = dataDir();
    const weak = await runCli(['serve', '--port', '0', '--data-dir', dir, '--token-ref', 'ENV:OPTI_SERVE_TOKEN'], { OPTI_SERVE_TOKEN: WEAK });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('ENV:OPTI_SERVE_TOKEN içindeki token çok kısa: en az 32 karakter olmalı.');
    expect(weak.stdout + weak.stderr).not.toContain(WEAK);

    const ok = await cliServe(['--port', '0', '--data-dir', dir, '--token-ref', 'ENV:OPTI_SERVE_TOKEN', '--json'], { OPTI_SERVE_TOKEN: STABLE });
    const banner = JSON.parse(ok.banner) as Record<string, unknown>;
    expect(banner).toMatchObject({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), token_ref: 'ENV:OPTI_SERVE_TOKEN' });
    expect(banner).not.toHaveProperty('token');
    expect(ok.banner + ok.stderr).not.toContain(STABLE);

    const human = await cliServe(['--port', '0', '--data-dir', dir, '--token-ref', 'ENV:OPTI_SERVE_TOKEN'], { OPTI_SERVE_TOKEN: STABLE });
    expect(human.banner).toMatch(/^OptiPlan360 konsolu http:\/\/127\.0\.0\.1:\d+ adresinde hizmet veriyor$/);
    expect(human.banner + human.stderr).not.toContain(STABLE);
  }, 120_000);
});

describe('token comparison', () => {
  it('accepts only the exact token, whatever the lengths', () => {
    expect(tokenMatches(STABLE, STABLE)).toBe(true);
    expect(tokenMatches(STABLE.slice(0, -1), STABLE)).toBe(false);
    expect(tokenMatches(`${STABLE}x`, STABLE)).toBe(false);
    expect(tokenMatches('', STABLE)).toBe(false);
    expect(tokenMatches(undefined, STABLE)).toBe(false);
    expect(tokenMatches(STABLE, '')).toBe(false);
  });
});
