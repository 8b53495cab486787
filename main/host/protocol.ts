/**
 * The message shape between the Electron main process and the core host (R-APP): one shape,
 * carried by an Electron MessagePort (utilityProcess) or by Node's IPC channel
 * (child_process.fork, what the tests run). Values travel by structured clone, so dates and
 * nested objects survive; errors travel as the contract's ErrorBody, never as an Error object.
 *
 * Calls are carried by name: the host hands any name to the core's dispatcher, which knows the
 * contract (an unknown name is its E_NOT_FOUND). Nothing here lists operations, so an operation
 * added to shared/contract.ts needs no change in the host or the relay.
 */
import type { ErrorBody } from '../../shared/errors.js';
import type { EventEnvelope } from '../../shared/events.js';
import type { Door } from '../core/api/dispatch.js';
import type { AuditEntryInput } from '../core/audit/audit-types.js';

/** What the host needs to open the core: plain strings only (they cross a process boundary). */
export interface HostInit {
  dataDir?: string | undefined;
  configDir?: string | undefined;
  /** The shipped config templates (the packaged app's resources/config). */
  templatesDir?: string | undefined;
  /** Start auto-migrate and the backup schedule (the app does; a test may not want to). */
  background?: boolean;
}

/** Exit code of a host that stopped on a fault (not a requested close): the parent restarts it. */
export const HOST_FAULT_EXIT = 70;

export type LogLevel = 'info' | 'warn' | 'error';

export type ToHost =
  | { t: 'init'; init: HostInit }
  | { t: 'call'; id: number; name: string; input: unknown; door: Door }
  /** An audit row from the shell; the host names the actor (its OS user and machine, via `door`). */
  | { t: 'record'; id: number; entry: AuditEntryInput; door: Door }
  /** The shell's own log lines (a refused frame, a host restart): one log writer, the host's. */
  | { t: 'log'; level: LogLevel; fields: Record<string, unknown>; text: string }
  | { t: 'close'; id: number; timeoutMs: number };

export type Reply = { t: 'reply'; id: number; ok: true; data: unknown } | { t: 'reply'; id: number; ok: false; error: ErrorBody };

export type FromHost =
  | { t: 'ready'; pid: number; version: string }
  | Reply
  | { t: 'event'; event: EventEnvelope };

/** The one thing both transports offer: send a message, receive messages. */
export interface HostPort<In, Out> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}

const TO_HOST = new Set(['init', 'call', 'record', 'log', 'close']);
const FROM_HOST = new Set(['ready', 'reply', 'event']);

function tagged(value: unknown, tags: Set<string>): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'string' && tags.has((value as { t: string }).t);
}

export function isToHost(value: unknown): value is ToHost {
  return tagged(value, TO_HOST);
}

export function isFromHost(value: unknown): value is FromHost {
  return tagged(value, FROM_HOST);
}
