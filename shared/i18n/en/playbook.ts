import type { CatalogShape } from '../keys.js';
import type { playbook as tr } from '../tr/playbook.js';

export const playbook: CatalogShape<typeof tr> = {
  db_down: {
    '1': 'Confirm the database state with /health (optiplan360 health).',
    '2': 'Check the PostgreSQL service.',
    '3': 'Retry once the database is back up.',
  },
  db_engine: {
    '1': 'Use PostgreSQL in production: DATABASE_URL or database.url in system_config.json.',
    '2': 'Create the schema: optiplan360 migrate up',
    '3': 'SQLite is for local/test only (runbook §8).',
  },
  migrations: {
    '1': 'See the pending migrations: optiplan360 migrate status',
    '2': 'Back up the database first.',
    '3': 'Apply them: optiplan360 migrate up',
    '4': 'If it still fails, read the migration error and the audit log.',
  },
  config_invalid: {
    '1': 'Find the file and field path named in the report.',
    '2': 'Fix the file (save it as UTF-8) or save it from the Settings screen.',
    '3': 'Verify: optiplan360 config check',
  },
  plaintext_secrets: {
    '1': 'List the plain-text secrets: optiplan360 config check',
    '2': 'Move them into the keychain: optiplan360 config check --fix-secrets (VAULT: reference), or use an ENV: reference.',
    '3': 'Rotate any token or password that was exposed.',
  },
  keychain: {
    '1': 'Check that the OS keychain works (Windows Credential Manager / macOS Keychain / Secret Service).',
    '2': 'Without a keychain, use ENV: references instead of VAULT:.',
    '3': 'See the stored secrets: optiplan360 secrets list',
  },
  audit_chain: {
    '1': 'Inspect the reported row and the one before it; do not edit or delete rows.',
    '2': 'Verify: optiplan360 audit verify',
    '3': 'Check who has database access and the last backup; record it as a security incident.',
  },
  outbox_failed: {
    '1': 'Read the last error (last_error_code) of the failed outbox items.',
    '2': 'Re-queue transient failures with “retry all” (E_MIKRO_READ_ONLY is permanent and is not retried).',
    '3': 'If they keep failing, check that integration’s connection.',
  },
  unresolved_errors: {
    '1': 'Review the unresolved integration errors by integration.',
    '2': 'Fix the cause (Mikro / WhatsApp steps).',
    '3': 'Mark the fixed errors as resolved.',
  },
  queue_backlog: {
    '1': 'Check that the process draining the queue (the app or serve) is running.',
    '2': 'Check that the target integration is reachable.',
    '3': 'If it keeps growing, read the errors of the oldest items.',
  },
  sync_stale: {
    '1': 'Look at the last sync run and its error.',
    '2': 'Check the Mikro connection (Mikro steps).',
    '3': 'Start a sync by hand and watch its result.',
  },
  mikro_connection: {
    '1': 'Is the SQL Server reachable? (host, port 1433 or instance, firewall)',
    '2': 'Are the read-only login’s rights correct? (SELECT only, db_datareader)',
    '3': 'Run the connection test in the admin panel (SQL Board → Test connection).',
  },
  mikro_not_configured: {
    '1': 'Fill in host and database on the SQL Board or in mikro_connection.json.',
    '2': 'Store the password in the keychain (optiplan360 secrets set mikro_sql_password) or use the MIKRO_PASSWORD environment variable.',
    '3': 'Run the connection test in the admin panel.',
  },
  mikro_permissions: {
    '1': 'Use a dedicated login that is only in db_datareader.',
    '2': 'Remove db_owner, db_datawriter, db_ddladmin, sysadmin and INSERT/UPDATE/DELETE/EXECUTE grants.',
    '3': 'Run the connection test and diagnostics again.',
  },
  mikro_read_only: {
    '1': '"read_only": true must stay in mikro_connection.json (P1 has no write-back).',
    '2': 'A PUSH attempt must return E_MIKRO_READ_ONLY; if it does not, stop the service.',
    '3': 'Report this build.',
  },
  mikro_encryption: {
    '1': 'Enable a TLS certificate on the SQL Server (Force Encryption).',
    '2': 'Keep "encrypt": true in mikro_connection.json.',
    '3': 'If the certificate is not trusted, install it; trust_server_certificate is only a stopgap.',
  },
  mikro_tables: {
    '1': 'Check the table names for this Mikro version (master_tables).',
    '2': 'Grant the login SELECT on those tables.',
    '3': 'Run diagnostics again.',
  },
  whatsapp_send: {
    '1': 'Check that the token is valid and has not expired.',
    '2': 'Check the Meta API status.',
    '3': 'Check the approval state of the templates.',
  },
  backup: {
    '1': 'Check the targets in backup_config.json (NAS path, Google Drive folder).',
    '2': 'Read the status and error of the last backup.',
    '3': 'Take a backup by hand and verify it; PostgreSQL backups must run daily (runbook §6).',
  },
  generic: {
    '1': 'Read the detail and open the related screen.',
    '2': 'Fix the problem and run diagnostics again.',
  },
};
