import { useTranslation } from 'react-i18next';
import type { DatabaseComponent, HealthReport, OtherComponent } from '../../../shared/health.js';
import { useOp } from '../api.js';
import { ErrorText } from '../components/ErrorText.js';
import { Msg } from '../components/Msg.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { TechnicalDetail } from '../components/TechnicalDetail.js';
import { useFormat } from '../i18n/format.js';

const REFRESH_SECONDS = 10;
const COMPONENTS = ['database', 'mikro', 'whatsapp', 'backup'] as const;

export function OverviewPage() {
  const { t } = useTranslation();
  const health = useOp('health.get', {}, { refetchInterval: REFRESH_SECONDS * 1000 });
  // Refetched after every check, so it also shows checks made by other windows and /health callers.
  const history = useOp('health.history', {}, { enabled: !!health.data, refetchInterval: REFRESH_SECONDS * 1000 });
  const r = health.data;

  return (
    <section>
      <header className="page-head">
        <h2>{t('overview.heading')}</h2>
        <button onClick={() => void health.refetch()} disabled={health.isFetching} data-testid="refresh-health">
          {t('overview.refresh')}
        </button>
      </header>
      {health.error && <ErrorText error={health.error} />}
      {!r && !health.error && <StatusBadge status="loading" />}
      {r && (
        <>
          <div className="summary">
            <span>{t('overview.overall')}:</span> <StatusBadge status={r.status} testId="overall-status" />
            <span className="muted" data-testid="last-checked">
              {t('overview.lastChecked')}: {t('overview.lastCheckedAt', { at: r.timestamp })} · {t('overview.autoRefresh', { seconds: REFRESH_SECONDS })} · v{r.version}
            </span>
          </div>
          {r.database === 'unhealthy' && <p className="alert">{t('overview.dbDown')}</p>}
          {r.components.database.migrations && r.components.database.migrations.pending > 0 && (
            <p className="notice">{t('overview.pendingMigrations', { count: r.components.database.migrations.pending })}</p>
          )}
          <table className="grid" data-testid="components">
            <thead>
              <tr>
                <th>{t('overview.component')}</th>
                <th>{t('overview.state')}</th>
                <th>{t('overview.latency')}</th>
                <th>{t('overview.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {COMPONENTS.map((name) => (
                <ComponentRow key={name} name={name} report={r} />
              ))}
            </tbody>
          </table>
          <h3>{t('overview.history')}</h3>
          <ol className="history" data-testid="health-history">
            {(history.data ?? []).slice(-30).map((s) => {
              const status = t(`status.${s.status}`);
              return (
                <li
                  key={s.timestamp}
                  className={`tick tick-${s.status}`}
                  title={
                    s.database_latency_ms === null
                      ? t('overview.historyTick', { at: s.timestamp, status })
                      : t('overview.historyTickLatency', { at: s.timestamp, status, latency: s.database_latency_ms })
                  }
                />
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}

function ComponentRow({ name, report }: { name: (typeof COMPONENTS)[number]; report: HealthReport }) {
  const { t } = useTranslation();
  const f = useFormat();
  const c: DatabaseComponent | OtherComponent = report.components[name];
  const db = name === 'database' ? report.components.database : null;
  const facts = db
    ? [db.engine === 'postgres' ? 'PostgreSQL' : 'SQLite', db.target, db.migrations ? t('overview.schema', { current: db.migrations.current ?? t('overview.schemaEmpty'), head: db.migrations.head }) : null].filter(Boolean).join(' · ')
    : null;
  return (
    <tr data-testid={`component-${name}`} data-status={c.status}>
      <td>{t(`overview.components.${name}`)}</td>
      <td>
        <StatusBadge status={c.status} />
      </td>
      <td>{c.latency_ms === null || c.latency_ms === undefined ? '—' : f.duration(c.latency_ms)}</td>
      <td className="detail">
        {facts && <div>{facts}</div>}
        {c.message && (
          <div className="component-message">
            <Msg m={c.message} />
          </div>
        )}
        <TechnicalDetail text={c.technical_detail} />
      </td>
    </tr>
  );
}
