import { operationalTables } from './0001_operational_tables.js';
import { runHistory } from './0002_run_history.js';
import { auditChain } from './0003_audit_chain.js';
import { auditHmac } from './0004_audit_hmac.js';
import { whatsappOutbox } from './0005_whatsapp_outbox.js';
import { consoles } from './0007_consoles.js';
import { mikroMirror } from './0008_mikro_mirror.js';
import type { Migration } from './migration.js';

/** Every migration, oldest first. Append only. */
export const MIGRATIONS: readonly Migration[] = [operationalTables, runHistory, auditChain, auditHmac, whatsappOutbox, consoles, mikroMirror];

export { MigrationRunner } from './runner.js';
export type { Migration } from './migration.js';
