import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useOp, useOpMutation } from '../api.js';
import { CheckList } from '../components/CheckList.js';
import { ErrorText } from '../components/ErrorText.js';
import { Msg } from '../components/Msg.js';
import { TechnicalDetail } from '../components/TechnicalDetail.js';
import { MESSAGE_NS } from '../../../shared/i18n/translator.js';

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
          <TestMessageForm templates={v.templates.map((x) => x.key)} />
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
                  <td>{f.key}</td>
                  <td className="detail">{f.value ?? '—'}</td>
                  <td>{f.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('whatsapp.templates')}</h3>
          <ul>
            {v.templates.map((x) => (
              <li key={x.key}>
                <code>{x.key}</code> → {x.name} ({x.language})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function TestMessageForm({ templates }: { templates: string[] }) {
  const { t } = useTranslation();
  const [to, setTo] = useState('');
  const [template, setTemplate] = useState(templates[0] ?? '');
  const [params, setParams] = useState('');
  const send = useOpMutation('whatsapp.sendTest');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parameters = params.split('\n').map((p) => p.trim()).filter(Boolean);
    send.mutate({ to, template, ...(parameters.length ? { parameters } : {}) });
  };
  const r = send.data;
  return (
    <form className="card" onSubmit={submit} data-testid="wa-test-form">
      <h3>{t('whatsapp.testHeading')}</h3>
      <label>
        {t('whatsapp.to')} <input value={to} onChange={(e) => setTo(e.target.value)} placeholder={t('whatsapp.toHint')} required data-testid="wa-to" />
      </label>{' '}
      <label>
        {t('whatsapp.template')}{' '}
        <select value={template} onChange={(e) => setTemplate(e.target.value)} data-testid="wa-template">
          {templates.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
      <label>
        {t('whatsapp.params')}
        <textarea rows={3} value={params} onChange={(e) => setParams(e.target.value)} />
      </label>
      <button type="submit" disabled={send.isPending || !template} data-testid="wa-send">
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
