// The shipped main-process bundle (dist/main/app/main.cjs) wired to a real core host, with the
// Electron API replaced by a small fake (there is no Electron binary here): `utilityProcess.fork`
// forks the host bundle as a Node child and `MessageChannelMain` is that child's IPC channel —
// the host runs its Node transport, with the same messages. What this checks is the shell's
// wiring: app:// registered before ready and handled after, permissions refused, the window
// loading app://, every IPC operation registered and relayed to the host with the sender check,
// events reaching the window, and before-quit holding the quit until the host has closed.
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_OPS } from '../../main/app/ipc.js';
import { ipcChannel } from '../../shared/contract.js';
import { REPO } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

type Handler = (event: { senderFrame: { url: string; parent: unknown } | null }, input: unknown) => Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>;

const t = tempDir();
const seen = {
  privileged: [] as unknown[],
  readyAtPrivileged: null as boolean | null,
  protocols: new Map<string, (req: Request) => Promise<Response>>(),
  ipc: new Map<string, Handler>(),
  appHandlers: new Map<string, ((...args: unknown[]) => void)[]>(),
  loaded: [] as string[],
  sent: [] as { channel: string; event: { name: string } }[],
  permissionRequest: null as null | ((wc: unknown, p: string, cb: (g: boolean) => void) => void),
  permissionCheck: null as null | ((wc: unknown, p: string) => boolean),
  quits: 0,
  children: [] as ChildProcess[],
};
let ready = false;
let resolveReady!: () => void;
const whenReady = new Promise<void>((r) => (resolveReady = r));
const frame = { url: '', parent: null, send: (channel: string, event: { name: string }) => void seen.sent.push({ channel, event }) };

/** Just the part of Electron main.ts uses. */
const fakeElectron = {
  app: {
    getAppPath: () => REPO,
    isPackaged: false,
    setPath: () => undefined,
    enableSandbox: () => undefined,
    requestSingleInstanceLock: () => true,
    whenReady: () => whenReady,
    on: (name: string, fn: (...args: unknown[]) => void) => void seen.appHandlers.set(name, [...(seen.appHandlers.get(name) ?? []), fn]),
    quit: () => {
      seen.quits++;
      const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
      for (const fn of seen.appHandlers.get('before-quit') ?? []) fn(event);
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      seen.readyAtPrivileged = ready;
      seen.privileged.push(...schemes);
    },
    handle: (scheme: string, fn: (req: Request) => Promise<Response>) => void seen.protocols.set(scheme, fn),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof seen.permissionRequest) => void (seen.permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof seen.permissionCheck) => void (seen.permissionCheck = fn),
    },
  },
  ipcMain: { handle: (channel: string, fn: Handler) => void seen.ipc.set(channel, fn), removeHandler: () => undefined },
  shell: { openExternal: () => undefined },
  dialog: {},
  BrowserWindow: class {
    webContents = { isDestroyed: () => false, mainFrame: frame, on: () => undefined, setWindowOpenHandler: () => undefined };
    once() {}
    on() {}
    show() {}
    loadURL(url: string) {
      frame.url = url;
      seen.loaded.push(url);
      return Promise.resolve();
    }
  },
  MessageChannelMain: class {
    port1 = Object.assign(new EventEmitter(), {
      child: null as ChildProcess | null,
      start: () => undefined,
      postMessage(this: { child: ChildProcess | null }, m: unknown) {
        if (this.child?.connected) this.child.send(m as never);
      },
    });
    port2 = { peer: this.port1 };
  },
  utilityProcess: {
    fork: (entry: string) => {
      const child = fork(entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      seen.children.push(child);
      return {
        // The "transfer" of port2: from now on its peer, port1, is this child's IPC channel.
        postMessage: (_m: unknown, ports: { peer: EventEmitter & { child: ChildProcess | null } }[]) => {
          const port1 = ports[0]!.peer;
          port1.child = child;
          child.on('message', (data) => port1.emit('message', { data }));
        },
        once: (name: string, fn: (code: number | null) => void) => void child.once(name, (code) => fn(code)),
        kill: () => child.kill('SIGKILL'),
      };
    },
  },
};

beforeAll(() => {
  const bundle = path.join(REPO, 'dist', 'main', 'app', 'main.cjs');
  if (!fs.existsSync(bundle)) throw new Error('dist/main/app/main.cjs is missing: run `npm run build` first (npm test does)');
  writeConfig(t.dir, 'system_config.json', { environment: 'test', database: { auto_migrate_on_startup: false } });
  process.env.OPTIPLAN_DATA_DIR = t.dir;
  const require = createRequire(import.meta.url);
  const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? fakeElectron : load.call(this, request, ...rest);
  };
  try {
    require(bundle);
  } finally {
    Module._load = load;
  }
  ready = true;
  resolveReady();
});

afterAll(() => {
  for (const c of seen.children) if (c.exitCode === null) c.kill('SIGKILL');
  delete process.env.OPTIPLAN_DATA_DIR;
  t.remove();
});

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
};

describe('the main-process bundle over a real core host (Electron faked)', () => {
  it('registers app:// before ready, serves the UI with the CSP after, and refuses permissions', async () => {
    await until(() => seen.loaded.length === 1);
    expect(seen.readyAtPrivileged).toBe(false);
    expect(seen.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(seen.loaded).toEqual(['app://optiplan360/index.html']);
    const res = await seen.protocols.get('app')!(new Request('app://optiplan360/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(seen.permissionCheck!(null, 'media')).toBe(false);
    const granted: boolean[] = [];
    seen.permissionRequest!(null, 'geolocation', (g) => granted.push(g));
    expect(granted).toEqual([false]);
  });

  it('registers every IPC operation and relays calls from the app’s frame to the host; other frames are refused', async () => {
    expect([...seen.ipc.keys()].sort()).toEqual(IPC_OPS.map(ipcChannel).sort());
    const call = seen.ipc.get(ipcChannel('app.info'))!;
    const answer = await call({ senderFrame: { url: 'app://optiplan360/index.html#/database', parent: null } }, {});
    expect(answer).toMatchObject({ ok: true, data: { data_dir: t.dir, engine: 'sqlite' } });
    // The host is another process: the core's database is not open in this one.
    expect(seen.children[0]!.pid).not.toBe(process.pid);
    expect(await call({ senderFrame: { url: 'file:///C:/Users/x/Downloads/index.html', parent: null } }, {})).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
  });

  it('relays the host’s job events to the window', async () => {
    const up = seen.ipc.get(ipcChannel('migrations.up'))!;
    expect(await up({ senderFrame: { url: 'app://optiplan360/index.html', parent: null } }, {})).toMatchObject({ ok: true });
    await until(() => seen.sent.some((s) => s.event.name === 'job.finished'));
    expect(seen.sent.map((s) => s.event.name)).toEqual(expect.arrayContaining(['job.started', 'job.finished']));
  });

  it('before-quit holds the quit until the host has closed, then quits once', async () => {
    const child = seen.children[0]!;
    const event = { prevented: false, preventDefault: () => void (event.prevented = true) };
    for (const fn of seen.appHandlers.get('before-quit') ?? []) fn(event);
    expect(event.prevented).toBe(true);
    await until(() => seen.quits === 1);
    expect(child.exitCode).toBe(0);
    expect(fs.existsSync(path.join(t.dir, 'optiplan360.sqlite-wal'))).toBe(false);
  });
});
