/**
 * The one entry every door calls: validate the input against the contract's schema, refuse a
 * second run of a long mutating operation while one is going (R-APP-4), run the handler, and
 * turn any failure into an AppError whose message is safe to show.
 */
import type { Logger } from 'pino';
import { contract, isOpName, type OpName, type OpOutput, type OpParsedInput } from '../../../shared/contract.js';
import { AppError, isAppError } from '../../../shared/errors.js';
import { issuesToDetails } from '../config/schema-errors.js';

export type Door = 'ipc' | 'http' | 'cli';

export interface CallContext {
  door: Door;
  /** Who acts, for the audit log: OS user@host of the process, plus the door. */
  actor: string;
}

export type Handler<N extends OpName> = (input: OpParsedInput<N>, ctx: CallContext) => Promise<OpOutput<N>>;
export type Handlers = { [N in OpName]: Handler<N> };

export class Dispatcher {
  private readonly running = new Set<OpName>();

  constructor(
    private readonly handlers: Handlers,
    private readonly logger: Logger,
  ) {}

  async invoke<N extends OpName>(name: N, rawInput: unknown, ctx: CallContext): Promise<OpOutput<N>>;
  async invoke(name: string, rawInput: unknown, ctx: CallContext): Promise<unknown>;
  async invoke(name: string, rawInput: unknown, ctx: CallContext): Promise<unknown> {
    if (!isOpName(name)) throw new AppError('E_NOT_FOUND', `unknown operation "${name}"`);
    const def = contract[name];
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const details = issuesToDetails(parsed.error);
      throw new AppError('E_VALIDATION', `invalid input for ${name}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
    }
    if (def.mutates && this.running.has(name)) {
      throw new AppError('E_BUSY', `${name} is already running; wait for it to finish`);
    }
    if (def.mutates) this.running.add(name);
    try {
      const handler = this.handlers[name] as (input: unknown, ctx: CallContext) => Promise<unknown>;
      return await handler(parsed.data, ctx);
    } catch (err) {
      if (isAppError(err)) {
        this.logger.warn({ op: name, door: ctx.door, code: err.code }, err.message);
        throw err;
      }
      // An unexpected error may carry anything (a driver message, a path): log it, answer generically.
      this.logger.error({ op: name, door: ctx.door, err }, 'operation failed unexpectedly');
      throw new AppError('E_INTERNAL', `${name} failed unexpectedly; the log in the data folder has the details`);
    } finally {
      if (def.mutates) this.running.delete(name);
    }
  }
}
