/** Handlers for config, secrets and the audit log (R-CFG, R-AUDIT). */
import type { AuditVerifyResult } from '../audit/audit-log.js';
import { exportAuditCsv, listAudit } from '../audit/audit-query.js';
import type { AuditWriter } from '../audit/audit-types.js';
import type { BackupController } from '../backup/backup-controller.js';
import type { ConfigService } from '../config/config-service.js';
import type { AppDatabase } from '../db/app-database.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SecretsService } from '../secrets/secrets-service.js';
import type { Handler } from './dispatch.js';

type ConfigOps =
  | 'config.check'
  | 'config.get'
  | 'config.save'
  | 'config.scan'
  | 'config.fixSecrets'
  | 'secrets.list'
  | 'secrets.set'
  | 'secrets.delete'
  | 'audit.list'
  | 'audit.verify'
  | 'audit.export';

/** What these handlers use, and nothing more. */
export interface ConfigHandlerDeps {
  config: Pick<ConfigService, 'configDir' | 'checkAll' | 'scan' | 'read' | 'save' | 'fixSecrets'>;
  secrets: Pick<SecretsService, 'report' | 'set' | 'delete'>;
  /** null = no keychain on this machine. */
  secretStore: Pick<SecretStore, 'status'> | null;
  /** The safe recorder (a failed audit write never hides the export) and the chain's verify. */
  audit: AuditWriter & { verify(): Promise<AuditVerifyResult> };
  db: AppDatabase;
  /** null when the database could not be configured: nothing to reschedule. */
  backup: Pick<BackupController, 'reschedule'> | null;
}

export function configHandlers(deps: ConfigHandlerDeps): { [N in ConfigOps]: Handler<N> } {
  const { config, secrets, secretStore, audit, db } = deps;
  return {
    'config.check': async () => {
      const status = secretStore ? await secretStore.status() : { available: false, backend: 'none' };
      return { config_dir: config.configDir, files: config.checkAll(), findings: config.scan(), keychain: status };
    },
    'config.get': async ({ file }) => config.read(file),
    'config.save': async ({ file, patch, remove }, ctx) => {
      const report = await config.save(file, patch, ctx.actor, remove ? { remove } : {});
      if (file === 'backup_config.json') await deps.backup?.reschedule();
      return report;
    },
    'config.scan': async () => config.scan(),
    'config.fixSecrets': ({ items }, ctx) => config.fixSecrets(items, ctx.actor),
    'secrets.list': () => secrets.report(),
    'secrets.set': ({ name, value }, ctx) => secrets.set(name, value, ctx.actor),
    'secrets.delete': ({ name }, ctx) => secrets.delete(name, ctx.actor),
    'audit.list': (input) => listAudit(db, input),
    'audit.verify': () => audit.verify(),
    'audit.export': async (filter, ctx) => {
      const { csv, rows, total, truncated } = await exportAuditCsv(db, filter);
      await audit.record({ action: 'AUDIT_EXPORTED', target: 'audit_log', result: 'success', actor: ctx.actor, detail: `${rows} of ${total} rows${truncated ? ' (newest kept: the in-memory export is capped)' : ''}`, new_value: filter });
      return { csv, rows, total, truncated, filename: `optiplan360-audit-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv` };
    },
  };
}
