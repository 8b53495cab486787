// The dispatcher's concurrency rules from the contract (R-JOBS): jobs attach, conflicting
// writes are E_BUSY, different keys run side by side, desktop-only operations are not offered
// by the other doors. Real Dispatcher, JobRegistry and EventBus; only the handlers are stand-ins.
import { describe, expect, it, vi } from 'vitest';
import { Dispatcher, type Handlers } from '../../main/core/api/dispatch.js';
import { EventBus } from '../../main/core/jobs/event-bus.js';
import { JobRegistry } from '../../main/core/jobs/job-registry.js';
import { silentLogger } from '../../main/core/logging/logger.js';
import { contract, OP_NAMES, type OpOutput } from '../../shared/contract.js';
import { EVENT_SCHEMAS, type EventEnvelope } from '../../shared/events.js';
import { AppError } from '../../shared/errors.js';

const ctx = { door: 'cli' as const, actor: 'tester@host' };

function gate() {
  let release!: () => void;
  const opened = new Promise<void>((r) => (release = r));
  return { opened, release };
}

function setup(overrides: Partial<Handlers>) {
  const bus = new EventBus({ validate: true });
  const events: EventEnvelope[] = [];
  bus.subscribe((e) => events.push(e));
  const d = new Dispatcher(overrides as Handlers, silentLogger(), new JobRegistry(bus));
  return { d, bus, events };
}

describe('contract as the operation spec', () => {
  it('every operation declares access, effects, concurrency, job and doors; mutates is derived', () => {
    for (const name of OP_NAMES) {
      const def = contract[name];
      expect(['public', 'read', 'write']).toContain(def.access);
      expect(def.mutates).toBe(def.access === 'write');
      expect(Array.isArray(def.effects)).toBe(true);
      expect(def.doors.length).toBeGreaterThan(0);
      if (def.job) expect(def.concurrency, `${name} is a job, so it needs a key to attach by`).not.toBeNull();
    }
    expect(contract['diagnostics.exportPdf'].doors).toEqual(['ipc']);
    expect(contract['backup.run'].concurrency!({ verify: false })).toBe('backup:app');
    expect(contract['secrets.set'].concurrency!({ name: 'a', value: 'x' })).toBe('secret:a');
    expect(contract['mikro.query'].concurrency!({ sql: 'select 1', max_rows: 1, query_id: 'q1' })).toBe('mikro.query:q1');
    // One PULL sync at a time, whatever it was asked for: the schedule's run and "Şimdi eşitle" share the key.
    expect(contract['mikro.sync'].concurrency!({ full: true, tables: ['stock'] })).toBe('mikro.sync');
    const fresh = contract['mikro.query'].concurrency!({ sql: 'select 1', max_rows: 1 });
    expect(fresh).not.toBe(contract['mikro.query'].concurrency!({ sql: 'select 1', max_rows: 1 }));
    expect(OP_NAMES.filter((n) => contract[n].job).sort()).toEqual(
      ['backup.run', 'backup.verify', 'diagnostics.run', 'migrations.up', 'mikro.query', 'mikro.sync', 'mikro.test', 'support.bundle', 'whatsapp.sendTest'].sort(),
    );
  });
});

describe('Dispatcher: jobs attach', () => {
  it('a second call of a running job gets the same job id and the same result; the handler runs once', async () => {
    const g = gate();
    const up = vi.fn(async (_i: unknown, c: { job?: { progress(p: unknown): void } }) => {
      c.job?.progress({ step: 1 });
      await g.opened;
      return { applied: [], status: { at_head: true } as never, duration_ms: 1 };
    });
    const { d, events } = setup({ 'migrations.up': up });
    const first = d.invoke('migrations.up', {}, ctx);
    const second = d.invoke('migrations.up', {}, { door: 'ipc', actor: 'other@host' });
    await vi.waitFor(() => expect(up).toHaveBeenCalledTimes(1));
    expect(d.jobs.list()).toMatchObject([{ op: 'migrations.up', key: 'migrations', status: 'running', callers: 2, progress: { step: 1 } }]);
    g.release();
    const [a, b] = await Promise.all([first, second]);
    expect(up).toHaveBeenCalledTimes(1);
    expect(a.job).toEqual({ id: expect.any(String), attached: false });
    expect(b.job).toEqual({ id: a.job.id, attached: true });
    expect({ ...a, job: null }).toEqual({ ...b, job: null });
    expect(events.map((e) => e.name)).toEqual(['job.started', 'job.progress', 'job.finished']);
    for (const e of events) expect(EVENT_SCHEMAS[e.name].safeParse(e.data).success).toBe(true);
    expect(events[2]!.data).toMatchObject({ job_id: a.job.id, op: 'migrations.up', status: 'succeeded', result: { applied: [] } });
    // Finished: the next call is a new job.
    const third: OpOutput<'migrations.up'> = await d.invoke('migrations.up', {}, ctx);
    expect(third.job.id).not.toBe(a.job.id);
    expect(up).toHaveBeenCalledTimes(2);
  });

  it('every attached caller gets the failure; job.finished carries the error code', async () => {
    const g = gate();
    const { d, events } = setup({
      'migrations.up': async () => {
        await g.opened;
        throw new AppError('E_MIGRATION_FAILED', '0002 failed');
      },
    });
    const calls = [d.invoke('migrations.up', {}, ctx), d.invoke('migrations.up', {}, ctx)];
    g.release();
    for (const c of calls) await expect(c).rejects.toMatchObject({ code: 'E_MIGRATION_FAILED' });
    expect(events.at(-1)).toMatchObject({ name: 'job.finished', data: { status: 'failed', error: { code: 'E_MIGRATION_FAILED' } } });
    expect(d.jobs.list({ finished: true })).toMatchObject([{ status: 'failed' }]);
  });

  it('the same key with other input really conflicts: E_BUSY naming the running job', async () => {
    const g = gate();
    const run = vi.fn(async () => {
      await g.opened;
      return { id: 1, status: 'success' } as never;
    });
    const { d } = setup({ 'backup.run': run });
    const first = d.invoke('backup.run', { verify: true }, ctx);
    const err = await d.invoke('backup.run', { verify: false }, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BUSY' });
    expect((err as AppError).message).toContain(d.jobs.list()[0]!.id);
    g.release();
    await first;
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('mikro.query shares a job only under the same query_id', async () => {
    const g = gate();
    const query = vi.fn(async () => {
      await g.opened;
      return { columns: [], rows: [] } as never;
    });
    const { d } = setup({ 'mikro.query': query });
    const input = { sql: 'SELECT 1', query_id: 'q-1' };
    const a = d.invoke('mikro.query', input, ctx);
    const b = d.invoke('mikro.query', input, ctx);
    const c = d.invoke('mikro.query', { sql: 'SELECT 1' }, ctx);
    const e = d.invoke('mikro.query', { sql: 'SELECT 1' }, ctx);
    await vi.waitFor(() => expect(query).toHaveBeenCalledTimes(3));
    g.release();
    const [ra, rb, rc, re] = await Promise.all([a, b, c, e]);
    expect(rb.job).toEqual({ id: ra.job.id, attached: true });
    expect(rc.job.id).not.toBe(re.job.id);
    expect(rc.job.attached || re.job.attached).toBe(false);
  });
});

describe('Dispatcher: non-job writes', () => {
  it('secrets.set for two different names runs concurrently; the same name is E_BUSY', async () => {
    const g = gate();
    let inFlight = 0;
    let peak = 0;
    const set = vi.fn(async ({ name }: { name: string }) => {
      peak = Math.max(peak, ++inFlight);
      await g.opened;
      inFlight--;
      return { name, ref: `VAULT:${name}`, changed_at: 'now' };
    });
    const del = vi.fn(async () => ({ deleted: true }));
    const { d } = setup({ 'secrets.set': set, 'secrets.delete': del });
    const a = d.invoke('secrets.set', { name: 'one', value: 'x' }, ctx);
    const b = d.invoke('secrets.set', { name: 'two', value: 'y' }, ctx);
    await vi.waitFor(() => expect(peak).toBe(2));
    await expect(d.invoke('secrets.set', { name: 'one', value: 'z' }, ctx)).rejects.toMatchObject({ code: 'E_BUSY' });
    await expect(d.invoke('secrets.delete', { name: 'two' }, ctx)).rejects.toMatchObject({ code: 'E_BUSY' });
    g.release();
    expect(await Promise.all([a, b])).toMatchObject([{ name: 'one' }, { name: 'two' }]);
    expect(set).toHaveBeenCalledTimes(2);
    expect(del).not.toHaveBeenCalled();
  });
});

describe('Dispatcher: doors', () => {
  it('a desktop-only operation is E_NOT_FOUND over HTTP and the CLI, naming the door; the core has no stub for it', async () => {
    const { d } = setup({});
    const http = await d.invoke('diagnostics.exportPdf', { lang: 'en' }, { door: 'http', actor: 'a' }).catch((e: unknown) => e);
    expect(http).toMatchObject({ code: 'E_NOT_FOUND' });
    expect((http as AppError).message).toMatch(/not offered over http/);
    await expect(d.invoke('diagnostics.exportPdf', {}, ctx)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(d.invoke('diagnostics.exportPdf', {}, { door: 'ipc', actor: 'a' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    const { buildHandlers } = await import('../../main/core/api/handlers.js');
    expect(Object.keys(buildHandlers({} as never))).not.toContain('diagnostics.exportPdf');
  });
});
