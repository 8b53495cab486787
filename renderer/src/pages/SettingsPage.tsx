import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useOp } from '../api.js';
import { useOpMutation } from '../api-mutation.js';
import { ErrorText } from '../components/ErrorText.js';
import { Msg } from '../components/Msg.js';
import { TechnicalDetail } from '../components/TechnicalDetail.js';

/** Settings & secrets (R-CFG): config files, plain-text secret fix, write-only keychain secrets. */
export function SettingsPage() {
  const { t } = useTranslation();
  const check = useOp('config.check');
  const secrets = useOp('secrets.list');
  const fix = useOpMutation('config.fixSecrets', ['config.check', 'secrets.list']);
  const del = useOpMutation('secrets.delete', ['secrets.list', 'config.check']);
  // Each "Şimdi ayarla" / "Değiştir" click opens the form afresh (the counter), even for the same name.
  const [prefillState, setPrefillState] = useState({ name: '', n: 0 });
  const prefill = prefillState.name;
  const setPrefill = (name: string) => setPrefillState((p) => ({ name, n: p.n + 1 }));
  const c = check.data;
  const s = secrets.data;
  // Without a keychain nothing VAULT: can be read or written: those buttons say why they are off.
  const noVault = (c && !c.keychain.available) || (s && !s.keychain.available) || false;
  const vaultReason = noVault ? t('settings.vaultDisabled') : undefined;

  return (
    <section>
      <h2>{t('settings.heading')}</h2>
      {check.error && <ErrorText error={check.error} />}
      {c && (
        <>
          <p className="muted">
            {t('settings.configDir')}: <code>{c.config_dir}</code>
          </p>
          <p data-testid="keychain-status" data-available={String(c.keychain.available)}>
            <strong>{t('settings.keychain')}:</strong>{' '}
            {c.keychain.available ? t('settings.keychainOk', { backend: c.keychain.backend }) : t('settings.keychainDown')}
          </p>
          {!c.keychain.available && c.keychain.problem && (
            <p className="notice">
              <Msg m={c.keychain.problem} />
            </p>
          )}
          {!c.keychain.available && <TechnicalDetail text={c.keychain.error} />}
          <h3>{t('settings.files')}</h3>
          <table className="grid" data-testid="config-files">
            <thead>
              <tr>
                <th>{t('settings.file')}</th>
                <th>{t('settings.state')}</th>
                <th>{t('settings.encoding')}</th>
              </tr>
            </thead>
            <tbody>
              {c.files.map((f) => (
                <tr key={f.name}>
                  <td>{f.name}</td>
                  <td>
                    {!f.exists ? t('settings.missing') : f.valid ? t('settings.ok') : t('settings.invalid')}
                    {f.problem && (
                      <div className="error">
                        <Msg m={f.problem} />
                      </div>
                    )}
                    {f.errors.map((e) =>
                      typeof e.message === 'string' || f.problem ? null : (
                        <div key={e.path} className="error">
                          <Msg m={e.message} />
                        </div>
                      ),
                    )}
                    <TechnicalDetail text={[...f.errors.filter((e) => typeof e.message === 'string').map((e) => `${e.path}: ${String(e.message)}`), f.message]} />
                  </td>
                  <td>{f.encoding ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('settings.findings')}</h3>
          {c.findings.length === 0 ? (
            <p className="muted" data-testid="no-findings">{t('settings.noFindings')}</p>
          ) : (
            <div className="notice" data-testid="findings">
              <p>{t('settings.findingsIntro')}</p>
              <ul>
                {c.findings.map((f) => (
                  <li key={`${f.file}#${f.path}`}>
                    <code>{f.file}</code> <code>{f.path}</code> → <code>{f.suggested_ref}</code>
                  </li>
                ))}
              </ul>
              <button onClick={() => fix.mutate({})} disabled={fix.isPending || !c.keychain.available}>
                {t('settings.moveAll')}
              </button>
            </div>
          )}
          {fix.data && <p className="success">{t('settings.moved', { count: fix.data.moved.length })}</p>}
          {fix.error && <ErrorText error={fix.error} />}
        </>
      )}

      <h3>{t('settings.secrets')}</h3>
      {secrets.error && <ErrorText error={secrets.error} />}
      {s && (
        <>
          {s.secrets.length === 0 ? (
            <p className="muted">{t('settings.none')}</p>
          ) : (
            <table className="grid" data-testid="secrets">
              <thead>
                <tr>
                  <th>{t('settings.reference')}</th>
                  <th>{t('settings.state')}</th>
                  <th>{t('settings.usedBy')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {s.secrets.map((x) => (
                  <tr key={x.name} data-testid={`secret-${x.name}`}>
                    <td>
                      <code>{x.ref}</code>
                    </td>
                    <td>{x.changed_at ? t('settings.storedAt', { at: x.changed_at }) : t('settings.storedUnknown')}</td>
                    <td>{x.referenced_by.length ? x.referenced_by.join(', ') : <span className="muted">{t('settings.unused')}</span>}</td>
                    <td className="actions">
                      <button onClick={() => setPrefill(x.name)} disabled={noVault} title={vaultReason}>
                        {t('settings.replace')}
                      </button>{' '}
                      <button
                        onClick={() => window.confirm(t('settings.confirmDelete', { name: x.ref })) && del.mutate({ name: x.name })}
                        disabled={del.isPending || noVault}
                        title={vaultReason}
                      >
                        {t('settings.delete')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {del.error && <ErrorText error={del.error} />}
          {s.missing.length > 0 && (
            <div className="notice" data-testid="missing-secrets">
              <strong>{t('settings.missingRefs')}</strong>
              <p>{t('settings.missingIntro')}</p>
              <ul>
                {s.missing.map((m) => (
                  <li key={m.ref}>
                    <code>{m.ref}</code> — {m.referenced_by.join(', ')}{' '}
                    {m.ref.startsWith('VAULT:') && (
                      <button onClick={() => setPrefill(m.ref.slice(6))} disabled={noVault} title={vaultReason} data-testid={`set-now-${m.ref.slice(6)}`}>
                        {t('settings.setNow')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      {noVault && (
        <div className="notice" data-testid="vault-disabled">
          <strong>{t('settings.vaultDisabled')}</strong>
          <p>{t('settings.envOffer')}</p>
        </div>
      )}
      <SecretForm key={`${prefill}#${prefillState.n}`} initialName={prefill} disabled={noVault} />
    </section>
  );
}

/** Write-only: the value lives in this form only until it is sent, then the field is cleared. */
function SecretForm({ initialName, disabled }: { initialName: string; disabled: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState(initialName);
  const [value, setValue] = useState('');
  const valueField = useRef<HTMLInputElement>(null);
  // "Şimdi ayarla" / "Değiştir" bring the user here: the value field gets the focus, in view.
  useEffect(() => {
    if (!initialName || disabled) return;
    valueField.current?.scrollIntoView({ block: 'center' });
    valueField.current?.focus();
  }, [initialName, disabled]);
  const set = useOpMutation('secrets.set', ['secrets.list', 'config.check']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = value;
    setValue('');
    set.mutate({ name, value: v });
  };
  return (
    <form className="card" onSubmit={submit} data-testid="secret-form" autoComplete="off">
      <h3>{t('settings.newSecret')}</h3>
      {initialName && !disabled && <p data-testid="secret-focus-hint">{t('settings.valueFocused', { name: initialName })}</p>}
      <label>
        {t('settings.name')} <input value={name} onChange={(e) => setName(e.target.value)} required pattern="[A-Za-z0-9_.\-]{1,128}" disabled={disabled} data-testid="secret-name" />
      </label>{' '}
      <label>
        {t('settings.value')}{' '}
        <input ref={valueField} type="password" value={value} onChange={(e) => setValue(e.target.value)} required autoComplete="new-password" disabled={disabled} data-testid="secret-value" />
      </label>{' '}
      <button type="submit" disabled={set.isPending || disabled} title={disabled ? t('settings.vaultDisabled') : undefined} data-testid="secret-save">
        {t('settings.save')}
      </button>
      <p className="muted">{t('settings.valueHint')}</p>
      {set.data && <p className="success" data-testid="secret-saved">{t('settings.saved', { ref: set.data.ref })}</p>}
      {set.error && <ErrorText error={set.error} />}
    </form>
  );
}
