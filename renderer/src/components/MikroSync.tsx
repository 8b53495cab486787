import { useState } from 'react';
import type { MikroSyncProgress, MikroSyncTableState } from '../../../shared/mikro-sync.js';
import { useEvents, useOp } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { useFormat } from '../i18n/format.js';
import { useMsg } from '../i18n/messages.js';
import { ErrorText } from './ErrorText.js';
import { Msg } from './Msg.js';
import { TechnicalDetail } from './TechnicalDetail.js';

const SYNC_BADGE: Record<MikroSyncTableState['status'], string> = { DONE: 'badge-ok', FAILED: 'badge-bad', RUNNING: 'badge-muted', NEVER: 'badge-muted' };

function isSyncProgress(p: unknown): p is MikroSyncProgress {
  return typeof p === 'object' && p !== null && typeof (p as MikroSyncProgress).rows_read === 'number' && typeof (p as MikroSyncProgress).table === 'string';
}

/**
 * "Şimdi eşitle" on the SQL Board (issue 16 §3): starts `mikro.sync` (a job: pressing it while the
 * schedule's sync runs attaches to that one), shows each committed page live from the job's
 * `job.progress`, then the result; below it the last sync of each table (`mikro.syncStatus`).
 * Every text from the mikro.sync catalogue.
 */
export function MikroSync() {
  const m = useMsg();
  const f = useFormat();
  const status = useOp('mikro.syncStatus');
  const sync = useOpMutation('mikro.sync', ['mikro.syncStatus', 'mikro.statementLog']);
  const [full, setFull] = useState(false);
  const [live, setLive] = useState<MikroSyncProgress | null>(null);
  useEvents((e) => {
    if (e.name === 'job.progress' && e.data.op === 'mikro.sync' && isSyncProgress(e.data.progress)) setLive(e.data.progress);
  });
  const start = () => {
    setLive(null);
    sync.mutate({ full });
  };
  const r = sync.data;
  const when = (at: string | null) => (at ? f.dateTime(at) : m({ key: 'mikro.sync.ui.never' }));
  return (
    <section className="card" data-testid="mikro-sync" aria-live="polite">
      <header className="page-head">
        <h3>{m({ key: 'mikro.sync.ui.heading' })}</h3>
        <div className="button-row">
          <label className="check">
            <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} data-testid="mikro-sync-full" /> {m({ key: 'mikro.sync.ui.full' })}
          </label>
          <button type="button" onClick={start} disabled={sync.isPending} data-testid="mikro-sync-run">
            {m({ key: 'mikro.sync.ui.run' })}
          </button>
        </div>
      </header>
      {sync.isPending && (
        <p data-testid="mikro-sync-progress">
          <progress aria-label={m({ key: 'mikro.sync.ui.run' })} />{' '}
          {live && m({ key: 'mikro.sync.ui.running', params: { table: m({ key: `mikro.sync.tables.${live.table}` }), rows: live.rows_read, page: live.page } })}
        </p>
      )}
      {sync.error && <ErrorText error={sync.error} />}
      {r && !sync.isPending && (
        <div className={r.status === 'DONE' ? 'result ok' : 'alert'} data-testid="mikro-sync-result" data-status={r.status}>
          <strong>
            <Msg m={r.message} />
          </strong>
          {r.tables.map((t) => t.error?.technical_detail && <TechnicalDetail key={t.table} text={[t.error.code, t.error.technical_detail]} />)}
        </div>
      )}
      {status.error && <ErrorText error={status.error} />}
      {status.data && (
        <table className="grid" data-testid="mikro-sync-status">
          <caption className="muted">{m({ key: 'mikro.sync.ui.last' })}</caption>
          <thead>
            <tr>
              <th>{m({ key: 'mikro.sync.ui.column_table' })}</th>
              <th>{m({ key: 'mikro.sync.ui.column_status' })}</th>
              <th>{m({ key: 'mikro.sync.ui.column_at' })}</th>
              <th>{m({ key: 'mikro.sync.ui.column_rows' })}</th>
            </tr>
          </thead>
          <tbody>
            {status.data.map((s: MikroSyncTableState) => (
              <tr key={s.table} data-table={s.table} data-status={s.status}>
                <td>{m({ key: `mikro.sync.tables.${s.table}` })}</td>
                <td>
                  <span className={`badge ${SYNC_BADGE[s.status]}`}>{m({ key: `mikro.sync.status.${s.status}` })}</span>
                  {s.status === 'FAILED' && s.last_error_message && (
                    <div data-testid={`mikro-sync-error-${s.table}`}>
                      <Msg m={s.last_error_message} />
                    </div>
                  )}
                  {s.last_error && <TechnicalDetail text={s.last_error} />}
                </td>
                <td>{when(s.last_finished_at)}</td>
                <td>{f.number(s.rows)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
