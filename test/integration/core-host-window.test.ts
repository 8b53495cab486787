// The window's side of the process shape (issue 15), without an Electron binary: the UI served
// from app:// out of the real built UI folder with the CSP header from the one constant, every
// permission refused (request and check handlers), `before-quit` holding the quit until a real
// core host has closed, and the PDF export's temporary HTML file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, handleAppRequest, resolveAppPath } from '../../main/app/app-protocol.js';
import { writeTempHtml } from '../../main/app/pdf-export-file.js';
import { quitGuard } from '../../main/app/quit-guard.js';
import { denyAllPermissions, type SessionLike } from '../../main/app/session-policy.js';
import { APP_CSP } from '../../main/app/window-options.js';
import { forkHost } from '../../main/host/fork-host.js';
import { HostClient } from '../../main/host/host-client.js';
import { APP_CSP as SHARED_CSP } from '../../shared/csp.js';
import { REPO } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const UI = path.join(REPO, 'dist-renderer');

describe('app:// protocol', () => {
  it('serves the built UI with the CSP header from the one constant', async () => {
    if (!fs.existsSync(path.join(UI, 'index.html'))) throw new Error('dist-renderer/ is missing: run `npm run build` first (npm test does)');
    const res = await handleAppRequest(new Request(APP_ENTRY_URL), UI);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(SHARED_CSP);
    expect(APP_CSP).toBe(SHARED_CSP);
    const html = await res.text();
    const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await handleAppRequest(new Request(new URL(script!, APP_ENTRY_URL).toString()), UI);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers nothing outside the UI folder or for another host, and only GET/HEAD', async () => {
    const root = path.join(path.sep, 'opt', 'OptiPlan360', 'resources', 'app.asar', 'dist-renderer');
    expect(resolveAppPath('app://optiplan360/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath('app://optiplan360/assets/a%20b.js', root)).toBe(path.join(root, 'assets', 'a b.js'));
    expect(resolveAppPath('app://optiplan360/../../secret.json', root)).toBe(path.join(root, 'secret.json')); // URL parsing folds `..` (also %2e%2e) at the root: still inside
    expect(resolveAppPath('app://optiplan360/%2e%2e/%2e%2e/secret.json', root)).toBe(path.join(root, 'secret.json'));
    expect(resolveAppPath('app://optiplan360/..%2f..%2fsecret.json', root)).toBeNull();
    expect(resolveAppPath('app://optiplan360/a%5c..%5c..%5csecret.json', root)).toBeNull();
    expect(resolveAppPath('app://optiplan360/%00.html', root)).toBeNull();
    expect(resolveAppPath('app://elsewhere/index.html', root)).toBeNull();
    expect(resolveAppPath('file:///etc/passwd', root)).toBeNull();
    const missing = await handleAppRequest(new Request('app://optiplan360/nope.js'), UI);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(SHARED_CSP);
    expect((await handleAppRequest(new Request(APP_ENTRY_URL, { method: 'POST', body: 'x' }), UI)).status).toBe(405);
  });
});

describe('session permissions', () => {
  it('refuses every permission request and every permission check', () => {
    let request: Parameters<SessionLike['setPermissionRequestHandler']>[0] = null;
    let check: Parameters<SessionLike['setPermissionCheckHandler']>[0] = null;
    const asked: string[] = [];
    denyAllPermissions({ setPermissionRequestHandler: (h) => void (request = h), setPermissionCheckHandler: (h) => void (check = h) }, (p) => asked.push(p));
    const answers: boolean[] = [];
    request!(null, 'media', (granted) => answers.push(granted));
    request!(null, 'notifications', (granted) => answers.push(granted));
    expect(answers).toEqual([false, false]);
    expect(asked).toEqual(['media', 'notifications']);
    for (const p of ['clipboard-read', 'geolocation', 'media', 'hid', 'serial']) expect(check!(null, p)).toBe(false);
  });
});

describe('quit waits for the core host', () => {
  it('holds the first quit, closes a real host (bounded), then lets the quit through once', async () => {
    const t = tempDir();
    writeConfig(t.dir, 'system_config.json', { environment: 'test', database: { auto_migrate_on_startup: false } });
    const client = new HostClient({
      spawn: forkHost({ entry: path.join(REPO, 'main', 'host', 'host-process.ts'), execArgv: ['--import', 'tsx'] }),
      init: { dataDir: t.dir, configDir: path.join(t.dir, 'config'), background: false },
    });
    try {
      await client.start();
      await client.invoke('migrations.up', {});
      const pid = client.pid!;
      let quits = 0;
      let closed: unknown = null;
      const quit = new Promise<void>((resolve) => {
        const onBeforeQuit = quitGuard({
          closeCore: async () => (closed = await client.close(5_000)),
          quit: () => {
            quits++;
            // app.quit() emits before-quit again: the guard lets this one through.
            const again = { prevented: false, preventDefault: () => void (again.prevented = true) };
            onBeforeQuit(again);
            expect(again.prevented).toBe(false);
            resolve();
          },
        });
        const first = { prevented: false, preventDefault: () => void (first.prevented = true) };
        onBeforeQuit(first);
        expect(first.prevented).toBe(true);
        // A second quit while the core closes is the same wait.
        const second = { prevented: false, preventDefault: () => void (second.prevented = true) };
        onBeforeQuit(second);
        expect(second.prevented).toBe(true);
      });
      await quit;
      expect(quits).toBe(1);
      expect(closed).toMatchObject({ outcome: 'closed' });
      expect(() => process.kill(pid, 0)).toThrow(); // the host process is gone
      expect(fs.existsSync(path.join(t.dir, 'optiplan360.sqlite-wal'))).toBe(false);
    } finally {
      await client.close(1_000).catch(() => undefined);
      t.remove();
    }
  });

  it('a close that fails still lets the quit through', async () => {
    const errors: unknown[] = [];
    await new Promise<void>((resolve) => {
      quitGuard({ closeCore: () => Promise.reject(new Error('boom')), quit: resolve, onError: (e) => errors.push(e) })({ preventDefault: () => undefined });
    });
    expect(errors).toHaveLength(1);
  });
});

describe('PDF export input', () => {
  it('writes a report larger than a data: URL allows (2 MB) to a private temp file, removed afterwards', async () => {
    const html = `<!doctype html><meta charset="utf-8"><p>${'Şçğıİöü tanılama raporu '.repeat(120_000)}</p>`;
    expect(Buffer.byteLength(html)).toBeGreaterThan(2 * 1024 * 1024);
    const t = tempDir();
    try {
      const temp = await writeTempHtml(html, t.dir);
      expect(fs.readFileSync(temp.file, 'utf8')).toBe(html);
      if (process.platform !== 'win32') expect(fs.statSync(temp.file).mode & 0o077).toBe(0);
      await temp.remove();
      expect(fs.existsSync(path.dirname(temp.file))).toBe(false);
    } finally {
      t.remove();
    }
  });
});
