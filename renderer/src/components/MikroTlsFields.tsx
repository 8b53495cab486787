import { useId } from 'react';
import type { MikroForm, MikroTlsMinVersion } from '../../../shared/mikro.js';
import { useMsg } from '../i18n/messages.js';

/**
 * The SQL Board's TLS fields (issue 12 §3): the minimum TLS version for this connection (1.2 by
 * default; 1.1/1.0 only for an old server, which is audited and a WARN in verify and diagnostics,
 * and the form says so before saving) and the pinned certificate's SHA-256 fingerprint (hex, with
 * or without colons; blank removes the pin). "Bu sertifikaya güven (parmak izi sabitlenir)" in the
 * connection test (MikroStages) fills the fingerprint in.
 */

/** The same rule as MikroFormSchema's (shared/mikro.ts); the renderer does not load zod for it. */
const FINGERPRINT = /^(?:[0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/;
const VERSIONS: readonly MikroTlsMinVersion[] = ['1.2', '1.1', '1.0'];
const LABEL = { '1.2': 'v12', '1.1': 'v11', '1.0': 'v10' } as const;

/** Blank (no pin) or a SHA-256 fingerprint. */
export function fingerprintProblem(value: string | null | undefined): boolean {
  const v = (value ?? '').trim();
  return v !== '' && !FINGERPRINT.test(v);
}

export function MikroTlsFields({ form, set }: { form: MikroForm; set: <K extends keyof MikroForm>(k: K, value: MikroForm[K]) => void }) {
  const m = useMsg();
  const id = useId();
  const min = form.tls_min_version ?? '1.2';
  const fingerprint = form.certificate_fingerprint ?? '';
  const invalid = fingerprintProblem(fingerprint);
  return (
    <fieldset className="wide-row" data-testid="mikro-tls-fields">
      <legend>{m({ key: 'mikro.tls_fields.legend' })}</legend>
      <label>
        {m({ key: 'mikro.tls_fields.min_version' })}{' '}
        <select value={min} onChange={(e) => set('tls_min_version', VERSIONS.find((v) => v === e.target.value) ?? '1.2')} data-testid="mikro-tls-min-version" aria-describedby={min !== '1.2' ? `${id}-weak` : undefined}>
          {VERSIONS.map((v) => (
            <option key={v} value={v}>
              {m({ key: `mikro.tls_fields.${LABEL[v]}` })}
            </option>
          ))}
        </select>
      </label>
      {min !== '1.2' && (
        <p className="notice" id={`${id}-weak`} data-testid="mikro-tls-weak-warning">
          {m({ key: 'mikro.tls_fields.weak_warning', params: { min } })}
        </p>
      )}
      <label>
        {m({ key: 'mikro.tls_fields.fingerprint' })}{' '}
        <input
          value={fingerprint}
          onChange={(e) => set('certificate_fingerprint', e.target.value)}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={invalid}
          aria-describedby={`${id}-fp-hint${invalid ? ` ${id}-fp-error` : ''}`}
          data-testid="mikro-certificate-fingerprint"
        />
      </label>
      <p className="muted" id={`${id}-fp-hint`}>
        {m({ key: 'mikro.tls_fields.fingerprint_hint' })}
      </p>
      {invalid && (
        <p className="error" role="alert" id={`${id}-fp-error`} data-testid="mikro-certificate-fingerprint-error">
          {m({ key: 'mikro.tls_fields.fingerprint_invalid' })}
        </p>
      )}
    </fieldset>
  );
}
