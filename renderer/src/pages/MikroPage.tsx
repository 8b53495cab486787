import { useEffect, useState, type FormEvent } from 'react';
import { Tabs } from '../components/Tabs.js';
import { useUnsavedGuard } from '../unsaved.js';
import { useTranslation } from 'react-i18next';
import type { MikroForm, MikroSettingsView } from '../../../shared/mikro.js';
import { useOp } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { CheckList } from '../components/CheckList.js';
import { ErrorText } from '../components/ErrorText.js';
import { Msg } from '../components/Msg.js';
import { TechnicalDetail } from '../components/TechnicalDetail.js';
import { useFormat } from '../i18n/format.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { MESSAGE_NS } from '../../../shared/i18n/translator.js';
import type { MessageLike } from '../i18n/messages.js';
import { MikroQueryConsole } from './MikroQueryConsole.js';
import { MikroLoginFields } from '../components/MikroLoginFields.js';
import { MikroTlsFields } from '../components/MikroTlsFields.js';
import { MikroStatementLog } from '../components/MikroStatementLog.js';
import { MikroServerFactsLine } from '../components/MikroServerFacts.js';
import { MikroStages } from '../components/MikroStages.js';
import { MikroSync } from '../components/MikroSync.js';
import { MikroCompanies } from '../components/MikroCompanies.js';

/** The SQL Board (R-MIKRO): connection form, test, save, last result, read-only verification, query console. */
export function MikroPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'connection' | 'query'>('connection');
  // Both panels stay mounted: the form and the query keep their state when the tab changes.
  return (
    <section aria-labelledby="page-title">
      <h2 id="page-title">{t('mikro.heading')}</h2>
      <Tabs
        label={t('mikro.heading')}
        selected={tab}
        onSelect={setTab}
        tabs={[
          { id: 'connection', label: t('mikro.tabConnection'), testId: 'tab-connection' },
          { id: 'query', label: t('mikro.tabQuery'), testId: 'tab-query' },
        ]}
      />
      <div role="tabpanel" id="panel-connection" aria-labelledby="tab-connection" hidden={tab !== 'connection'}>
        <ConnectionTab />
        <MikroSync />
      </div>
      <div role="tabpanel" id="panel-query" aria-labelledby="tab-query" hidden={tab !== 'query'}>
        <MikroQueryConsole />
        <MikroStatementLog />
      </div>
    </section>
  );
}

/** The connection fields a test depends on (the password is compared by neither side: it is never shown). */
const TESTED_FIELDS = ['host', 'port', 'instance', 'database', 'username', 'timeout_seconds', 'encrypt', 'trust_server_certificate'] as const;

/** True when the last test (its audit row's `new_value`) used other settings than the saved ones. */
export function testedOtherSettings(newValue: string | null | undefined, saved: MikroSettingsView): boolean {
  if (!newValue) return false;
  let tested: Record<string, unknown>;
  try {
    tested = JSON.parse(newValue) as Record<string, unknown>;
  } catch {
    return false;
  }
  const norm = (x: unknown) => (x === null || x === undefined ? '' : String(x));
  return TESTED_FIELDS.some((k) => norm(tested[k]) !== norm(saved[k]));
}

function toForm(v: MikroSettingsView): MikroForm {
  return {
    host: v.host ?? '',
    port: v.port,
    instance: v.instance ?? '',
    database: v.database ?? '',
    username: v.username ?? '',
    password: '',
    timeout_seconds: v.timeout_seconds,
    encrypt: v.encrypt,
    trust_server_certificate: v.trust_server_certificate,
    authentication: v.authentication ?? 'sql',
    domain: v.domain ?? '',
    certificate_fingerprint: v.certificate_fingerprint ?? '',
    tls_min_version: v.tls_min_version,
  };
}

function ConnectionTab() {
  const { t } = useTranslation();
  const f = useFormat();
  const settings = useOp('mikro.settings');
  const test = useOpMutation('mikro.test', ['mikro.settings', 'audit.list', 'mikro.statementLog']);
  const save = useOpMutation('mikro.save', ['mikro.settings', 'health.get', 'audit.list']);
  const verify = useOpMutation('mikro.verify');
  // The settings the last test used (its audit row), to tell whether they are the saved ones.
  const lastTestRow = useOp('audit.list', { action: 'MIKRO_CONNECTION_TEST', limit: 1 });
  const [form, setForm] = useState<MikroForm | null>(null);
  const [testedForm, setTestedForm] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data && form === null) setForm(toForm(settings.data));
  }, [settings.data, form]);
  const v = settings.data;
  const dirty = !!v && !!form && JSON.stringify(form) !== JSON.stringify(toForm(v));
  useUnsavedGuard(dirty, t('mikro.unsavedLeave'));
  if (settings.error) return <ErrorText error={settings.error} />;
  if (!v || !form) return null;

  const set = <K extends keyof MikroForm>(k: K, value: MikroForm[K]) => setForm({ ...form, [k]: value });
  const fromEnv = (k: string) => (v.sources[k] === 'env' ? <span className="muted"> ({t('mikro.fromEnv')})</span> : null);
  const runTest = (then?: () => void) => {
    const snapshot = JSON.stringify(form);
    test.mutate(form, {
      onSuccess: (result) => {
        setTestedForm(snapshot);
        if (result.success) then?.();
      },
    });
  };
  const doSave = () => save.mutate(form, { onSuccess: (next) => setForm(toForm(next)) });
  // Enter in the form tests (as SSMS's Connect does); saving is its own button.
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    runTest();
  };
  const r = test.data;
  const stale = r && testedForm !== null && testedForm !== JSON.stringify(form);
  const savedUntested = !!v.last_test && testedOtherSettings(lastTestRow.data?.rows[0]?.new_value, v);

  return (
    <>
      {v.enabled === false && (
        <p className="notice" data-testid="mikro-disabled">
          {t('mikro.disabled')}
        </p>
      )}
      <form className="card board" onSubmit={onSubmit} data-testid="mikro-form" autoComplete="off" aria-describedby="mikro-enter-hint">
        <label>
          {t('mikro.host')}
          {fromEnv('host')} <input value={form.host ?? ''} onChange={(e) => set('host', e.target.value)} data-testid="mikro-host" />
        </label>
        <label>
          {t('mikro.port')} <input type="number" min={1} max={65535} value={form.port ?? 1433} onChange={(e) => set('port', Number(e.target.value))} data-testid="mikro-port" />
        </label>
        <label>
          {t('mikro.instance')} <input value={form.instance ?? ''} onChange={(e) => set('instance', e.target.value)} />
        </label>
        <label>
          {t('mikro.database')}
          {fromEnv('database')} <input value={form.database ?? ''} onChange={(e) => set('database', e.target.value)} data-testid="mikro-database" />
        </label>
        <MikroLoginFields form={form} set={set} />
        <label>
          {t('mikro.username')} <input value={form.username ?? ''} onChange={(e) => set('username', e.target.value)} data-testid="mikro-username" />
        </label>
        <label>
          {t('mikro.password')}{' '}
          <input type="password" value={form.password ?? ''} placeholder={t('mikro.passwordKeep')} onChange={(e) => set('password', e.target.value)} autoComplete="new-password" data-testid="mikro-password" />
          <span className="muted">{v.password_set ? t('mikro.passwordStored', { ref: v.password_ref }) : t('mikro.passwordNotSet')}</span>
        </label>
        <label>
          {t('mikro.timeout')} <input type="number" min={1} max={600} value={form.timeout_seconds ?? 10} onChange={(e) => set('timeout_seconds', Number(e.target.value))} data-testid="mikro-timeout" />
        </label>
        <label className="check">
          <input type="checkbox" checked={form.encrypt ?? true} onChange={(e) => set('encrypt', e.target.checked)} /> {t('mikro.encrypt')}
        </label>
        <label className="check">
          <input type="checkbox" checked={form.trust_server_certificate ?? false} onChange={(e) => set('trust_server_certificate', e.target.checked)} /> {t('mikro.trust')}
        </label>
        <MikroTlsFields form={form} set={set} />
        <label className="check wide" title={t('mikro.readOnlyLocked')}>
          <input type="checkbox" checked readOnly disabled data-testid="mikro-readonly" /> {t('mikro.readOnly')} — <span className="muted">{t('mikro.readOnlyLocked')}</span>
        </label>
        <div className="buttons">
          <button type="submit" disabled={test.isPending} data-testid="mikro-test">
            {test.isPending ? t('mikro.testing') : t('mikro.test')}
          </button>
          <button type="button" className="secondary" onClick={() => runTest(doSave)} disabled={test.isPending || save.isPending} data-testid="mikro-test-save">
            {t('mikro.testAndSave')}
          </button>
          <button type="button" className="secondary" onClick={doSave} disabled={save.isPending} data-testid="mikro-save">
            {t('mikro.save')}
          </button>
          {dirty && (
            <span className="badge badge-warn" data-testid="mikro-unsaved">
              {t('mikro.unsaved')}
            </span>
          )}
          <span className="muted" id="mikro-enter-hint">
            {t('mikro.enterTests')}
          </span>
        </div>
        {test.isPending && <progress aria-label={t('mikro.testing')} />}
      </form>
      <MikroCompanies form={form} onPick={(database) => set('database', database)} />
      {save.data && !save.isPending && <p className="success">{t('mikro.saved')}</p>}
      {save.error && <ErrorText error={save.error} />}
      {test.error && <ErrorText error={test.error} />}
      <MikroStages running={test.isPending} result={r} onPinned={(fp) => setForm({ ...form, certificate_fingerprint: fp })} />
      {r && (
        <div className={r.success ? 'result ok' : 'alert'} data-testid="mikro-test-result" data-success={String(r.success)} data-code={r.code}>
          <strong>
            <Msg m={r.message} />
          </strong>
          {stale && (
            <div className="notice" data-testid="mikro-test-stale">
              {t('mikro.resultStale')}
            </div>
          )}
          {r.success && (
            <div>
              {t('mikro.latency', { ms: r.latency_ms })} · {t('mikro.server')}: {r.product_version ?? r.server_version ?? '—'} ·{' '}
              {t('mikro.encryption', { state: t(`mikro.encryptionStates.${r.encryption}`) })}
            </div>
          )}
          {r.server && <MikroServerFactsLine facts={r.server} />}
          {r.encryption_detail && (
            <div className="muted">
              <Msg m={r.encryption_detail} />
            </div>
          )}
          {r.hint && (
            <div className="muted">
              → <Msg m={r.hint} />
            </div>
          )}
          <TechnicalDetail text={[r.code, r.technical_detail]} />
        </div>
      )}
      <dl className="facts" data-testid="mikro-last-test">
        <dt>{t('mikro.lastTest')}</dt>
        <dd>{v.last_test ? `${f.dateTime(v.last_test.at)} (${f.relative(v.last_test.at)}) · ${v.last_test.success ? t('mikro.success') : t('mikro.failure')}` : t('mikro.never')}</dd>
        {savedUntested && (
          <dd className="notice" data-testid="mikro-saved-untested">
            {t('mikro.savedUntested', { at: v.last_test!.at })}
          </dd>
        )}
        {v.last_test && !v.last_test.success && (
          <>
            <dt>{t('mikro.lastError')}</dt>
            <dd>
              <LastError text={v.last_test.message} />
            </dd>
          </>
        )}
      </dl>
      {v.warnings.map((w) => (
        <p key={`${w.code}#${w.field}`} className="notice" data-testid={`mikro-warning-${w.code}`}>
          <Msg m={w.message} />
        </p>
      ))}
      <header className="page-head">
        <h3>{t('mikro.verifyHeading')}</h3>
        <button onClick={() => verify.mutate({})} disabled={verify.isPending} data-testid="mikro-verify" aria-describedby="mikro-verify-note">
          {verify.isPending ? t('mikro.verifying') : t('mikro.verify')}
        </button>
      </header>
      <p className="muted" id="mikro-verify-note">
        {t('mikro.verifyNote')}
      </p>
      {verify.error && <ErrorText error={verify.error} />}
      {verify.data && <CheckList checks={verify.data} testId="mikro-checks" />}
    </>
  );
}

/**
 * The last test's stored outcome: an error code (the audit row, masked) reads as the code's
 * catalogue text with the code behind the toggle; a Message reads as itself.
 */
function LastError({ text }: { text: MessageLike }) {
  const { i18n } = useTranslation();
  if (typeof text === 'string' && /^E_[A-Z_]+$/.test(text) && i18n.exists(`errors.${text}.message`, { ns: MESSAGE_NS })) {
    return (
      <>
        <Msg m={{ key: `errors.${text}.message` as MessageKey }} />
        <TechnicalDetail text={text} />
      </>
    );
  }
  return typeof text === 'string' ? <TechnicalDetail text={text} /> : <Msg m={text} />;
}
