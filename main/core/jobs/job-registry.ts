/**
 * Jobs (R-JOBS): the long operations of the contract (`job: true`) while they run in this
 * process. Each has an id (a random UUID), its op, its concurrency key, a start time, a status
 * (running → succeeded | failed) and its latest progress; the last 100 finished are kept for
 * `jobs.list`. Nothing is persisted here: backups and diagnostics also have a `running` row in
 * their run tables, which is what another process sees (main/core/jobs/jobs-list.ts).
 *
 * Attach: starting a job whose key is running, with the same input, joins it: the caller gets
 * the same id, the same promise and so the same result (a double-click, or a second window, is
 * not a failure). The same key with other input (a different form to test, another query under
 * the same query_id) really conflicts: E_BUSY naming the running job.
 */
import crypto from 'node:crypto';
import type { JobView } from '../../../shared/events.js';
import { AppError, isAppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import type { EventBus } from './event-bus.js';

/** What a handler sees of its own job. */
export interface JobHandle {
  readonly id: string;
  /** The latest progress (any JSON); emitted as `job.progress`. */
  progress(progress: unknown): void;
  /** The row of this run in its run table, so `jobs.list` does not show it twice. */
  setRunId(id: number): void;
}

interface JobRecord {
  id: string;
  op: string;
  key: string | null;
  fingerprint: string;
  started_at: string;
  startedMs: number;
  finished_at: string | null;
  status: JobView['status'];
  progress: unknown;
  run_id: number | null;
  callers: number;
  promise: Promise<unknown>;
}

export interface StartedJob<T> {
  id: string;
  attached: boolean;
  promise: Promise<T>;
}

/** A result larger than this is not repeated in `job.finished` (the callers have it). */
export const MAX_EVENT_RESULT_CHARS = 64 * 1024;

export class JobRegistry {
  private readonly running = new Map<string, JobRecord>();
  private readonly byKey = new Map<string, JobRecord>();
  private readonly finished: JobRecord[] = [];

  constructor(
    private readonly bus: EventBus,
    private readonly keepFinished = 100,
  ) {}

  /** Run `fn` as job `op` under `key`, or attach to the running job with that key. */
  start<T>(op: string, key: string | null, input: unknown, fn: (job: JobHandle) => Promise<T>): StartedJob<T> {
    const fingerprint = fingerprintOf(input);
    const current = key === null ? undefined : this.byKey.get(key);
    if (current) {
      if (current.op !== op || current.fingerprint !== fingerprint) {
        throw new AppError('E_BUSY', msg('errors.busy', { op: current.op }), [], { technical_detail: `${current.op} is already running as job ${current.id} (started ${current.started_at}) for ${key}` });
      }
      current.callers++;
      return { id: current.id, attached: true, promise: current.promise as Promise<T> };
    }
    const job: JobRecord = {
      id: crypto.randomUUID(),
      op,
      key,
      fingerprint,
      started_at: new Date().toISOString(),
      startedMs: performance.now(),
      finished_at: null,
      status: 'running',
      progress: null,
      run_id: null,
      callers: 1,
      promise: Promise.resolve(),
    };
    this.running.set(job.id, job);
    if (key !== null) this.byKey.set(key, job);
    this.bus.emit('job.started', { job_id: job.id, op, key, started_at: job.started_at });
    const handle: JobHandle = {
      id: job.id,
      progress: (p) => {
        if (job.status !== 'running') return;
        job.progress = p;
        this.bus.emit('job.progress', { job_id: job.id, op, progress: p });
      },
      setRunId: (id) => {
        job.run_id = id;
      },
    };
    // Deferred so that a synchronous throw in `fn` is a failed job like any other.
    const promise = Promise.resolve()
      .then(() => fn(handle))
      .then(
        (result) => {
          this.finish(job, 'succeeded', { result });
          return result;
        },
        (err: unknown) => {
          this.finish(job, 'failed', { error: err });
          throw err;
        },
      );
    job.promise = promise;
    return { id: job.id, attached: false, promise };
  }

  private finish(job: JobRecord, status: 'succeeded' | 'failed', outcome: { result?: unknown; error?: unknown }): void {
    job.status = status;
    job.finished_at = new Date().toISOString();
    this.running.delete(job.id);
    if (job.key !== null && this.byKey.get(job.key) === job) this.byKey.delete(job.key);
    this.finished.push(job);
    if (this.finished.length > this.keepFinished) this.finished.shift();
    const base = { job_id: job.id, op: job.op, status, finished_at: job.finished_at, duration_ms: Math.round(performance.now() - job.startedMs) };
    if (status === 'failed') {
      const e = outcome.error;
      const error = isAppError(e) ? e.toBody() : new AppError('E_INTERNAL', msg('errors.unexpected', { op: job.op })).toBody();
      this.bus.emit('job.finished', { ...base, error: error as unknown as { code: string } });
      return;
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(outcome.result);
    } catch {
      text = undefined;
    }
    if (text !== undefined && text.length <= MAX_EVENT_RESULT_CHARS) this.bus.emit('job.finished', { ...base, result: JSON.parse(text) as unknown });
    else this.bus.emit('job.finished', { ...base, result_omitted: true });
  }

  /** The running job with this key, if any. */
  runningWithKey(key: string): JobView | undefined {
    const j = this.byKey.get(key);
    return j ? view(j) : undefined;
  }

  /** Running jobs, oldest first; with `finished`, also the last finished ones (newest last). */
  list(opts: { finished?: boolean } = {}): JobView[] {
    const running = [...this.running.values()].map(view);
    return opts.finished ? [...this.finished.map(view), ...running] : running;
  }

  get size(): number {
    return this.running.size;
  }
}

function view(j: JobRecord): JobView {
  return {
    id: j.id,
    op: j.op,
    key: j.key,
    started_at: j.started_at,
    finished_at: j.finished_at,
    status: j.status,
    progress: j.progress,
    run_id: j.run_id,
    source: 'process',
    callers: j.callers,
  };
}

/** A hash of the parsed input (never the input itself: a form may hold a password). */
function fingerprintOf(input: unknown): string {
  return crypto.createHash('sha256').update(stableJson(input)).digest('hex');
}

function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(',')}}`;
}
