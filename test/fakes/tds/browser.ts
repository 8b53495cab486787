// SQL Server Browser ([MC-SQLR]) on UDP, for the named-instance stage of the connection test.
// Requests: CLNT_BCAST_EX 0x02 / CLNT_UCAST_EX 0x03 (list every instance), CLNT_UCAST_INST 0x04 +
// name + NUL (one instance; the real service stays silent for an unknown name). Answer SVR_RESP:
// 0x05, a 2-byte little-endian length, then `ServerName;…;InstanceName;…;IsClustered;No;Version;…;tcp;<port>;;`
// per instance. Listens on the fake's host, on an ephemeral port (tests pass it to the stage; the
// real 1434 would collide between parallel test files).

import dgram from 'node:dgram';

export interface BrowserInstance {
  name: string;
  port: number;
  version?: string;
}

export interface BrowserFake {
  readonly port: number;
  /** Requests received (each datagram). */
  readonly requests: number;
  close(): Promise<void>;
}

function describeInstance(serverName: string, i: BrowserInstance): string {
  return `ServerName;${serverName};InstanceName;${i.name};IsClustered;No;Version;${i.version ?? '16.0.1000.6'};tcp;${i.port};;`;
}

export async function startBrowserFake(host: string, instances: BrowserInstance[], serverName = 'MIKROSRV'): Promise<BrowserFake> {
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  let requests = 0;
  socket.on('message', (data, rinfo) => {
    requests++;
    const kind = data[0];
    let list: BrowserInstance[] = [];
    if (kind === 0x02 || kind === 0x03) list = instances;
    else if (kind === 0x04) {
      const wanted = data.subarray(1).toString('latin1').replace(/\0.*$/s, '').toUpperCase();
      list = instances.filter((i) => i.name.toUpperCase() === wanted);
    }
    if (list.length === 0) return;
    const text = Buffer.from(list.map((i) => describeInstance(serverName, i)).join(''), 'latin1');
    const head = Buffer.from([0x05, 0, 0]);
    head.writeUInt16LE(text.length, 1);
    socket.send(Buffer.concat([head, text]), rinfo.port, rinfo.address);
  });
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.bind(0, host, () => resolve()));
  return {
    port: socket.address().port,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
