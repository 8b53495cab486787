/**
 * The Electron shell: one secure window over the core (R-APP). Thin on purpose: everything
 * it decides is in pure, unit-tested functions (window-options, sender-check, navigation, ipc).
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, ipcMain, session, shell } from 'electron';
import { Core } from '../core/core.js';
import { createFileLogger } from '../core/logging/logger.js';
import { resolvePaths } from '../core/paths.js';
import { defaultSecretStore } from '../core/secrets/default-store.js';
import { desktopInvoke } from './desktop-ops.js';
import { relayEvents } from './event-relay.js';
import { registerIpcHandlers } from './ipc.js';
import { hardenWebContents } from './navigation.js';
import { printHtmlToPdf } from './pdf-export.js';
import { isTrustedSender } from './sender-check.js';
import { APP_CSP, mainWindowOptions } from './window-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const preloadPath = path.join(here, 'preload.cjs');
const entryUrl = pathToFileURL(path.join(app.getAppPath(), 'dist-renderer', 'index.html')).toString();

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

let core: Core | null = null;
let window: BrowserWindow | null = null;

function createWindow(): void {
  window = new BrowserWindow(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    window = null;
  });
  void window.loadURL(entryUrl);
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
    hardenWebContents(contents, entryUrl, (url) => void shell.openExternal(url));
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void core?.close();
  });

  void app.whenReady().then(async () => {
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [APP_CSP] } });
    });
    // The console needs no camera, notifications, geolocation…: refuse every permission.
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

    const logger = await createFileLogger({ logDir: paths.logDir });
    core = await Core.open({
      dataDir: paths.dataDir,
      configDir: paths.configDir,
      logger,
      secretStore: await defaultSecretStore(paths.dataDir),
      templatesDir: app.isPackaged ? path.join(process.resourcesPath, 'config') : undefined,
    });
    const opened = core;
    void opened.startBackground();
    registerIpcHandlers(ipcMain, {
      invoke: desktopInvoke({
        invoke: (name, input, ctx) => opened.dispatcher.invoke(name, input, ctx),
        printHtmlToPdf: (html, name) => printHtmlToPdf(html, name, window),
        record: (entry) => opened.record(entry),
      }),
      context: opened.context('ipc'),
      isTrusted: (frame) => isTrustedSender(frame, entryUrl),
      onRefused: (name, url) => logger.warn({ op: name, url }, 'IPC call from an untrusted frame refused'),
    });
    // Contract events (job.*, health.sample) to the window's own top frame only.
    relayEvents(opened.events, {
      target: () => window?.webContents ?? null,
      isTrusted: (frame) => isTrustedSender(frame, entryUrl),
      onRefused: (url) => logger.warn({ url }, 'event not sent: the window does not show the app page'),
    });
    createWindow();
  });
}
