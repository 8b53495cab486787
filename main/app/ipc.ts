/**
 * IPC registration: one handler per contract entry this door offers (R-APP-2). Each checks the sender frame,
 * then hands the raw input to the dispatcher, which validates it against the contract schema.
 * Results travel as `{ok, data}` / `{ok:false, error}` so error codes survive the trip.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { ipcChannel, OP_NAMES, offeredBy, type OpName, type OpResult } from '../../shared/contract.js';
import { AppError, isAppError } from '../../shared/errors.js';
import type { CallContext } from '../core/api/dispatch.js';
import type { FrameLike } from './sender-check.js';

/** The part of ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcDeps {
  invoke(name: OpName, input: unknown, ctx: CallContext): Promise<unknown>;
  context: CallContext;
  isTrusted(frame: FrameLike | null | undefined): boolean;
  onRefused?(name: OpName, url: string | undefined): void;
}

/** The operations this door offers (the contract's `doors`). */
export const IPC_OPS: readonly OpName[] = OP_NAMES.filter((name) => offeredBy(name, 'ipc'));

export function registerIpcHandlers(ipc: IpcMainLike, deps: IpcDeps): () => void {
  for (const name of IPC_OPS) {
    ipc.handle(ipcChannel(name), async (event, input) => handleCall(name, event.senderFrame as FrameLike | null, input, deps));
  }
  return () => IPC_OPS.forEach((name) => ipc.removeHandler(ipcChannel(name)));
}

export async function handleCall(name: OpName, frame: FrameLike | null | undefined, input: unknown, deps: IpcDeps): Promise<OpResult<OpName>> {
  if (!deps.isTrusted(frame)) {
    deps.onRefused?.(name, frame?.url);
    return { ok: false, error: new AppError('E_FORBIDDEN', 'this frame may not call the console API').toBody() };
  }
  try {
    return { ok: true, data: (await deps.invoke(name, input, deps.context)) as never };
  } catch (err) {
    const e = isAppError(err) ? err : new AppError('E_INTERNAL', 'internal error; the log in the data folder has the details');
    return { ok: false, error: e.toBody() };
  }
}
