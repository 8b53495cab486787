/**
 * The manifest written beside each backup file (`<file>.manifest.json`) and kept in the run's
 * row: enough to check the file (sha256, size) and the restore (row counts per table) later,
 * on another machine, without the app database.
 */
export const MANIFEST_FORMAT = 'optiplan360-backup/1';

export type { BackupPhase } from '../../../shared/backup.js';
import type { BackupPhase } from '../../../shared/backup.js';
import type { AuditAnchor } from '../audit/audit-anchor.js';

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  app: { name: string; version: string };
  run_id: number;
  trigger: string;
  host: string;
  engine: 'postgres' | 'sqlite';
  /** Where the data came from, password removed. */
  source: string;
  database: string;
  file: string;
  /** gzip: a gzipped SQLite file; pg_custom: pg_dump -Fc (compressed inside); none: as is. */
  compression: 'gzip' | 'pg_custom' | 'pg_custom_uncompressed' | 'none';
  size_bytes: number;
  /** The uncompressed SQLite copy; null for PostgreSQL (the archive compresses internally). */
  raw_size_bytes: number | null;
  sha256: string;
  tool: { name: string; version: string };
  server_version: string | null;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  phases_ms: Partial<Record<BackupPhase, number>>;
  /** Row counts per table at backup time (the same snapshot as the dump). */
  tables: Record<string, number>;
  nas: { path: string; ok: boolean; error?: string } | null;
  /** The audit chain's head when the backup began (app database only): checked by `audit verify`. */
  audit_anchor?: AuditAnchor;
}

export function parseManifest(text: string | null | undefined): BackupManifest | null {
  if (!text) return null;
  try {
    const m = JSON.parse(text) as Partial<BackupManifest>;
    return m.format === MANIFEST_FORMAT && typeof m.sha256 === 'string' && m.tables && typeof m.tables === 'object' ? (m as BackupManifest) : null;
  } catch {
    return null;
  }
}
