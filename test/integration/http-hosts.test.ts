// serve beyond loopback (issue 13): the machine's own names and addresses plus --allow-host are
// accepted as Host, anything else is refused; a spoofed `Host: 127.0.0.1` still needs the token;
// a configured token (--token-ref) is required; without TLS the banner warns that the token
// crosses the LAN in plain text; with --tls-cert/--tls-key it is served over HTTPS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedHosts, machineNames } from '../../main/server/guards.js';
import { startServe } from '../../main/server/serve.js';
import { createServer } from '../../main/server/server.js';
import { testCertificate } from '../fakes/tds/cert.js';
import { BIN, REPO, runCli } from '../helpers/cli.js';
import { openTestCore } from '../helpers/core.js';
import { tempDir } from '../helpers/temp.js';

const TOKEN = 'hosts-test-token-0123456789abcdef-xyz';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(host: string, allowHosts: string[] = []): Promise<{ app: FastifyInstance; port: number }> {
  const tc = await openTestCore();
  cleanups.push(() => tc.cleanup());
  const app = await createServer(tc.core, { host, port: 0, token: TOKEN, allowHosts });
  await app.listen({ host, port: 0 });
  cleanups.push(() => app.close());
  return { app, port: (app.server.address() as { port: number }).port };
}

/** GET over a loopback connection with any Host header (what a LAN client or a spoofer sends). */
function get(port: number, pathName: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .request({ host: '127.0.0.1', port, path: pathName, headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject)
      .end();
  });
}

const lanAddress = (): string | undefined =>
  Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && !a.internal && a.family === 'IPv4')?.address;

describe('Host names beyond loopback', () => {
  it("0.0.0.0: the machine's own names and addresses and --allow-host are accepted, a foreign name is not; every API call still needs the token", async () => {
    const { port } = await serve('0.0.0.0', ['konsol.atolye.lan', 'monitor.atolye.lan:9999']);
    const auth = { authorization: `Bearer ${TOKEN}` };
    const names = [os.hostname(), `${os.hostname()}.local`, 'konsol.atolye.lan', '127.0.0.1', 'localhost', ...(lanAddress() ? [lanAddress()!] : [])];
    for (const n of names) {
      expect(await get(port, '/health/live', { host: `${n}:${port}` }), n).toBe(200);
      expect(await get(port, '/api/op/app.info', { host: `${n}:${port}`, ...auth }), n).toBe(200);
      expect(await get(port, '/api/op/audit.list', { host: `${n}:${port}` }), n).toBe(401);
    }
    expect(await get(port, '/health/live', { host: 'monitor.atolye.lan:9999' })).toBe(200);
    expect(await get(port, '/health/live', { host: `evil.example:${port}` })).toBe(403);
    expect(await get(port, '/health/live', { host: `konsol.atolye.lan.evil.example:${port}` })).toBe(403);
    // The spoofed loopback name gets nothing without the token (it used to get the audit CSV).
    expect(await get(port, '/api/op/config.get', { host: `127.0.0.1:${port}` })).toBe(401);
  });

  it('on loopback the LAN names are not accepted', async () => {
    const { port } = await serve('127.0.0.1');
    expect(await get(port, '/health/live', { host: `127.0.0.1:${port}` })).toBe(200);
    expect(await get(port, '/health/live', { host: `${os.hostname()}:${port}` })).toBe(403);
  });

  it('the allowed set: IPv6 in brackets, the default port may be left out, a zone id is dropped', () => {
    const set = allowedHosts({ host: '0.0.0.0', port: 80, allowHosts: ['fe80::1%eth0', '[fd00::9]:8443'] });
    expect(set.has('[fe80::1]:80')).toBe(true);
    expect(set.has('[fe80::1]')).toBe(true);
    expect(set.has('[fd00::9]:8443')).toBe(true);
    expect(set.has('localhost')).toBe(true);
    expect(machineNames()).toContain(os.hostname().toLowerCase());
    const tls = allowedHosts({ host: '0.0.0.0', port: 443, tls: true });
    expect(tls.has('localhost')).toBe(true);
    expect(allowedHosts({ host: '127.0.0.1', port: 8080 }).has(`${os.hostname().toLowerCase()}:8080`)).toBe(false);
  });
});

describe('a configured token and TLS beyond loopback', () => {
  it('without --token-ref serve refuses to listen beyond loopback', async () => {
    const t = tempDir();
    cleanups.push(() => t.remove());
    await expect(startServe({ host: '0.0.0.0', port: 0, dataDir: t.dir, secretStore: null })).rejects.toMatchObject({ code: 'E_CONFIG_INVALID', text: { key: 'cli.serve.lan_needs_token_ref' } });
    const r = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--data-dir', t.dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('0.0.0.0 adresinde, loopback dışında dinlemek için sabit bir token gerekir');
  });

  it('--tls-cert/--tls-key: served over HTTPS; an https Origin of this server passes, an http one does not', async () => {
    const t = tempDir();
    cleanups.push(() => t.remove());
    const cert = testCertificate('localhost');
    fs.writeFileSync(path.join(t.dir, 'cert.pem'), cert.cert);
    fs.writeFileSync(path.join(t.dir, 'key.pem'), cert.key);
    const s = await startServe({ host: '0.0.0.0', port: 0, dataDir: t.dir, token: TOKEN, tlsCert: path.join(t.dir, 'cert.pem'), tlsKey: path.join(t.dir, 'key.pem'), secretStore: null, uiDir: t.dir });
    cleanups.push(() => s.close());
    expect(s.tls).toBe(true);
    expect(s.url).toMatch(/^https:\/\/0\.0\.0\.0:\d+$/);
    const port = Number(new URL(s.url).port);
    const tlsGet = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        https
          .request({ host: '127.0.0.1', port, path: '/api/op/app.info', ca: cert.cert, servername: 'localhost', headers: { host: `localhost:${port}`, authorization: `Bearer ${TOKEN}`, ...headers } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject)
          .end();
      });
    expect(await tlsGet({})).toBe(200);
    expect(await tlsGet({ origin: `https://localhost:${port}` })).toBe(200);
    expect(await tlsGet({ origin: `http://localhost:${port}` })).toBe(403);
    // Plain HTTP on the TLS port is not served.
    await expect(get(port, '/health/live', { host: `localhost:${port}` })).rejects.toThrow();
    await expect(startServe({ host: '127.0.0.1', port: 0, dataDir: t.dir, tlsCert: path.join(t.dir, 'cert.pem'), secretStore: null })).rejects.toMatchObject({ text: { key: 'cli.serve.tls_needs_both' } });
  });

  it('the banner warns that the token crosses the LAN unencrypted without TLS, and says HTTPS is on with it', async () => {
    const t = tempDir();
    cleanups.push(() => t.remove());
    const cert = testCertificate('localhost');
    fs.writeFileSync(path.join(t.dir, 'cert.pem'), cert.cert);
    fs.writeFileSync(path.join(t.dir, 'key.pem'), cert.key);
    const env = { OPTI_SERVE_TOKEN: TOKEN };
    const plain = await bannerOf(['--host', '0.0.0.0', '--port', '0', '--data-dir', t.dir, '--token-ref', 'ENV:OPTI_SERVE_TOKEN', '--allow-host', 'konsol.atolye.lan'], env);
    expect(plain).toContain('UYARI: bağlantı şifresiz (HTTP): token ve yanıtlar LAN üzerinden açık metin olarak gider.');
    expect(plain).not.toContain(TOKEN);
    const secure = await bannerOf(['--host', '0.0.0.0', '--port', '0', '--data-dir', t.dir, '--token-ref', 'ENV:OPTI_SERVE_TOKEN', '--tls-cert', path.join(t.dir, 'cert.pem'), '--tls-key', path.join(t.dir, 'key.pem'), '--lang', 'en'], env);
    expect(secure).toMatch(/^OptiPlan360 console serving at https:\/\/0\.0\.0\.0:\d+/);
    expect(secure).toContain('HTTPS is on: the token and the answers are encrypted.');
    expect(secure).not.toContain('not encrypted');
  }, 120_000);
});

/** The human banner of `optiplan360 serve …` (until its warning lines are out), then SIGTERM. */
function bannerOf(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d) => {
      out += String(d);
      if (/(UYARI: bağlantı şifresiz|HTTPS açık|not encrypted|HTTPS is on)[^\n]*\n/.test(out)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (out += String(d)));
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}
