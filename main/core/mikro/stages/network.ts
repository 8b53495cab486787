/**
 * The network half of the staged test: name resolution, the SQL Server Browser (UDP 1434) for a
 * named instance, and the TCP connect. Each returns facts or throws an error carrying the OS code
 * (ENOTFOUND, ECONNREFUSED, ETIMEDOUT …) so the stage can name the cause.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';

export const SQL_BROWSER_PORT = 1434;

export async function resolveHost(host: string): Promise<{ addresses: string[]; literal: boolean }> {
  if (net.isIP(host)) return { addresses: [host], literal: true };
  const found = await dns.promises.lookup(host, { all: true });
  return { addresses: found.map((a) => a.address), literal: false };
}

export interface BrowserInstanceInfo {
  name: string;
  port: number | null;
  version: string | null;
}

/** `ServerName;X;InstanceName;Y;IsClustered;No;Version;…;tcp;1433;;` per instance ([MC-SQLR] 2.2.5). */
export function parseBrowserAnswer(text: string): BrowserInstanceInfo[] {
  return text
    .split(';;')
    .map((block) => {
      const parts = block.split(';');
      const fields = new Map<string, string>();
      for (let i = 0; i + 1 < parts.length; i += 2) fields.set(parts[i]!.toLowerCase(), parts[i + 1]!);
      const tcp = fields.get('tcp');
      return { name: fields.get('instancename') ?? '', port: tcp && /^\d+$/.test(tcp) ? Number(tcp) : null, version: fields.get('version') ?? null };
    })
    .filter((i) => i.name !== '');
}

/** CLNT_UCAST_EX (0x03): every instance the Browser knows on that host; retried once. */
export async function askBrowser(address: string, timeoutMs: number, port = SQL_BROWSER_PORT, signal?: AbortSignal): Promise<BrowserInstanceInfo[]> {
  const attempts = 2;
  const each = Math.max(200, Math.floor(timeoutMs / attempts));
  let last: Error = new Error('no answer');
  for (let i = 0; i < attempts; i++) {
    try {
      const data = await udpRequest(address, port, Buffer.from([0x03]), each, signal);
      if (data[0] !== 0x05 || data.length < 3) throw new Error(`unexpected SQL Server Browser answer (0x${(data[0] ?? 0).toString(16)})`);
      return parseBrowserAnswer(data.toString('latin1', 3));
    } catch (err) {
      last = err as Error;
      if ((last as { code?: string }).code === 'ECANCEL') throw last;
    }
  }
  throw last;
}

function udpRequest(address: string, port: number, payload: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => done(Object.assign(new Error(`SQL Server Browser on ${address}:${port} did not answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    const onAbort = () => done(Object.assign(new Error('cancelled'), { code: 'ECANCEL' }));
    signal?.addEventListener('abort', onAbort, { once: true });
    function done(err: Error | null, data?: Buffer) {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (err) reject(err);
      else resolve(data!);
    }
    socket.once('message', (data) => done(null, data));
    // ICMP port unreachable shows up as ECONNREFUSED on a connected UDP socket on some systems.
    socket.once('error', (err) => done(err));
    socket.send(payload, port, address);
  });
}
