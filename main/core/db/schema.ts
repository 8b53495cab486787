/**
 * Table types for kysely. Times are ISO-8601 UTC text on both engines so that values (and the
 * audit hash chain built over them) are byte-identical whichever engine stores them.
 */
import type { Generated } from 'kysely';

export interface SchemaMigrationsTable {
  version: string;
  name: string;
  applied_at: string;
  duration_ms: number;
}

export interface MigrationLockTable {
  id: number;
  locked_at: string | null;
  locked_by: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  ts: string;
  actor: string;
  action: string;
  target: string;
  result: string;
  detail: string | null;
  old_value: string | null;
  new_value: string | null;
  prev_hash: string;
  hash: string;
  /** HMAC-SHA-256 (keyed, 0004) over the previous row's MAC and this row's hash; null on legacy rows. */
  mac: string | null;
}

export interface IntegrationErrorsTable {
  id: Generated<number>;
  ts: string;
  integration: string;
  operation: string;
  code: string;
  message: string;
  payload: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  created_at: string;
  updated_at: string;
  integration: string;
  operation: string;
  payload: string;
  status: string;
  attempts: number;
  max_retries: number;
  next_attempt_at: string | null;
  last_error_code: string | null;
  last_error: string | null;
}

export interface InboxTable {
  id: Generated<number>;
  received_at: string;
  integration: string;
  payload: string;
  status: string;
  processed_at: string | null;
}

export interface SyncJobsTable {
  id: Generated<number>;
  integration: string;
  kind: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  records: number | null;
  error: string | null;
  /** 0008: who started it (door or schedule). */
  actor: string | null;
  /** 0008: JSON, rows read/changed per table. */
  detail: string | null;
}

export interface BackupRunsTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string | null;
  status: string;
  engine: string;
  trigger: string;
  file_path: string | null;
  size_bytes: number | null;
  sha256: string | null;
  manifest: string | null;
  error: string | null;
  verified_at: string | null;
  verify_status: string | null;
  verify_detail: string | null;
}

export interface DiagnosticsRunsTable {
  id: Generated<number>;
  started_at: string;
  duration_ms: number;
  status: string;
  actor: string;
  report: string;
}

export interface AuditChainHeadTable {
  id: number;
  last_id: number;
  last_hash: string;
  updated_at: string;
  /** The head's MAC (0004); null while no row is keyed. */
  last_mac: string | null;
  /** The first HMAC-keyed row; rows before it are legacy (unkeyed SHA-256). null: none keyed yet. */
  keyed_from: number | null;
  /** Fingerprint of the key the chain is keyed with (never the key). */
  key_id: string | null;
}

/** Where the last successful verify ended, so diagnostics re-walk only new rows (0004). */
export interface AuditVerifyStateTable {
  id: number;
  last_id: number;
  last_hash: string;
  last_mac: string | null;
  verified_at: string;
  full_verified_at: string;
}

/** The WhatsApp send pace shared by every process (migration 0005). */
export interface WhatsappRateSlotsTable {
  key: string;
  /** ms since epoch; bigint on PostgreSQL (read back as a string there). */
  next_slot_ms: number | string;
  updated_at: string;
}

export interface WhatsappRateEventsTable {
  id: Generated<number>;
  key: string;
  at_ms: number | string;
}

/** One row per console using this database (0007, the fleet view). */
export interface ConsolesTable {
  name: string;
  user_name: string;
  version: string;
  first_seen: string;
  last_seen: string;
  health_status: string | null;
  health_at: string | null;
  diagnostics_status: string | null;
  diagnostics_at: string | null;
  /** JSON array of check names. */
  failing_checks: string | null;
}

/** What each console recorded, capped per console (0007). */
export interface ConsoleHistoryTable {
  id: Generated<number>;
  console: string;
  ts: string;
  kind: string;
  status: string;
}

/** The read-only Mikro mirror (migration 0008); the key is (company_db, guid). */
export interface MikroAccountsTable {
  guid: string;
  company_db: string;
  code: string;
  title1: string | null;
  title2: string | null;
  tax_office_no: string | null;
  tax_id: string | null;
  lastup_at: string | null;
  cancelled: number;
  synced_at: string;
}

export interface MikroStockItemsTable {
  guid: string;
  company_db: string;
  code: string;
  name: string | null;
  unit: string | null;
  lastup_at: string | null;
  cancelled: number;
  synced_at: string;
}

export interface MikroSyncStateTable {
  key: string;
  company_db: string;
  table_name: string;
  cursor_date: string | null;
  cursor_guid: string | null;
  last_status: string;
  last_finished_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  rows: number;
  last_job_id: number | null;
}

export interface AppSchema {
  audit_chain_head: AuditChainHeadTable;
  audit_verify_state: AuditVerifyStateTable;
  schema_migrations: SchemaMigrationsTable;
  schema_migration_lock: MigrationLockTable;
  audit_log: AuditLogTable;
  integration_errors: IntegrationErrorsTable;
  outbox: OutboxTable;
  inbox: InboxTable;
  sync_jobs: SyncJobsTable;
  backup_runs: BackupRunsTable;
  diagnostics_runs: DiagnosticsRunsTable;
  whatsapp_rate_slots: WhatsappRateSlotsTable;
  whatsapp_rate_events: WhatsappRateEventsTable;
  consoles: ConsolesTable;
  console_history: ConsoleHistoryTable;
  mikro_accounts: MikroAccountsTable;
  mikro_stock_items: MikroStockItemsTable;
  mikro_sync_state: MikroSyncStateTable;
}
