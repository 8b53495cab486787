// A loopback TCP listener whose accept queue is full, so that the kernel drops further SYNs: what a
// client sees behind a firewall that drops packets (connect never completes, then times out), made
// honestly on 127.0.0.1 without any network setup.
//
// The listener lives in a worker thread whose event loop is blocked (Atomics.wait, bounded): Node
// never calls accept(), the kernel completes handshakes into the queue (backlog 1 → Linux keeps
// 2), after which new SYNs are dropped. `fill()` opens connections until one does not complete.

import net from 'node:net';
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer();
server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData.flag), 0, 0, workerData.maxMs);
  server.close();
});
`;

export interface FullBacklogListener {
  host: string;
  port: number;
  /** Connections the kernel completed into the queue before it was full. */
  queued: number;
  close(): Promise<void>;
}

function tryConnect(port: number, ms: number): Promise<net.Socket | null> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const t = setTimeout(() => {
      s.destroy();
      resolve(null);
    }, ms);
    s.once('connect', () => {
      clearTimeout(t);
      resolve(s);
    });
    s.once('error', () => {
      clearTimeout(t);
      resolve(null);
    });
  });
}

/** Bounded: the worker unblocks itself after `maxMs` (default 30 s) whatever happens. */
export async function startFullBacklogListener(maxMs = 30_000): Promise<FullBacklogListener> {
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER, { eval: true, workerData: { flag, maxMs } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 16; i++) {
    const s = await tryConnect(port, 300);
    if (!s) break;
    fillers.push(s);
  }
  return {
    host: '127.0.0.1',
    port,
    queued: fillers.length,
    async close() {
      for (const s of fillers) s.destroy();
      const view = new Int32Array(flag);
      Atomics.store(view, 0, 1);
      Atomics.notify(view, 0);
      await worker.terminate();
    },
  };
}
