/** `optiplan360 serve`: the core behind HTTP, with auto-migrate, a banner and graceful shutdown. */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Core } from '../core/core.js';
import { createFileLogger } from '../core/logging/logger.js';
import { resolvePaths } from '../core/paths.js';
import { packageRoot } from '../core/product.js';
import { defaultSecretStore } from '../core/secrets/default-store.js';
import { newRunToken } from './guards.js';
import { createServer } from './server.js';

export interface ServeOptions {
  host: string;
  port: number;
  dataDir?: string | undefined;
  configDir?: string | undefined;
  /** Fixed token (tests); default a fresh random one per run. */
  token?: string;
  uiDir?: string;
  quiet?: boolean;
}

export interface RunningServer {
  url: string;
  token: string;
  core: Core;
  app: FastifyInstance;
  /** false when the console UI has not been built (API only until `npm run build:renderer`). */
  uiBuilt: boolean;
  close(): Promise<void>;
}

export async function startServe(opts: ServeOptions): Promise<RunningServer> {
  const paths = resolvePaths({ dataDir: opts.dataDir, configDir: opts.configDir });
  const logger = await createFileLogger({ logDir: paths.logDir });
  const core = await Core.open({ dataDir: paths.dataDir, configDir: paths.configDir, logger, secretStore: await defaultSecretStore(paths.dataDir) });
  const token = opts.token ?? newRunToken();
  const uiDir = opts.uiDir ?? path.join(packageRoot(), 'dist-renderer');
  const app = await createServer(core, { host: opts.host, port: opts.port, token, uiDir });
  await app.listen({ host: opts.host, port: opts.port });
  const addr = app.server.address();
  const port = addr && typeof addr === 'object' ? addr.port : opts.port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${hostForUrl}:${port}`;
  logger.info({ url, dataDir: paths.dataDir }, 'serve started');
  // Auto-migrate after listening: /health answers (and shows the problem) even while the database is down.
  void core.startBackground();
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await core.close();
      logger.info('serve stopped');
    })());
  return { url, token, core, app, close, uiBuilt: fs.existsSync(path.join(uiDir, 'index.html')) };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
