import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MESSAGE_NS } from '../../../shared/i18n/translator.js';
import type { SupportBundlePreview, SupportBundleResult } from '../../../shared/support.js';
import { FALLBACK_REFETCH_MS, useEvents, useOp, useTransport } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { ErrorText } from './ErrorText.js';
import { Msg } from './Msg.js';
import { TechnicalDetail } from './TechnicalDetail.js';

/** The README's redaction sentences (msg namespace), shown before anything is made. */
const REDACTED = ['support.readme.redacted_secrets', 'support.readme.redacted_bak', 'support.readme.redacted_personal', 'support.readme.redacted_hosts'] as const;
const CANNOT = ['support.readme.cannot_unknown', 'support.readme.cannot_hosts', 'support.readme.cannot_free_text', 'support.readme.cannot_check'] as const;

type Made = SupportBundleResult & { finished_at: string };

/**
 * The Diagnostics page's "Destek paketi" (issue 18): a preview of what goes in (files, sizes,
 * what is taken out), then one bundle made as a job. A bundle being made from another window
 * shows as running (jobs.list, kept fresh by the job events) and its result shows here when it
 * ends (job.finished carries it). The zip stays in the data folder; the desktop app can save a
 * copy elsewhere, a browser only says where it is.
 */
export function SupportBundle() {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const [previewOpen, setPreviewOpen] = useState(false);
  const preview = useOp('support.preview', {}, { enabled: previewOpen });
  const make = useOpMutation('support.bundle', ['jobs.list']);
  const jobs = useOp('jobs.list', {}, { refetchInterval: FALLBACK_REFETCH_MS });
  const running = jobs.data?.jobs.find((j) => j.op === 'support.bundle' && j.status === 'running');
  const [made, setMade] = useState<Made | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  useEvents((e) => {
    if (e.name !== 'job.finished' || e.data.op !== 'support.bundle' || e.data.status !== 'succeeded' || !e.data.result) return;
    setMade({ ...(e.data.result as SupportBundleResult), finished_at: e.data.finished_at });
  });
  const busy = make.isPending || !!running;
  // A double click must start one bundle: the second click lands before React re-renders the disabled button.
  const starting = useRef(false);
  const start = () => {
    if (starting.current || busy) return;
    starting.current = true;
    setSaved(null);
    setSaveError(null);
    make.mutate(
      { lang: currentLanguage(i18n.language) },
      {
        onSuccess: (r) => setMade({ ...r, finished_at: new Date().toISOString() }),
        onSettled: () => (starting.current = false),
      },
    );
  };
  const saveCopy = async (filename: string) => {
    setSaveError(null);
    try {
      const r = await transport.call('support.saveCopy', { filename });
      if (r.saved && r.path) setSaved(r.path);
    } catch (err) {
      setSaveError(err);
    }
  };

  return (
    <div className="card support-section" data-testid="support-section">
      <h3>{t('supportBundle.heading')}</h3>
      <p>{t('supportBundle.intro')}</p>
      <div className="button-row">
        <button className="secondary" onClick={() => setPreviewOpen(!previewOpen)} aria-expanded={previewOpen} data-testid="support-preview">
          {previewOpen ? t('supportBundle.hidePreview') : t('supportBundle.preview')}
        </button>
        <button onClick={start} disabled={busy} aria-busy={busy} data-testid="support-make">
          {busy ? t('supportBundle.making') : t('supportBundle.make')}
        </button>
      </div>
      {running && !make.isPending && (
        <p className="muted" role="status" data-testid="support-running">
          {t('supportBundle.runningElsewhere', { at: running.started_at })}
        </p>
      )}
      {make.error && <ErrorText error={make.error} />}
      {made && (
        <div className="card support-result" data-testid="support-result">
          <h4 className="success">{t('supportBundle.resultHeading')}</h4>
          <ResultFacts r={made} />
          {transport.kind === 'ipc' ? (
            <p className="button-row">
              <span>{t('supportBundle.whereDesktop')}</span>
              <button className="secondary" onClick={() => void saveCopy(made.filename)} data-testid="support-save-as">
                {t('supportBundle.saveAs')}
              </button>
            </p>
          ) : (
            <p data-testid="support-where">{t('supportBundle.whereServe')}</p>
          )}
          {saved && <p data-testid="support-saved">{t('supportBundle.saved', { path: saved })}</p>}
        </div>
      )}
      {saveError !== null && <ErrorText error={saveError} />}
      {previewOpen && preview.error && <ErrorText error={preview.error} />}
      {previewOpen && preview.data && <PreviewView p={preview.data} />}
    </div>
  );
}

function PreviewView({ p }: { p: SupportBundlePreview }) {
  const { t } = useTranslation();
  const f = useFormat();
  const known = p.files.reduce((sum, file) => sum + file.size, 0);
  return (
    <div data-testid="support-preview-list">
      <h4>{t('supportBundle.previewHeading')}</h4>
      <div className="table-wrap">
        <table className="grid support-files">
          <thead>
            <tr>
              <th>{t('supportBundle.file')}</th>
              <th className="num">{t('supportBundle.size')}</th>
            </tr>
          </thead>
          <tbody>
            {p.files.map((file) => (
              <tr key={file.name} data-file={file.name}>
                <td>
                  <code>{file.name}</code>
                </td>
                <td className="num" data-col="size">
                  {file.size > 0 ? f.bytes(file.size) : <span className="muted">{t('supportBundle.sizeLater')}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t('supportBundle.previewTotal', { count: p.files.length, size: known })}</p>
      <p className="muted">
        {t('supportBundle.logsNote', { limit: p.log_limit_bytes, total: p.log_bytes_total })}
        {p.log_files_left_out > 0 && <> {t('supportBundle.logsLeftOut', { count: p.log_files_left_out })}</>}
      </p>
      <h4>{t('supportBundle.redactedHeading')}</h4>
      <ul data-testid="support-redacted">
        {REDACTED.map((k) => (
          <li key={k}>{t(k, { ns: MESSAGE_NS })}</li>
        ))}
      </ul>
      <details>
        <summary>{t('supportBundle.cannotHeading')}</summary>
        <ul>
          {CANNOT.map((k) => (
            <li key={k}>{t(k, { ns: MESSAGE_NS })}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}

function ResultFacts({ r }: { r: Made }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <dl className="facts">
        <dt>{t('supportBundle.path')}</dt>
        <dd>
          <code className="path" data-testid="support-result-path">
            {r.path}
          </code>
        </dd>
        <dt>{t('supportBundle.sizeLabel')}</dt>
        <dd data-testid="support-result-size">{f.bytes(r.size)}</dd>
        <dt>{t('supportBundle.sha')}</dt>
        <dd>
          <code className="hash" title={r.sha256} data-testid="support-result-sha">
            {r.sha256.slice(0, 16)}
          </code>
        </dd>
        <dt>{t('supportBundle.madeAt')}</dt>
        <dd>{t('supportBundle.madeAtValue', { at: r.finished_at, ms: r.duration_ms })}</dd>
        <dt>{t('supportBundle.files')}</dt>
        <dd>{t('supportBundle.filesValue', { count: r.files.length })}</dd>
      </dl>
      {r.unavailable.length > 0 && (
        <div className="notice" data-testid="support-unavailable">
          <strong>{t('supportBundle.unavailableHeading')}</strong>
          <ul>
            {r.unavailable.map((u) => (
              <li key={u.part}>
                <code>{u.part}</code> <Msg m={u.reason} />
                <TechnicalDetail text={u.technical_detail} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
