/**
 * The Electron shell: one secure window over the core (R-APP). Thin on purpose. The core runs in
 * a utilityProcess (the core host, main/host/); this process keeps only the window, the sender
 * checks and the relay of calls and events. Everything it decides is in pure, unit-tested
 * functions (window-options, sender-check, navigation, ipc, app-protocol, session-policy,
 * quit-guard). Bundled to dist/main/app/main.cjs by vite.main.config.ts.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { resolvePaths } from '../core/paths.js';
import { HostClient } from '../host/host-client.js';
import { APP_ENTRY_URL, APP_HOST, APP_SCHEME, handleAppRequest } from './app-protocol.js';
import { desktopInvoke } from './desktop-ops.js';
import { relayEvents } from './event-relay.js';
import { registerIpcHandlers } from './ipc.js';
import { hardenWebContents } from './navigation.js';
import { printHtmlToPdf } from './pdf-export.js';
import { quitGuard } from './quit-guard.js';
import { isTrustedSender } from './sender-check.js';
import { denyAllPermissions } from './session-policy.js';
import { utilityHostSpawner } from './utility-host.js';
import { mainWindowOptions } from './window-options.js';

/** How long a quit waits for the core (a running backup, the pool, the WAL checkpoint). */
const QUIT_TIMEOUT_MS = 10_000;

const appRoot = app.getAppPath();
const preloadPath = path.join(appRoot, 'dist', 'main', 'app', 'preload.cjs');
const hostEntry = path.join(appRoot, 'dist', 'host', 'core-host.cjs');
const uiRoot = path.join(appRoot, 'dist-renderer');

/** `--data-dir X` / `--data-dir=X` from the command line (the same flags as the CLI). */
function flag(name: string): string | undefined {
  const argv = process.argv;
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
}

const paths = resolvePaths({ dataDir: flag('--data-dir'), configDir: flag('--config-dir') });
// Electron's own files (cache, local storage) live in the same data folder as the core's (R-CFG-0).
app.setPath('userData', paths.dataDir);
app.enableSandbox();
// Before ready: app:// is a standard, secure origin of its own (fetch, no file:// privileges).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const host = new HostClient({
  spawn: utilityHostSpawner(hostEntry),
  init: { dataDir: paths.dataDir, configDir: paths.configDir, templatesDir: app.isPackaged ? path.join(process.resourcesPath, 'config') : undefined },
  onRestart: ({ code, attempt }) => host.log('error', { code, attempt }, 'core host stopped; restarting it'),
  onGiveUp: ({ code, restarts }) => process.stderr.write(`core host keeps stopping (exit ${code}, ${restarts} restarts): not restarted again\n`),
});
let window: BrowserWindow | null = null;
const isTrusted = (frame: Parameters<typeof isTrustedSender>[0]) => isTrustedSender(frame, APP_ENTRY_URL);

function createWindow(): void {
  window = new BrowserWindow(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    window = null;
  });
  void window.loadURL(APP_ENTRY_URL);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, APP_ENTRY_URL, (url) => void shell.openExternal(url));
  });
  app.on('window-all-closed', () => app.quit());
  app.on(
    'before-quit',
    quitGuard({
      closeCore: () => host.close(QUIT_TIMEOUT_MS),
      quit: () => app.quit(),
      onError: (err) => process.stderr.write(`core host close: ${String(err)}\n`),
    }),
  );

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, uiRoot));
    denyAllPermissions(session.defaultSession, (permission) => host.log('warn', { permission }, 'permission request refused'));
    // Not awaited: the window shows at once; calls made before the host is ready wait for it,
    // and a host that never starts answers E_INTERNAL instead of leaving no window at all.
    host.start().catch((err: unknown) => process.stderr.write(`core host did not start: ${String(err)}\n`));
    registerIpcHandlers(ipcMain, {
      invoke: desktopInvoke({
        invoke: (name, input, ctx) => host.invoke(name, input, ctx.door),
        printHtmlToPdf: (html, name) => printHtmlToPdf(html, name, window),
        supportCopy: {
          dir: path.join(paths.dataDir, 'support'),
          chooseSavePath: async (name, filter) => {
            const options = { defaultPath: name, filters: [filter] };
            const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
            return choice.canceled || !choice.filePath ? null : choice.filePath;
          },
        },
        record: (entry) => host.record(entry),
      }),
      // The host names the actor (its OS user and machine) for every call and audit row.
      context: { door: 'ipc', actor: `desktop via ipc (${APP_HOST})` },
      isTrusted,
      onRefused: (name, url) => host.log('warn', { op: name, url }, 'IPC call from an untrusted frame refused'),
    });
    // Contract events (job.*, health.sample) from the host to the window's own top frame only.
    relayEvents(host, {
      target: () => window?.webContents ?? null,
      isTrusted,
      onRefused: (url) => host.log('warn', { url }, 'event not sent: the window does not show the app page'),
    });
    createWindow();
  });
}
