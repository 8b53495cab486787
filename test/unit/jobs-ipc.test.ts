// Jobs and events through the IPC door (R-JOBS): a second IPC caller attaches to the running
// job; events reach the renderer in order, only while the window's top frame shows the app;
// the preload's `on` accepts contract event names only. Real Dispatcher, JobRegistry, EventBus,
// relay and bridge; Electron's ipcMain / webContents / ipcRenderer are small fakes.
import { describe, expect, it, vi } from 'vitest';
import { registerIpcHandlers, type IpcMainLike } from '../../main/app/ipc.js';
import { relayEvents, type EventTarget, type SendingFrame } from '../../main/app/event-relay.js';
import { createBridge, type IpcRendererLike } from '../../main/app/preload-bridge.js';
import { isTrustedSender, type FrameLike } from '../../main/app/sender-check.js';
import { Dispatcher, type Handlers } from '../../main/core/api/dispatch.js';
import { EventBus } from '../../main/core/jobs/event-bus.js';
import { JobRegistry } from '../../main/core/jobs/job-registry.js';
import { silentLogger } from '../../main/core/logging/logger.js';
import { EVENT_NAMES, type EventEnvelope } from '../../shared/events.js';

const ENTRY = 'file:///opt/OptiPlan360/resources/app.asar/dist-renderer/index.html';
const top = (url: string): FrameLike => ({ url, parent: null });

function fakeIpcMain() {
  const handlers = new Map<string, (event: { senderFrame: FrameLike | null }, ...args: unknown[]) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle: (channel, fn) => void handlers.set(channel, fn as never),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipc, handlers };
}

/** A renderer process: ipcRenderer listeners per channel, fed by the main frame's `send`. */
function fakeRenderer() {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipcRenderer: IpcRendererLike = {
    invoke: vi.fn(async () => ({ ok: true, data: null })),
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const deliver = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l({ sender: 'the IpcRendererEvent' }, ...args));
  return { ipcRenderer, deliver, listeners };
}

function window(url: string) {
  const sent: { channel: string; args: unknown[] }[] = [];
  const renderer = fakeRenderer();
  const mainFrame: SendingFrame = {
    url,
    parent: null,
    send: (channel, ...args) => {
      sent.push({ channel, args });
      renderer.deliver(channel, ...args);
    },
  };
  let destroyed = false;
  const wc: EventTarget & { destroy(): void } = { isDestroyed: () => destroyed, mainFrame, destroy: () => void (destroyed = true) };
  return { wc, sent, renderer, mainFrame };
}

describe('jobs over IPC', () => {
  it('a second IPC caller attaches to the running backup: same job id, one run; events reach the trusted frame in order', async () => {
    const bus = new EventBus({ validate: true });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const run = vi.fn(async (_input: unknown, ctx: { job?: { progress(p: unknown): void; setRunId(n: number): void } }) => {
      ctx.job?.setRunId(41);
      ctx.job?.progress({ phase: 'dumping', percent: 0 });
      await gate;
      return { id: 41, status: 'success' } as never;
    });
    const d = new Dispatcher({ 'backup.run': run } as unknown as Handlers, silentLogger(), new JobRegistry(bus));
    const { ipc, handlers } = fakeIpcMain();
    registerIpcHandlers(ipc, { invoke: (n, i, c) => d.invoke(n, i, c), context: { door: 'ipc', actor: 'op@pc' }, isTrusted: (f) => isTrustedSender(f, ENTRY) });
    const w = window(`${ENTRY}#/backups`);
    const stop = relayEvents(bus, { target: () => w.wc, isTrusted: (f) => isTrustedSender(f, ENTRY) });
    const bridge = createBridge(w.renderer.ipcRenderer);
    const received: EventEnvelope[] = [];
    const offs = EVENT_NAMES.map((n) => bridge.on(n, (e) => received.push(e as EventEnvelope)));

    const call = handlers.get('op:backup.run')!;
    const first = call({ senderFrame: top(ENTRY) }, { verify: false });
    const second = call({ senderFrame: top(`${ENTRY}#/overview`) }, { verify: false });
    await vi.waitFor(() => expect(d.jobs.list()[0]?.callers).toBe(2));
    release();
    const [a, b] = (await Promise.all([first, second])) as { ok: true; data: { id: number; job: { id: string; attached: boolean } } }[];
    expect(a).toMatchObject({ ok: true, data: { id: 41, job: { attached: false } } });
    expect(b).toMatchObject({ ok: true, data: { id: 41, job: { id: a!.data.job.id, attached: true } } });
    expect(run).toHaveBeenCalledTimes(1);

    expect(received.map((e) => e.name)).toEqual(['job.started', 'job.progress', 'job.finished']);
    expect(received.every((e) => 'job_id' in e.data && e.data.job_id === a!.data.job.id)).toBe(true);
    expect(received.map((e) => Number(e.id.split('-')[1]))).toEqual([1, 2, 3]);
    expect(w.sent.map((s) => s.channel)).toEqual(['event:job.started', 'event:job.progress', 'event:job.finished']);
    offs.forEach((off) => off());
    stop();
  });

  it('events go only to a window whose top frame shows the app page', () => {
    const bus = new EventBus();
    const onRefused = vi.fn();
    let current = window(ENTRY);
    relayEvents(bus, { target: () => current.wc, isTrusted: (f) => isTrustedSender(f, ENTRY), onRefused });
    bus.emit('health.sample', { timestamp: 't', status: 'healthy', database_latency_ms: 1 });
    expect(current.sent).toHaveLength(1);

    const elsewhere = window('https://evil.example/index.html');
    current = elsewhere;
    bus.emit('health.sample', { timestamp: 't', status: 'healthy', database_latency_ms: 1 });
    expect(elsewhere.sent).toHaveLength(0);
    expect(onRefused).toHaveBeenCalledWith('https://evil.example/index.html');

    const framed = window(ENTRY);
    (framed.mainFrame as { parent: FrameLike | null }).parent = top(ENTRY); // not a top frame
    current = framed;
    bus.emit('health.sample', { timestamp: 't', status: 'healthy', database_latency_ms: 1 });
    expect(framed.sent).toHaveLength(0);

    const gone = window(ENTRY);
    gone.wc.destroy();
    current = gone;
    bus.emit('health.sample', { timestamp: 't', status: 'healthy', database_latency_ms: 1 });
    expect(gone.sent).toHaveLength(0);
    expect(bus.since('nope')).toHaveLength(4); // still buffered for the other doors
  });
});

describe('preload bridge', () => {
  it('on() accepts only contract event names and hands the listener the event, never the IpcRendererEvent', () => {
    const r = fakeRenderer();
    const bridge = createBridge(r.ipcRenderer);
    expect(() => bridge.on('not.an.event' as never, () => undefined)).toThrow(TypeError);
    expect(() => bridge.on('__proto__' as never, () => undefined)).toThrow(TypeError);
    expect(() => bridge.on('job.started', 'no' as never)).toThrow(TypeError);
    expect(r.listeners.size).toBe(0);

    const got: unknown[][] = [];
    const off = bridge.on('job.started', (...args: unknown[]) => got.push(args));
    const envelope = { id: 'ab-1', name: 'job.started', at: 'now', data: { job_id: 'j', op: 'backup.run', key: 'backup:app', started_at: 'now' } };
    r.deliver('event:job.started', envelope);
    r.deliver('event:job.started', { ...envelope, name: 'job.finished' }); // a mismatched envelope is dropped
    expect(got).toEqual([[envelope]]);
    off();
    r.deliver('event:job.started', envelope);
    expect(got).toHaveLength(1);
    expect(r.listeners.get('event:job.started')?.size).toBe(0);
  });

  it('invoke() forwards contract operations only', async () => {
    const r = fakeRenderer();
    const bridge = createBridge(r.ipcRenderer);
    expect(await bridge.invoke('no.such' as never, {})).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    expect(r.ipcRenderer.invoke).not.toHaveBeenCalled();
    await bridge.invoke('jobs.list', {});
    expect(r.ipcRenderer.invoke).toHaveBeenCalledWith('op:jobs.list', {});
  });
});
