/**
 * What the preload exposes to the renderer as `window.optiplan`: a function that calls contract
 * operations, a subscription to contract events, nothing else of Node or Electron (R-APP-1).
 */
import type { OpName, OpResult } from './contract.js';
import type { EventEnvelope, EventName } from './events.js';

export interface OptiplanBridge {
  invoke<N extends OpName>(name: N, input: unknown): Promise<OpResult<N>>;
  /**
   * Subscribe to one contract event (shared/events.ts); any other name throws. Returns the
   * unsubscribe. Main sends events only to the app's own top frame.
   */
  on<E extends EventName>(name: E, listener: (event: EventEnvelope<E>) => void): () => void;
  /** Desktop-only features (print to PDF, open a folder) check this. */
  readonly desktop: true;
}

export const BRIDGE_KEY = 'optiplan';
