/** Handlers for WhatsApp (R-WA) and backups (R-BAK). */
import type { BackupRunSummary } from '../../../shared/backup.js';
import { AppError } from '../../../shared/errors.js';
import type { BackupController } from '../backup/backup-controller.js';
import type { AppDatabase } from '../db/app-database.js';
import type { WhatsappService } from '../whatsapp/whatsapp-service.js';
import { saveWhatsappSettings } from '../whatsapp/whatsapp-save.js';
import type { ConfigService } from '../config/config-service.js';
import type { Handler } from './dispatch.js';

type IntegrationOps =
  | 'whatsapp.settings'
  | 'whatsapp.save'
  | 'whatsapp.check'
  | 'whatsapp.sendTest'
  | 'whatsapp.enqueue'
  | 'backup.status'
  | 'backup.list'
  | 'backup.run'
  | 'backup.verify'
  | 'backup.checks';

/** What these handlers use, and nothing more. */
export interface IntegrationHandlerDeps {
  whatsapp: Pick<WhatsappService, 'view' | 'check' | 'sendTest' | 'enqueue'>;
  /** null when the database could not be configured (`setupError` says why). */
  backup: Pick<BackupController, 'status' | 'list' | 'run' | 'verify' | 'checks'> | null;
  setupError: AppError | null;
  /** The WhatsApp settings form writes whatsapp.json (and clears duplicates in system_config.json) through it. */
  config: Pick<ConfigService, 'save'>;
  db: Pick<AppDatabase, 'engine'>;
  paths: { backupDir: string };
}

export function integrationHandlers(deps: IntegrationHandlerDeps): { [N in IntegrationOps]: Handler<N> } {
  const { whatsapp } = deps;
  const backup = (): NonNullable<IntegrationHandlerDeps['backup']> => {
    if (!deps.backup) throw deps.setupError ?? new AppError('E_DB_UNAVAILABLE', 'the database is not configured, so it cannot be backed up');
    return deps.backup;
  };
  return {
    'whatsapp.settings': () => whatsapp.view(),
    'whatsapp.save': (input, ctx) => saveWhatsappSettings(deps.config, input, ctx.actor),
    'whatsapp.check': () => whatsapp.check(),
    'whatsapp.sendTest': (input, ctx) => whatsapp.sendTest(input, ctx.actor),
    'whatsapp.enqueue': (input, ctx) => whatsapp.enqueue(input, ctx.actor),
    'backup.status': async () => backup().status(deps.db.engine, deps.paths.backupDir),
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
