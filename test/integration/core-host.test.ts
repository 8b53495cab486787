// The core host over its message channel (R-APP): the same host module the Electron shell runs
// in a utilityProcess, run here as a Node child process (child_process.fork, the same messages).
// Calls by name, errors as the contract's bodies, job events, a crash followed by a restart, a
// bounded close that checkpoints SQLite, and the window-side relay and IPC handlers refusing
// every frame but the app's own. Real Core on a real SQLite file; only Electron's webContents
// and ipcMain are small fakes.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { relayEvents, type EventTarget, type SendingFrame } from '../../main/app/event-relay.js';
import { registerIpcHandlers, type IpcMainLike } from '../../main/app/ipc.js';
import { isTrustedSender, type FrameLike } from '../../main/app/sender-check.js';
import { forkHost } from '../../main/host/fork-host.js';
import { HostClient } from '../../main/host/host-client.js';
import { contract, ipcChannel, OP_NAMES, offeredBy } from '../../shared/contract.js';
import type { EventEnvelope } from '../../shared/events.js';
import { REPO } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const ENTRY = 'app://optiplan360/index.html';
const SOURCE_ENTRY = path.join(REPO, 'main', 'host', 'host-process.ts');

const open: { client: HostClient; remove(): void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.client.close(2_000).catch(() => undefined);
    o.remove();
  }
});

function startHost(opts: { entry?: string; maxRestarts?: number } = {}) {
  const t = tempDir();
  writeConfig(t.dir, 'system_config.json', { environment: 'test', database: { auto_migrate_on_startup: false } });
  const restarts: { code: number | null }[] = [];
  const gaveUp: { restarts: number }[] = [];
  const entry = opts.entry ?? SOURCE_ENTRY;
  const client = new HostClient({
    spawn: forkHost({ entry, execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [], env: { ...process.env, NODE_ENV: 'test' } }),
    init: { dataDir: t.dir, configDir: path.join(t.dir, 'config'), background: false },
    maxRestarts: opts.maxRestarts ?? 3,
    backoffMs: () => 0,
    onRestart: (info) => restarts.push(info),
    onGiveUp: (info) => gaveUp.push(info),
  });
  open.push({ client, remove: t.remove });
  return { client, dataDir: t.dir, restarts, gaveUp };
}

/** Wait until the client has seen what a signal did (the exit reaches it asynchronously). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}

function fakeWindow(url: string, parent: FrameLike | null = null) {
  const sent: { channel: string; event: EventEnvelope }[] = [];
  const mainFrame: SendingFrame = { url, parent, send: (channel, event) => void sent.push({ channel, event: event as EventEnvelope }) };
  const wc: EventTarget = { isDestroyed: () => false, mainFrame };
  return { wc, sent };
}

describe('core host over its message channel', () => {
  it('answers contract calls by name, in the host process (not this one)', async () => {
    const { client, dataDir } = startHost();
    await client.start();
    expect(client.pid).not.toBe(process.pid);
    const info = (await client.invoke('app.info', {})) as { data_dir: string; engine: string };
    expect(info.data_dir).toBe(dataDir);
    expect(info.engine).toBe('sqlite');
    const status = (await client.invoke('migrations.status', {})) as { pending: unknown[] };
    expect(status.pending.length).toBeGreaterThan(0);
  });

  it('carries errors as the contract’s bodies: unknown operation, invalid input', async () => {
    const { client } = startHost();
    await client.start();
    await expect(client.invoke('no.such.op', {})).rejects.toMatchObject({ code: 'E_NOT_FOUND', text: { key: 'errors.unknown_operation', params: { name: 'no.such.op' } } });
    const invalid = await client.invoke('migrations.status', { bogus: 1 }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 'E_VALIDATION' });
    // The host is still there after errors.
    await expect(client.invoke('app.info', {})).resolves.toMatchObject({ engine: 'sqlite' });
  });

  it('carries every contract operation by name: each one the IPC door offers reaches the core’s dispatcher', async () => {
    const { client } = startHost();
    await client.start();
    // Read-only ones, called with no input: each answers, or fails as the dispatcher would
    // (validation, not configured …) — never "unknown operation" from the host or the relay.
    const names = OP_NAMES.filter((n) => offeredBy(n, 'ipc') && contract[n].access !== 'write');
    expect(names.length).toBeGreaterThan(10);
    const answered: string[] = [];
    for (const name of names) {
      try {
        await client.invoke(name, {});
        answered.push(name);
      } catch (err) {
        expect((err as { text?: { key: string } }).text?.key, name).not.toBe('errors.unknown_operation');
      }
    }
    expect(answered).toEqual(expect.arrayContaining(['app.info', 'health.get', 'migrations.status', 'jobs.list']));
  });

  it('streams the job events of a job it runs, in order, before the result arrives', async () => {
    const { client } = startHost();
    await client.start();
    const events: EventEnvelope[] = [];
    client.subscribe((e) => events.push(e));
    const result = (await client.invoke('migrations.up', {})) as { job: { id: string } };
    const mine = events.filter((e) => e.name.startsWith('job.') && (e.data as { job_id: string }).job_id === result.job.id);
    expect(mine.map((e) => e.name)).toEqual(expect.arrayContaining(['job.started', 'job.finished']));
    expect(mine[0]!.name).toBe('job.started');
    expect(mine.at(-1)).toMatchObject({ name: 'job.finished', data: { status: 'succeeded', op: 'migrations.up' } });
  });

  it('a crashed host is restarted: the call it had fails with E_INTERNAL, the next one works', async () => {
    const { client, restarts } = startHost();
    await client.start();
    const firstPid = client.pid!;
    const inFlight = client.invoke('diagnostics.run', {}).catch((e: unknown) => e);
    setImmediate(() => process.kill(firstPid, 'SIGKILL'));
    expect(await inFlight).toMatchObject({ code: 'E_INTERNAL', text: { key: 'errors.core_host_stopped', params: { op: 'diagnostics.run' } } });
    // Calls made while it restarts wait for the new host.
    const info = (await client.invoke('app.info', {})) as { engine: string };
    expect(info.engine).toBe('sqlite');
    expect(client.generation).toBe(2);
    expect(client.pid).not.toBe(firstPid);
    expect(restarts).toHaveLength(1);
    expect(restarts[0]!.code).toBeNull(); // killed by a signal
  });

  it('stops restarting a host that keeps crashing, and then answers E_INTERNAL (unavailable)', async () => {
    const { client, restarts, gaveUp } = startHost({ maxRestarts: 1 });
    await client.start();
    process.kill(client.pid!, 'SIGKILL');
    await until(() => restarts.length === 1);
    await expect(client.invoke('app.info', {})).resolves.toMatchObject({ engine: 'sqlite' });
    process.kill(client.pid!, 'SIGKILL');
    await until(() => gaveUp.length === 1);
    expect(gaveUp[0]!.restarts).toBe(1);
    await expect(client.invoke('app.info', {})).rejects.toMatchObject({ code: 'E_INTERNAL', text: { key: 'errors.core_host_unavailable' } });
  });

  it('closes cleanly when asked: the core closes (SQLite WAL checkpointed) and the process exits', async () => {
    const { client, dataDir } = startHost();
    await client.start();
    await client.invoke('migrations.up', {});
    const db = path.join(dataDir, 'optiplan360.sqlite');
    expect(fs.existsSync(db)).toBe(true);
    const closed = await client.close(3_000);
    expect(closed.outcome).toBe('closed');
    // SQLite folds the WAL into the database file and removes it when the last connection closes.
    expect(fs.existsSync(`${db}-wal`)).toBe(false);
    await expect(client.invoke('app.info', {})).rejects.toMatchObject({ code: 'E_INTERNAL' });
  });

  it('the bundled host (dist/host/core-host.cjs) speaks the same messages', async () => {
    const bundled = path.join(REPO, 'dist', 'host', 'core-host.cjs');
    if (!fs.existsSync(bundled)) throw new Error('dist/host/core-host.cjs is missing: run `npm run build` first (npm test does)');
    const { client } = startHost({ entry: bundled });
    await client.start();
    await expect(client.invoke('app.info', {})).resolves.toMatchObject({ engine: 'sqlite' });
  });
});

describe('the window-side relay over the host', () => {
  it('sends the host’s events to the app’s top frame only; a navigated window or a sub-frame gets nothing', async () => {
    const { client } = startHost();
    await client.start();
    const app = fakeWindow(ENTRY);
    const navigated = fakeWindow('https://evil.example/index.html');
    const framed = fakeWindow(ENTRY, { url: ENTRY, parent: null });
    const refused: (string | undefined)[] = [];
    const isTrusted = (f: FrameLike | null | undefined) => isTrustedSender(f, ENTRY);
    relayEvents(client, { target: () => app.wc, isTrusted });
    relayEvents(client, { target: () => navigated.wc, isTrusted, onRefused: (url) => refused.push(url) });
    relayEvents(client, { target: () => framed.wc, isTrusted, onRefused: (url) => refused.push(url) });
    await client.invoke('migrations.up', {});
    expect(app.sent.map((s) => s.event.name)).toEqual(expect.arrayContaining(['job.started', 'job.finished']));
    expect(app.sent[0]!.channel).toMatch(/job\.started/);
    expect(navigated.sent).toEqual([]);
    expect(framed.sent).toEqual([]);
    expect(refused).toContain('https://evil.example/index.html');
  });

  it('IPC calls from anything but the app’s frame never reach the host', async () => {
    const { client } = startHost();
    await client.start();
    const handlers = new Map<string, (event: { senderFrame: FrameLike | null }, input: unknown) => Promise<unknown>>();
    const ipc: IpcMainLike = { handle: (channel, fn) => void handlers.set(channel, fn as never), removeHandler: (channel) => void handlers.delete(channel) };
    const reached: string[] = [];
    registerIpcHandlers(ipc, {
      invoke: (name, input, ctx) => {
        reached.push(name);
        return client.invoke(name, input, ctx.door);
      },
      context: { door: 'ipc', actor: 'test' },
      isTrusted: (f) => isTrustedSender(f, ENTRY),
    });
    const call = handlers.get(ipcChannel('app.info'))!;
    await expect(call({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})).resolves.toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    await expect(call({ senderFrame: { url: ENTRY, parent: { url: ENTRY, parent: null } } }, {})).resolves.toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    await expect(call({ senderFrame: null }, {})).resolves.toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    expect(reached).toEqual([]);
    await expect(call({ senderFrame: { url: `${ENTRY}#/database`, parent: null } }, {})).resolves.toMatchObject({ ok: true, data: { engine: 'sqlite' } });
    expect(reached).toEqual(['app.info']);
  });
});
