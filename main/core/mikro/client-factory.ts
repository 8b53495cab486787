/**
 * How the core makes Mikro clients: one seam (`MikroClientFactory`, default `createMikroClient`)
 * for the app's reused client, the short-lived ones (test connection, diagnostics) and whatever
 * the write-back path might ever make. `countingClientFactory` wraps a factory and counts the
 * clients it made, the connections they attempted and the bytes their sockets wrote: the
 * push-guard check FAILs on any of them (P1 has no write-back).
 */
import { MikroClient, type ClientOptions, type ConnectionObserver, type CountedSocket, type MikroConnectionSettings, type PasswordProvider } from './mikro-connection.js';

/** How the core makes Mikro clients; one seam, so a check can count what a code path opens. */
export type MikroClientFactory = (settings: MikroConnectionSettings, password: PasswordProvider, opts?: ClientOptions) => MikroClient;

export const createMikroClient: MikroClientFactory = (settings, password, opts) => new MikroClient(settings, password, opts);

/** What went through a counting factory: clients made, connections attempted, bytes written. */
export interface FactoryCounts {
  readonly clients: number;
  readonly connections: number;
  /** Bytes written by every socket those connections opened, read now (open or closed). */
  readonly bytes: number;
}

/** Wraps a factory so that every client it makes reports its connections into `counts`. */
export function countingClientFactory(inner: MikroClientFactory = createMikroClient): { factory: MikroClientFactory; counts: FactoryCounts } {
  let clients = 0;
  let connections = 0;
  const sockets = new Set<CountedSocket>();
  const counts: FactoryCounts = {
    get clients() {
      return clients;
    },
    get connections() {
      return connections;
    },
    get bytes() {
      let n = 0;
      for (const s of sockets) n += s.bytesWritten;
      return n;
    },
  };
  const factory: MikroClientFactory = (settings, password, opts = {}) => {
    clients++;
    const outer = opts.observer;
    const observer: ConnectionObserver = {
      attempt: () => {
        connections++;
        outer?.attempt();
      },
      socket: (socket) => {
        sockets.add(socket);
        outer?.socket(socket);
      },
    };
    return inner(settings, password, { ...opts, observer });
  };
  return { factory, counts };
}

/** A client with one connection for one job, closed afterwards (test connection, diagnostics). */
export async function withShortLivedPool<T>(
  settings: MikroConnectionSettings,
  password: PasswordProvider,
  fn: (client: MikroClient) => Promise<T>,
  factory: MikroClientFactory = createMikroClient,
): Promise<T> {
  const client = factory(settings, password, { poolMax: 1 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
