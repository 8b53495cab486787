/**
 * What the preload exposes to the renderer as `window.optiplan`: exactly one function that can
 * call contract operations, nothing else of Node or Electron (R-APP-1).
 */
import type { OpName, OpResult } from './contract.js';

export interface OptiplanBridge {
  invoke<N extends OpName>(name: N, input: unknown): Promise<OpResult<N>>;
  /** Desktop-only features (print to PDF, open a folder) check this. */
  readonly desktop: true;
}

export const BRIDGE_KEY = 'optiplan';
