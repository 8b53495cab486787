import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WhatsappSettingsView } from '../../../shared/whatsapp.js';
import type { ClearableSystemKey } from '../../../shared/whatsapp-form.js';
import { useOpMutation } from '../api-mutation.js';
import { ErrorText } from '../components/ErrorText.js';

const FIELDS = ['phone_number_id', 'business_account_id', 'api_version', 'base_url'] as const;
type Field = (typeof FIELDS)[number];
const LABEL: Record<Field, string> = { phone_number_id: 'whatsapp.phoneNumberId', business_account_id: 'whatsapp.businessAccountId', api_version: 'whatsapp.apiVersion', base_url: 'whatsapp.baseUrl' };
/** The system_config.json keys behind each setting (secret references are cleared by their `_ref` name). */
const SYSTEM_KEYS: readonly ClearableSystemKey[] = ['phone_number_id', 'business_account_id', 'api_version', 'base_url', 'access_token_ref', 'webhook_verify_token_ref', 'app_secret_ref', 'webhook_url'];

interface TemplateRow {
  key: string;
  name: string;
  language: string;
}

/**
 * The WhatsApp settings as a form, as the SQL Board has one (no JSON editing): it writes
 * whatsapp.json only (`whatsapp.save`; a template removed here is deleted from the file), and
 * where system_config.json holds the same keys (the settings view warns "whatsapp.json
 * geçerlidir") it offers to delete them there.
 */
export function WhatsappSettingsForm({ view }: { view: WhatsappSettingsView }) {
  const { t } = useTranslation();
  const value = (k: string) => view.fields.find((f) => f.key === k && f.source === 'whatsapp.json')?.value ?? '';
  const [form, setForm] = useState<Record<Field, string>>(() => Object.fromEntries(FIELDS.map((k) => [k, value(k)])) as Record<Field, string>);
  const [templates, setTemplates] = useState<TemplateRow[]>(() => view.templates.map((x) => ({ key: x.key, name: x.name, language: x.language })));
  const duplicates = SYSTEM_KEYS.filter((k) => view.problems.some((p) => p.file === 'system_config.json' && p.path === `whatsapp.${k}` && p.severity === 'warning'));
  const [clear, setClear] = useState<ClearableSystemKey[]>(duplicates);
  const save = useOpMutation('whatsapp.save', ['whatsapp.settings', 'config.check', 'health.get']);
  const badDigits = (k: Field) => (k === 'phone_number_id' || k === 'business_account_id') && !/^\d*$/.test(form[k].trim());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const fields = Object.fromEntries(FIELDS.filter((k) => form[k].trim() !== '').map((k) => [k, form[k].trim()]));
    const tpl = Object.fromEntries(templates.filter((r) => r.key.trim() && r.name.trim()).map((r) => [r.key.trim(), { name: r.name.trim(), language: r.language.trim() || 'tr' }]));
    const toClear = clear.filter((k) => duplicates.includes(k));
    // A template the file has and the form no longer shows is deleted from the file, not kept by the merge.
    const removed = view.templates.map((x) => x.key).filter((k) => !(k in tpl));
    save.mutate({ ...fields, templates: tpl, ...(removed.length ? { remove_templates: removed } : {}), ...(toClear.length ? { clear_system_config: toClear } : {}) });
  };
  const setRow = (i: number, patch: Partial<TemplateRow>) => setTemplates(templates.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <form className="card board" onSubmit={submit} data-testid="wa-settings-form" autoComplete="off">
      <h3 className="wide-row">{t('whatsapp.formHeading')}</h3>
      <p className="muted wide-row">{t('whatsapp.formNote')}</p>
      {FIELDS.map((k) => (
        <label key={k}>
          {t(LABEL[k])}
          <input
            value={form[k]}
            onChange={(e) => setForm({ ...form, [k]: e.target.value })}
            inputMode={k.endsWith('_id') ? 'numeric' : undefined}
            placeholder={k === 'api_version' ? t('whatsapp.apiVersionHint') : undefined}
            aria-invalid={badDigits(k)}
            data-testid={`wa-field-${k}`}
          />
          {badDigits(k) && <span className="error">{t('whatsapp.digitsOnly')}</span>}
        </label>
      ))}
      <fieldset className="wide-row templates-edit">
        <legend>{t('whatsapp.templates')}</legend>
        {templates.map((r, i) => (
          <div key={i} className="template-row" data-testid={`wa-template-row-${i}`}>
            <label>
              {t('whatsapp.templateKey')}
              <input value={r.key} onChange={(e) => setRow(i, { key: e.target.value })} />
            </label>
            <label>
              {t('whatsapp.templateName')}
              <input value={r.name} onChange={(e) => setRow(i, { name: e.target.value })} data-testid={`wa-template-name-${i}`} />
            </label>
            <label>
              {t('whatsapp.templateLanguage')}
              <input value={r.language} onChange={(e) => setRow(i, { language: e.target.value })} size={6} />
            </label>
            <button type="button" className="secondary" onClick={() => setTemplates(templates.filter((_, j) => j !== i))} data-testid={`wa-template-remove-${i}`}>
              {t('whatsapp.removeTemplate')}
            </button>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => setTemplates([...templates, { key: '', name: '', language: 'tr' }])} data-testid="wa-template-add">
          {t('whatsapp.addTemplate')}
        </button>
        <p className="muted">{t('whatsapp.templatesNote')}</p>
      </fieldset>
      {duplicates.length > 0 && (
        <fieldset className="wide-row" data-testid="wa-duplicates">
          <legend>{t('whatsapp.duplicates')}</legend>
          {duplicates.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={clear.includes(k)} onChange={(e) => setClear(e.target.checked ? [...clear, k] : clear.filter((x) => x !== k))} data-testid={`wa-clear-${k}`} />
              <code>system_config.json</code> <code>whatsapp.{k}</code>
            </label>
          ))}
        </fieldset>
      )}
      <div className="buttons">
        <button type="submit" disabled={save.isPending || FIELDS.some(badDigits)} data-testid="wa-save">
          {save.isPending ? t('whatsapp.saving') : t('whatsapp.saveSettings')}
        </button>
        {save.data && !save.isPending && (
          <span className="success" data-testid="wa-saved">
            {t('whatsapp.saved')} {save.data.removed_templates.length > 0 && t('whatsapp.removedTemplates', { keys: save.data.removed_templates.join(', ') })}{' '}
            {save.data.cleared.length > 0 && t('whatsapp.cleared', { keys: save.data.cleared.join(', ') })}
          </span>
        )}
      </div>
      {save.error && <ErrorText error={save.error} />}
    </form>
  );
}
