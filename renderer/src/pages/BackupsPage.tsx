import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { FALLBACK_REFETCH_MS, useOp } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { CheckList } from '../components/CheckList.js';
import { ErrorText } from '../components/ErrorText.js';
import { Msg } from '../components/Msg.js';
import { TechnicalDetail } from '../components/TechnicalDetail.js';
import { orDash, useFormat } from '../i18n/format.js';
import type { VerifyResult } from '../../../shared/backup.js';
import { BackupSettingsForm } from './BackupSettingsForm.js';

/** Backups (R-BAK): run now with progress, history with verify, schedule and settings, checks. */
export function BackupsPage() {
  const { t } = useTranslation();
  const f = useFormat();
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
  // A double click must start one run: the second click lands before React re-renders the disabled button.
  const starting = useRef(false);
  const start = (verifyAfter: boolean) => {
    if (starting.current || busy) return;
    starting.current = true;
    run.mutate({ verify: verifyAfter }, { onSettled: () => (starting.current = false) });
  };

  return (
    <section>
      <header className="page-head">
        <h2>{t('backups.heading')}</h2>
        <span>
          <button onClick={() => start(false)} disabled={busy} aria-busy={busy} data-testid="backup-run">
            {t('backups.runNow')}
          </button>{' '}
          <button className="secondary" onClick={() => start(true)} disabled={busy} data-testid="backup-run-verify">
            {t('backups.runVerify')}
          </button>
        </span>
      </header>
      {busy && (
        <div data-testid="backup-progress" role="status">
          {!run.isPending && s?.running && <p className="muted">{t('backups.runningElsewhere', { at: s.running.started_at })}</p>}
          <p>
            {progress?.percent !== undefined
              ? t('backups.runningPercent', { phase: t(`backups.phases.${progress.phase}`), ratio: progress.percent / 100 })
              : t('backups.running', { phase: progress ? t(`backups.phases.${progress.phase}`) : '…' })}
          </p>
          <progress max={100} value={progress?.percent} />
        </div>
      )}
      {r && (
        <div className={r.status === 'success' ? 'success' : 'alert'} data-testid="backup-result" data-status={r.status}>
          <div>
            <Msg m={r.message} />
          </div>
          {r.warnings.map((w, i) => (
            <div key={i} className="notice">
              <Msg m={w} />
            </div>
          ))}
          {r.verify && <VerifyView v={r.verify} />}
          <TechnicalDetail text={r.error} />
        </div>
      )}
      {r?.verify_error && <ErrorText error={r.verify_error} />}
      {run.error && <ErrorText error={run.error} />}
      {s && (
        <p className="muted">
          {s.next_run_at ? t('backups.next', { at: s.next_run_at }) : t('backups.noSchedule')}
          <br />
          {t('backups.settings', { days: s.retention_days, time: s.schedule?.time ?? '—', nas: s.nas_path ?? t('backups.none'), dir: s.backup_dir })}
        </p>
      )}
      {s && (
        <div className="card" data-testid="backup-scope">
          <h3>{t('backups.scopeHeading')}</h3>
          <p>{t('backups.scopeIncluded', { engine: s.engine === 'postgres' ? 'PostgreSQL' : 'SQLite' })}</p>
          <p>{t('backups.scopeExcluded')}</p>
        </div>
      )}
      <h3>{t('backups.list')}</h3>
      {list.error && <ErrorText error={list.error} />}
      {list.data && list.data.length === 0 && <p className="muted">{t('backups.empty')}</p>}
      {list.data && list.data.length > 0 && (
        <div className="table-wrap">
        <table className="grid" data-testid="backup-list">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('backups.started')}</th>
              <th>{t('backups.file')}</th>
              <th>{t('backups.nas')}</th>
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
                <td>{f.dateTime(b.started_at)}</td>
                <td>
                  {b.file_name ? <code>{b.file_name}</code> : '—'}
                  {b.file_path && <div className="muted path">{b.file_path}</div>}
                </td>
                <td data-nas={b.nas ? (b.nas.ok ? 'ok' : 'failed') : 'none'}>
                  {b.nas ? t(`backups.nasStates.${b.nas.ok ? 'ok' : 'failed'}`) : t('backups.nasStates.none')}
                  {b.nas && <div className="muted path">{b.nas.path}</div>}
                  <TechnicalDetail text={b.nas?.error} />
                </td>
                <td className="num" data-col="size">{orDash(b.size_bytes, f.bytes)}</td>
                <td className="num" data-col="duration">{orDash(b.duration_ms, f.duration)}</td>
                <td data-status={b.status}>
                  {t(`backups.statuses.${b.status}`)}
                  <TechnicalDetail text={b.error} />
                </td>
                <td data-verified={b.verified?.status}>
                  {b.verified ? `${t(`backups.verifyStatuses.${b.verified.status}`)} · ${f.dateTime(b.verified.at)}` : '—'}
                  <TechnicalDetail text={b.verified?.detail} />
                </td>
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
        </div>
      )}
      {verify.data && (
        <div className={verify.data.status === 'ok' ? 'success' : 'alert'} data-testid="backup-verify-result" data-status={verify.data.status}>
          <VerifyView v={verify.data} />
        </div>
      )}
      {verify.error && <ErrorText error={verify.error} />}
      {s && <BackupSettingsForm status={s} />}
      <h3>{t('backups.checks')}</h3>
      {checks.data && <CheckList checks={checks.data} testId="backup-checks" />}
      {checks.error && <ErrorText error={checks.error} />}
    </section>
  );
}

/** A restore-test verification: the outcome for people, what did not hold, the figures, the raw text apart. */
function VerifyView({ v }: { v: VerifyResult }) {
  const { t } = useTranslation();
  return (
    <div data-testid="backup-verify" data-status={v.status}>
      {v.status === 'ok' ? t('backups.verifyOk') : t('backups.verifyFailed')} <Msg m={v.message} />{' '}
      <span className="muted">{t('backups.verifyFigures', { tables: v.tables, rows: v.rows, ms: v.duration_ms })}</span>
      {v.problems.length > 0 && (
        <ul>
          {v.problems.map((p, i) => (
            <li key={i}>
              <Msg m={p} />
            </li>
          ))}
        </ul>
      )}
      <TechnicalDetail text={[v.detail, v.technical_detail]} />
    </div>
  );
}
