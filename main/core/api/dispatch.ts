/**
 * The one entry every door calls. In order: the operation must exist and be offered by the
 * calling door (a desktop-only operation over HTTP is E_NOT_FOUND naming the door); the input
 * is validated against the contract's schema; then the contract's concurrency rule applies:
 *
 * - a job (`job: true`) whose key is already running attaches: the caller gets that job's id and
 *   its result (R-JOBS), not E_BUSY; the result carries `job: { id, attached }`;
 * - any other operation whose key is in use is refused with E_BUSY (only what really conflicts:
 *   `secrets.set` of the same name, not of another one);
 * - a null key never waits for anything.
 *
 * Any failure becomes an AppError whose message is safe to show; unexpected ones are logged and
 * answered generically.
 */
import type { Logger } from 'pino';
import {
  contract,
  isOpName,
  offeredBy,
  type CoreOpName,
  type OpHandlerOutput,
  type OpInput,
  type OpName,
  type OpOutput,
  type OpParsedInput,
} from '../../../shared/contract.js';
import { AppError, isAppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import { inputInvalid } from '../config/schema-errors.js';
import { isDatabaseOutage, outageError } from '../db/db-outage.js';
import { EventBus } from '../jobs/event-bus.js';
import { JobRegistry, type JobHandle } from '../jobs/job-registry.js';

export type Door = 'ipc' | 'http' | 'cli';

export interface CallContext {
  door: Door;
  /** Who acts, for the audit log: OS user@host of the process, plus the door. */
  actor: string;
  /** Set by the dispatcher for a job operation: the handler reports progress through it. */
  job?: JobHandle;
}

export type Handler<N extends CoreOpName> = (input: OpParsedInput<N>, ctx: CallContext) => Promise<OpHandlerOutput<N>>;
/** One handler per operation the core answers (desktop-only operations are the shell's). */
export type Handlers = { [N in CoreOpName]: Handler<N> };

type AnyHandler = (input: unknown, ctx: CallContext) => Promise<unknown>;

export class Dispatcher {
  /** Keys held by running non-job operations. */
  private readonly held = new Set<string>();
  readonly jobs: JobRegistry;

  constructor(
    private readonly handlers: Handlers,
    private readonly logger: Logger,
    jobs?: JobRegistry,
  ) {
    this.jobs = jobs ?? new JobRegistry(new EventBus());
  }

  /** Typed: what the CLI and the core's own callers use. The raw form is for doors that receive JSON. */
  async invoke<N extends OpName>(name: N, input: OpInput<N>, ctx: CallContext): Promise<OpOutput<N>>;
  async invoke(name: string, rawInput: unknown, ctx: CallContext): Promise<unknown>;
  async invoke(name: string, rawInput: unknown, ctx: CallContext): Promise<unknown> {
    if (!isOpName(name)) throw new AppError('E_NOT_FOUND', msg('errors.unknown_operation', { name }));
    const def = contract[name];
    if (!offeredBy(name, ctx.door)) {
      throw new AppError('E_NOT_FOUND', msg('errors.desktop_only', { op: name }), [], { technical_detail: `${name} is not offered over ${ctx.door}: only ${def.doors.join(', ')}` });
    }
    const handler = (this.handlers as Record<string, AnyHandler | undefined>)[name];
    if (!handler) throw new AppError('E_NOT_FOUND', `${name} is answered by the desktop app's shell, not the core`);
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      throw inputInvalid(name, parsed.error);
    }
    const input: unknown = parsed.data;
    const key = def.concurrency ? (def.concurrency as (i: unknown) => string | null)(input) : null;

    if (def.job) {
      const started = this.jobs.start(name, key, input, (job) => this.run(name, handler, input, { ...ctx, job }));
      const result = await started.promise;
      return { ...(result as object), job: { id: started.id, attached: started.attached } };
    }
    if (key !== null) {
      if (this.held.has(key)) throw new AppError('E_BUSY', msg('errors.busy', { op: name }), [], { technical_detail: `${name} is already running for ${key}` });
      this.held.add(key);
    }
    try {
      return await this.run(name, handler, input, ctx);
    } finally {
      if (key !== null) this.held.delete(key);
    }
  }

  private async run(name: OpName, handler: AnyHandler, input: unknown, ctx: CallContext): Promise<unknown> {
    try {
      return await handler(input, ctx);
    } catch (err) {
      if (isAppError(err)) {
        this.logger.warn({ op: name, door: ctx.door, code: err.code }, err.message);
        throw err;
      }
      // The app database out of reach is an outage to wait out (503), not a bug (500).
      if ((contract[name].effects as readonly string[]).includes('db') && isDatabaseOutage(err)) {
        this.logger.warn({ op: name, door: ctx.door, code: 'E_DB_UNAVAILABLE' }, 'the app database is unavailable');
        throw outageError(err);
      }
      // An unexpected error may carry anything (a driver message, a path): log it, answer generically.
      this.logger.error({ op: name, door: ctx.door, err }, 'operation failed unexpectedly');
      throw new AppError('E_INTERNAL', msg('errors.unexpected', { op: name }));
    }
  }
}
