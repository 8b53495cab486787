import { useTranslation } from 'react-i18next';
import { CHECK_CATEGORIES, type CheckStatus } from '../../../shared/checks.js';
import type { FleetConsole, FleetState, FleetView } from '../../../shared/fleet.js';
import type { OverallHealth } from '../../../shared/health.js';
import { MESSAGE_NS } from '../../../shared/i18n/translator.js';
import { useEvents, useOp } from '../api.js';
import { ErrorText } from '../components/ErrorText.js';
import { Msg } from '../components/Msg.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { useFormat } from '../i18n/format.js';

const TONE: Record<FleetState, string> = { ok: 'ok', warn: 'warn', fail: 'bad', silent: 'warn', unknown: 'muted' };
const HEALTH = new Set<string>(['healthy', 'degraded', 'unhealthy'] satisfies OverallHealth[]);
const DIAGNOSTICS = new Set<string>(['PASS', 'WARN', 'FAIL'] satisfies CheckStatus[]);
/** Other consoles' rows change without an event here: the list is read again this often (more often than the pages' fallback). */
const REFRESH_MS = 15_000;

/** "Konsollar" (issue 18): every console on the shared PostgreSQL; with SQLite, why there is none. */
export function FleetPage() {
  const { t } = useTranslation();
  const fleet = useOp('fleet.list', {}, { refetchInterval: REFRESH_MS });
  // A diagnostics run here has written this console's row by the time its job finishes.
  useEvents((e) => {
    if (e.name === 'job.finished' && e.data.op === 'diagnostics.run') void fleet.refetch();
  });
  const v = fleet.data;
  return (
    <section>
      <header className="page-head">
        <h2>{t('fleetPage.heading')}</h2>
        <span>
          <button className="secondary" onClick={() => void fleet.refetch()} disabled={fleet.isFetching} data-testid="fleet-refresh">
            {t('fleetPage.refresh')}
          </button>
        </span>
      </header>
      {fleet.error && <ErrorText error={fleet.error} />}
      {v && !v.available && <Unavailable v={v} />}
      {v?.available && <Consoles v={v} />}
    </section>
  );
}

function Unavailable({ v }: { v: FleetView }) {
  const { t } = useTranslation();
  const sqlite = v.engine === 'sqlite';
  return (
    <div className="notice" data-testid="fleet-unavailable" data-engine={v.engine}>
      <strong className="banner-title">{sqlite ? t('fleetPage.sqliteHeading') : <Msg m={v.reason} />}</strong>
      {sqlite && (
        <>
          <p>{t('fleetPage.sqliteBody')}</p>
          <p>{t('fleetPage.stepsHeading')}</p>
          <ol>
            <li>{t('fleetPage.stepUrl')}</li>
            <li>{t('fleetPage.stepName')}</li>
            <li>{t('fleetPage.stepRestart')}</li>
          </ol>
        </>
      )}
      {!sqlite && v.reason?.key === 'fleet.not_migrated' && <p>{t('fleet.not_migrated_next', { ns: MESSAGE_NS })}</p>}
      <p>
        {t('fleetPage.selfName')} 
        <code>{v.self_name}</code>
      </p>
    </div>
  );
}

function Consoles({ v }: { v: FleetView }) {
  const { t } = useTranslation();
  const silent = v.consoles.filter((c) => c.state === 'silent').length;
  return (
    <>
      <p>{t('fleetPage.intro', { silent: v.silent_after_seconds * 1000 })}</p>
      <p className="counts" data-testid="fleet-count">
        {t('fleetPage.count', { count: v.consoles.length, silent })}
      </p>
      {v.consoles.length === 0 ? (
        <p className="muted">{t('fleetPage.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="grid fleet" data-testid="fleet-list">
            <thead>
              <tr>
                <th>{t('fleetPage.name')}</th>
                <th>{t('fleetPage.state')}</th>
                <th>{t('fleetPage.lastSeen')}</th>
                <th>{t('fleetPage.health')}</th>
                <th>{t('fleetPage.diagnostics')}</th>
                <th>{t('fleetPage.user')}</th>
                <th>{t('fleetPage.version')}</th>
              </tr>
            </thead>
            <tbody>
              {v.consoles.map((c) => (
                <ConsoleRow key={c.name} c={c} now={v.now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function ConsoleRow({ c, now }: { c: FleetConsole; now: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const title = useCheckTitle();
  const unseenMs = Math.max(0, Date.parse(now) - Date.parse(c.last_seen));
  return (
    <tr className={c.self ? 'self-row' : undefined} data-testid={`fleet-${c.name}`} data-state={c.state} data-self={c.self ? 'true' : undefined} aria-current={c.self ? 'true' : undefined}>
      <th scope="row">
        {c.name}
        {c.self && <div className="muted">{t('fleetPage.self')}</div>}
      </th>
      <td>
        <span className={`badge badge-${TONE[c.state]}`} data-status={c.state}>
          {t(`fleetPage.states.${c.state}`)}
        </span>
        {c.state === 'silent' && (
          <div className="muted" data-testid="fleet-silent-for">
            {t('fleetPage.silentFor', { ms: unseenMs })}
          </div>
        )}
      </td>
      <td>
        {f.dateTime(c.last_seen)}
        <div className="muted">{f.relative(c.last_seen, new Date(now))}</div>
      </td>
      <td>{c.health_status && HEALTH.has(c.health_status) ? <StatusBadge status={c.health_status as OverallHealth} /> : <span className="muted">{t('fleetPage.never')}</span>}</td>
      <td data-testid="fleet-diagnostics">
        {c.diagnostics_status && DIAGNOSTICS.has(c.diagnostics_status) ? <StatusBadge status={c.diagnostics_status as CheckStatus} /> : <span className="muted">{t('fleetPage.never')}</span>}
        {c.diagnostics_at && <div className="muted">{f.dateTime(c.diagnostics_at)}</div>}
        {c.failing_checks.length > 0 && <div data-testid="fleet-failing">{t('fleetPage.failing', { checks: c.failing_checks.map(title) })}</div>}
      </td>
      <td>{c.user}</td>
      <td>{c.version}</td>
    </tr>
  );
}

/** A failing check's name in words: its title from the category catalogue that has it, else the name itself. */
function useCheckTitle(): (name: string) => string {
  const { t, i18n } = useTranslation();
  return (name) => {
    for (const category of CHECK_CATEGORIES) {
      const key = `${category}.checks.${name}.title`;
      if (i18n.exists(key, { ns: MESSAGE_NS })) return t(key, { ns: MESSAGE_NS });
    }
    return name;
  };
}
