/**
 * Composite health (R-HEALTH-1/2). Every call really pings: the older backend cached answers
 * for 60 s and so reported a dead database as healthy. Concurrent callers share the one check
 * that is in flight, which bounds the load a burst of probes can put on the database.
 */
import type { DatabaseComponent, HealthReport, HealthSample, OtherComponent, OverallHealth } from '../../../shared/health.js';
import { withTimeout, type AppDatabase } from '../db/app-database.js';
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
  setupError?: () => string | undefined;
  /** After each check (the `health.sample` event); a throwing listener is ignored. */
  onSample?: (sample: HealthSample, report: HealthReport) => void;
}

const NOT_CONFIGURED: OtherComponent = { status: 'not_configured' };
const HISTORY_LENGTH = 60;
const COMPONENT_TIMEOUT_MS = 5_000;

export class HealthService {
  private inFlight: Promise<HealthReport> | null = null;
  private readonly probes = new Map<ComponentName, { probe: ComponentProbe; needsDatabase: boolean }>();
  private readonly samples: HealthSample[] = [];

  constructor(private readonly deps: HealthDeps) {}

  /**
   * Integrations (Mikro, WhatsApp, backups) plug their probe in here. A probe that reads the app
   * database (backups) is skipped while the database is down: it could only wait and fail.
   */
  setProbe(name: ComponentName, probe: ComponentProbe, opts: { needsDatabase?: boolean } = {}): void {
    this.probes.set(name, { probe, needsDatabase: !!opts.needsDatabase });
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
    const overall = combine(database, [mikro, whatsapp, backup]);
    const report: HealthReport = {
      status: overall,
      overall,
      database: database.status,
      timestamp: new Date().toISOString(),
      version: this.deps.version,
      service: this.deps.service ?? 'OPTIPLAN360 API',
      components: { database, mikro, whatsapp, backup },
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
    if (setupError) return { ...base, status: 'unhealthy', latency_ms: null, error: setupError };
    let latency: number;
    try {
      latency = await db.ping(pingTimeoutMs);
    } catch (err) {
      return { ...base, status: 'unhealthy', latency_ms: null, error: errorText(err) };
    }
    const component: DatabaseComponent = { ...base, status: 'healthy', latency_ms: round(latency) };
    try {
      const st = await migrations.status();
      component.migrations = { current: st.current, head: st.head, pending: st.pending.length };
    } catch (err) {
      component.error = `migration status unavailable: ${errorText(err)}`;
    }
    return component;
  }

  /** Bounded: a probe stuck on a dead peer (or on the database itself) cannot stall /health. */
  private async component(name: ComponentName, dbUp: boolean): Promise<OtherComponent> {
    const entry = this.probes.get(name);
    if (!entry) return NOT_CONFIGURED;
    if (entry.needsDatabase && !dbUp) return { status: 'unhealthy', error: 'not checked: the application database is unavailable' };
    try {
      return await withTimeout(entry.probe(), this.deps.componentTimeoutMs ?? COMPONENT_TIMEOUT_MS, name);
    } catch (err) {
      return { status: 'unhealthy', error: errorText(err) };
    }
  }
}

/** Database down → unhealthy; schema behind or an integration unwell → degraded. */
export function combine(database: DatabaseComponent, others: OtherComponent[]): OverallHealth {
  if (database.status === 'unhealthy') return 'unhealthy';
  if (database.migrations && database.migrations.pending > 0) return 'degraded';
  if (others.some((c) => c.status === 'unhealthy' || c.status === 'degraded')) return 'degraded';
  return 'healthy';
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
