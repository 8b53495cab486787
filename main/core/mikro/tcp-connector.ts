/**
 * The TCP connect every tedious connection to Mikro uses (tedious' `connector` option): tedious'
 * own connect-in-sequence (every address DNS gives, in turn, as tedious does by default), then
 * Nagle's algorithm turned off on the socket. tedious never calls `setNoDelay`, and with TLS each
 * record leaves Node's TLS layer as more than one write once it passes 1 KB (a longer statement):
 * the second write waited for the server's delayed ACK, ~40 ms per such statement on Linux and
 * up to 200 ms on Windows. TDS is request/answer, so there is nothing for Nagle to coalesce.
 */
import type dns from 'node:dns';
import type net from 'node:net';

type Lookup = (hostname: string, options: dns.LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void) => void;

/** What tedious calls to open its socket (its `connector` option, with the lookup and abort signal it passes). */
export type TediousConnector = (opts: { host: string; port: number; localAddress?: string | undefined }, lookup: Lookup, signal: AbortSignal) => Promise<net.Socket>;

/** tedious' default connect (loaded on first use, with tedious itself). */
const tediousConnect: TediousConnector = async (opts, lookup, signal) => {
  const { connectInSequence } = (await import('tedious/lib/connector.js')) as typeof import('tedious/lib/connector.js');
  return connectInSequence(opts, lookup, signal);
};

/** `connect` (default tedious' own), with TCP_NODELAY on the socket it returns. */
export function noDelayConnector(connect: TediousConnector = tediousConnect): TediousConnector {
  return async (opts, lookup, signal) => {
    const socket = await connect(opts, lookup, signal);
    socket.setNoDelay(true);
    return socket;
  };
}
