/**
 * The main process's side of the core host (R-APP): calls by name and the event stream over one
 * port, and the host's life. It never imports electron: the Electron shell hands it a spawner
 * that starts a utilityProcess (main/app/utility-host.ts), the tests one that forks a Node child
 * (fork-host.ts); the messages are the same.
 *
 * A host that exits without being asked to (a crash) is restarted: the calls it had in hand fail
 * with E_INTERNAL (they may or may not have run — the caller sees that, nothing is retried
 * behind its back), calls made meanwhile wait for the new host. More than `maxRestarts` crashes
 * within `restartWindowMs` stop the restarts: the shell then answers E_INTERNAL until quit.
 */
import { AppError, type ErrorBody } from '../../shared/errors.js';
import type { EventEnvelope } from '../../shared/events.js';
import { msg } from '../../shared/messages.js';
import type { Door } from '../core/api/dispatch.js';
import type { AuditEntryInput } from '../core/audit/audit-types.js';
import { isFromHost, type FromHost, type HostInit, type HostPort, type LogLevel, type ToHost } from './protocol.js';

/** One started host process, whatever runs it. */
export interface HostProcess {
  port: HostPort<unknown, ToHost>;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface HostClientOptions {
  spawn(): HostProcess;
  init: HostInit;
  maxRestarts?: number;
  restartWindowMs?: number;
  /** Wait before the n-th restart in a row (default 0, 250, 1000, 2000 … ms). */
  backoffMs?(attempt: number): number;
  onRestart?(info: { code: number | null; attempt: number }): void;
  onGiveUp?(info: { code: number | null; restarts: number }): void;
}

export interface HostCloseResult {
  /** 'closed' = the core closed and answered; 'killed' = it did not within the bound. */
  outcome: 'closed' | 'killed';
  waited_ms: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
  what: string;
}

const defaultBackoff = (attempt: number) => [0, 250, 1000, 2000][Math.min(attempt, 3)]!;

export function errorFromBody(body: ErrorBody): AppError {
  return new AppError(body.code, body.message, body.details, { next_step: body.next_step, ...(body.technical_detail ? { technical_detail: body.technical_detail } : {}) });
}

export class HostClient {
  private proc: HostProcess | null = null;
  private readyNow = false;
  private waiting: Array<() => void> = [];
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: EventEnvelope) => void>();
  private readonly crashes: number[] = [];
  private nextId = 1;
  private closing = false;
  private gaveUp = false;
  /** How many hosts were started (1 + restarts): tests and diagnostics read it. */
  generation = 0;
  pid: number | null = null;

  constructor(private readonly opts: HostClientOptions) {}

  /** Start the first host; resolves once it is ready. */
  start(): Promise<void> {
    this.launch();
    return this.whenReady();
  }

  /** Call a contract operation by name (the host's dispatcher validates name and input). */
  invoke(name: string, input: unknown, door: Door = 'ipc'): Promise<unknown> {
    return this.send(name, (id) => ({ t: 'call', id, name, input, door }));
  }

  /** Audit an action the shell did (the host sets the actor: its user and machine, via `door`). */
  record(entry: AuditEntryInput, door: Door = 'ipc'): Promise<void> {
    return this.send('audit.record', (id) => ({ t: 'record', id, entry, door })) as Promise<void>;
  }

  /** A line for the one log (the host writes it); dropped while no host runs. */
  log(level: LogLevel, fields: Record<string, unknown>, text: string): void {
    if (this.readyNow) this.proc?.port.post({ t: 'log', level, fields, text });
  }

  /** The contract's events from every host generation, in order (an EventSource for the relay). */
  subscribe(listener: (event: EventEnvelope) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Ask the host to finish (running jobs and backup first, at most `timeoutMs`), close the core
   * and exit. A host that does not answer within the bound plus a margin is killed.
   */
  async close(timeoutMs: number): Promise<HostCloseResult> {
    this.closing = true;
    const proc = this.proc;
    if (!proc || !this.readyNow) {
      proc?.kill();
      return { outcome: 'killed', waited_ms: 0 };
    }
    const id = this.nextId++;
    const exited = new Promise<void>((r) => proc.onExit(() => r()));
    const answered = new Promise<{ waited_ms: number }>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, what: 'close' }));
    proc.port.post({ t: 'close', id, timeoutMs });
    const margin = new Promise<null>((r) => setTimeout(() => r(null), timeoutMs + 2_000).unref());
    const result = await Promise.race([answered.catch(() => null), margin]);
    if (result) {
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1_000).unref())]);
      return { outcome: 'closed', waited_ms: result.waited_ms };
    }
    proc.kill();
    return { outcome: 'killed', waited_ms: timeoutMs };
  }

  private send(what: string, message: (id: number) => ToHost): Promise<unknown> {
    return this.whenReady().then(
      () =>
        new Promise((resolve, reject) => {
          const id = this.nextId++;
          this.pending.set(id, { resolve, reject, what });
          this.proc!.port.post(message(id));
        }),
    );
  }

  private whenReady(): Promise<void> {
    if (this.gaveUp || this.closing) return Promise.reject(this.unavailable());
    if (this.readyNow) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiting.push(() => (this.gaveUp || this.closing ? reject(this.unavailable()) : resolve())));
  }

  private unavailable(): AppError {
    return new AppError('E_INTERNAL', msg('errors.core_host_unavailable'), [], { technical_detail: `core host not running (generation ${this.generation}, gave up: ${this.gaveUp})` });
  }

  private launch(): void {
    const proc = this.opts.spawn();
    this.proc = proc;
    this.generation++;
    this.readyNow = false;
    proc.port.onMessage((raw) => {
      if (this.proc === proc && isFromHost(raw)) this.receive(raw);
    });
    proc.onExit((code) => {
      if (this.proc === proc) this.exited(code);
    });
    proc.port.post({ t: 'init', init: this.opts.init });
  }

  private receive(m: FromHost): void {
    if (m.t === 'ready') {
      this.readyNow = true;
      this.pid = m.pid;
      for (const go of this.waiting.splice(0)) go();
    } else if (m.t === 'event') {
      for (const l of [...this.listeners]) {
        try {
          l(m.event);
        } catch {
          // A broken listener (a window gone) must not stop the others.
        }
      }
    } else {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.data);
      else p.reject(errorFromBody(m.error));
    }
  }

  private exited(code: number | null): void {
    this.readyNow = false;
    this.pid = null;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new AppError('E_INTERNAL', msg('errors.core_host_stopped', { op: p.what }), [], { technical_detail: `core host exited with code ${code}` }));
    }
    if (this.closing) {
      for (const go of this.waiting.splice(0)) go();
      return;
    }
    const now = Date.now();
    const windowMs = this.opts.restartWindowMs ?? 60_000;
    this.crashes.push(now);
    while (this.crashes.length && now - this.crashes[0]! > windowMs) this.crashes.shift();
    if (this.crashes.length > (this.opts.maxRestarts ?? 5)) {
      this.gaveUp = true;
      this.opts.onGiveUp?.({ code, restarts: this.generation - 1 });
      for (const go of this.waiting.splice(0)) go();
      return;
    }
    const attempt = this.crashes.length - 1;
    this.opts.onRestart?.({ code, attempt });
    setTimeout(() => this.launch(), (this.opts.backoffMs ?? defaultBackoff)(attempt));
  }
}
