/**
 * Backup shapes shared by the doors and the renderer (R-BAK). Raw figures (bytes, ms, ISO times)
 * stay numbers and strings for scripts; what a person reads is a `message` from the catalogues
 * (sizes and durations formatted for the language at the edge). `error` / `detail` strings are
 * the technical text stored on the run's row and in the audit log (English, secrets scrubbed):
 * shown as technical detail only.
 */
import { z } from 'zod';
import type { ErrorBody } from './errors.js';
import type { Message } from './messages.js';

/** running → success | failed; success → expired when retention deletes its files. */
export type BackupStatus = 'running' | 'success' | 'failed' | 'expired';
export type VerifyStatus = 'ok' | 'failed';
export type BackupPhase = 'dumping' | 'compressing' | 'hashing' | 'copying' | 'retention' | 'done';

export interface BackupProgress {
  phase: BackupPhase;
  percent?: number;
  bytes?: number;
}

export interface BackupListItem {
  id: number;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  status: BackupStatus;
  trigger: string;
  engine: string;
  file_name: string | null;
  file_path: string | null;
  size_bytes: number | null;
  sha256: string | null;
  /** Technical: why the run failed, or its warnings (as stored on the row). */
  error: string | null;
  /** `detail`: technical, as stored on the row (the Backups page shows the status from the catalogue). */
  verified: { at: string; status: VerifyStatus; detail: string | null } | null;
  /** The NAS copy, when one was made: where, and whether its hash matched. */
  nas: { path: string; ok: boolean; error?: string } | null;
}

export interface VerifyResult {
  run_id: number;
  status: VerifyStatus;
  /** For people: what was restored and matched, or what did not hold. */
  message: Message;
  /** Each thing that did not hold, for people (empty when ok). */
  problems: Message[];
  /** Technical, one line, English: stored on the run (verify_detail) and in the audit row. */
  detail: string;
  /** Raw tool / driver text behind a failed restore (pg_restore's stderr, scrubbed). */
  technical_detail?: string;
  tables: number;
  rows: number;
  verified_at: string;
  duration_ms: number;
}

/** What a finished run reports to the doors (the manifest stays beside the file). */
export interface BackupRunSummary {
  id: number;
  status: 'success' | 'failed';
  started_at: string;
  finished_at: string;
  duration_ms: number;
  file_path: string | null;
  size_bytes: number | null;
  sha256: string | null;
  /** For people: made (file, size, duration) or why not. */
  message: Message;
  /** Technical: why it failed (tool / driver text, scrubbed), as stored on the row; null on success. */
  error: string | null;
  /** What did not go right in a successful run (NAS copy, retention), for people. */
  warnings: Message[];
  expired: number[];
  verify?: VerifyResult;
  /** The verify that was asked for could not run (e.g. E_BUSY). */
  verify_error?: ErrorBody;
}

/** The Backups page header: is one running (and where), when is the next, the settings in effect. */
export interface BackupStatusView {
  /** false: `"enabled": false` in backup_config.json (no schedule; `backup run` is refused). */
  enabled: boolean;
  running: { started_at: string; trigger: string; progress: BackupProgress | null } | null;
  next_run_at: string | null;
  schedule: { enabled: boolean; time: string } | null;
  retention_days: number;
  nas_path: string | null;
  engine: 'sqlite' | 'postgres';
  backup_dir: string;
}

export const BackupRunInputSchema = z.strictObject({ verify: z.boolean().default(false) });
export const BackupIdSchema = z.strictObject({ id: z.number().int().positive() });
export const BackupListInputSchema = z.strictObject({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) });
