/**
 * The core host: the process that owns the Core (R-APP). The Electron main process keeps only
 * the window, the sender checks and the relay; synchronous SQLite work, NAS file calls and
 * integrity checks run here and never freeze the window, and a crash here is a restart, not the
 * end of the app.
 *
 * `serveCore` answers one port: `init` opens the core (once), `call` goes to the dispatcher by
 * name, `record` audits, `log` writes the shell's lines to the one log, `close` waits — bounded —
 * for running jobs and a running backup, then closes the core (PostgreSQL pool, SQLite WAL
 * checkpoint on close) and answers. Every contract event is posted as it happens.
 */
import { AppError, isAppError } from '../../shared/errors.js';
import { msg } from '../../shared/messages.js';
import type { Core } from '../core/core.js';
import type { FromHost, HostInit, HostPort, ToHost } from './protocol.js';
import { HOST_FAULT_EXIT, isToHost } from './protocol.js';

export interface ServeOptions {
  /** Opens the core for an `init` (the host process passes the real opener; tests may wrap it). */
  open(init: HostInit): Promise<Core>;
  /** After `close` answered: the process exits. */
  onClosed?(): void;
}

/** How often close looks whether the running jobs and backup are done. */
const SETTLE_POLL_MS = 100;

export function serveCore(port: HostPort<unknown, FromHost>, opts: ServeOptions): void {
  let core: Promise<Core> | null = null;
  let opened: Core | null = null;
  const needCore = (): Promise<Core> => core ?? Promise.reject(new AppError('E_INTERNAL', 'the core host got a call before init'));

  port.onMessage((raw) => {
    if (!isToHost(raw)) return;
    const m: ToHost = raw;
    switch (m.t) {
      case 'init':
        if (core) return;
        core = opts.open(m.init).then((c) => {
          opened = c;
          c.events.subscribe((event) => port.post({ t: 'event', event }));
          if (m.init.background !== false) void c.startBackground();
          port.post({ t: 'ready', pid: process.pid, version: c.version });
          return c;
        });
        // A core that cannot open is a fault of this process: the parent sees the exit and restarts.
        core.catch((err: unknown) => {
          process.stderr.write(`core host: the core did not open: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exit(HOST_FAULT_EXIT);
        });
        return;
      case 'call':
        void answer(port, m.id, () => needCore().then((c) => c.dispatcher.invoke(m.name, m.input, c.context(m.door))));
        return;
      case 'record':
        void answer(port, m.id, () => needCore().then((c) => c.record({ ...m.entry, actor: c.actorFor(m.door) })));
        return;
      case 'log':
        opened?.logger[m.level](m.fields, m.text);
        return;
      case 'close':
        void answer(port, m.id, async () => {
          if (!core) return { waited_ms: 0 };
          const c = await core;
          const waited = await settle(c, m.timeoutMs);
          await c.close();
          return { waited_ms: waited };
        }).then(() => opts.onClosed?.());
        return;
    }
  });
}

async function answer(port: HostPort<unknown, FromHost>, id: number, run: () => Promise<unknown>): Promise<void> {
  try {
    port.post({ t: 'reply', id, ok: true, data: await run() });
  } catch (err) {
    const e = isAppError(err) ? err : new AppError('E_INTERNAL', msg('errors.unexpected', { op: 'core host' }), [], { technical_detail: err instanceof Error ? err.message : String(err) });
    port.post({ t: 'reply', id, ok: false, error: e.toBody() });
  }
}

/**
 * Wait until no job runs and no backup runs (a backup cut off midway leaves a partial file and a
 * run row marked running), at most `timeoutMs`. Returns how long it waited.
 */
async function settle(core: Core, timeoutMs: number): Promise<number> {
  const start = Date.now();
  const busy = () => core.dispatcher.jobs.size > 0 || (core.backup?.status(core.db.engine, '').running ?? null) !== null;
  while (busy() && Date.now() - start < timeoutMs) {
    await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
  }
  return Date.now() - start;
}
