/** Health report shapes (R-HEALTH-1), compatible with the older backend's `/health`. */

export type OverallHealth = 'healthy' | 'degraded' | 'unhealthy';
export type ComponentState = 'healthy' | 'degraded' | 'unhealthy' | 'not_configured';
export type DatabaseEngine = 'sqlite' | 'postgres';

export interface DatabaseComponent {
  status: 'healthy' | 'unhealthy';
  engine: DatabaseEngine;
  /** Where the database is, with any password removed (safe to show). */
  target: string;
  latency_ms: number | null;
  error?: string;
  migrations?: { current: string | null; head: string; pending: number } | undefined;
}

export interface OtherComponent {
  status: ComponentState;
  latency_ms?: number | null;
  detail?: string;
  error?: string;
}

export interface HealthReport {
  /** Both keys are named by the runbook; they always hold the same value. */
  status: OverallHealth;
  overall: OverallHealth;
  database: 'healthy' | 'unhealthy';
  timestamp: string;
  version: string;
  service: string;
  components: {
    database: DatabaseComponent;
    mikro: OtherComponent;
    whatsapp: OtherComponent;
    backup: OtherComponent;
  };
}

/** One past check, for the Overview's short history (kept by the process that checks). */
export interface HealthSample {
  timestamp: string;
  status: OverallHealth;
  database_latency_ms: number | null;
}
