import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHECK_CATEGORIES, type CheckStatus } from '../../../shared/checks.js';
import type { DiagnosticsReport } from '../../../shared/diagnostics.js';
import { FALLBACK_REFETCH_MS, useOp, useTransport } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { CheckRow } from '../components/CheckList.js';
import { ErrorText } from '../components/ErrorText.js';
import { StatusBadge } from '../components/StatusBadge.js';
import { SupportBundle } from '../components/SupportBundle.js';
import { TechnicalDetail } from '../components/TechnicalDetail.js';
import { saveTextFile } from '../download.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { useMsg } from '../i18n/messages.js';

/** Printing shows every check's steps: the <details> are opened for the print and closed after. */
function useExpandDetailsForPrint(): void {
  useEffect(() => {
    let opened: HTMLDetailsElement[] = [];
    const before = () => {
      opened = [...document.querySelectorAll('details:not([open])')] as HTMLDetailsElement[];
      opened.forEach((d) => (d.open = true));
    };
    const after = () => opened.forEach((d) => (d.open = false));
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
}

/** The time now, ticking each second while `active`. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

/** Whole seconds since `since` (ISO), never below 0 nor above `cap`. */
function since(now: number, iso: string, cap = Infinity): number {
  return Math.min(cap, Math.max(0, Math.floor((now - Date.parse(iso)) / 1000) * 1000));
}

/** Diagnostics (R-DIAG): run with live results, grouped checks with what to do, history, diff, export. */
export function DiagnosticsPage() {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const m = useMsg();
  const transport = useTransport();
  const run = useOpMutation('diagnostics.run', ['diagnostics.list']);
  // Refreshed by job events as each check finishes (a run from another window too); the slow refetch is a fallback.
  const progress = useOp('diagnostics.progress', {}, { refetchInterval: FALLBACK_REFETCH_MS });
  const history = useOp('diagnostics.list', { limit: 20 });
  const [chosenId, setShownId] = useState<number | null>(null);
  // Opens on the latest run: the one just started here, else the one chosen, else the newest stored.
  const shownId = chosenId ?? (run.data ? null : (history.data?.[0]?.id ?? null));
  const shown = useOp('diagnostics.get', { id: shownId ?? 0 }, { enabled: shownId !== null });
  const report: DiagnosticsReport | undefined = shownId !== null ? shown.data?.report : run.data;
  useExpandDetailsForPrint();
  const now = useNow(!!progress.data?.running);
  const elapsed = progress.data?.running && progress.data.started_at ? since(now, progress.data.started_at) : null;
  const runId = report?.run_id ?? shownId ?? undefined;
  const diff = useOp('diagnostics.diff', { id: runId ?? 0 }, { enabled: runId !== undefined });
  const [exportError, setExportError] = useState<unknown>(null);

  const doExport = async (format: 'json' | 'html') => {
    setExportError(null);
    try {
      const r = await transport.call('diagnostics.export', { format, lang: currentLanguage(i18n.language), ...(runId ? { id: runId } : {}) });
      saveTextFile(r.filename, r.content, `${r.mime};charset=utf-8`);
    } catch (err) {
      setExportError(err);
    }
  };
  const exportPdf = async () => {
    setExportError(null);
    try {
      await transport.call('diagnostics.exportPdf', { lang: currentLanguage(i18n.language), ...(runId ? { id: runId } : {}) });
    } catch (err) {
      setExportError(err);
    }
  };
  const live = run.isPending || progress.data?.running ? (progress.data?.checks ?? []) : [];
  const running = progress.data?.running ? (progress.data.running_checks ?? []) : [];
  const titleOf = (name: string) => {
    const c = report?.checks.find((x) => x.name === name);
    return c ? m(c.title) : name;
  };

  return (
    <section>
      <header className="page-head">
        <h2>{t('diagnostics.heading')}</h2>
        <span>
          <button
            onClick={() => {
              setShownId(null);
              // Each check under its own timeout (the page shows each running one's).
              run.mutate({});
            }}
            disabled={run.isPending}
            data-testid="diag-run"
          >
            {t('diagnostics.run')}
          </button>{' '}
          <button onClick={() => void doExport('json')} disabled={!report} data-testid="diag-export-json">
            {t('diagnostics.exportJson')}
          </button>{' '}
          <button onClick={() => void doExport('html')} disabled={!report} data-testid="diag-export-html">
            {t('diagnostics.exportHtml')}
          </button>{' '}
          {transport.kind === 'ipc' ? (
            <button onClick={() => void exportPdf()} disabled={!report} data-testid="diag-export-pdf">
              {t('diagnostics.exportPdf')}
            </button>
          ) : (
            <button onClick={() => window.print()} disabled={!report}>
              {t('diagnostics.print')}
            </button>
          )}
        </span>
      </header>
      {(run.isPending || progress.data?.running) && (
        <div data-testid="diag-progress">
          <p>
            {t('diagnostics.running', { done: live.length, total: progress.data?.expected || '…' })}
            {elapsed !== null && (
              <>
                {' · '}
                <span data-testid="diag-elapsed">{t('diagnostics.elapsed', { ms: elapsed })}</span>
              </>
            )}
          </p>
          <p className="muted">{t('diagnostics.timeoutNote')}</p>
          <progress max={progress.data?.expected || 1} value={live.length} aria-label={t('diagnostics.heading')} />
          {running.length > 0 && (
            <div data-testid="diag-running">
              <h3>{t('diagnostics.runningNow')}</h3>
              <ul className="live">
                {running.map((r) => (
                  <li key={r.name} data-testid={`running-${r.name}`} data-timeout-ms={r.timeout_ms}>
                    <span className="badge badge-muted">{t('diagnostics.runningBadge')}</span> {m(r.title)}{' '}
                    <span className="timer" data-testid={`timer-${r.name}`}>
                      <CheckTimer elapsed={since(now, r.started_at, r.timeout_ms)} timeout={r.timeout_ms} />
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ul className="live">
            {live.map((c) => (
              <li key={c.name} data-testid={`live-${c.name}`}>
                <StatusBadge status={c.status} /> {m(c.title)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {run.error && <ErrorText error={run.error} />}
      {exportError !== null && <ErrorText error={exportError} />}
      {report && <ReportView report={report} runId={runId} />}
      {diff.data && report && (
        <>
          <h3>{t('diagnostics.changes')}</h3>
          {diff.data.before_id === null ? (
            <p className="muted">{t('diagnostics.firstRun')}</p>
          ) : diff.data.changes.length === 0 ? (
            <p className="muted" data-testid="diag-diff">{t('diagnostics.noChanges')}</p>
          ) : (
            <ul data-testid="diag-diff">
              {diff.data.changes.map((c) => (
                <li key={c.name}>
                  {titleOf(c.name)} <code className="muted">{c.name}</code> {t(`diagnostics.kinds.${c.kind}`)}: {c.before ? <StatusBadge status={c.before} /> : '—'} →{' '}
                  {c.after ? <StatusBadge status={c.after} /> : '—'}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <h3>{t('diagnostics.history')}</h3>
      {history.data && history.data.length === 0 && <p className="muted">{t('diagnostics.none')}</p>}
      {history.data && history.data.length > 0 && (
        <table className="grid" data-testid="diag-history">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('diagnostics.when')}</th>
              <th>{t('diagnostics.overall')}</th>
              <th>{t('diagnostics.counts')}</th>
              <th>{t('diagnostics.duration')}</th>
              <th>{t('diagnostics.by')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.data.map((h) => (
              <tr key={h.id}>
                <td>{h.id}</td>
                <td>{f.dateTime(h.started_at)}</td>
                <td>
                  <StatusBadge status={h.status} />
                </td>
                <td>{t('diagnostics.countsCell', { fail: h.counts.FAIL ?? 0, warn: h.counts.WARN ?? 0, pass: h.counts.PASS ?? 0, skip: h.counts.SKIP ?? 0 })}</td>
                <td>{f.duration(h.duration_ms)}</td>
                <td>{h.actor}</td>
                <td>
                  <button onClick={() => setShownId(h.id)}>{t('diagnostics.show')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SupportBundle />
    </section>
  );
}

/** "12 sn / 15 sn": how long a running check has taken against its own timeout. */
function CheckTimer({ elapsed, timeout }: { elapsed: number; timeout: number }) {
  const { t } = useTranslation();
  return <>{elapsed < 1000 ? t('diagnostics.checkTimerStart', { timeout }) : t('diagnostics.checkTimer', { elapsed, timeout })}</>;
}

const RANK: Record<CheckStatus, number> = { FAIL: 0, WARN: 1, SKIP: 2, PASS: 3 };

function ReportView({ report, runId }: { report: DiagnosticsReport; runId: number | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [onlyProblems, setOnlyProblems] = useState(false);
  const count = (st: CheckStatus) => report.checks.filter((c) => c.status === st).length;
  const problems = report.checks.filter((c) => c.status === 'FAIL' || c.status === 'WARN').sort((a, b) => RANK[a.status] - RANK[b.status]);
  const rest = report.checks.filter((c) => c.status !== 'FAIL' && c.status !== 'WARN');
  return (
    <div data-testid="diag-report" data-status={report.status}>
      <div className="summary">
        <span>{t('diagnostics.overall')}:</span> <StatusBadge status={report.status} testId="diag-overall" />
        <span className="counts" data-testid="diag-counts">
          {t('diagnostics.summary', { fail: count('FAIL'), warn: count('WARN'), pass: count('PASS'), skip: count('SKIP'), ms: report.duration_ms })}
        </span>
        <span className="muted">{runId ? t('diagnostics.shownRun', { id: runId, at: report.timestamp }) : f.dateTime(report.timestamp)}</span>
      </div>
      {report.store_error && (
        <div className="notice">
          {t('diagnostics.notStored')}
          <TechnicalDetail text={report.store_error} />
        </div>
      )}
      <div className="toolbar">
        <label className="inline">
          <input type="checkbox" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} data-testid="diag-only-problems" /> {t('diagnostics.onlyProblems')}
        </label>
      </div>
      <h3>{t('diagnostics.problems')}</h3>
      {problems.length === 0 ? (
        <p className="muted">{t('diagnostics.noProblems')}</p>
      ) : (
        <table className="grid checks" data-testid="diag-problems">
          <tbody>
            {problems.map((c) => (
              <CheckRow key={c.name} check={c} peers={report.checks} />
            ))}
          </tbody>
        </table>
      )}
      {!onlyProblems && rest.length > 0 && (
        <div data-testid="diag-passes">
          <h3>{t('diagnostics.passes')}</h3>
          {CHECK_CATEGORIES.map((cat) => {
            const checks = rest.filter((c) => c.category === cat);
            if (checks.length === 0) return null;
            return (
              <div key={cat} className="category">
                <h4>{t(`diagnostics.categories.${cat}`)}</h4>
                <table className="grid checks">
                  <tbody>
                    {checks.map((c) => (
                      <CheckRow key={c.name} check={c} peers={report.checks} />
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
