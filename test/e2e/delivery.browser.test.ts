/**
 * How `serve` delivers the built UI (main/server/static-assets.ts): compressed (brotli, else
 * gzip) from the files the build wrote, hashed assets cached as immutable, index.html
 * revalidated, no source maps and no build manifest; and the renderer bundles neither zod nor
 * the contract's schemas (it knows operation names only).
 */
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { contract, httpRoute as sharedRoute, type OpName } from '../../shared/contract.js';
import { EVENT_NAMES as SHARED_EVENTS, EVENTS_ROUTE as SHARED_EVENTS_ROUTE } from '../../shared/events.js';
import { MIKRO_STAGE_NAMES as SHARED_STAGES } from '../../shared/mikro.js';
import { EVENT_NAMES, EVENTS_ROUTE, httpRoute, MIKRO_STAGE_NAMES } from '../../renderer/src/wire.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/temp.js';

let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;
const ui = builtUiDir();

beforeAll(async () => {
  tmp = tempDir();
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: ui });
});
afterAll(async () => {
  await server?.close();
  tmp?.remove();
});

/** A raw GET (fetch would decode the body and hide the encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

const entry = () => {
  const html = fs.readFileSync(path.join(ui, 'index.html'), 'utf8');
  return /src="\.\/(assets\/index-[^"]+\.js)"/.exec(html)![1]!;
};

describe('serving the console UI', () => {
  it('sends brotli to a browser that takes it, gzip to one that takes only gzip, identity otherwise', async () => {
    const url = `${server.url}/${entry()}`;
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body).toEqual(fs.readFileSync(path.join(ui, `${entry()}.br`)));
    const gz = await get(url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const plain = await get(url, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(br.body.length);
  });

  it('Chromium on http://127.0.0.1 takes brotli (a secure context), so the brotli figure is what it downloads', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const encodings: string[] = [];
      page.on('response', (r) => {
        if (/\/assets\/.+\.js$/.test(r.url())) encodings.push(r.headers()['content-encoding'] ?? 'identity');
      });
      await page.goto(`${server.url}/?token=${server.token}`);
      await page.locator('main h2').first().waitFor();
      expect(encodings.length).toBeGreaterThan(2);
      expect([...new Set(encodings)]).toEqual(['br']);
    } finally {
      await browser.close();
    }
  });

  it('the initial JS, as serve sends it, is at most 100 KB in brotli and in gzip (issue 11)', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ui, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; imports?: string[] }>;
    const initial = new Set<string>();
    const walk = (k: string) => {
      const c = manifest[k]!;
      if (initial.has(c.file)) return;
      initial.add(c.file);
      (c.imports ?? []).forEach(walk);
    };
    walk('index.html');
    const js = [...initial].filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(1);
    const served = async (encoding: 'br' | 'gzip') => {
      let total = 0;
      for (const f of js) {
        const r = await get(`${server.url}/${f}`, { 'accept-encoding': encoding });
        expect(r.status, f).toBe(200);
        expect(r.headers['content-encoding'], f).toBe(encoding);
        total += r.body.length;
      }
      return total;
    };
    const br = await served('br');
    const gzip = await served('gzip');
    console.log(`initial JS served: ${(br / 1024).toFixed(1)} KB brotli, ${(gzip / 1024).toFixed(1)} KB gzip (${js.length} files)`);
    expect(br).toBeLessThanOrEqual(100 * 1024);
    expect(gzip).toBeLessThanOrEqual(100 * 1024);
  });

  it('hashed assets are immutable for a year; index.html is revalidated', async () => {
    const asset = await get(`${server.url}/${entry()}`);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const index = await get(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
  });

  it('no source maps are built or served, nor the build manifest', async () => {
    const files = fs.readdirSync(ui, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const manifest = await get(`${server.url}/.vite/manifest.json`);
    expect(manifest.body.toString()).not.toContain('"isEntry"');
    const map = await get(`${server.url}/${entry()}.map`);
    expect(map.body.toString()).not.toContain('"mappings"');
  });

  it('the initial chunks carry no message catalogue (one language is loaded on demand)', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ui, '.vite/manifest.json'), 'utf8')) as Record<string, { file: string; imports?: string[] }>;
    const initial = new Set<string>();
    const walk = (k: string) => {
      const c = manifest[k]!;
      if (initial.has(c.file)) return;
      initial.add(c.file);
      (c.imports ?? []).forEach(walk);
    };
    walk('index.html');
    // Texts only the core catalogues hold (a playbook step, an English error next step).
    const leaked = [...initial].filter((f) => /Olay planı adım 1|Check the PostgreSQL service/.test(fs.readFileSync(path.join(ui, f), 'utf8')));
    expect(leaked).toEqual([]);
    expect(initial.size).toBeGreaterThan(1);
  });

  it('the renderer’s wire constants (renderer/src/wire.ts) are the shared ones', () => {
    expect([...EVENT_NAMES].sort()).toEqual([...SHARED_EVENTS].sort());
    expect(EVENTS_ROUTE).toBe(SHARED_EVENTS_ROUTE);
    for (const name of Object.keys(contract) as OpName[]) expect(httpRoute(name)).toBe(sharedRoute(name));
    expect([...MIKRO_STAGE_NAMES]).toEqual([...SHARED_STAGES]);
  });

  it('the renderer bundle has no zod and no contract schemas (operation names only)', () => {
    // zod's own texts and names would be in a chunk that bundled it (a value import from a shared file with schemas).
    const withZod = fs
      .readdirSync(path.join(ui, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /Invalid input|ZodError|\$ZodType|strictObject/.test(fs.readFileSync(path.join(ui, 'assets', f), 'utf8')));
    expect(withZod).toEqual([]);
  });
});
