import type { MikroStatementLogEntry } from '../../../shared/mikro.js';
import { useOp } from '../api.js';
import { useFormat } from '../i18n/format.js';
import { useMsg } from '../i18n/messages.js';
import { ErrorText } from './ErrorText.js';
import { TechnicalDetail } from './TechnicalDetail.js';

/**
 * The statements the console sent to Mikro (issue 12 §5): time, statement, rows, duration, who,
 * outcome; newest first. Every one ran with READ UNCOMMITTED and the lock timeout the note names.
 * Texts come from the mikro message catalogue (`mikro.statement_log.*`).
 */
export function MikroStatementLog() {
  const m = useMsg();
  const f = useFormat();
  const log = useOp('mikro.statementLog', { limit: 100 });
  const v = log.data;
  return (
    <section className="card" data-testid="mikro-statement-log">
      <header className="page-head">
        <h3>{m({ key: 'mikro.statement_log.title' })}</h3>
        <button type="button" onClick={() => void log.refetch()} disabled={log.isFetching} data-testid="mikro-statement-log-refresh">
          {m({ key: 'mikro.statement_log.refresh' })}
        </button>
      </header>
      {log.error && <ErrorText error={log.error} />}
      {v && (
        <p className="muted">{m({ key: 'mikro.statement_log.note', params: { timeout: v.lock_timeout_ms, capacity: v.capacity, total: v.total } })}</p>
      )}
      {v && v.entries.length === 0 && <p className="muted">{m({ key: 'mikro.statement_log.empty' })}</p>}
      {v && v.entries.length > 0 && (
        <div className="scroll">
          <table className="grid" data-testid="mikro-statement-log-rows">
            <thead>
              <tr>
                <th>{m({ key: 'mikro.statement_log.at' })}</th>
                <th>{m({ key: 'mikro.statement_log.statement' })}</th>
                <th>{m({ key: 'mikro.statement_log.rows' })}</th>
                <th>{m({ key: 'mikro.statement_log.duration' })}</th>
                <th>{m({ key: 'mikro.statement_log.actor' })}</th>
                <th>{m({ key: 'mikro.statement_log.outcome' })}</th>
              </tr>
            </thead>
            <tbody>
              {v.entries.map((e: MikroStatementLogEntry) => (
                <tr key={e.id} data-outcome={e.outcome}>
                  <td>{f.dateTime(e.at)}</td>
                  <td>
                    <code>{e.statement}</code>
                    {e.repeats && e.last_at && <span className="muted"> · {m({ key: 'mikro.statement_log.repeats', params: { count: e.repeats, at: e.last_at } })}</span>}
                  </td>
                  <td>{f.number(e.rows)}</td>
                  <td>{f.duration(e.duration_ms)}</td>
                  <td>{e.actor}</td>
                  <td>
                    {m({ key: `mikro.statement_log.outcomes.${e.outcome}` })}
                    {e.code && <TechnicalDetail text={e.code} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
