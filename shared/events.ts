/**
 * Events in the contract: what the core tells every door while it works (R-JOBS). Each event has
 * a zod schema for its payload; the IPC relay, the SSE stream (`GET /api/events`) and the
 * renderer's subscription accept only these names. Jobs are the long operations of the contract
 * (`job: true` in shared/contract.ts); `jobs.list` shows the running ones.
 */
import { z } from 'zod';

export const JobStatusSchema = z.enum(['running', 'succeeded', 'failed']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** What a caller of a job operation gets besides the result: which job, and whether it joined one already running. */
export interface JobRef {
  id: string;
  attached: boolean;
}

/** A job operation's result: the handler's result plus the job it came from. */
export type JobResult<T> = T & { job: JobRef };

/**
 * One job as `jobs.list` shows it. `source: 'process'` = run by this process (in memory);
 * `'run_table'` = a running row in backup_runs / diagnostics_runs written by any process
 * (the CLI, the schedule, another app window's process).
 */
export interface JobView {
  id: string;
  op: string;
  key: string | null;
  started_at: string;
  finished_at: string | null;
  status: JobStatus;
  progress: unknown;
  /** The row in the run table (backup_runs / diagnostics_runs), when there is one. */
  run_id: number | null;
  source: 'process' | 'run_table';
  /** How many callers share this job (1 + those that attached). */
  callers: number;
  trigger?: string;
}

/** The error of a failed job: the wire shape of shared/errors.ts (code always; the rest as the door renders it). */
const ErrorBodyLike = z.looseObject({ code: z.string() });

export const EVENT_SCHEMAS = {
  'job.started': z.object({ job_id: z.string(), op: z.string(), key: z.string().nullable(), started_at: z.string() }),
  'job.progress': z.object({ job_id: z.string(), op: z.string(), progress: z.unknown() }),
  'job.finished': z.object({
    job_id: z.string(),
    op: z.string(),
    status: z.enum(['succeeded', 'failed']),
    finished_at: z.string(),
    duration_ms: z.number(),
    /** The handler's result; omitted (result_omitted: true) when larger than 64 KB — the caller has it. */
    result: z.unknown().optional(),
    result_omitted: z.boolean().optional(),
    error: ErrorBodyLike.optional(),
  }),
  'health.sample': z.object({
    timestamp: z.string(),
    status: z.enum(['healthy', 'degraded', 'unhealthy']),
    database_latency_ms: z.number().nullable(),
    components: z.record(z.string(), z.string()).optional(),
  }),
} as const;

export type EventSchemas = typeof EVENT_SCHEMAS;
export type EventName = keyof EventSchemas;
export type EventPayload<N extends EventName> = z.output<EventSchemas[N]>;
export const EVENT_NAMES = Object.keys(EVENT_SCHEMAS) as EventName[];

/** One delivered event. `id` is `<boot>-<seq>`: unique per process run, ordered within it. */
export type EventEnvelope<N extends EventName = EventName> = {
  [K in N]: { id: string; name: K; at: string; data: EventPayload<K> };
}[N];

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, name);
}

/** The IPC channel main sends an event on (to the trusted main frame only). */
export const ipcEventChannel = (name: EventName): string => `event:${name}`;

/** The SSE endpoint of `serve`. */
export const EVENTS_ROUTE = '/api/events';
