/**
 * The bridge the preload exposes (shared/bridge.ts), built over the part of ipcRenderer it uses
 * so that it is tested without Electron. Only contract operation names reach `invoke`, only
 * contract event names can be subscribed, and a listener gets the event alone, never the
 * IpcRendererEvent (which would hand the page `sender`).
 */
import type { OptiplanBridge } from '../../shared/bridge.js';
import { ipcChannel, isOpName } from '../../shared/contract.js';
import { ipcEventChannel, isEventName, type EventEnvelope } from '../../shared/events.js';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createBridge(ipc: IpcRendererLike): OptiplanBridge {
  return {
    invoke: (name, input) => {
      if (!isOpName(name)) {
        return Promise.resolve({ ok: false, error: { code: 'E_NOT_FOUND', message: { key: 'errors.E_NOT_FOUND.message' }, next_step: { key: 'errors.E_NOT_FOUND.next_step' }, details: [], technical_detail: `unknown operation "${String(name)}"` } } as never);
      }
      return ipc.invoke(ipcChannel(name), input) as never;
    },
    on: (name, listener) => {
      if (!isEventName(name)) throw new TypeError(`unknown event "${String(name)}"`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const channel = ipcEventChannel(name);
      const relay = (_event: unknown, envelope: unknown) => {
        const e = envelope as EventEnvelope | null;
        if (e && typeof e === 'object' && e.name === name) listener(e as never);
      };
      ipc.on(channel, relay);
      return () => void ipc.removeListener(channel, relay);
    },
    desktop: true,
  };
}
