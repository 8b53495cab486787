/**
 * The core host as a Node child process (child_process.fork), with the same messages as the
 * Electron utilityProcess: how the tests run the host without an Electron binary, and a way to
 * run it from any Node tool. 'advanced' serialization is the structured clone a MessagePort
 * uses, so what survives one transport survives the other.
 */
import { fork } from 'node:child_process';
import type { HostProcess } from './host-client.js';

export interface ForkHostOptions {
  /** The host entry: dist/host/core-host.cjs, or main/host/host-process.ts with tsx in execArgv. */
  entry: string;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
}

export function forkHost(opts: ForkHostOptions): () => HostProcess & { pid: number | undefined } {
  return () => {
    const child = fork(opts.entry, [], {
      execArgv: opts.execArgv ?? [],
      env: opts.env ?? process.env,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return {
      pid: child.pid,
      port: {
        post: (message) => {
          if (child.connected) child.send(message);
        },
        onMessage: (listener) => void child.on('message', listener),
      },
      onExit: (listener) => void child.once('exit', (code, signal) => listener(code ?? (signal ? null : 0))),
      kill: () => void child.kill('SIGKILL'),
    };
  };
}
