/**
 * The PULL sync behind every door: `mikro.sync` (a job: one at a time, a second call attaches),
 * `mikro.syncStatus` (the last sync of each table), what health shows, and the schedule the app
 * and `serve` run (`sync.interval_minutes`, sync-schedule.ts).
 *
 * Mikro switched off (`"enabled": false`) or not set up: a sync is refused before a sync_jobs
 * row exists (nothing was attempted, so nothing failed), and no schedule runs.
 */
import { contract } from '../../../../shared/contract.js';
import { msg } from '../../../../shared/messages.js';
import { SYNC_TABLES, type MikroSyncHealthLine, type MikroSyncProgress, type MikroSyncResult, type MikroSyncTableState, type SyncStatus, type SyncFailure, type SyncTableName } from '../../../../shared/mikro-sync.js';
import type { OtherComponent } from '../../../../shared/health.js';
import type { AuditWriter } from '../../audit/audit-types.js';
import type { AppDatabase } from '../../db/app-database.js';
import { disabledError, notConfiguredError, type EffectiveMikroSettings } from '../mikro-config.js';
import type { MikroClient } from '../mikro-connection.js';
import { schemaContract } from '../schema-contract-config.js';
import { syncStateKey } from './mirror-writer.js';
import { syncSettings, type SyncSettings } from './sync-config.js';
import { runPullSync, type SyncRunInput } from './sync-run.js';
import { SyncScheduler } from './sync-schedule.js';
import { SYNC_TABLE_SPECS } from './sync-tables.js';

/** The core's job registry as the schedule uses it (main/core/jobs/job-registry.ts). */
export interface SyncJobStarter {
  start<T>(op: string, key: string | null, input: unknown, fn: (job: { progress(p: unknown): void; setRunId(id: number): void }) => Promise<T>): { promise: Promise<T> };
}

export interface PullServiceDeps {
  db: AppDatabase;
  audit: AuditWriter | null;
  /** The effective connection settings (mikro-config.ts), read for every run. */
  effective: () => EffectiveMikroSettings;
  /** mikro_connection.json as JSON (its `sync` block). */
  rawConfig: () => unknown;
  /** The app's client; null when Mikro is off or not set up. */
  client: () => MikroClient | null;
  /** Scheduled runs become `mikro.sync` jobs, so "Şimdi eşitle" during one attaches to it. */
  jobs?: SyncJobStarter | null;
  /** Told after every run (health forgets its cached Mikro answer). */
  onFinished?: () => void;
}

export class MikroPullService {
  private scheduler: SyncScheduler | null = null;

  constructor(private readonly deps: PullServiceDeps) {}

  settings(): SyncSettings {
    return syncSettings(this.deps.rawConfig());
  }

  /** One run now; refused (no sync_jobs row) while Mikro is off or not set up. */
  async run(input: SyncRunInput, actor: string, onProgress?: (p: MikroSyncProgress) => void, onStarted?: (jobId: number) => void): Promise<MikroSyncResult> {
    const e = this.deps.effective();
    if (!e.enabled) throw disabledError();
    const client = this.deps.client();
    if (!client || !e.settings.database) throw notConfiguredError();
    const { page_rows } = this.settings();
    // A table the schema contract (schema_contract in mikro_connection.json) places in another schema is read there.
    const contract = schemaContract(this.deps.rawConfig());
    const schemas = Object.fromEntries(SYNC_TABLES.map((t) => [t, contract.find((c) => c.table === SYNC_TABLE_SPECS[t].shape.table)?.schema ?? 'dbo']));
    try {
      return await runPullSync(
        { db: this.deps.db, client, audit: this.deps.audit, actor, companyDb: e.settings.database, pageRows: page_rows, schemas, ...(onProgress ? { onProgress } : {}), ...(onStarted ? { onStarted } : {}) },
        input,
      );
    } finally {
      this.deps.onFinished?.();
    }
  }

  /** The last sync of each table for the configured company (NEVER before the first). */
  async status(): Promise<MikroSyncTableState[]> {
    const companyDb = this.deps.effective().settings.database ?? '';
    const rows = await this.deps.db.kysely
      .selectFrom('mikro_sync_state')
      .selectAll()
      .where('key', 'in', SYNC_TABLES.map((t) => syncStateKey(companyDb, t)))
      .execute();
    return SYNC_TABLES.map((table): MikroSyncTableState => {
      const r = rows.find((x) => x.table_name === table);
      return {
        table,
        company_db: companyDb,
        status: (r?.last_status as SyncStatus | undefined) ?? 'NEVER',
        last_finished_at: r?.last_finished_at ?? null,
        last_success_at: r?.last_success_at ?? null,
        rows: Number(r?.rows ?? 0),
        cursor_date: r?.cursor_date ?? null,
        ...storedFailure(r?.last_error ?? null),
        last_job_id: r?.last_job_id === null || r?.last_job_id === undefined ? null : Number(r.last_job_id),
      };
    });
  }

  /** A sync through the job registry (what the schedule starts), attaching to a running one. */
  private scheduledRun(actor: string): Promise<unknown> {
    const input = { full: false, tables: [...SYNC_TABLES] as SyncTableName[] };
    if (!this.deps.jobs) return this.run(input, actor);
    const key = contract['mikro.sync'].concurrency!(input);
    return this.deps.jobs.start('mikro.sync', key, input, (job) => this.run(input, actor, (p) => job.progress(p), (id) => job.setRunId(id))).promise;
  }

  /**
   * Every `sync.interval_minutes` while the app or `serve` runs; the settings are read on every
   * tick, so switching Mikro off (or the interval to 0) stops it without a restart.
   */
  startSchedule(actor: string, onError: (err: unknown) => void, opts: { tickMs?: number } = {}): SyncScheduler {
    this.scheduler?.stop();
    this.scheduler = new SyncScheduler({
      intervalMs: () => {
        const e = this.deps.effective();
        if (!e.enabled || !this.deps.client()) return 0;
        return this.settings().interval_minutes * 60_000;
      },
      lastStartedAt: () => this.lastStartedAt(),
      run: () => this.scheduledRun(actor),
      onError,
      ...(opts.tickMs ? { tickMs: opts.tickMs } : {}),
    });
    this.scheduler.start();
    return this.scheduler;
  }

  stop(): void {
    this.scheduler?.stop();
    this.scheduler = null;
  }

  /** When the newest sync started (any process): a restart does not sync again at once. */
  private async lastStartedAt(): Promise<Date | null> {
    const r = await this.deps.db.kysely.selectFrom('sync_jobs').select('started_at').where('integration', '=', 'mikro').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return r ? new Date(r.started_at) : null;
  }
}

/** A state row's last_error: the failure as JSON (older rows: the `CODE: detail` text as it was). */
function storedFailure(stored: string | null): Pick<MikroSyncTableState, 'last_error' | 'last_error_message'> {
  if (!stored) return { last_error: null, last_error_message: null };
  try {
    const f = JSON.parse(stored) as Partial<SyncFailure>;
    if (typeof f.code === 'string') return { last_error: `${f.code}: ${f.technical_detail ?? ''}`.trim(), last_error_message: f.message ?? null };
  } catch {
    /* the text form */
  }
  return { last_error: stored, last_error_message: null };
}

/** The health line of the mirror: the last sync per table, named in the person's language. */
export function syncHealthSummary(states: readonly MikroSyncTableState[]): MikroSyncHealthLine[] {
  return states.map((s) => ({
    table: SYNC_TABLE_SPECS[s.table].shape.table,
    status: s.status,
    at: s.last_finished_at,
    rows: s.rows,
    message:
      s.status === 'NEVER' || !s.last_finished_at
        ? msg('mikro.sync.health.never', { table: SYNC_TABLE_SPECS[s.table].shape.table })
        : msg(s.status === 'FAILED' ? 'mikro.sync.health.failed' : 'mikro.sync.health.line', { table: SYNC_TABLE_SPECS[s.table].shape.table, at: s.last_finished_at, rows: s.rows }),
  }));
}

/** The Mikro health probe with the mirror's last sync per table beside it (omitted when it cannot be read). */
export function withSyncState(probe: () => Promise<OtherComponent>, pull: Pick<MikroPullService, 'status'>): () => Promise<OtherComponent> {
  return async () => {
    const component = await probe();
    if (component.status === 'disabled' || component.status === 'not_configured') return component;
    try {
      return { ...component, sync: syncHealthSummary(await pull.status()) };
    } catch {
      // The app database down or behind 0008: the database component says so; Mikro's answer stands.
      return component;
    }
  };
}
