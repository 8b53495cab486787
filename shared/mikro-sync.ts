/**
 * The Mikro PULL sync as every door sees it (issue 16 §3): what `mikro.sync` takes and answers,
 * its progress events and the last sync of each table (`mikro.syncStatus`, health).
 */
import { z } from 'zod';
import type { Message } from './messages.js';

/** The tables the console mirrors, by the names the CLI takes (`--tables accounts,stock`). */
export const SYNC_TABLES = ['accounts', 'stock'] as const;
export type SyncTableName = (typeof SYNC_TABLES)[number];

export const MikroSyncInputSchema = z.strictObject({
  /** Forget the watermark and read every row again. */
  full: z.boolean().default(false),
  tables: z
    .array(z.enum(SYNC_TABLES))
    .min(1)
    .default([...SYNC_TABLES])
    .transform((t) => SYNC_TABLES.filter((name) => t.includes(name))),
});
export type MikroSyncInput = z.input<typeof MikroSyncInputSchema>;

export type SyncStatus = 'RUNNING' | 'DONE' | 'FAILED';

/** Why a table (or the run) failed: catalogue text, the code, the masked driver text for support. */
export interface SyncFailure {
  code: string;
  message: Message;
  technical_detail?: string;
}

export interface MikroSyncTableResult {
  table: SyncTableName;
  /** The Mikro table read (CARI_HESAPLAR, STOKLAR). */
  mikro_table: string;
  status: Exclude<SyncStatus, 'RUNNING'>;
  rows_read: number;
  /** Rows inserted or changed in the mirror (an unchanged row read again is not counted). */
  rows_changed: number;
  /** Rows read with `*_iptal` set. */
  rows_cancelled: number;
  pages: number;
  duration_ms: number;
  /** The watermark after the run: the last committed page's `*_lastup_date` and Guid. */
  cursor_date: string | null;
  error?: SyncFailure;
}

export interface MikroSyncResult {
  /** The sync_jobs row. */
  id: number;
  status: Exclude<SyncStatus, 'RUNNING'>;
  full: boolean;
  company_db: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  tables: MikroSyncTableResult[];
  /** One line for people: done with counts, or the first failure. */
  message: Message;
}

/** `job.progress` of a running sync: after each committed page. */
export interface MikroSyncProgress {
  table: SyncTableName;
  page: number;
  rows_read: number;
  rows_changed: number;
}

/** The last sync of one table (mikro_sync_state), for `mikro.syncStatus` and health. */
export interface MikroSyncTableState {
  table: SyncTableName;
  company_db: string;
  status: SyncStatus | 'NEVER';
  last_finished_at: string | null;
  last_success_at: string | null;
  /** Rows of this company in the mirror. */
  rows: number;
  cursor_date: string | null;
  /** `CODE: technical detail` of the last failure (for support). */
  last_error: string | null;
  /** The last failure in the person's words (null when it succeeded, or for a row written before this field). */
  last_error_message: Message | null;
  last_job_id: number | null;
}

/** One table's line in the health report's Mikro component (`components.mikro.sync`). */
export interface MikroSyncHealthLine {
  /** The Mikro table (CARI_HESAPLAR, STOKLAR). */
  table: string;
  status: MikroSyncTableState['status'];
  at: string | null;
  rows: number;
  message: Message;
}
