import { useTranslation } from 'react-i18next';
import type { ConfigFileReport } from '../../../shared/config.js';
import type { HealthReport, HealthSample } from '../../../shared/health.js';
import { useOp } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { ErrorText } from '../components/ErrorText.js';
import { Msg } from '../components/Msg.js';
import { StatusBadge, type BadgeStatus } from '../components/StatusBadge.js';
import { statusWord } from '../status-word.js';
import { TechnicalDetail } from '../components/TechnicalDetail.js';
import { HEALTH_REFRESH_MS, useConsoleState, type ConsoleState } from '../health-state.js';
import { useFormat } from '../i18n/format.js';
import { FirstRunChecklist, useFirstRun } from './FirstRunChecklist.js';

const COMPONENTS = ['database', 'mikro', 'whatsapp', 'backup'] as const;
type ComponentName = (typeof COMPONENTS)[number];
/** The config file each component reads its settings from: a broken one is that component's "Yapılandırma hatası". */
const CONFIG_FILE: Record<ComponentName, ConfigFileReport['name']> = {
  database: 'system_config.json',
  mikro: 'mikro_connection.json',
  whatsapp: 'whatsapp.json',
  backup: 'backup_config.json',
};
const PAGE_OF: Record<ComponentName, 'database' | 'mikro' | 'whatsapp' | 'backups'> = { database: 'database', mikro: 'mikro', whatsapp: 'whatsapp', backup: 'backups' };

export function OverviewPage() {
  const { t } = useTranslation();
  const state = useConsoleState();
  const health = useOp('health.get', {}, { refetchInterval: HEALTH_REFRESH_MS, retry: false });
  // Refetched after every check, so it also shows checks made by other windows and /health callers.
  const history = useOp('health.history', {}, { enabled: !!health.data, refetchInterval: HEALTH_REFRESH_MS });
  const firstRun = useFirstRun(state);
  const r = health.data;
  const shown: BadgeStatus | undefined = r && (r.status === 'healthy' && !firstRun.complete ? 'setup' : r.status);

  return (
    <section aria-labelledby="page-title">
      <header className="page-head">
        <h2 id="page-title">{t('overview.heading')}</h2>
        <button onClick={() => void health.refetch()} disabled={health.isFetching} data-testid="refresh-health">
          {t('overview.refresh')}
        </button>
      </header>
      {health.error && !r && <ErrorText error={health.error} />}
      {!r && !health.error && <StatusBadge status="loading" />}
      {r && shown && (
        <>
          <div className="summary">
            <span>{t('overview.overall')}:</span> <StatusBadge status={shown} testId="overall-status" />
            <span className="muted" data-testid="last-checked">
              {t('overview.lastChecked')}: {t('overview.lastCheckedAt', { at: r.timestamp })} · {t('overview.autoRefresh', { seconds: HEALTH_REFRESH_MS / 1000 })} · v{r.version}
            </span>
          </div>
          {!firstRun.complete && <FirstRunChecklist items={firstRun.items} />}
          <div className="table-wrap">
            <table className="grid components" data-testid="components">
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
                  <ComponentRow key={name} name={name} report={r} state={state} />
                ))}
              </tbody>
            </table>
          </div>
          <HealthStrip samples={history.data ?? []} />
        </>
      )}
    </section>
  );
}

function ComponentRow({ name, report, state }: { name: ComponentName; report: HealthReport; state: ConsoleState }) {
  const { t } = useTranslation();
  const f = useFormat();
  const c = report.components[name];
  const db = name === 'database' ? report.components.database : null;
  const broken = state.brokenFiles.find((x) => x.name === CONFIG_FILE[name]);
  const facts = db
    ? [db.engine === 'postgres' ? 'PostgreSQL' : 'SQLite', db.target, db.migrations ? t('overview.schema', { current: db.migrations.current ?? t('overview.schemaEmpty'), head: db.migrations.head }) : null].filter(Boolean).join(' · ')
    : null;
  const status: BadgeStatus = broken ? 'config_error' : c.status;
  return (
    <tr data-testid={`component-${name}`} data-status={status}>
      <th scope="row">{t(`overview.components.${name}`)}</th>
      <td>
        <StatusBadge status={status} />
      </td>
      <td className="num">{c.latency_ms === null || c.latency_ms === undefined ? '—' : f.duration(c.latency_ms)}</td>
      <td className="detail">
        {facts && <div className="facts-line">{facts}</div>}
        {broken?.problem ? (
          <div className="component-message">
            <Msg m={broken.problem} />
          </div>
        ) : (
          c.message && (
            <div className="component-message">
              <Msg m={c.message} />
            </div>
          )
        )}
        <NextStep name={name} report={report} broken={broken} />
        <TechnicalDetail text={[c.technical_detail, broken?.message]} />
      </td>
    </tr>
  );
}

/** One plain sentence for what to do about a component that is not green, and the button to the place that fixes it. */
function NextStep({ name, report, broken }: { name: ComponentName; report: HealthReport; broken: ConfigFileReport | undefined }) {
  const { t } = useTranslation();
  const upgrade = useOpMutation('migrations.up', ['migrations.status', 'health.get']);
  const c = report.components[name];
  const pending = name === 'database' ? (report.components.database.migrations?.pending ?? 0) : 0;
  if (broken) return <Step text={t('next.config', { file: broken.name })} page="settings" />;
  if (name === 'database' && c.status === 'healthy' && pending > 0) {
    return (
      <div className="next-step" data-testid="next-database">
        <span>{t('next.migrations', { count: pending })}</span>{' '}
        <button type="button" onClick={() => upgrade.mutate({})} disabled={upgrade.isPending} data-testid="overview-upgrade">
          {t('next.upgradeNow')}
        </button>{' '}
        <a className="button-link secondary" href="#/database">
          {t('next.open.database')}
        </a>
        {upgrade.error && <ErrorText error={upgrade.error} />}
      </div>
    );
  }
  if (c.status === 'healthy' || c.status === 'disabled') return null;
  const text = name === 'mikro' && /password|secret/.test(c.message?.key ?? '') ? t('next.mikroPassword') : t(`next.${name}`);
  return <Step text={text} page={text === t('next.mikroPassword') ? 'settings' : PAGE_OF[name]} testId={`next-${name}`} />;
}

function Step({ text, page, testId }: { text: string; page: 'database' | 'mikro' | 'whatsapp' | 'backups' | 'settings'; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="next-step" data-testid={testId}>
      <span>{text}</span>{' '}
      <a className="button-link" href={`#/${page}`}>
        {t(`next.open.${page}`)}
      </a>
    </div>
  );
}

/** The recent checks as coloured ticks, with the time span they cover and a legend in words. */
function HealthStrip({ samples }: { samples: readonly HealthSample[] }) {
  const { t } = useTranslation();
  const last = samples.slice(-30);
  return (
    <>
      <h3>{t('overview.history')}</h3>
      {last.length === 0 ? (
        <p className="muted">{t('overview.historyEmpty')}</p>
      ) : (
        <>
          <ol className="history" data-testid="health-history" aria-label={t('overview.history')}>
            {last.map((s) => {
              const status = statusWord(t, s.status);
              const label =
                s.database_latency_ms === null
                  ? t('overview.historyTick', { at: s.timestamp, status })
                  : t('overview.historyTickLatency', { at: s.timestamp, status, latency: s.database_latency_ms });
              return <li key={s.timestamp} className={`tick tick-${s.status}`} title={label} aria-label={label} />;
            })}
          </ol>
          <p className="muted" data-testid="history-range">
            {t('overview.historyRange', { from: last[0]!.timestamp, to: last.at(-1)!.timestamp, count: last.length })}
          </p>
        </>
      )}
      <p className="legend" data-testid="history-legend">
        <span className="muted">{t('overview.legend')}:</span>
        {(['healthy', 'degraded', 'unhealthy'] as const).map((s) => (
          <span key={s} className="legend-item">
            <span className={`swatch tick-${s}`} aria-hidden="true" /> {statusWord(t, s)}
          </span>
        ))}
      </p>
    </>
  );
}
