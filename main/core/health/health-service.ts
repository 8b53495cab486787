/**
 * Composite health (R-HEALTH-1/2). Every call really pings: the older backend cached answers
 * for 60 s and so reported a dead database as healthy. Concurrent callers share the one check
 * that is in flight, which bounds the load a burst of probes can put on the database.
 */
import { isAppError, type AppError } from '../../../shared/errors.js';
import type { DatabaseComponent, HealthReport, HealthSample, LogsProblem, OtherComponent, OverallHealth } from '../../../shared/health.js';
import { msg, type Message } from '../../../shared/messages.js';
import { withTimeout, type AppDatabase } from '../db/app-database.js';
import { logFolderState } from '../logging/logger.js';
import type { MigrationRunner } from '../migrations/runner.js';

export type ComponentName = 'mikro' | 'whatsapp' | 'backup';
export type ComponentProbe = () => Promise<OtherComponent>;

export interface HealthDeps {
  db: AppDatabase;
  migrations: MigrationRunner;
  pingTimeoutMs: number;
  version: string;
  service?: string;
  /** How long an integration probe may take (default 5 s). */
  componentTimeoutMs?: number;
  /** Shown in place of a ping when the database could not even be configured. */
  setupError?: () => AppError | null | undefined;
  /** After each check (the `health.sample` event); a throwing listener is ignored. */
  onSample?: (sample: HealthSample, report: HealthReport) => void;
}

const NOT_CONFIGURED: OtherComponent = { status: 'not_configured' };
const HISTORY_LENGTH = 60;
const COMPONENT_TIMEOUT_MS = 5_000;

export class HealthService {
  private inFlight: Promise<HealthReport> | null = null;
  private readonly probes = new Map<ComponentName, { probe: ComponentProbe; needsDatabase: boolean; disabled: (() => boolean) | undefined }>();
  private readonly samples: HealthSample[] = [];

  constructor(private readonly deps: HealthDeps) {}

  /**
   * Integrations (Mikro, WhatsApp, backups) plug their probe in here. A probe that reads the app
   * database (backups) is skipped while the database is down: it could only wait and fail.
   * `disabled` answers, without the database, whether the part is switched off
   * (`"enabled": false`): then it is `disabled` whatever the database does.
   */
  setProbe(name: ComponentName, probe: ComponentProbe, opts: { needsDatabase?: boolean; disabled?: () => boolean } = {}): void {
    this.probes.set(name, { probe, needsDatabase: !!opts.needsDatabase, disabled: opts.disabled });
  }

  check(): Promise<HealthReport> {
    this.inFlight ??= this.run().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** The last checks, newest last (the Overview's short history). */
  history(): HealthSample[] {
    return [...this.samples];
  }

  private async run(): Promise<HealthReport> {
    // The database first (one ping, normally well under a millisecond on loopback), so probes
    // that need it are not started against a database known to be down.
    const database = await this.database();
    const dbUp = database.status === 'healthy';
    const [mikro, whatsapp, backup] = await Promise.all([this.component('mikro', dbUp), this.component('whatsapp', dbUp), this.component('backup', dbUp)]);
    const logs = logsProblem();
    // Logs that cannot be written do not stop the console, but something is wrong: degraded.
    const combined = combine(database, [mikro, whatsapp, backup]);
    const overall = logs && combined === 'healthy' ? 'degraded' : combined;
    const report: HealthReport = {
      status: overall,
      overall,
      database: database.status,
      timestamp: new Date().toISOString(),
      version: this.deps.version,
      service: this.deps.service ?? 'OPTIPLAN360 API',
      components: { database, mikro, whatsapp, backup },
      ...(logs ? { logs } : {}),
    };
    const sample: HealthSample = { timestamp: report.timestamp, status: overall, database_latency_ms: database.latency_ms };
    this.samples.push(sample);
    if (this.samples.length > HISTORY_LENGTH) this.samples.shift();
    try {
      this.deps.onSample?.(sample, report);
    } catch {
      // A listener's bug must not change the report.
    }
    return report;
  }

  private async database(): Promise<DatabaseComponent> {
    const { db, migrations, pingTimeoutMs } = this.deps;
    const base = { engine: db.engine, target: db.target };
    const setupError = this.deps.setupError?.();
    if (setupError) return { ...base, status: 'unhealthy', latency_ms: null, ...explained(setupError, msg('health.errors.not_configured_db')) };
    let latency: number;
    try {
      latency = await db.ping(pingTimeoutMs);
    } catch (err) {
      return { ...base, status: 'unhealthy', latency_ms: null, ...explained(err, msg('database.errors.unavailable', { engine: engineName(db.engine) })) };
    }
    const component: DatabaseComponent = { ...base, status: 'healthy', latency_ms: round(latency) };
    try {
      const st = await migrations.status();
      component.migrations = { current: st.current, head: st.head, pending: st.pending.length };
    } catch (err) {
      const why = explained(err, msg('health.errors.migrations_unavailable'));
      component.message = msg('health.errors.migrations_unavailable');
      if (why.technical_detail) component.technical_detail = why.technical_detail;
    }
    return component;
  }

  /** Bounded: a probe stuck on a dead peer (or on the database itself) cannot stall /health. */
  private async component(name: ComponentName, dbUp: boolean): Promise<OtherComponent> {
    const entry = this.probes.get(name);
    if (!entry) return NOT_CONFIGURED;
    try {
      if (entry.disabled?.()) return { status: 'disabled', message: msg('common.skipped_disabled', { integration: msg(`health.components.${name}`) }) };
    } catch {
      // A setting that cannot be read: let the probe itself report the problem.
    }
    if (entry.needsDatabase && !dbUp) return { status: 'unhealthy', message: msg('health.errors.needs_database') };
    const label = msg(`health.components.${name}`);
    try {
      return await withTimeout(entry.probe(), this.deps.componentTimeoutMs ?? COMPONENT_TIMEOUT_MS, label);
    } catch (err) {
      return { status: 'unhealthy', ...explained(err, msg('health.errors.probe_failed', { component: label })) };
    }
  }
}

/** This process's log folder, when it cannot be written (logging/logger.ts keeps the state). */
function logsProblem(): LogsProblem | null {
  const st = logFolderState();
  if (!st || st.writable) return null;
  return { writable: false, dir: st.dir, since: st.since, dropped: st.dropped, message: msg('system.logs.not_writable', { dir: st.dir }), ...(st.error ? { technical_detail: st.error } : {}) };
}

/**
 * Database down → unhealthy; schema behind or an integration unwell → degraded. A switched-off
 * (`disabled`) or not set up (`not_configured`) integration never lowers the overall status.
 */
export function combine(database: DatabaseComponent, others: OtherComponent[]): OverallHealth {
  if (database.status === 'unhealthy') return 'unhealthy';
  if (database.migrations && database.migrations.pending > 0) return 'degraded';
  if (others.some((c) => c.status === 'unhealthy' || c.status === 'degraded')) return 'degraded';
  return 'healthy';
}

/** An error as a component shows it: an AppError's own message, else `fallback`; raw text as technical detail. */
function explained(err: unknown, fallback: Message): { message: Message; technical_detail?: string } {
  if (isAppError(err)) return { message: err.text, ...(err.technicalDetail ? { technical_detail: err.technicalDetail } : {}) };
  const text = err instanceof Error ? err.message : String(err);
  return { message: fallback, ...(text ? { technical_detail: text } : {}) };
}

function engineName(engine: 'sqlite' | 'postgres'): string {
  return engine === 'postgres' ? 'PostgreSQL' : 'SQLite';
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
