/** `optiplan360 serve`: the core behind HTTP, with auto-migrate, a banner and graceful shutdown. */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { AppError, isAppError } from '../../shared/errors.js';
import { msg } from '../../shared/messages.js';
import { Core } from '../core/core.js';
import { createFileLogger } from '../core/logging/logger.js';
import { resolvePaths } from '../core/paths.js';
import { packageRoot } from '../core/product.js';
import { defaultSecretStore } from '../core/secrets/default-store.js';
import { parseSecretRef, resolveSecretRef } from '../core/secrets/secret-ref.js';
import type { SecretStore } from '../core/secrets/secret-store.js';
import { isLoopbackHost, MIN_TOKEN_LENGTH, newRunToken } from './guards.js';
import type { ServeLimits } from './limits.js';
import { createServer } from './server.js';

export interface ServeOptions {
  host: string;
  port: number;
  dataDir?: string | undefined;
  configDir?: string | undefined;
  /** Fixed token (tests); default: `tokenRef`'s secret, else a fresh random one per run. */
  token?: string;
  /** `ENV:NAME` or `VAULT:name`: a stable token for unattended monitoring (never printed). */
  tokenRef?: string | undefined;
  /** Names a LAN client may use besides this machine's own names and addresses. */
  allowHosts?: readonly string[] | undefined;
  /** PEM files: serve over HTTPS. */
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  limits?: Partial<ServeLimits> | undefined;
  env?: NodeJS.ProcessEnv;
  /** The keychain (tests pass one; default the OS keychain). */
  secretStore?: SecretStore | null;
  uiDir?: string;
  quiet?: boolean;
}

export interface RunningServer {
  url: string;
  /** The token every API call needs. Printed at start only when it is the per-run one. */
  token: string;
  /** Where a stable token came from (`--token-ref`), when it did. */
  tokenRef: string | null;
  tls: boolean;
  core: Core;
  app: FastifyInstance;
  /** false when the console UI has not been built (API only until `npm run build:renderer`). */
  uiBuilt: boolean;
  close(): Promise<void>;
}

export async function startServe(opts: ServeOptions): Promise<RunningServer> {
  const env = opts.env ?? process.env;
  const paths = resolvePaths({ dataDir: opts.dataDir, configDir: opts.configDir, env });
  const tls = readTls(opts);
  if (!isLoopbackHost(opts.host) && !opts.tokenRef && !opts.token) {
    throw new AppError('E_CONFIG_INVALID', msg('cli.serve.lan_needs_token_ref', { host: opts.host }), [{ path: '--token-ref', message: msg('cli.serve.lan_needs_token_ref', { host: opts.host }) }]);
  }
  const secretStore = opts.secretStore !== undefined ? opts.secretStore : await defaultSecretStore(paths.dataDir);
  // Resolved before anything listens: a missing or weak token stops serve at start.
  const token = opts.token ?? (opts.tokenRef ? await stableToken(opts.tokenRef, env, secretStore) : newRunToken());
  const logger = await createFileLogger({ logDir: paths.logDir });
  const core = await Core.open({ dataDir: paths.dataDir, configDir: paths.configDir, env, logger, secretStore });
  const uiDir = opts.uiDir ?? path.join(packageRoot(), 'dist-renderer');
  let app: FastifyInstance;
  try {
    app = await createServer(core, { host: opts.host, port: opts.port, token, uiDir, allowHosts: opts.allowHosts, tls, limits: opts.limits });
    await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await core.close();
    throw err;
  }
  const addr = app.server.address();
  const port = addr && typeof addr === 'object' ? addr.port : opts.port;
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `${tls ? 'https' : 'http'}://${hostForUrl}:${port}`;
  logger.info({ url, dataDir: paths.dataDir, token_ref: opts.tokenRef ?? null }, 'serve started');
  // Auto-migrate after listening: /health answers (and shows the problem) even while the database is down.
  void core.startBackground();
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await core.close();
      logger.info('serve stopped');
    })());
  return { url, token, tokenRef: opts.tokenRef ?? null, tls: !!tls, core, app, close, uiBuilt: fs.existsSync(path.join(uiDir, 'index.html')) };
}

/** The token behind `--token-ref`: it must resolve and be at least 32 characters. Never echoed. */
export async function stableToken(ref: string, env: NodeJS.ProcessEnv, store: SecretStore | null): Promise<string> {
  const parsed = parseSecretRef(ref);
  if (!parsed) {
    throw new AppError('E_CONFIG_INVALID', msg('cli.serve.token_ref_invalid'), [{ path: '--token-ref', message: msg('config.errors.expected_ref') }], { technical_detail: '--token-ref must be ENV:NAME or VAULT:name' });
  }
  const value = (await resolveSecretRef(parsed, { env, store })).trim();
  if (value.length < MIN_TOKEN_LENGTH) {
    throw new AppError('E_CONFIG_INVALID', msg('cli.serve.token_too_short', { ref: parsed.ref, min: MIN_TOKEN_LENGTH }), [{ path: '--token-ref', message: msg('cli.serve.token_too_short', { ref: parsed.ref, min: MIN_TOKEN_LENGTH }) }], {
      technical_detail: `${parsed.ref} holds ${value.length} characters; at least ${MIN_TOKEN_LENGTH} are required`,
    });
  }
  return value;
}

function readTls(opts: ServeOptions): { cert: Buffer; key: Buffer } | undefined {
  if (!opts.tlsCert && !opts.tlsKey) return undefined;
  if (!opts.tlsCert || !opts.tlsKey) throw new AppError('E_CONFIG_INVALID', msg('cli.serve.tls_needs_both'));
  const read = (file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      throw new AppError('E_CONFIG_INVALID', msg('cli.serve.tls_unreadable', { file }), [], { technical_detail: isAppError(err) ? err.message : String((err as Error).message ?? err) });
    }
  };
  return { cert: read(opts.tlsCert), key: read(opts.tlsKey) };
}

export function isLoopback(host: string): boolean {
  return isLoopbackHost(host);
}
