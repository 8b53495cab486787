/** Migration status and run results (R-MIG-2, R-MIG-3). */

export interface AppliedMigration {
  version: string;
  name: string;
  applied_at: string;
  duration_ms: number;
}

export interface PendingMigration {
  version: string;
  name: string;
}

export interface MigrationStatus {
  engine: 'sqlite' | 'postgres';
  current: string | null;
  head: string;
  at_head: boolean;
  applied: AppliedMigration[];
  pending: PendingMigration[];
}

export interface MigrationRunResult {
  /** Versions applied by this run, in order; empty when the schema was already at head. */
  applied: AppliedMigration[];
  status: MigrationStatus;
  duration_ms: number;
}
