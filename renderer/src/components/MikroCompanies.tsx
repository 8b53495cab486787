import { useState } from 'react';
import type { MikroForm } from '../../../shared/mikro.js';
import { useOpMutation } from '../api-mutation.js';
import { useMsg } from '../i18n/messages.js';
import { ErrorText } from './ErrorText.js';
import { Msg } from './Msg.js';
import { TechnicalDetail } from './TechnicalDetail.js';

/**
 * "Firmaları bul" on the SQL Board (issue 16 §1): `mikro.companies` on the form as typed (a blank
 * password uses the stored one), the companies of the master database in a table; "Seç" puts the
 * company database into the form's Database field (saved with the form, like any other edit).
 */
export function MikroCompanies({ form, onPick }: { form: MikroForm; onPick: (database: string) => void }) {
  const m = useMsg();
  const find = useOpMutation('mikro.companies', ['mikro.statementLog']);
  const [picked, setPicked] = useState<string | null>(null);
  const r = find.data;
  const run = () => {
    setPicked(null);
    find.mutate(form);
  };
  const pick = (database: string) => {
    setPicked(database);
    onPick(database);
  };
  const tried = r?.attempts.some((a) => a.outcome !== 'read') ? r.attempts : [];
  return (
    <section className="card" data-testid="mikro-companies" aria-live="polite">
      <header className="page-head">
        <h3>{m({ key: 'mikro.companies.ui.find' })}</h3>
        <button type="button" onClick={run} disabled={find.isPending || !form.host?.trim()} data-testid="mikro-companies-find">
          {find.isPending ? m({ key: 'mikro.companies.ui.finding' }) : m({ key: 'mikro.companies.ui.find' })}
        </button>
      </header>
      <p className="muted">{m({ key: 'mikro.companies.ui.intro' })}</p>
      {find.isPending && <progress aria-label={m({ key: 'mikro.companies.ui.finding' })} />}
      {find.error && <ErrorText error={find.error} />}
      {r && !find.isPending && (
        <>
          <p data-testid="mikro-companies-message">
            <Msg m={r.message} />
          </p>
          {r.companies.length > 0 && (
            <table data-testid="mikro-companies-list">
              <thead>
                <tr>
                  <th>{m({ key: 'mikro.companies.ui.code' })}</th>
                  <th>{m({ key: 'mikro.companies.ui.name' })}</th>
                  <th>{m({ key: 'mikro.companies.ui.database' })}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {r.companies.map((c) => (
                  <tr key={c.database} data-testid={`mikro-company-${c.code}`}>
                    <td>{c.code}</td>
                    <td>{c.name ?? <span className="muted">{m({ key: 'mikro.companies.ui.unnamed' })}</span>}</td>
                    <td>
                      {c.database}
                      {c.exists === false && <span className="muted"> ({m({ key: 'mikro.companies.ui.missing' })})</span>}
                    </td>
                    <td>
                      <button type="button" className="secondary" onClick={() => pick(c.database)} disabled={c.exists === false || form.database === c.database} data-testid={`mikro-company-pick-${c.code}`}>
                        {m({ key: 'mikro.companies.ui.pick' })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {tried.length > 0 && (
            <p className="muted" data-testid="mikro-companies-attempts">
              {m({
                key: 'mikro.companies.ui.attempts',
                params: { list: tried.map((a) => m({ key: 'mikro.companies.ui.attempt', params: { database: a.database, outcome: m({ key: `mikro.companies.outcome.${a.outcome}` }) } })).join(' · ') },
              })}
            </p>
          )}
          {tried.filter((a) => a.technical_detail).map((a) => (
            <TechnicalDetail key={a.database} text={`${a.database}: ${a.technical_detail}`} />
          ))}
          {picked && (
            <p className="success" data-testid="mikro-companies-picked">
              {m({ key: 'mikro.companies.ui.picked', params: { database: picked } })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
