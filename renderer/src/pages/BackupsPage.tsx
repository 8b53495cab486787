import { useTranslation } from 'react-i18next';
import { FALLBACK_REFETCH_MS, useOp, useOpMutation } from '../api.js';
import { CheckList } from '../components/CheckList.js';
import { ErrorText } from '../components/ErrorText.js';
import { BackupSettingsForm } from './BackupSettingsForm.js';

const mb = (bytes: number | null) => (bytes === null ? '—' : `${(bytes / 1_048_576).toFixed(1)} MB`);

/** Backups (R-BAK): run now with progress, history with verify, schedule and settings, checks. */
export function BackupsPage() {
  const { t, i18n } = useTranslation();
  const run = useOpMutation('backup.run', ['backup.list', 'backup.status', 'backup.checks', 'health.get']);
  // Job events refresh it while a run goes (a run from another window too); the slow refetch is a fallback.
  const status = useOp('backup.status', {}, { refetchInterval: FALLBACK_REFETCH_MS });
  const list = useOp('backup.list', { limit: 50 });
  const checks = useOp('backup.checks');
  const verify = useOpMutation('backup.verify', ['backup.list', 'backup.checks']);
  const s = status.data;
  const busy = run.isPending || !!s?.running;
  const r = run.data;
  const progress = s?.running?.progress;

  return (
    <section>
      <header className="page-head">
        <h2>{t('backups.heading')}</h2>
        <span>
          <button onClick={() => run.mutate({ verify: false })} disabled={busy} data-testid="backup-run">
            {t('backups.runNow')}
          </button>{' '}
          <button onClick={() => run.mutate({ verify: true })} disabled={busy} data-testid="backup-run-verify">
            {t('backups.runVerify')}
          </button>
        </span>
      </header>
      {busy && (
        <div data-testid="backup-progress">
          <p>
            {t('backups.running', {
              phase: progress ? t(`backups.phases.${progress.phase}`) : '…',
              percent: progress?.percent !== undefined ? `${Math.round(progress.percent)} %` : '',
            })}
          </p>
          <progress max={100} value={progress?.percent} />
        </div>
      )}
      {r && (
        <p className={r.status === 'success' ? 'success' : 'alert'} data-testid="backup-result" data-status={r.status}>
          {r.status === 'success'
            ? t('backups.done', { id: r.id, size: mb(r.size_bytes), secs: (r.duration_ms / 1000).toFixed(1) })
            : t('backups.failed', { id: r.id, error: r.error })}
          {r.verify && ` · ${r.verify.status === 'ok' ? t('backups.verifyOk', { detail: r.verify.detail }) : t('backups.verifyFailed', { detail: r.verify.detail })}`}
        </p>
      )}
      {run.error && <ErrorText error={run.error} />}
      {s && (
        <p className="muted">
          {s.next_run_at ? t('backups.next', { at: new Date(s.next_run_at).toLocaleString(i18n.language) }) : t('backups.noSchedule')}
          <br />
          {t('backups.settings', { days: s.retention_days, time: s.schedule?.time ?? '—', nas: s.nas_path ?? t('backups.none'), dir: s.backup_dir })}
        </p>
      )}
      <h3>{t('backups.list')}</h3>
      {list.error && <ErrorText error={list.error} />}
      {list.data && list.data.length === 0 && <p className="muted">{t('backups.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <table className="grid" data-testid="backup-list">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('backups.started')}</th>
              <th>{t('backups.size')}</th>
              <th>{t('backups.duration')}</th>
              <th>{t('backups.result')}</th>
              <th>{t('backups.verified')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((b) => (
              <tr key={b.id} data-testid={`backup-${b.id}`}>
                <td>{b.id}</td>
                <td>{new Date(b.started_at).toLocaleString(i18n.language)}</td>
                <td>{mb(b.size_bytes)}</td>
                <td>{b.duration_ms === null ? '—' : `${(b.duration_ms / 1000).toFixed(1)} s`}</td>
                <td>
                  {t(`backups.statuses.${b.status}`)}
                  {b.error && <div className="error">{b.error}</div>}
                </td>
                <td>{b.verified ? `${b.verified.status} · ${new Date(b.verified.at).toLocaleString(i18n.language)}` : '—'}</td>
                <td>
                  {b.status === 'success' && (
                    <button onClick={() => verify.mutate({ id: b.id })} disabled={verify.isPending || busy}>
                      {verify.isPending && verify.variables && (verify.variables as { id: number }).id === b.id ? t('backups.verifying') : t('backups.verify')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {verify.data && (
        <p className={verify.data.status === 'ok' ? 'success' : 'alert'} data-testid="backup-verify-result">
          {verify.data.status === 'ok' ? t('backups.verifyOk', { detail: verify.data.detail }) : t('backups.verifyFailed', { detail: verify.data.detail })}
        </p>
      )}
      {verify.error && <ErrorText error={verify.error} />}
      {s && <BackupSettingsForm status={s} />}
      <h3>{t('backups.checks')}</h3>
      {checks.data && <CheckList checks={checks.data} testId="backup-checks" />}
      {checks.error && <ErrorText error={checks.error} />}
    </section>
  );
}
