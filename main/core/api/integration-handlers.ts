/** Handlers for WhatsApp (R-WA) and backups (R-BAK). */
import type { BackupRunSummary } from '../../../shared/backup.js';
import { AppError } from '../../../shared/errors.js';
import type { BackupController } from '../backup/backup-controller.js';
import type { Core } from '../core.js';
import type { Handler } from './dispatch.js';

type IntegrationOps =
  | 'whatsapp.settings'
  | 'whatsapp.check'
  | 'whatsapp.sendTest'
  | 'backup.status'
  | 'backup.list'
  | 'backup.run'
  | 'backup.verify'
  | 'backup.checks';

export function integrationHandlers(core: Core): { [N in IntegrationOps]: Handler<N> } {
  const backup = (): BackupController => {
    if (!core.backup) throw core.setupError ?? new AppError('E_DB_UNAVAILABLE', 'the database is not configured, so it cannot be backed up');
    return core.backup;
  };
  return {
    'whatsapp.settings': () => core.whatsapp.view(),
    'whatsapp.check': () => core.whatsapp.check(),
    'whatsapp.sendTest': (input, ctx) => core.whatsapp.sendTest(input, ctx.actor),
    'backup.status': async () => backup().status(core.db.engine, core.paths.backupDir),
    'backup.list': ({ limit, offset }) => backup().list(limit, offset),
    'backup.run': async ({ verify }, ctx): Promise<BackupRunSummary> => {
      // The manifest stays beside the file; the doors get the summary.
      const { manifest: _manifest, ...summary } = await backup().run(ctx.door === 'cli' ? 'cli' : 'manual', ctx.actor, verify, {
        onStarted: (runId) => ctx.job?.setRunId(runId),
        onProgress: (p) => ctx.job?.progress(p),
      });
      return summary;
    },
    'backup.verify': ({ id }, ctx) => backup().verify(id, ctx.actor),
    'backup.checks': () => backup().checks(),
  };
}
