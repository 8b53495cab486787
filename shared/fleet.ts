/** The fleet view's shapes (issue 18): every console that uses the shared PostgreSQL. */
import { z } from 'zod';
import type { Message } from './messages.js';

export const FleetListInputSchema = z.strictObject({ history: z.number().int().min(0).max(50).default(0) });

export type FleetState = 'ok' | 'warn' | 'fail' | 'silent' | 'unknown';

export interface FleetHistoryEntry {
  ts: string;
  kind: 'start' | 'health' | 'diagnostics';
  status: string;
}

export interface FleetConsole {
  name: string;
  user: string;
  version: string;
  first_seen: string;
  last_seen: string;
  /** `silent` once not seen for longer than the threshold, else the worst of its last health and diagnostics. */
  state: FleetState;
  health_status: string | null;
  health_at: string | null;
  diagnostics_status: string | null;
  diagnostics_at: string | null;
  failing_checks: string[];
  /** This console (the one answering). */
  self: boolean;
  history?: FleetHistoryEntry[];
}

export interface FleetView {
  engine: 'sqlite' | 'postgres';
  /** false with SQLite (each console has its own file: there is no fleet to see) or before migration 0007. */
  available: boolean;
  reason?: Message;
  self_name: string;
  silent_after_seconds: number;
  now: string;
  consoles: FleetConsole[];
}
