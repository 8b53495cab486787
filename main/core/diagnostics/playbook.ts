/**
 * The runbook's incident playbook (§7) as structured steps (R-DIAG-4): each step is a catalogue
 * message `playbook.<kind>.<n>` (shared/i18n/{tr,en}/playbook.ts), in the runbook's order. The
 * three §7 entries keep the runbook's order and wording; the others follow the runbook's sections
 * on migrations (§3), Mikro (§4), WhatsApp (§5), backups (§6) and the config-security checklist
 * (§9.7). Commands named in the steps are real CLI verbs.
 */
import type { CheckCategory } from '../../../shared/diagnostics.js';
import { playbook as CATALOGUE } from '../../../shared/i18n/tr/playbook.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { msg, type Message } from '../../../shared/messages.js';

export type PlaybookKind = keyof typeof CATALOGUE;

/** Every kind's steps, in order (the catalogue's keys "1", "2", … sorted as numbers). */
export const PLAYBOOK: Readonly<Record<PlaybookKind, readonly Message[]>> = Object.freeze(
  Object.fromEntries(
    (Object.keys(CATALOGUE) as PlaybookKind[]).map((kind) => [
      kind,
      Object.freeze(
        Object.keys(CATALOGUE[kind])
          .sort((a, b) => Number(a) - Number(b))
          .map((n) => msg(`playbook.${kind}.${n}` as MessageKey)),
      ),
    ]),
  ) as Record<PlaybookKind, readonly Message[]>,
);

/** Which playbook a check's failure calls for; by name first, then by category. */
const BY_NAME: Readonly<Record<string, PlaybookKind>> = {
  backend_health: 'db_down',
  database_connection: 'db_down',
  database_engine: 'db_engine',
  migrations_at_head: 'migrations',
  config_files_valid: 'config_invalid',
  plaintext_secrets: 'plaintext_secrets',
  keychain_available: 'keychain',
  audit_chain: 'audit_chain',
  outbox_failed: 'outbox_failed',
  unresolved_errors: 'unresolved_errors',
  queue_backlog: 'queue_backlog',
  last_sync_recency: 'sync_stale',
  mikro_config: 'mikro_not_configured',
  mikro_connection: 'mikro_connection',
  mikro_login_permissions: 'mikro_permissions',
  mikro_least_privilege: 'mikro_permissions',
  mikro_server: 'generic',
  mikro_read_only: 'mikro_read_only',
  mikro_push_guard: 'mikro_read_only',
  mikro_application_intent: 'mikro_connection',
  mikro_encryption: 'mikro_encryption',
  mikro_tls_settings: 'mikro_encryption',
  mikro_tables_readable: 'mikro_tables',
  mikro_schema_contract: 'mikro_tables',
};

const BY_CATEGORY: Readonly<Record<CheckCategory, PlaybookKind>> = {
  system: 'db_down',
  database: 'db_down',
  config: 'config_invalid',
  mikro: 'mikro_connection',
  whatsapp: 'whatsapp_send',
  backup: 'backup',
  queues: 'unresolved_errors',
  audit: 'audit_chain',
};

export function playbookKindFor(name: string, category: CheckCategory): PlaybookKind {
  return BY_NAME[name] ?? BY_CATEGORY[category] ?? 'generic';
}

/** A copy, so a report can never alter the shared table. */
export function stepsFor(kind: PlaybookKind): Message[] {
  return PLAYBOOK[kind].map((m) => ({ ...m }));
}
