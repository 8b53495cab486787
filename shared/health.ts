/**
 * Health report shapes (R-HEALTH-1), compatible with the older backend's `/health`.
 *
 * The runbook's keys (`status`/`overall`, `database`, `timestamp`, `version`, `service`) keep their
 * exact legacy values: they are machine values (`healthy`, an ISO time, a version), never
 * sentences, so they stay plain strings in every language. Everything a person reads lives in
 * `components` (ours, not the older backend's): a `message` from the catalogues, which the HTTP
 * door and `--json` turn into the caller's language at the edge, with the raw driver / OS text
 * beside it in `technical_detail`.
 */
import type { Message } from './messages.js';
import type { MikroSyncHealthLine } from './mikro-sync.js';

export type OverallHealth = 'healthy' | 'degraded' | 'unhealthy';
/**
 * `not_configured`: not set up at all (counts as nothing wrong yet, the checks WARN);
 * `disabled`: switched off with `"enabled": false` — nothing in it is called and the overall
 * status ignores it.
 */
export type ComponentState = 'healthy' | 'degraded' | 'unhealthy' | 'not_configured' | 'disabled';
export const COMPONENT_STATES: readonly ComponentState[] = ['healthy', 'degraded', 'unhealthy', 'not_configured', 'disabled'];
export type DatabaseEngine = 'sqlite' | 'postgres';

export interface DatabaseComponent {
  status: 'healthy' | 'unhealthy';
  engine: DatabaseEngine;
  /** Where the database is, with any password removed (safe to show). */
  target: string;
  latency_ms: number | null;
  /** What is wrong, for people (absent when healthy and nothing to say). */
  message?: Message;
  /** Raw driver / OS text behind `message`, for support; never the sentence. */
  technical_detail?: string;
  migrations?: { current: string | null; head: string; pending: number } | undefined;
}

export interface OtherComponent {
  status: ComponentState;
  latency_ms?: number | null;
  /** What was found, for people: a short summary when healthy, else what is wrong. */
  message?: Message;
  /** Raw driver / OS / server text behind `message`, for support; never the sentence. */
  technical_detail?: string;
  /** When an external probe (Mikro, Graph API) really ran: its answer is reused for 30 s. */
  checked_at?: string;
  /** Mikro only: the last PULL sync of each mirrored table. */
  sync?: MikroSyncHealthLine[];
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
  /** Present only when this process cannot write its log files (a full or read-only log folder). */
  logs?: LogsProblem;
}

/** "Logs cannot be written": the console keeps working; lines wait in memory or are dropped. */
export interface LogsProblem {
  writable: false;
  dir: string;
  since: string | null;
  dropped: number;
  message: Message;
  technical_detail?: string;
}

/** One past check, for the Overview's short history (kept by the process that checks). */
export interface HealthSample {
  timestamp: string;
  status: OverallHealth;
  database_latency_ms: number | null;
}
