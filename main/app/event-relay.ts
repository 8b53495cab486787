/**
 * Contract events to the renderer over IPC (R-JOBS): main sends each event to the window's top
 * frame, and only while that frame shows the app's own page (the same check the IPC handlers
 * make, main/app/sender-check.ts). Sub-frames never get events (a frame's `send` reaches that
 * frame only), and a window navigated elsewhere gets nothing.
 */
import { ipcEventChannel, type EventEnvelope } from '../../shared/events.js';
import type { FrameLike } from './sender-check.js';

/** The part of WebFrameMain used here. */
export interface SendingFrame extends FrameLike {
  send(channel: string, ...args: unknown[]): void;
}

/** The part of WebContents used here. */
export interface EventTarget {
  isDestroyed(): boolean;
  readonly mainFrame: SendingFrame;
}

export interface EventSource {
  subscribe(listener: (event: EventEnvelope) => void): () => void;
}

export interface RelayDeps {
  /** The window's webContents, or null when there is no window. */
  target(): EventTarget | null;
  isTrusted(frame: FrameLike | null | undefined): boolean;
  onRefused?(url: string | undefined): void;
}

/** Relay every event of `source`; returns the stop. */
export function relayEvents(source: EventSource, deps: RelayDeps): () => void {
  return source.subscribe((event) => {
    const wc = deps.target();
    if (!wc || wc.isDestroyed()) return;
    const frame = wc.mainFrame;
    if (!deps.isTrusted(frame)) {
      deps.onRefused?.(frame?.url);
      return;
    }
    try {
      frame.send(ipcEventChannel(event.name), event);
    } catch {
      // The frame went away between the check and the send: nothing to deliver to.
    }
  });
}
