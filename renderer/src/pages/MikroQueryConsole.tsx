import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toCsv } from '../../../shared/csv.js';
import { useTransport } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { CsvDelimiterSelect, useCsvDelimiter } from '../components/CsvDelimiter.js';
import { ErrorText } from '../components/ErrorText.js';
import { saveTextFile } from '../download.js';

/** Read-only query console (R-MIKRO-10): one SELECT through the guard, bounded rows, CSV. */
export function MikroQueryConsole() {
  const { t } = useTranslation();
  const [sql, setSql] = useState('SELECT TOP 10 cari_kod, cari_unvan1 FROM CARI_HESAPLAR');
  const [maxRows, setMaxRows] = useState(200);
  const run = useOpMutation('mikro.query', ['mikro.statementLog']);
  const transport = useTransport();
  const [queryId, setQueryId] = useState('');
  const [delimiter, setDelimiter] = useCsvDelimiter();
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const start = () => {
    if (run.isPending) return;
    const id = newQueryId();
    setQueryId(id);
    setCopied(null);
    run.mutate({ sql, max_rows: maxRows, query_id: id });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start();
  };
  // Ctrl+Enter and F5 run, as in SSMS / Azure Data Studio.
  const onKey = (e: KeyboardEvent) => {
    if ((e.key === 'Enter' && (e.ctrlKey || e.metaKey)) || e.key === 'F5') {
      e.preventDefault();
      start();
    }
  };
  const copy = async () => {
    if (!r) return;
    try {
      await navigator.clipboard.writeText(toCsv(r.columns, r.rows, { delimiter: '\t', bom: false, escapeFormulas: false }));
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };
  const cancel = () => void transport.call('mikro.cancelQuery', { query_id: queryId }).catch(() => undefined);
  const r = run.data;
  return (
    <>
      <p className="muted">{t('mikro.queryNote')}</p>
      <form className="card" onSubmit={submit} onKeyDown={onKey} data-testid="mikro-query-form">
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
        <span className="muted">{t('mikro.runHint')}</span>{' '}
        {run.isPending && (
          <button type="button" onClick={cancel} data-testid="mikro-cancel">
            {t('mikro.cancel')}
          </button>
        )}
      </form>
      {run.error && <ErrorText error={run.error} />}
      {r && (
        <>
          <p className="toolbar">
            <span data-testid="mikro-row-count">{t('mikro.rows', { count: r.row_count, ms: r.duration_ms })}</span> {r.truncated && <span className="notice">{t('mikro.truncated', { max: maxRows })}</span>}{' '}
            <CsvDelimiterSelect value={delimiter} onChange={setDelimiter} testId="mikro-csv-delimiter" />{' '}
            <button onClick={() => saveTextFile('mikro-query.csv', toCsv(r.columns, r.rows, { delimiter }), 'text/csv;charset=utf-8')}>{t('mikro.exportCsv')}</button>{' '}
            <button className="secondary" onClick={() => void copy()} data-testid="mikro-copy">
              {t('mikro.copy')}
            </button>
            {copied === 'ok' && <span className="success">{t('mikro.copied', { count: r.rows.length })}</span>}
            {copied === 'failed' && <span className="error">{t('mikro.copyFailed')}</span>}
          </p>
          <div className="scroll" tabIndex={0} aria-label={t('mikro.tabQuery')}>
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
