import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilter } from '../../../shared/audit.js';
import { useOp, useTransport } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { AuditProof } from '../components/AuditProof.js';
import { CsvDelimiterSelect, useCsvDelimiter } from '../components/CsvDelimiter.js';
import { ErrorText } from '../components/ErrorText.js';
import { MsgOrTechnical } from '../components/Msg.js';
import { TechnicalDetail } from '../components/TechnicalDetail.js';
import { saveTextFile } from '../download.js';
import { useFormat } from '../i18n/format.js';

const PAGE = 50;

/** Rows written by checks probing the system (diagnostics, health), not by a person's action. */
export function isProbeRow(r: { actor: string; target: string }): boolean {
  return /\((diagnostics|health|probe)\)$/.test(r.actor) || /^(health|probe)$/.test(r.actor) || /(^|[^a-z])probe([^a-z]|$)/i.test(r.target);
}

export function AuditPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const transport = useTransport();
  const [delimiter, setDelimiter] = useCsvDelimiter();
  const [draft, setDraft] = useState<AuditFilter>({});
  const [filter, setFilter] = useState<AuditFilter>({});
  const [offset, setOffset] = useState(0);
  const page = useOp('audit.list', { ...filter, limit: PAGE, offset });
  const verify = useOpMutation('audit.verify');
  const [exported, setExported] = useState<number | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const [showProbes, setShowProbes] = useState(false);
  const { i18n } = useTranslation();
  const actionWord = (code: string) => (i18n.exists(`audit.actions.${code}`) ? t(`audit.actions.${code}`) : code);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setFilter(clean(draft));
  };
  const doExport = async () => {
    setExportError(null);
    try {
      const r = await transport.call('audit.export', { ...filter, delimiter });
      saveTextFile(r.filename, r.csv, 'text/csv;charset=utf-8');
      setExported(r.rows);
    } catch (err) {
      setExportError(err);
    }
  };
  const p = page.data;

  return (
    <section>
      <header className="page-head">
        <h2>{t('audit.heading')}</h2>
        <span>
          <button onClick={() => verify.mutate({})} disabled={verify.isPending} data-testid="audit-verify">
            {t('audit.verify')}
          </button>{' '}
          <CsvDelimiterSelect value={delimiter} onChange={setDelimiter} testId="audit-delimiter" />{' '}
          <button onClick={() => void doExport()} data-testid="audit-export">
            {t('audit.export')}
          </button>
        </span>
      </header>
      {verify.data && (
        <div className={verify.data.ok ? 'success' : 'alert'} data-testid="audit-verify-result">
          {verify.data.ok ? t('audit.verifyOk', { checked: verify.data.checked }) : t('audit.verifyBroken', { id: verify.data.first_broken?.id })}
          {!verify.data.ok && <MsgOrTechnical m={verify.data.first_broken?.reason} />}
          {!verify.data.ok && <TechnicalDetail text={verify.data.first_broken?.technical_detail} />}
        </div>
      )}
      <AuditProof notes={verify.data?.notes} />
      {exported !== null && <p className="success">{t('audit.exported', { rows: exported })}</p>}
      {exportError !== null && <ErrorText error={exportError} />}
      <form className="filters" onSubmit={apply} data-testid="audit-filters">
        <label>
          {t('audit.action')}{' '}
          <select value={draft.action ?? ''} onChange={(e) => setDraft({ ...draft, action: e.target.value || undefined })} data-testid="audit-action">
            <option value="">{t('audit.all')}</option>
            {p?.actions.map((a) => (
              <option key={a} value={a}>
                {actionWord(a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.result')}{' '}
          <select value={draft.result ?? ''} onChange={(e) => setDraft({ ...draft, result: (e.target.value || undefined) as AuditFilter['result'] })}>
            <option value="">{t('audit.all')}</option>
            {(['success', 'failure', 'blocked', 'info'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`audit.results.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.from')} <input type="datetime-local" onChange={(e) => setDraft({ ...draft, from: toIso(e.target.value) })} />
        </label>
        <label>
          {t('audit.to')} <input type="datetime-local" onChange={(e) => setDraft({ ...draft, to: toIso(e.target.value) })} />
        </label>
        <label>
          {t('audit.search')} <input value={draft.q ?? ''} onChange={(e) => setDraft({ ...draft, q: e.target.value || undefined })} />
        </label>
        <button type="submit">{t('audit.apply')}</button>
      </form>
      {page.error && <ErrorText error={page.error} />}
      <label className="inline">
        <input type="checkbox" checked={showProbes} onChange={(e) => setShowProbes(e.target.checked)} data-testid="audit-show-probes" /> {t('audit.showProbes')}
      </label>
      {p && !showProbes && p.rows.some(isProbeRow) && (
        <p className="muted" data-testid="audit-probes-hidden">
          {t('audit.probesHidden', { count: p.rows.filter(isProbeRow).length })}
        </p>
      )}
      {p && p.rows.length === 0 && <p className="muted">{t('audit.empty')}</p>}
      {p && p.rows.length > 0 && (
        <>
          <div className="table-wrap">
          <table className="grid audit" data-testid="audit-rows">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('audit.time')}</th>
                <th>{t('audit.actor')}</th>
                <th>{t('audit.action')}</th>
                <th>{t('audit.result')}</th>
                <th>{t('audit.target')}</th>
                <th>{t('audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.filter((r) => showProbes || !isProbeRow(r)).map((r) => (
                <tr key={r.id} data-action={r.action}>
                  <td className="num">{r.id}</td>
                  <td className="num">{f.dateTime(r.ts)}</td>
                  <td>{r.actor}</td>
                  <td>
                    {actionWord(r.action)}
                    <div className="muted check-meta">
                      <code>{r.action}</code>
                    </div>
                  </td>
                  <td>{t(`audit.results.${r.result}`, { defaultValue: r.result })}</td>
                  <td className="detail path">{r.target}</td>
                  <td className="detail">{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          <p className="pager">
            <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              {t('audit.prev')}
            </button>{' '}
            {t('audit.total', { from: offset + 1, to: offset + p.rows.length, total: p.total })}{' '}
            <button disabled={offset + PAGE >= p.total} onClick={() => setOffset(offset + PAGE)}>
              {t('audit.next')}
            </button>
          </p>
        </>
      )}
    </section>
  );
}

function clean(f: AuditFilter): AuditFilter {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v !== '')) as AuditFilter;
}

/** `<input type=datetime-local>` gives local time without a zone; the API wants ISO with one. */
function toIso(local: string): string | undefined {
  return local ? new Date(local).toISOString() : undefined;
}
