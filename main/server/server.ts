/**
 * The HTTP door (`optiplan360 serve`, R-OPS-2): compatible endpoints (`/health`, later
 * `/api/v1/...`), every contract operation at `/api/op/<name>`, and the built console UI at `/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { contract, isOpName, offeredBy } from '../../shared/contract.js';
import { AppError, httpStatusFor, isAppError, type ErrorBody } from '../../shared/errors.js';
import { msg } from '../../shared/messages.js';
import type { Core } from '../core/core.js';
import { localizeAnswer } from './localize.js';
import { registerEventStream } from './events.js';
import { registerStaticAssets } from './static-assets.js';
import { allowedHosts, hostAllowed, originAllowed, presentedToken, SECURITY_HEADERS, tokenMatches } from './guards.js';

export interface ServerOptions {
  host: string;
  port: number;
  token: string;
  /** The built renderer (vite build output); absent = API only. */
  uiDir?: string | undefined;
  /** SSE heartbeat period (default 15 s; tests shorten it). */
  heartbeatMs?: number;
}

export async function createServer(core: Core, opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 1_048_576, return503OnClosing: true });
  let allowed = allowedHosts(opts.host, opts.port);

  app.addHook('onRequest', async (req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    if (!hostAllowed(req.headers.host, allowed)) {
      return sendError(reply, new AppError('E_FORBIDDEN', msg('errors.foreign_host', { host: req.headers.host ?? '' })));
    }
    if (!originAllowed(req.headers.origin, allowed)) {
      return sendError(reply, new AppError('E_FORBIDDEN', msg('errors.foreign_origin', { origin: req.headers.origin ?? '' })));
    }
  });

  // Every answer's messages in the caller's language (main/server/localize.ts).
  app.addHook('preSerialization', async (req, _reply, payload) => localizeAnswer(req, payload, core.language));

  app.setErrorHandler((err, _req, reply) => {
    if (isAppError(err)) return sendError(reply, err);
    const e = err as { statusCode?: number; message?: string };
    if (e.statusCode && e.statusCode < 500) {
      return sendError(reply, new AppError('E_VALIDATION', e.message ?? 'bad request'));
    }
    core.logger.error({ err }, 'http request failed');
    return sendError(reply, new AppError('E_INTERNAL', 'internal error; the log in the data folder has the details'));
  });

  app.get('/health', async (_req, reply) => {
    const report = await core.health.check();
    return reply.code(report.status === 'unhealthy' ? 503 : 200).send(report);
  });

  // Compatible with the older backend (R-MIKRO-8); errors are part of the body, not the status.
  app.get('/api/v1/mikro/health', async () => core.mikro.health());
  // The runbook's §9.1 check (R-DIAG-6): the report, whatever its status (the status is in the body).
  app.get('/api/v1/integration/diagnostics', async () => core.invoke('diagnostics.run', {}, core.context('http')));

  // What the contract says decides: offered by this door? (desktop-only operations are not),
  // `access: 'write'` needs the token; then the dispatcher (concurrency, jobs) as for every door.
  const offered = (name: string) => {
    if (!isOpName(name)) throw new AppError('E_NOT_FOUND', msg('errors.unknown_operation', { name }));
    if (!offeredBy(name, 'http')) {
      throw new AppError('E_NOT_FOUND', msg('errors.desktop_only', { op: name }), [], { technical_detail: `${name} is not offered by the HTTP door (only by: ${contract[name].doors.join(', ')})` });
    }
    return name;
  };
  const runOp = async (name: string, input: unknown, headers: Record<string, string | string[] | undefined>) => {
    const op = offered(name);
    if (contract[op].access === 'write' && !tokenMatches(presentedToken(headers), opts.token)) {
      throw new AppError('E_UNAUTHORIZED', msg('errors.write_needs_token', { op }));
    }
    return core.dispatcher.invoke(op, input, core.context('http'));
  };
  app.post<{ Params: { name: string } }>('/api/op/:name', async (req) => runOp(req.params.name, req.body ?? {}, req.headers));
  // Read-only operations without input are also reachable by GET, for curl and monitoring.
  app.get<{ Params: { name: string } }>('/api/op/:name', async (req) => {
    const name = offered(req.params.name);
    if (contract[name].access === 'write') throw new AppError('E_FORBIDDEN', msg('errors.use_post', { op: name }));
    return runOp(name, {}, req.headers);
  });
  // The contract's events as server-sent events (main/server/events.ts).
  registerEventStream(app, core, { token: opts.token, heartbeatMs: opts.heartbeatMs ?? 15_000 });

  if (opts.uiDir && fs.existsSync(path.join(opts.uiDir, 'index.html'))) {
    await registerStaticAssets(app, opts.uiDir);
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
      return sendError(reply, new AppError('E_NOT_FOUND', msg('errors.no_route', { method: req.method, path: req.url.split('?')[0] ?? '' })));
    });
  } else {
    app.setNotFoundHandler((req, reply) =>
      sendError(reply, new AppError('E_NOT_FOUND', msg('errors.no_route', { method: req.method, path: req.url.split('?')[0] ?? '' }))),
    );
  }

  // With port 0 the real port is known only after listen: re-derive the allowed Host names then.
  app.addHook('onListen', async () => {
    const addr = app.server.address();
    if (addr && typeof addr === 'object') allowed = allowedHosts(opts.host, addr.port);
  });
  return app;
}

function sendError(reply: FastifyReply, err: AppError): FastifyReply {
  const body: { error: ErrorBody } = { error: err.toBody() };
  return reply.code(httpStatusFor(err.code)).send(body);
}
