// Jobs and events through the HTTP door (R-JOBS), on the real serve (127.0.0.1, port 0) with a
// SQLite data folder in a temp dir. Backups read a throwaway PostgreSQL database through a
// pg_dump that waits at a gate (test/integration/jobs-helpers.ts), so "running" lasts exactly as
// long as the test holds it.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core.js';
import { createServer } from '../../main/server/server.js';
import { HttpTransport } from '../../renderer/src/transport.js';
import { EVENT_SCHEMAS, type EventEnvelope, type EventName } from '../../shared/events.js';
import { runCli } from '../helpers/cli.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { createThrowawayDb, withPg, type ThrowawayDb } from '../helpers/pg.js';
import { writeConfig } from '../helpers/temp.js';
import { gatedPgDump, openSse, until, type GatedPgDump } from './jobs-helpers.js';

const TOKEN = 'jobs-test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

interface Served {
  tc: TestCore;
  app: FastifyInstance;
  base: string;
  fake: GatedPgDump;
  pg: ThrowawayDb;
}

/** serve on a fresh SQLite data folder whose backup_config.json backs up a throwaway PostgreSQL database through the gated pg_dump. */
async function serve(opts: { gateVersion?: boolean; schedule?: Record<string, unknown> } = {}): Promise<Served> {
  const pg = await createThrowawayDb('optiplan_jobs');
  cleanups.push(() => pg.drop());
  await withPg(pg.url, (c) => c.query('CREATE TABLE items (id serial primary key, note text); INSERT INTO items (note) VALUES (\'bir\'), (\'iki\')'));
  const tc = await openTestCore();
  cleanups.push(() => tc.cleanup());
  await tc.core.migrations.up();
  const fake = gatedPgDump(path.join(tc.dataDir, 'fake-bin'), opts);
  cleanups.push(() => fake.cleanup());
  writeConfig(tc.dataDir, 'backup_config.json', {
    nas_path: '',
    databases: [{ name: 'app', type: 'postgresql', connection_string: pg.url }],
    pg_dump_path: fake.path,
    retention_days: 30,
    compression: true,
    schedule: opts.schedule ?? { enabled: false, time: '02:00' },
  });
  const app = await createServer(tc.core, { host: '127.0.0.1', port: 0, token: TOKEN, heartbeatMs: 100 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  cleanups.push(() => app.close());
  const port = (app.server.address() as { port: number }).port;
  return { tc, app, base: `http://127.0.0.1:${port}`, fake, pg };
}

const post = (base: string, op: string, body: unknown = {}, headers: Record<string, string> = auth) =>
  fetch(`${base}/api/op/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function jobs(base: string) {
  const res = await post(base, 'jobs.list', {});
  expect(res.status).toBe(200);
  return ((await res.json()) as { jobs: { id: string; op: string; status: string; source: string; callers: number; run_id: number | null; trigger?: string }[] }).jobs;
}

describe('jobs over HTTP', () => {
  it('two concurrent backup.run calls both succeed with ONE backup and the same job id; SSE shows the job in order', async () => {
    const s = await serve();
    const sse = await openSse(`${s.base}/api/events`, auth);
    cleanups.push(() => sse.close());
    expect(sse.status).toBe(200);

    const first = post(s.base, 'backup.run');
    await until(() => s.fake.arrivals() === 1, 'the first backup to reach pg_dump');
    const second = post(s.base, 'backup.run');
    await until(async () => (await jobs(s.base))[0]?.callers === 2, 'the second caller to attach');
    const running = await jobs(s.base);
    expect(running).toHaveLength(1); // the job, not also its backup_runs row
    expect(running[0]).toMatchObject({ op: 'backup.run', status: 'running', source: 'process', run_id: expect.any(Number) });
    await s.fake.release();

    const [ra, rb] = await Promise.all([first, second]);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    const a = (await ra.json()) as { id: number; status: string; job: { id: string; attached: boolean } };
    const b = (await rb.json()) as typeof a;
    expect(a).toMatchObject({ status: 'success', job: { id: running[0]!.id, attached: false } });
    expect(b).toMatchObject({ status: 'success', id: a.id, job: { id: a.job.id, attached: true } });
    expect(s.fake.arrivals()).toBe(1);
    const rows = await s.tc.core.db.kysely.selectFrom('backup_runs').select(['id', 'status']).execute();
    expect(rows.map((r) => [Number(r.id), r.status])).toEqual([[a.id, 'success']]);
    expect(fs.readdirSync(s.tc.core.paths.backupDir).filter((f) => f.endsWith('.dump'))).toHaveLength(1);
    expect(await jobs(s.base)).toEqual([]);

    await until(() => sse.frames.some((f) => f.event === 'job.finished'), 'job.finished over SSE');
    const mine = sse.frames.filter((f) => f.event.startsWith('job.'));
    expect(mine[0]).toMatchObject({ event: 'job.started', data: { job_id: a.job.id, op: 'backup.run', key: 'backup:app' } });
    expect(mine.at(-1)).toMatchObject({ event: 'job.finished', data: { job_id: a.job.id, status: 'succeeded', result: { id: a.id, status: 'success' } } });
    expect(mine.slice(1, -1).every((f) => f.event === 'job.progress')).toBe(true);
    expect(mine.filter((f) => f.event === 'job.started')).toHaveLength(1);
    for (const f of sse.frames) expect(EVENT_SCHEMAS[f.event as EventName].safeParse(f.data).success).toBe(true);
    const seqs = sse.frames.map((f) => Number(f.id.split('-')[1]));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it('Last-Event-ID replays what came after it; the stream needs the token; close() ends open streams at once', async () => {
    const s = await serve();
    expect((await openSse(`${s.base}/api/events`, {})).status).toBe(401);
    expect((await openSse(`${s.base}/api/events`, { authorization: 'Bearer wrong-token-wrong-token-wrong-x' })).status).toBe(401);

    const live = await openSse(`${s.base}/api/events`, auth);
    cleanups.push(() => live.close());
    for (let i = 0; i < 3; i++) expect((await post(s.base, 'health.get', {})).status).toBe(200);
    await until(() => live.frames.length === 3, 'three health samples');
    expect(live.frames.map((f) => f.event)).toEqual(['health.sample', 'health.sample', 'health.sample']);

    const replay = await openSse(`${s.base}/api/events`, { ...auth, 'last-event-id': live.frames[0]!.id });
    cleanups.push(() => replay.close());
    await until(() => replay.frames.length === 2, 'the replay');
    expect(replay.frames).toEqual(live.frames.slice(1));
    // From another boot of serve (an id it never gave): the whole buffer.
    const other = await openSse(`${s.base}/api/events`, { ...auth, 'last-event-id': 'ffffffff-2' });
    cleanups.push(() => other.close());
    await until(() => other.frames.length === 3, 'the whole buffer');

    // Heartbeats keep the stream open meanwhile (comments, not events).
    await new Promise((r) => setTimeout(r, 250));
    expect(live.frames).toHaveLength(3);

    const started = Date.now();
    await s.app.close();
    await Promise.all([live.ended, replay.ended, other.ended]);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("the renderer's HttpTransport reads the stream and, after a break, resumes with Last-Event-ID without losing or repeating events", async () => {
    const s = await serve();
    const seen: string[] = [];
    const lastIds: (string | null)[] = [];
    let first: AbortController | null = null;
    let reconnect!: () => void;
    const reconnectAllowed = new Promise<void>((r) => (reconnect = r));
    const testFetch: typeof fetch = async (url, init) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      lastIds.push(headers['last-event-id'] ?? null);
      if (lastIds.length === 1) {
        first = new AbortController();
        init?.signal?.addEventListener('abort', () => first!.abort());
        return fetch(url, { ...init, signal: first.signal });
      }
      await reconnectAllowed;
      return fetch(url, init);
    };
    const t = new HttpTransport(s.base, TOKEN, { retryMs: 20, fetch: testFetch });
    let connects = 0;
    const stop = t.subscribe(
      (e: EventEnvelope) => seen.push(`${e.name}:${e.id}`),
      () => connects++,
    );
    cleanups.push(stop);
    await until(() => connects === 1, 'the stream');
    await t.call('health.get');
    await t.call('health.get');
    await until(() => seen.length === 2, 'two events');
    first!.abort(); // the connection breaks
    await until(() => lastIds.length === 2, 'the reconnect attempt');
    await t.call('health.get'); // while disconnected
    await t.call('health.get');
    reconnect();
    await until(() => seen.length === 4, 'the missed events');
    expect(lastIds).toEqual([null, seen[1]!.split(':')[1]]);
    expect(new Set(seen).size).toBe(4);
    expect(connects).toBe(2);
    expect(t.subscribe(() => undefined)).toBeTypeOf('function');
    expect(new HttpTransport(s.base, null).subscribe(() => undefined)).toBeTypeOf('function'); // no token: no stream, no error
  });

  it('a backup started by the CLI (another process) is visible as running to serve; serve cannot start a second one meanwhile', async () => {
    const s = await serve();
    let exited: string | null = null;
    const cli = runCli(['backup', 'run', '--json', '--data-dir', s.tc.dataDir]).then((r) => {
      exited = `exit ${r.code}: ${r.stdout} ${r.stderr}`;
      return r;
    });
    await until(() => {
      if (exited) throw new Error(`the CLI ended before its backup reached pg_dump (${exited})`);
      return s.fake.arrivals() === 1;
    }, "the CLI's backup to reach pg_dump", 60_000);
    const seen = await jobs(s.base);
    expect(seen).toEqual([expect.objectContaining({ op: 'backup.run', status: 'running', source: 'run_table', trigger: 'cli' })]);
    const refused = await post(s.base, 'backup.run');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'E_BUSY' } });
    await s.fake.release();
    const done = await cli;
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ status: 'success', id: seen[0]!.run_id, job: { attached: false } });
    expect(await jobs(s.base)).toEqual([]);
  }, 90_000);

  it('a diagnostics run shows as running (its diagnostics_runs row) to a second Core on the same files, and once to its own', async () => {
    const s = await serve({ gateVersion: true });
    const other = await Core.open({ dataDir: s.tc.dataDir, env: {} });
    cleanups.push(() => other.close());
    const run = s.tc.core.invoke('diagnostics.run', { only: ['backup_tool'], timeout_ms: 80_000 }, s.tc.core.context('cli'));
    await until(() => s.fake.arrivals() >= 1, 'the backup_tool check to reach pg_dump --version', 60_000);
    const fromOther = (await other.invoke('jobs.list', {}, other.context('http'))).jobs;
    expect(fromOther).toEqual([expect.objectContaining({ op: 'diagnostics.run', status: 'running', source: 'run_table', run_id: expect.any(Number) })]);
    const fromOwn = (await s.tc.core.invoke('jobs.list', {}, s.tc.core.context('http'))).jobs;
    expect(fromOwn).toEqual([expect.objectContaining({ op: 'diagnostics.run', source: 'process', run_id: fromOther[0]!.run_id })]);
    // A running row is not a finished run: the history does not list it.
    expect(await other.invoke('diagnostics.list', {}, other.context('http'))).toEqual([]);
    await s.fake.release();
    const report = await run;
    expect(report.run_id).toBe(fromOther[0]!.run_id);
    expect(report.job.attached).toBe(false);
    expect((await other.invoke('jobs.list', {}, other.context('http'))).jobs).toEqual([]);
    expect((await other.invoke('diagnostics.list', {}, other.context('http'))).map((r) => r.id)).toEqual([report.run_id]);
  }, 90_000);

  it('Back up now during a scheduled (catch-up) run attaches to it: the schedule runs through the same jobs', async () => {
    const s = await serve({ schedule: { enabled: true, time: '02:00', verify: false } });
    await s.tc.core.startBackground(); // no backup yet: the missed daily run is caught up at once
    await until(() => s.fake.arrivals() === 1, 'the catch-up backup to reach pg_dump');
    expect(await jobs(s.base)).toEqual([expect.objectContaining({ op: 'backup.run', source: 'process', callers: 1 })]);
    const click = post(s.base, 'backup.run', { verify: false });
    await until(async () => (await jobs(s.base))[0]?.callers === 2, 'Back up now to attach');
    await s.fake.release();
    const r = (await (await click).json()) as { id: number; status: string; job: { attached: boolean } };
    expect(r).toMatchObject({ status: 'success', job: { attached: true } });
    expect(r).not.toHaveProperty('manifest');
    const rows = await s.tc.core.db.kysely.selectFrom('backup_runs').select(['id', 'trigger']).execute();
    expect(rows.map((x) => [Number(x.id), x.trigger])).toEqual([[r.id, 'catch_up']]);
  });

  it('the desktop-only diagnostics.exportPdf is not offered over HTTP: 404 E_NOT_FOUND naming the door', async () => {
    const s = await serve();
    for (const res of [await post(s.base, 'diagnostics.exportPdf', { lang: 'en' }), await fetch(`${s.base}/api/op/diagnostics.exportPdf`, { headers: auth })]) {
      expect(res.status).toBe(404);
      const body = JSON.stringify(await res.json());
      expect(body).toContain('E_NOT_FOUND');
      expect(body).toMatch(/not offered by the HTTP door/);
    }
  });
});
