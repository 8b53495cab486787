/**
 * Composite health (R-HEALTH-1/2). Every call really pings: the older backend cached answers
 * for 60 s and so reported a dead database as healthy. Concurrent callers share the one check
 * that is in flight, which bounds the load a burst of probes can put on the database.
 */
import type { DatabaseComponent, HealthReport, OtherComponent, OverallHealth } from '../../../shared/health.js';
import type { AppDatabase } from '../db/app-database.js';
import type { MigrationRunner } from '../migrations/runner.js';

export type ComponentName = 'mikro' | 'whatsapp' | 'backup';
export type ComponentProbe = () => Promise<OtherComponent>;

export interface HealthSample {
  timestamp: string;
  status: OverallHealth;
  database_latency_ms: number | null;
}

export interface HealthDeps {
  db: AppDatabase;
  migrations: MigrationRunner;
  pingTimeoutMs: number;
  version: string;
  service?: string;
  /** Shown in place of a ping when the database could not even be configured. */
  setupError?: () => string | undefined;
}

const NOT_CONFIGURED: OtherComponent = { status: 'not_configured' };
const HISTORY_LENGTH = 60;

export class HealthService {
  private inFlight: Promise<HealthReport> | null = null;
  private readonly probes = new Map<ComponentName, ComponentProbe>();
  private readonly samples: HealthSample[] = [];

  constructor(private readonly deps: HealthDeps) {}

  /** Later integrations (Mikro, WhatsApp, backups) plug their own probe in here. */
  setProbe(name: ComponentName, probe: ComponentProbe): void {
    this.probes.set(name, probe);
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
    const [database, mikro, whatsapp, backup] = await Promise.all([
      this.database(),
      this.component('mikro'),
      this.component('whatsapp'),
      this.component('backup'),
    ]);
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
    this.samples.push({ timestamp: report.timestamp, status: overall, database_latency_ms: database.latency_ms });
    if (this.samples.length > HISTORY_LENGTH) this.samples.shift();
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

  private async component(name: ComponentName): Promise<OtherComponent> {
    const probe = this.probes.get(name);
    if (!probe) return NOT_CONFIGURED;
    try {
      return await probe();
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
