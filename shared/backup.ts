/** Backup shapes shared by the doors and the renderer (R-BAK). */
import { z } from 'zod';

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
  error: string | null;
  verified: { at: string; status: VerifyStatus; detail: string | null } | null;
  /** The NAS copy, when one was made: where, and whether its hash matched. */
  nas: { path: string; ok: boolean; error?: string } | null;
}

export interface VerifyResult {
  run_id: number;
  status: VerifyStatus;
  /** One line, English: what was checked, or what did not hold. */
  detail: string;
  problems: string[];
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
  error: string | null;
  warnings: string[];
  expired: number[];
  verify?: VerifyResult;
  verify_error?: string;
}

/** The Backups page header: is one running (and where), when is the next, the settings in effect. */
export interface BackupStatusView {
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
