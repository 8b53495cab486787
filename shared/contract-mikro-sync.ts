/** The PULL sync's operations (issue 16 §3), spread into shared/contract.ts. */
import { z } from 'zod';
import { MikroSyncInputSchema, type MikroSyncResult, type MikroSyncTableState } from './mikro-sync.js';
import { op } from './op-spec.js';

export const mikroSyncOps = {
  'mikro.sync': op<MikroSyncResult>()({
    input: MikroSyncInputSchema,
    access: 'write',
    effects: ['external', 'db', 'audit'],
    // One sync at a time: a second call (or the schedule's run) attaches to the running job.
    concurrency: () => 'mikro.sync',
    job: true,
    summary: 'PULL sync from Mikro (accounts, stock; incremental by *_lastup_date with the Guid as tie-break, paged, SELECT only; progress per page): a sync_jobs row and an audit row.',
  }),
  'mikro.syncStatus': op<MikroSyncTableState[]>()({
    input: z.strictObject({}),
    access: 'read',
    effects: ['db'],
    summary: 'The last PULL sync of each table (status, when, rows in the mirror, error).',
  }),
} as const;
