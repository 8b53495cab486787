/** Handlers for config, secrets and the audit log (R-CFG, R-AUDIT). */
import { exportAuditCsv, listAudit } from '../audit/audit-query.js';
import type { Core } from '../core.js';
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

export function configHandlers(core: Core): { [N in ConfigOps]: Handler<N> } {
  return {
    'config.check': async () => {
      const status = core.secretStore ? await core.secretStore.status() : { available: false, backend: 'none' };
      return { config_dir: core.config.configDir, files: core.config.checkAll(), findings: core.config.scan(), keychain: status };
    },
    'config.get': async ({ file }) => core.config.read(file),
    'config.save': async ({ file, patch }, ctx) => {
      const report = await core.config.save(file, patch, ctx.actor);
      if (file === 'backup_config.json') await core.backup?.reschedule();
      return report;
    },
    'config.scan': async () => core.config.scan(),
    'config.fixSecrets': ({ items }, ctx) => core.config.fixSecrets(items, ctx.actor),
    'secrets.list': () => core.secrets.report(),
    'secrets.set': ({ name, value }, ctx) => core.secrets.set(name, value, ctx.actor),
    'secrets.delete': ({ name }, ctx) => core.secrets.delete(name, ctx.actor),
    'audit.list': (input) => listAudit(core.db, input),
    'audit.verify': () => core.audit.verify(),
    'audit.export': async (filter, ctx) => {
      const { csv, rows } = await exportAuditCsv(core.db, filter);
      await core.record({ action: 'AUDIT_EXPORTED', target: 'audit_log', result: 'success', actor: ctx.actor, detail: `${rows} rows`, new_value: filter });
      return { csv, rows, filename: `optiplan360-audit-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.csv` };
    },
  };
}
