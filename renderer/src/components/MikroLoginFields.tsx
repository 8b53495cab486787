import type { MikroForm } from '../../../shared/mikro.js';
import { useMsg } from '../i18n/messages.js';

/**
 * The SQL Board's login type (issue 12 §4): a SQL Server login, or a Windows account through NTLM
 * (domain + user + password). Integrated single sign-on is not available, and the form says so.
 */
export function MikroLoginFields({ form, set }: { form: MikroForm; set: <K extends keyof MikroForm>(k: K, value: MikroForm[K]) => void }) {
  const m = useMsg();
  const auth = form.authentication ?? 'sql';
  return (
    <>
      <label>
        {m({ key: 'mikro.login.authentication' })}{' '}
        <select value={auth} onChange={(e) => set('authentication', e.target.value === 'ntlm' ? 'ntlm' : 'sql')} data-testid="mikro-authentication">
          <option value="sql">{m({ key: 'mikro.login.sql' })}</option>
          <option value="ntlm">{m({ key: 'mikro.login.ntlm' })}</option>
        </select>
      </label>
      {auth === 'ntlm' && (
        <label>
          {m({ key: 'mikro.login.domain' })} <input value={form.domain ?? ''} onChange={(e) => set('domain', e.target.value)} data-testid="mikro-domain" />
        </label>
      )}
      <p className="muted" data-testid="mikro-sso-note">
        {m({ key: 'mikro.login.sso_unavailable' })}
      </p>
    </>
  );
}
