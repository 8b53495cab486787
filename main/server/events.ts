/**
 * `GET /api/events`: the contract's events (shared/events.ts) as server-sent events (R-JOBS).
 *
 * - The token is required in the Authorization header (`Bearer <token>`), as for every API
 *   call: events carry job results. (EventSource cannot send headers; the console's UI reads
 *   the stream with fetch.) Host and Origin are checked by the server's onRequest guard first.
 * - Every event has an `id:` (`<boot>-<seq>`); `Last-Event-ID` replays the ring buffer's events
 *   after that id (all of it after a restart of serve, whose boot differs).
 * - A comment line every `heartbeatMs` keeps proxies and the client's reader from timing out.
 * - On close (Ctrl+C, app.close()) every stream is ended first (`preClose`), so fastify's close
 *   never waits on an open stream. A client that stops reading is dropped once 1 MB is queued.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EVENTS_ROUTE, type EventEnvelope } from '../../shared/events.js';
import { AppError } from '../../shared/errors.js';
import { msg } from '../../shared/messages.js';
import type { Core } from '../core/core.js';
import { presentedToken, SECURITY_HEADERS, tokenMatches } from './guards.js';
import { localizeAnswer } from './localize.js';

const MAX_QUEUED_BYTES = 1_048_576;

export interface EventStreamOptions {
  token: string;
  heartbeatMs: number;
}

export function registerEventStream(app: FastifyInstance, core: Core, opts: EventStreamOptions): void {
  const open = new Set<() => void>();

  app.get(EVENTS_ROUTE, async (req, reply) => {
    if (!tokenMatches(presentedToken(req.headers), opts.token)) {
      // The door's onRequest already refuses this; kept so the stream never depends on hook order.
      throw new AppError('E_UNAUTHORIZED', msg('errors.token_required'), [], { technical_detail: 'the event stream needs the token (Authorization: Bearer <token>)' });
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    let closed = false;
    let unsubscribe = () => {};
    // Assigned once the stream is set up; end() (defined first, as the close handlers need it) clears it.
    // eslint-disable-next-line prefer-const
    let heartbeat: NodeJS.Timeout | undefined;
    const end = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      open.delete(end);
      res.end();
    };
    const send = (event: EventEnvelope) => {
      if (closed) return;
      res.write(frame(event, req, core));
      if (res.writableLength > MAX_QUEUED_BYTES) end();
    };
    res.write('retry: 3000\n\n');
    // Replay and subscribe in the same tick: no event can fall between them.
    for (const e of core.events.since(lastEventId(req))) send(e);
    if (closed) return;
    unsubscribe = core.events.subscribe(send);
    heartbeat = setInterval(() => {
      if (!closed) res.write(': heartbeat\n\n');
    }, opts.heartbeatMs);
    heartbeat.unref();
    open.add(end);
    req.raw.on('close', end);
    res.on('error', end);
  });

  app.addHook('preClose', async () => {
    for (const end of [...open]) end();
  });
}

function lastEventId(req: FastifyRequest): string | undefined {
  const v = req.headers['last-event-id'];
  return typeof v === 'string' ? v : undefined;
}

/** One SSE frame; the payload's messages in the caller's language, like every other answer. */
function frame(event: EventEnvelope, req: FastifyRequest, core: Core): string {
  const data = localizeAnswer(req, event.data, core.language);
  return `id: ${event.id}\nevent: ${event.name}\ndata: ${JSON.stringify(data)}\n\n`;
}
