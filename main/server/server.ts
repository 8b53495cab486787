/**
 * The HTTP door (`optiplan360 serve`, R-OPS-2): the health endpoints, the runbook's
 * `/api/v1/...`, every contract operation at `/api/op/<name>`, and the built console UI at `/`.
 * What each request needs is decided in one `onRequest` hook, before any body is read
 * (main/server/door-policy.ts): Host, Origin and Sec-Fetch-Site, then the token. The plain
 * `GET /health*` requests are answered in front of Fastify, the same way (health-fast-path.ts).
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { contract, isOpName, offeredBy } from '../../shared/contract.js';
import { AppError, httpStatusFor, isAppError, type ErrorBody } from '../../shared/errors.js';
import { msg } from '../../shared/messages.js';
import type { Core } from '../core/core.js';
import { DIAGNOSTICS_PATH, fetchSiteChecked, getAllowed, isApiPath, needsToken, pathOf } from './door-policy.js';
import { registerEventStream } from './events.js';
import { registerStaticAssets } from './static-assets.js';
import { allowedHosts, fetchSiteAllowed, hostAllowed, originAllowed, presentedToken, SECURITY_HEADERS, tokenMatches } from './guards.js';
import { healthFastPath, type FastPath } from './health-fast-path.js';
import { healthAnswers, registerHealthRoutes } from './health-routes.js';
import { capConnections, DEFAULT_LIMITS, nodeServerOptions, type ServeLimits } from './limits.js';
import { localizeAnswer } from './localize.js';

export interface ServerOptions {
  host: string;
  port: number;
  token: string;
  /** Names a LAN client may use besides this machine's own (`--allow-host`). */
  allowHosts?: readonly string[] | undefined;
  /** Serve over HTTPS with this certificate and key (PEM). */
  tls?: { cert: string | Buffer; key: string | Buffer } | undefined;
  limits?: Partial<ServeLimits> | undefined;
  /** How long Mikro and Graph API answers are reused by the health endpoints (default 30 s). */
  probeCacheMs?: number;
  /** The built renderer (vite build output); absent = API only. */
  uiDir?: string | undefined;
  /** SSE heartbeat period (default 15 s; tests shorten it). */
  heartbeatMs?: number;
}

export async function createServer(core: Core, opts: ServerOptions): Promise<FastifyInstance> {
  const limits: ServeLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const nodeOptions = nodeServerOptions(limits);
  const tls = !!opts.tls;
  let fastPath: FastPath | null = null;
  // Our own node server, so that the health fast path sees each request before Fastify does;
  // made with the options Fastify would have used itself (lib/server.js getServerInstance).
  const serverFactory = (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      if (!fastPath?.(req, res, handler)) handler(req, res);
    };
    const server = opts.tls ? https.createServer({ ...nodeOptions, cert: opts.tls.cert, key: opts.tls.key }, onRequest) : http.createServer(nodeOptions, onRequest);
    server.keepAliveTimeout = nodeOptions.keepAliveTimeout;
    server.requestTimeout = nodeOptions.requestTimeout;
    server.setTimeout(0);
    return server;
  };
  // The https variant of the instance has the same surface for everything used here.
  const app = Fastify({
    serverFactory,
    logger: false,
    bodyLimit: limits.bodyLimitBytes,
    return503OnClosing: true,
    keepAliveTimeout: nodeOptions.keepAliveTimeout,
    requestTimeout: nodeOptions.requestTimeout,
    connectionTimeout: 0,
    http: nodeOptions,
    ...(opts.tls ? { https: { ...nodeOptions, cert: opts.tls.cert, key: opts.tls.key } } : {}),
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  capConnections(app.server, limits);
  let allowed = allowedHosts({ host: opts.host, port: opts.port, allowHosts: opts.allowHosts, tls });

  app.addHook('onRequest', async (req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    const p = pathOf(req.url);
    if (isApiPath(p)) reply.header('cache-control', 'no-store');
    if (!hostAllowed(req.headers.host, allowed)) {
      return sendError(reply, new AppError('E_FORBIDDEN', msg('errors.foreign_host', { host: req.headers.host ?? '' })));
    }
    if (!originAllowed(req.headers.origin, allowed, tls)) {
      return sendError(reply, new AppError('E_FORBIDDEN', msg('errors.foreign_origin', { origin: req.headers.origin ?? '' })));
    }
    if (fetchSiteChecked(p) && !fetchSiteAllowed(req.headers['sec-fetch-site'])) {
      return sendError(reply, new AppError('E_FORBIDDEN', msg('errors.cross_site'), [], { technical_detail: `Sec-Fetch-Site: ${String(req.headers['sec-fetch-site'])}` }));
    }
    if (needsToken(req.method, p) && !tokenMatches(presentedToken(req.headers), opts.token)) {
      reply.header('www-authenticate', 'Bearer');
      return sendError(reply, new AppError('E_UNAUTHORIZED', msg('errors.token_required'), [], { technical_detail: `${req.method} ${p} without a valid token` }));
    }
  });

  // Every answer's messages in the caller's language (main/server/localize.ts).
  app.addHook('preSerialization', async (req, _reply, payload) => localizeAnswer(req, payload, core.language));

  app.setErrorHandler((err, _req, reply) => {
    if (isAppError(err)) return sendError(reply, err);
    const e = err as { statusCode?: number; message?: string };
    if (e.statusCode === 413) {
      return sendError(reply, new AppError('E_VALIDATION', msg('errors.body_too_large', { limit: limits.bodyLimitBytes }), [], { technical_detail: e.message ?? '' }), 413);
    }
    if (e.statusCode && e.statusCode < 500) {
      return sendError(reply, new AppError('E_VALIDATION', e.message ?? 'bad request'));
    }
    core.logger.error({ err }, 'http request failed');
    return sendError(reply, new AppError('E_INTERNAL', 'internal error; the log in the data folder has the details'));
  });

  const answers = healthAnswers(core);
  registerHealthRoutes(app, core, answers, opts.probeCacheMs);
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  fastPath = healthFastPath({ answers, allowed: () => allowed, tls, language: () => core.language, closing: () => closing });
  // The runbook's §9.1 check (R-DIAG-6), with the token: the report, whatever its status (the status is in the body).
  app.get(DIAGNOSTICS_PATH, async () => core.invoke('diagnostics.run', {}, core.context('http')));

  // What the contract says decides: offered by this door? (desktop-only operations are not);
  // the token was checked in onRequest; then the dispatcher (concurrency, jobs) as for every door.
  const offered = (name: string) => {
    if (!isOpName(name)) throw new AppError('E_NOT_FOUND', msg('errors.unknown_operation', { name }));
    if (!offeredBy(name, 'http')) {
      throw new AppError('E_NOT_FOUND', msg('errors.desktop_only', { op: name }), [], { technical_detail: `${name} is not offered by the HTTP door (only by: ${contract[name].doors.join(', ')})` });
    }
    return name;
  };
  app.post<{ Params: { name: string } }>('/api/op/:name', async (req) => core.dispatcher.invoke(offered(req.params.name), req.body ?? {}, core.context('http')));
  // Reads that leave no record are also reachable by GET, for curl and monitoring.
  app.get<{ Params: { name: string } }>('/api/op/:name', async (req) => {
    const name = offered(req.params.name);
    if (contract[name].access === 'write') throw new AppError('E_FORBIDDEN', msg('errors.use_post', { op: name }));
    if (!getAllowed(name)) throw new AppError('E_FORBIDDEN', msg('errors.get_leaves_record', { op: name }));
    return core.dispatcher.invoke(name, {}, core.context('http'));
  });
  // The contract's events as server-sent events (main/server/events.ts).
  registerEventStream(app, core, { token: opts.token, heartbeatMs: opts.heartbeatMs ?? 15_000 });

  if (opts.uiDir && fs.existsSync(path.join(opts.uiDir, 'index.html'))) {
    await registerStaticAssets(app, opts.uiDir);
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return sendError(reply, new AppError('E_NOT_FOUND', msg('errors.no_route', { method: req.method, path: pathOf(req.url) })));
    });
  } else {
    app.setNotFoundHandler((req, reply) => sendError(reply, new AppError('E_NOT_FOUND', msg('errors.no_route', { method: req.method, path: pathOf(req.url) }))));
  }

  // With port 0 the real port is known only after listen (and the machine's addresses may have
  // changed since the server was built): derive the allowed Host names then.
  app.addHook('onListen', async () => {
    const addr = app.server.address();
    if (addr && typeof addr === 'object') allowed = allowedHosts({ host: opts.host, port: addr.port, allowHosts: opts.allowHosts, tls });
  });
  return app;
}

function sendError(reply: FastifyReply, err: AppError, status = httpStatusFor(err.code)): FastifyReply {
  const body: { error: ErrorBody } = { error: err.toBody() };
  return reply.code(status).send(body);
}
