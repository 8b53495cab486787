import { useTranslation } from 'react-i18next';
import { useOp } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { ErrorText } from '../components/ErrorText.js';
import { useFormat } from '../i18n/format.js';

export function DatabasePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const info = useOp('app.info');
  const status = useOp('migrations.status');
  const upgrade = useOpMutation('migrations.up', ['migrations.status', 'health.get']);
  const s = status.data;

  return (
    <section>
      <h2>{t('database.heading')}</h2>
      {status.error && <ErrorText error={status.error} />}
      {info.data && (
        <dl className="facts">
          <dt>{t('database.engine')}</dt>
          <dd data-testid="db-engine">{info.data.engine === 'postgres' ? 'PostgreSQL' : 'SQLite'}</dd>
          <dt>{t('database.target')}</dt>
          <dd>{info.data.database_target}</dd>
        </dl>
      )}
      {info.data?.engine === 'sqlite' && <p className="muted">{t('database.sqliteNote')}</p>}
      {s && (
        <>
          <dl className="facts">
            <dt>{t('database.current')}</dt>
            <dd data-testid="schema-current">{s.current ?? '—'}</dd>
            <dt>{t('database.head')}</dt>
            <dd>{s.head}</dd>
          </dl>
          <p data-testid="schema-state" data-at-head={String(s.at_head)}>
            {s.at_head ? t('database.atHead') : t('database.behind', { count: s.pending.length })}
          </p>
          <button onClick={() => upgrade.mutate({})} disabled={upgrade.isPending || s.at_head} data-testid="upgrade">
            {upgrade.isPending ? t('database.upgrading') : t('database.upgrade')}
          </button>
          {upgrade.isPending && <progress aria-label={t('database.upgrading')} />}
          {upgrade.data && (
            <p className="success" data-testid="upgrade-result">
              {upgrade.data.applied.length > 0
                ? t('database.upgraded', { count: upgrade.data.applied.length, ms: upgrade.data.duration_ms })
                : t('database.nothingToDo')}
            </p>
          )}
          {upgrade.error && <ErrorText error={upgrade.error} />}
          <h3>{t('database.applied')}</h3>
          {s.applied.length === 0 ? (
            <p className="muted">{t('database.none')}</p>
          ) : (
            <table className="grid" data-testid="applied">
              <thead>
                <tr>
                  <th>{t('database.version')}</th>
                  <th>{t('database.name')}</th>
                  <th>{t('database.appliedAt')}</th>
                  <th>{t('database.duration')}</th>
                </tr>
              </thead>
              <tbody>
                {s.applied.map((a) => (
                  <tr key={a.version}>
                    <td>{a.version}</td>
                    <td>{a.name}</td>
                    <td>{f.dateTime(a.applied_at)}</td>
                    <td>{f.duration(a.duration_ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('database.pending')}</h3>
          {s.pending.length === 0 ? (
            <p className="muted">{t('database.none')}</p>
          ) : (
            <ul data-testid="pending">
              {s.pending.map((p) => (
                <li key={p.version}>
                  {p.version} {p.name}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
