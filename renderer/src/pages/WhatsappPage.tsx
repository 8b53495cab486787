import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useOp } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { CheckList } from '../components/CheckList.js';
import { ErrorText } from '../components/ErrorText.js';
import { Msg } from '../components/Msg.js';
import { TechnicalDetail } from '../components/TechnicalDetail.js';
import { MESSAGE_NS } from '../../../shared/i18n/translator.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import type { IntegrationCheck } from '../../../shared/mikro.js';
import type { WhatsappSettingsView } from '../../../shared/whatsapp.js';
import { WhatsappSettingsForm } from './WhatsappSettingsForm.js';

/** Meta's status of each configured template, as the last whatsapp_templates check observed it (`APPROVED`, `PENDING`, …). */
function templateStatuses(checks: readonly IntegrationCheck[] | undefined): Record<string, string> {
  const observed = checks?.find((c) => c.name === 'whatsapp_templates')?.observed ?? {};
  return Object.fromEntries(Object.entries(observed).map(([k, v]) => [k, String(v).split(':')[0] ?? '']));
}

/** A Turkish mobile number as people type it: 0532 123 45 67, +90 532 123 45 67, 5321234567. */
export function looksLikeMobile(input: string): boolean {
  const d = input.replace(/[\s().-]/g, '');
  return /^(\+?90|0)?5\d{9}$/.test(d) || /^\+\d{8,15}$/.test(d);
}

/** WhatsApp (R-WA): effective config with sources, secret status, checks with the playbook, test message. */
export function WhatsappPage() {
  const { t } = useTranslation();
  const settings = useOp('whatsapp.settings');
  const checks = useOpMutation('whatsapp.check');
  const v = settings.data;
  return (
    <section>
      <h2>{t('whatsapp.heading')}</h2>
      {settings.error && <ErrorText error={settings.error} />}
      {v && !v.enabled && (
        <p className="notice" data-testid="wa-disabled">
          {t('whatsapp.disabled')}
        </p>
      )}
      {v && v.enabled && !v.configured && <p className="notice">{t('whatsapp.notConfigured')}</p>}
      <header className="page-head">
        <h3>{t('whatsapp.checks')}</h3>
        <button onClick={() => checks.mutate({})} disabled={checks.isPending} data-testid="wa-run-checks">
          {checks.isPending ? t('whatsapp.checking') : t('whatsapp.runChecks')}
        </button>
      </header>
      <p className="muted">{t('whatsapp.playbook')}</p>
      {checks.error && <ErrorText error={checks.error} />}
      {checks.data && <CheckList checks={checks.data} testId="wa-checks" />}
      {v && (
        <>
          <h3>{t('whatsapp.secrets')}</h3>
          <ul data-testid="wa-secrets">
            {v.secrets.map((s) => (
              <li key={s.key}>
                <code>{s.key}</code>: <code>{s.ref ?? '—'}</code> · {s.set ? t('whatsapp.secretSet') : t('whatsapp.secretMissing')}
              </li>
            ))}
          </ul>
          {v.problems.length > 0 && (
            <div className="notice">
              <strong>{t('whatsapp.problems')}</strong>
              <ul>
                {v.problems.map((p) => (
                  <li key={`${p.file}#${p.path}`} data-severity={p.severity}>
                    <Msg m={p.message} /> <span className="muted">
                      <code>{p.file}</code> <code>{p.path}</code>
                    </span>
                    <TechnicalDetail text={p.technical_detail} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          <WhatsappSettingsForm view={v} />
          <TestMessageForm view={v} statuses={templateStatuses(checks.data)} />
          <h3>{t('whatsapp.settings')}</h3>
          <table className="grid" data-testid="wa-settings">
            <thead>
              <tr>
                <th>{t('whatsapp.field')}</th>
                <th>{t('whatsapp.value')}</th>
                <th>{t('whatsapp.source')}</th>
              </tr>
            </thead>
            <tbody>
              {v.fields.map((f) => (
                <tr key={f.key}>
                  <td>
                    <code>{f.key}</code>
                  </td>
                  <td className="detail path">{f.value ?? '—'}</td>
                  <td>{f.source === 'default' ? t('whatsapp.sourceDefault') : <code>{f.source}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('whatsapp.templates')}</h3>
          <TemplateTable view={v} statuses={templateStatuses(checks.data)} />
        </>
      )}
    </section>
  );
}

function StatusWord({ status }: { status: string | undefined }) {
  const { t, i18n } = useTranslation();
  if (!status) return <span className="muted">{t('whatsapp.statusUnknown')}</span>;
  const key = `whatsapp.templates.status.${status}`;
  return (
    <span className={`badge badge-${status === 'APPROVED' ? 'ok' : 'warn'}`} data-template-status={status}>
      {i18n.exists(key, { ns: MESSAGE_NS }) ? <Msg m={{ key: key as MessageKey }} /> : status}
    </span>
  );
}

function TemplateTable({ view, statuses }: { view: WhatsappSettingsView; statuses: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className="grid" data-testid="wa-templates">
        <thead>
          <tr>
            <th>{t('whatsapp.templateKey')}</th>
            <th>{t('whatsapp.templateName')}</th>
            <th>{t('whatsapp.templateLanguage')}</th>
            <th>{t('whatsapp.templateStatus')}</th>
            <th>{t('whatsapp.paramCount')}</th>
          </tr>
        </thead>
        <tbody>
          {view.templates.map((x) => (
            <tr key={x.key} data-testid={`wa-template-${x.key}`}>
              <td>
                <code>{x.key}</code>
              </td>
              <td>
                <code>{x.name}</code>
              </td>
              <td>{x.language}</td>
              <td>
                <StatusWord status={statuses[x.key]} />
              </td>
              <td className="num">{x.body_parameter_count ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TestMessageForm({ view, statuses }: { view: WhatsappSettingsView; statuses: Record<string, string> }) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const [template, setTemplate] = useState(view.templates[0]?.key ?? '');
  const [params, setParams] = useState('');
  const [touched, setTouched] = useState(false);
  const send = useOpMutation('whatsapp.sendTest');
  const chosen = view.templates.find((x) => x.key === template);
  const status = statuses[template];
  // Known and not APPROVED: refused here, before anything is sent (the core refuses it too).
  const notApproved = status !== undefined && status !== 'APPROVED';
  const badNumber = to.trim() !== '' && !looksLikeMobile(to);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (notApproved || !looksLikeMobile(to)) return;
    const parameters = params.split('\n').map((p) => p.trim()).filter(Boolean);
    send.mutate({ to, template, ...(parameters.length ? { parameters } : {}) });
  };
  const r = send.data;
  return (
    <form className="card" onSubmit={submit} data-testid="wa-test-form" noValidate>
      <h3>{t('whatsapp.testHeading')}</h3>
      <div className="filters">
        <label>
          {t('whatsapp.to')}
          <input value={to} onChange={(e) => setTo(e.target.value)} onBlur={() => setTouched(true)} placeholder={t('whatsapp.toHint')} inputMode="tel" aria-invalid={touched && badNumber} aria-describedby="wa-to-hint" data-testid="wa-to" />
        </label>
        <label>
          {t('whatsapp.template')}
          <select value={template} onChange={(e) => setTemplate(e.target.value)} data-testid="wa-template">
            {view.templates.map((x) => (
              <option key={x.key} value={x.key}>
                {x.key} ({x.name})
              </option>
            ))}
          </select>
        </label>
        {chosen && (
          <span>
            <StatusWord status={status} />
          </span>
        )}
      </div>
      {touched && (badNumber || to.trim() === '') && (
        <p className="error" id="wa-to-hint" data-testid="wa-to-error">
          {t('whatsapp.badNumber')}
        </p>
      )}
      {notApproved && (
        <p className="alert" data-testid="wa-not-approved">
          {t('whatsapp.notApproved')}
        </p>
      )}
      <label>
        {t('whatsapp.params')}
        {chosen?.body_parameter_count !== null && chosen?.body_parameter_count !== undefined && <span className="muted"> · {t('whatsapp.paramsExpected', { count: chosen.body_parameter_count })}</span>}
        <textarea rows={3} value={params} onChange={(e) => setParams(e.target.value)} />
      </label>
      <button type="submit" disabled={send.isPending || !template || notApproved} data-testid="wa-send">
        {send.isPending ? t('whatsapp.sending') : t('whatsapp.send')}
      </button>
      {send.error && <ErrorText error={send.error} />}
      {r && (
        <div className={r.success ? 'success' : 'alert'} data-testid="wa-send-result" data-success={String(r.success)} data-code={r.code}>
          <div>
            <Msg m={r.message} />
          </div>
          {r.next_step && (
            <div className="error-next">
              {t('common.next_step', { ns: MESSAGE_NS })}: <Msg m={r.next_step} />
            </div>
          )}
          {r.attempts !== undefined && r.attempts > 1 && <div className="muted">{t('whatsapp.attempts', { count: r.attempts })}</div>}
          <TechnicalDetail text={[r.code, r.reason, r.technical_detail, r.fbtrace_id ? `fbtrace_id: ${r.fbtrace_id}` : undefined, r.audit_error]} />
        </div>
      )}
    </form>
  );
}
