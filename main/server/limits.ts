/**
 * Socket and request limits for `serve`, so that slow or idle sockets cannot exhaust it (once it
 * listens beyond loopback anyone on the LAN can open them). Fastify's own defaults keep an idle
 * keep-alive socket for 72 s and never time out a request's headers; a few hundred silent sockets
 * then held the server for minutes.
 *
 * - headers must arrive within `headersTimeoutMs` (a silent or trickling "slowloris" socket is
 *   answered 408 and closed), the whole request within `requestTimeoutMs`;
 * - an idle keep-alive socket is closed after `keepAliveTimeoutMs`;
 * - at most `maxConnections` sockets in all and `maxConnectionsPerClient` from one address:
 *   one client holding its share cannot lock the others out. Excess sockets are closed at once.
 *
 * No inactivity timeout on a socket whose request is being answered: a backup or a diagnostics
 * run may rightly take minutes, and the event stream sends a heartbeat.
 */
import type { Server } from 'node:net';

export interface ServeLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  maxConnectionsPerClient: number;
  bodyLimitBytes: number;
}

export const DEFAULT_LIMITS: ServeLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
  maxConnectionsPerClient: 64,
  bodyLimitBytes: 1_048_576,
};

/** The options Node's http(s).createServer takes for these limits (Fastify passes them through). */
export function nodeServerOptions(l: ServeLimits): { headersTimeout: number; requestTimeout: number; keepAliveTimeout: number; connectionsCheckingInterval: number } {
  return {
    headersTimeout: l.headersTimeoutMs,
    // Node requires headersTimeout <= requestTimeout.
    requestTimeout: Math.max(l.requestTimeoutMs, l.headersTimeoutMs),
    keepAliveTimeout: l.keepAliveTimeoutMs,
    // How often expired header/request timers are looked for (Node's default is 30 s).
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(l.headersTimeoutMs / 4))),
  };
}

/** Caps the sockets of `server` in all and per remote address (call before listen). */
export function capConnections(server: Server, l: ServeLimits): void {
  server.maxConnections = l.maxConnections;
  const perClient = new Map<string, number>();
  server.on('connection', (socket) => {
    const who = socket.remoteAddress ?? '';
    const n = (perClient.get(who) ?? 0) + 1;
    if (n > l.maxConnectionsPerClient) {
      socket.destroy();
      return;
    }
    perClient.set(who, n);
    socket.once('close', () => {
      const left = (perClient.get(who) ?? 1) - 1;
      if (left <= 0) perClient.delete(who);
      else perClient.set(who, left);
    });
  });
}
