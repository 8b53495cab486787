import { describe, expect, it, vi } from 'vitest';
import { handleCall, registerIpcHandlers, type IpcDeps, type IpcMainLike } from '../../main/app/ipc.js';
import { hardenWebContents, type WebContentsLike } from '../../main/app/navigation.js';
import { isAllowedExternalUrl, isTrustedSender, type FrameLike } from '../../main/app/sender-check.js';
import { APP_CSP, mainWindowOptions, secureWebPreferences } from '../../main/app/window-options.js';
import { Dispatcher, type Handlers } from '../../main/core/api/dispatch.js';
import { silentLogger } from '../../main/core/logging/logger.js';
import { ipcChannel, OP_NAMES } from '../../shared/contract.js';

const ENTRY = 'file:///C:/Program%20Files/OptiPlan360/resources/app.asar/dist-renderer/index.html';
const top = (url: string): FrameLike => ({ url, parent: null });

describe('window options (R-APP-2)', () => {
  it('keeps every security switch on', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
    expect(mainWindowOptions('/p.cjs').webPreferences).toEqual(secureWebPreferences('/p.cjs'));
  });

  it('the CSP allows only our own scripts, never eval', () => {
    expect(APP_CSP).toContain("default-src 'self'");
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toContain('unsafe-eval');
    expect(APP_CSP).not.toContain('unsafe-inline');
  });
});

describe('sender check', () => {
  it('trusts only the top frame showing the app page', () => {
    expect(isTrustedSender(top(ENTRY), ENTRY)).toBe(true);
    expect(isTrustedSender(top(`${ENTRY}#/database`), ENTRY)).toBe(true);
    expect(isTrustedSender({ url: ENTRY, parent: top(ENTRY) }, ENTRY)).toBe(false);
    expect(isTrustedSender(top('https://evil.example/index.html'), ENTRY)).toBe(false);
    expect(isTrustedSender(top('file:///C:/Users/x/Downloads/index.html'), ENTRY)).toBe(false);
    expect(isTrustedSender(null, ENTRY)).toBe(false);
    expect(isTrustedSender(top('not a url'), ENTRY)).toBe(false);
  });

  it('opens only https links on the allow-list externally', () => {
    expect(isAllowedExternalUrl('https://developers.facebook.com/docs/whatsapp')).toBe(true);
    expect(isAllowedExternalUrl('http://developers.facebook.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@developers.facebook.com/')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
  });
});

describe('IPC registration', () => {
  function fakeIpc() {
    const handlers = new Map<string, (event: { senderFrame: FrameLike | null }, ...args: unknown[]) => Promise<unknown>>();
    const ipc: IpcMainLike = {
      handle: (channel, fn) => void handlers.set(channel, fn as never),
      removeHandler: (channel) => void handlers.delete(channel),
    };
    return { ipc, handlers };
  }
  const realDispatcher = () => {
    const h = {
      'app.info': vi.fn(async () => ({ product: 'OptiPlan360' })),
      'health.get': vi.fn(),
      'migrations.status': vi.fn(),
      'migrations.up': vi.fn(),
    };
    return { h, d: new Dispatcher(h as unknown as Handlers, silentLogger()) };
  };

  it('registers exactly one handler per contract operation, and removes them', () => {
    const { ipc, handlers } = fakeIpc();
    const { d } = realDispatcher();
    const unregister = registerIpcHandlers(ipc, {
      invoke: (n, i, c) => d.invoke(n, i, c),
      context: { door: 'ipc', actor: 'u@h' },
      isTrusted: () => true,
    });
    expect([...handlers.keys()].sort()).toEqual(OP_NAMES.map(ipcChannel).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('refuses a call from an unexpected sender without running anything', async () => {
    const { h, d } = realDispatcher();
    const onRefused = vi.fn();
    const deps: IpcDeps = {
      invoke: (n, i, c) => d.invoke(n, i, c),
      context: { door: 'ipc', actor: 'u@h' },
      isTrusted: (f) => isTrustedSender(f, ENTRY),
      onRefused,
    };
    const { ipc, handlers } = fakeIpc();
    registerIpcHandlers(ipc, deps);
    const fromIframe = await handlers.get('op:app.info')!({ senderFrame: { url: ENTRY, parent: top(ENTRY) } }, {});
    expect(fromIframe).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    const fromElsewhere = await handlers.get('op:app.info')!({ senderFrame: top('https://evil.example/') }, {});
    expect(fromElsewhere).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    expect(h['app.info']).not.toHaveBeenCalled();
    expect(onRefused).toHaveBeenCalledTimes(2);

    const ok = await handlers.get('op:app.info')!({ senderFrame: top(ENTRY) }, {});
    expect(ok).toMatchObject({ ok: true, data: { product: 'OptiPlan360' } });
  });

  it('a malformed input gets a validation error, not a crash', async () => {
    const { h, d } = realDispatcher();
    const deps: IpcDeps = { invoke: (n, i, c) => d.invoke(n, i, c), context: { door: 'ipc', actor: 'u@h' }, isTrusted: () => true };
    const res = await handleCall('app.info', top(ENTRY), { injected: '<script>' }, deps);
    expect(res).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    expect(h['app.info']).not.toHaveBeenCalled();
  });
});

describe('navigation lock-down', () => {
  function fakeContents() {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (event: string, fn: (...args: unknown[]) => void) => listeners.set(event, fn),
      setWindowOpenHandler: (fn: typeof openHandler) => {
        openHandler = fn;
      },
    } as unknown as WebContentsLike;
    return { contents, listeners, open: (url: string) => openHandler!({ url }) };
  }

  it('blocks navigation away from the app and new windows; allow-listed https goes to the browser', () => {
    const openExternal = vi.fn();
    const { contents, listeners, open } = fakeContents();
    hardenWebContents(contents, ENTRY, openExternal);
    const nav = (url: string) => {
      const event = { preventDefault: vi.fn() };
      listeners.get('will-navigate')!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(nav('https://evil.example/')).toBe(true);
    expect(nav(`${ENTRY}#/overview`)).toBe(false);
    expect(nav('https://developers.facebook.com/docs')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://developers.facebook.com/docs');
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('https://metastatus.com/')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://metastatus.com/');
    expect(openExternal).not.toHaveBeenCalledWith('https://evil.example/');
    const attach = { preventDefault: vi.fn() };
    listeners.get('will-attach-webview')!(attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});

describe('desktop-only operations', () => {
  it('diagnostics.exportPdf renders the stored HTML report to PDF in the shell; other calls go to the core', async () => {
    const { desktopInvoke } = await import('../../main/app/desktop-ops.js');
    const invoke = vi.fn(async (name: string) =>
      name === 'diagnostics.export' ? { content: '<!doctype html><p>rapor</p>', filename: 'optiplan360-diagnostics-x.html', run_id: 7 } : { ok: name },
    );
    const printHtmlToPdf = vi.fn(async () => ({ saved: true, path: '/tmp/r.pdf' }));
    const record = vi.fn(async () => undefined);
    const call = desktopInvoke({ invoke, printHtmlToPdf, record });
    const ctx = { door: 'ipc' as const, actor: 'op@pc' };
    expect(await call('diagnostics.exportPdf', { lang: 'en' }, ctx)).toEqual({ saved: true, path: '/tmp/r.pdf' });
    expect(invoke).toHaveBeenCalledWith('diagnostics.export', { format: 'html', lang: 'en' }, ctx);
    expect(printHtmlToPdf).toHaveBeenCalledWith('<!doctype html><p>rapor</p>', 'optiplan360-diagnostics-x.pdf');
    expect(record).toHaveBeenCalledWith(expect.objectContaining({ action: 'DIAGNOSTICS_EXPORTED', result: 'success', detail: 'pdf' }));
    await expect(call('diagnostics.exportPdf', { lang: 'de' }, ctx)).rejects.toMatchObject({ code: 'E_VALIDATION' });
    expect(await call('health.get', {}, ctx)).toEqual({ ok: 'health.get' });
  });
});
