/**
 * The preload: exposes `window.optiplan` (shared/bridge.ts) — `invoke(name, input)` for contract
 * operations and `on(name, listener)` for contract events, nothing else (R-APP-1/2). Runs
 * sandboxed (bundled to CommonJS by vite.preload.config.ts); the bridge is main/app/preload-bridge.ts.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY } from '../../shared/bridge.js';
import { createBridge } from './preload-bridge.js';

contextBridge.exposeInMainWorld(BRIDGE_KEY, createBridge(ipcRenderer));
