import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toCsv } from '../../../shared/csv.js';
import { useOpMutation, useTransport } from '../api.js';
import { CsvDelimiterSelect, useCsvDelimiter } from '../components/CsvDelimiter.js';
import { ErrorText } from '../components/ErrorText.js';
import { saveTextFile } from '../download.js';

/** Read-only query console (R-MIKRO-10): one SELECT through the guard, bounded rows, CSV. */
export function MikroQueryConsole() {
  const { t } = useTranslation();
  const [sql, setSql] = useState('SELECT TOP 10 cari_kod, cari_unvan1 FROM CARI_HESAPLAR');
  const [maxRows, setMaxRows] = useState(200);
  const run = useOpMutation('mikro.query');
  const transport = useTransport();
  const [queryId, setQueryId] = useState('');
  const [delimiter, setDelimiter] = useCsvDelimiter();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const id = newQueryId();
    setQueryId(id);
    run.mutate({ sql, max_rows: maxRows, query_id: id });
  };
  const cancel = () => void transport.call('mikro.cancelQuery', { query_id: queryId }).catch(() => undefined);
  const r = run.data;
  return (
    <>
      <p className="muted">{t('mikro.queryNote')}</p>
      <form className="card" onSubmit={submit} data-testid="mikro-query-form">
        <label>
          {t('mikro.sql')}
          <textarea value={sql} onChange={(e) => setSql(e.target.value)} rows={5} spellCheck={false} data-testid="mikro-sql" />
        </label>
        <label>
          {t('mikro.maxRows')} <input type="number" min={1} max={10000} value={maxRows} onChange={(e) => setMaxRows(Number(e.target.value))} />
        </label>{' '}
        <button type="submit" disabled={run.isPending} data-testid="mikro-run">
          {run.isPending ? t('mikro.running') : t('mikro.run')}
        </button>{' '}
        {run.isPending && (
          <button type="button" onClick={cancel} data-testid="mikro-cancel">
            {t('mikro.cancel')}
          </button>
        )}
      </form>
      {run.error && <ErrorText error={run.error} />}
      {r && (
        <>
          <p>
            {t('mikro.rows', { count: r.row_count, ms: r.duration_ms })} {r.truncated && <span className="notice">{t('mikro.truncated', { max: maxRows })}</span>}{' '}
            <CsvDelimiterSelect value={delimiter} onChange={setDelimiter} testId="mikro-csv-delimiter" />{' '}
            <button onClick={() => saveTextFile('mikro-query.csv', toCsv(r.columns, r.rows, { delimiter }), 'text/csv;charset=utf-8')}>{t('mikro.exportCsv')}</button>
          </p>
          <div className="scroll">
            <table className="grid" data-testid="mikro-rows">
              <thead>
                <tr>
                  {r.columns.map((c) => (
                    <th key={c.name}>{c.name}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((v, j) => (
                      <td key={j}>{v === null ? <span className="muted">NULL</span> : String(v)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

function newQueryId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
