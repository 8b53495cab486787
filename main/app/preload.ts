/**
 * The preload: exposes `window.optiplan.invoke(name, input)` for contract operations only
 * (R-APP-1/2). Runs sandboxed (bundled to CommonJS by vite.preload.config.ts).
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { OptiplanBridge } from '../../shared/bridge.js';
import { BRIDGE_KEY } from '../../shared/bridge.js';
import { ipcChannel, isOpName } from '../../shared/contract.js';

const bridge: OptiplanBridge = {
  invoke: (name, input) => {
    if (!isOpName(name)) {
      return Promise.resolve({ ok: false, error: { code: 'E_NOT_FOUND', message: `unknown operation "${String(name)}"`, details: [] } });
    }
    return ipcRenderer.invoke(ipcChannel(name), input);
  },
  desktop: true,
};

contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
