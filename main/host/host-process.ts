/**
 * The core host process's entry (bundled to dist/host/core-host.cjs by vite.host.config.ts).
 * The same file runs in two homes with the same messages:
 *
 * - an Electron `utilityProcess`: the main process transfers one end of a MessageChannelMain in
 *   its first message on `process.parentPort`; every later message uses that port;
 * - a Node child process (`child_process.fork`, serialization 'advanced'): `process.send` and
 *   `process.on('message')`. The tests run the host this way, without an Electron binary.
 *
 * Nothing here imports electron. A fault that escapes (a driver throwing twice on a TLS error)
 * ends the process with a code: the parent restarts it (host-client.ts).
 */
import { Core } from '../core/core.js';
import { createFileLogger } from '../core/logging/logger.js';
import { resolvePaths } from '../core/paths.js';
import { defaultSecretStore } from '../core/secrets/default-store.js';
import { serveCore } from './core-host.js';
import { HOST_FAULT_EXIT, type FromHost, type HostInit, type HostPort } from './protocol.js';

/** The part of Electron's MessagePortMain used here. */
interface PortMainLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
  start(): void;
}

/** The part of Electron's `process.parentPort` used here. */
interface ParentPortLike {
  once(event: 'message', listener: (e: { data: unknown; ports: PortMainLike[] }) => void): void;
}

async function openCore(init: HostInit): Promise<Core> {
  const paths = resolvePaths({ dataDir: init.dataDir, configDir: init.configDir });
  const logger = await createFileLogger({ logDir: paths.logDir });
  return Core.open({
    dataDir: paths.dataDir,
    configDir: paths.configDir,
    logger,
    secretStore: await defaultSecretStore(paths.dataDir),
    ...(init.templatesDir ? { templatesDir: init.templatesDir } : {}),
  });
}

function nodePort(): HostPort<unknown, FromHost> {
  return {
    post: (message) => process.send?.(message),
    onMessage: (listener) => void process.on('message', listener),
  };
}

function electronPort(parent: ParentPortLike): Promise<HostPort<unknown, FromHost>> {
  return new Promise((resolve) => {
    parent.once('message', (first) => {
      const port = first.ports[0];
      if (!port) throw new Error('the core host expected a MessagePort in its first message');
      const queued: unknown[] = [first.data];
      let deliver: ((m: unknown) => void) | null = null;
      port.on('message', (e) => (deliver ? deliver(e.data) : queued.push(e.data)));
      port.start();
      resolve({
        post: (message) => port.postMessage(message),
        onMessage: (listener) => {
          deliver = listener;
          for (const m of queued.splice(0)) listener(m);
        },
      });
    });
  });
}

function onFault(err: unknown): void {
  process.stderr.write(`core host fault: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(HOST_FAULT_EXIT);
}

export async function runHost(): Promise<void> {
  process.on('uncaughtException', onFault);
  process.on('unhandledRejection', onFault);
  const parent = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  const port = parent ? await electronPort(parent) : nodePort();
  // A Node child whose parent died has nobody to answer: end instead of holding the database.
  process.on('disconnect', () => process.exit(0));
  serveCore(port, { open: openCore, onClosed: () => setTimeout(() => process.exit(0), 20) });
}

void runHost();
