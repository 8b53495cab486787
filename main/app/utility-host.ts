/**
 * Start the core host as an Electron utilityProcess (R-APP) and reach it over a
 * MessageChannelMain: one end stays here, the other is transferred in the first message on the
 * host's parentPort (main/host/host-process.ts). The host client (main/host/host-client.ts)
 * does the rest — the same client the tests drive over child_process.fork.
 */
import { MessageChannelMain, utilityProcess } from 'electron';
import type { HostProcess } from '../host/host-client.js';

export function utilityHostSpawner(entry: string): () => HostProcess {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'OptiPlan360 Core', stdio: 'inherit' });
    const { port1, port2 } = new MessageChannelMain();
    child.postMessage({ t: 'port' }, [port2]);
    port1.start();
    return {
      port: {
        post: (message) => port1.postMessage(message),
        onMessage: (listener) => void port1.on('message', (e) => listener(e.data)),
      },
      onExit: (listener) => void child.once('exit', (code) => listener(code)),
      kill: () => void child.kill(),
    };
  };
}
