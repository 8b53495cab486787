/**
 * `whatsapp_templates` (R-WA-2): every template configured in whatsapp.json exists in the WABA
 * with the same name AND language and is APPROVED. PENDING (or in appeal) → WARN; REJECTED,
 * PAUSED, DISABLED, missing, or present only in another language → FAIL, naming each one.
 */
import { bad, errorText, notChecked, ok, type Outcome, type WhatsappCheck } from './check-result.js';
import { PLAYBOOK_TEMPLATES, permissionFix } from './check-texts.js';
import type { RemoteTemplate } from './graph-api.js';
import { isWhatsappApiError } from './graph-errors.js';
import type { WhatsappSettings } from './whatsapp-settings.js';

const WAITING = new Set(['PENDING', 'IN_APPEAL', 'PENDING_DELETION', 'LIMIT_EXCEEDED']);

/** `remote` null = not fetched because nothing is configured to compare (or no WABA id). */
export function checkTemplates(s: WhatsappSettings, remote: Outcome<RemoteTemplate[]> | null): WhatsappCheck {
  const name = 'whatsapp_templates';
  const configured = Object.values(s.templates);
  if (configured.length === 0) {
    return bad(name, 'WARN', 'No message templates are configured in whatsapp.json (templates{})', 'whatsapp.json içinde mesaj şablonu tanımlı değil (templates{})', {
      en: 'Add the approved templates the application sends (key → {name, language}) to whatsapp.json.',
      tr: 'Uygulamanın gönderdiği onaylı şablonları whatsapp.json dosyasına ekleyin (anahtar → {name, language}).',
    });
  }
  if (!s.business_account_id || remote === null) {
    return bad(name, 'WARN', 'Not checked: business_account_id (WABA id) is not set', 'Kontrol edilmedi: business_account_id (WABA kimliği) tanımlı değil', {
      en: 'Set business_account_id in whatsapp.json (WhatsApp Manager → API setup → WhatsApp Business Account ID).',
      tr: 'whatsapp.json içinde business_account_id değerini girin (WhatsApp Yöneticisi → API kurulumu → WhatsApp İşletme Hesabı Kimliği).',
    });
  }
  if (!remote.ok) {
    const e = remote.error;
    if (isWhatsappApiError(e) && (e.code === 'E_WHATSAPP_PERMISSION')) {
      return bad(name, 'FAIL', `Templates could not be listed: ${e.message}`, `Şablonlar listelenemedi: ${e.message_tr}`, permissionFix(s.access_token_ref));
    }
    if (isWhatsappApiError(e) && e.code === 'E_INTERNAL') {
      const t = errorText(e);
      return bad(name, 'FAIL', `Templates could not be listed: ${t.en}`, `Şablonlar listelenemedi: ${t.tr}`, PLAYBOOK_TEMPLATES);
    }
    return notChecked(name, e);
  }

  const fails: Array<{ en: string; tr: string }> = [];
  const waits: Array<{ en: string; tr: string }> = [];
  const good: string[] = [];
  for (const t of configured) {
    const label = `${t.key} (${t.name}/${t.language})`;
    const match = remote.value.find((r) => r.name === t.name && r.language === t.language);
    if (!match) {
      const langs = remote.value.filter((r) => r.name === t.name).map((r) => r.language);
      if (langs.length > 0) fails.push({ en: `${label}: exists only in ${langs.join(', ')}`, tr: `${label}: yalnızca ${langs.join(', ')} dilinde var` });
      else fails.push({ en: `${label}: missing`, tr: `${label}: bulunamadı` });
    } else if (match.status === 'APPROVED') good.push(label);
    else if (WAITING.has(match.status)) waits.push({ en: `${label}: ${match.status}`, tr: `${label}: ${match.status} (onay bekliyor)` });
    else fails.push({ en: `${label}: ${match.status}`, tr: `${label}: ${match.status}` });
  }
  const approved = good.length > 0 ? ` Approved: ${good.join(', ')}.` : '';
  const approvedTr = good.length > 0 ? ` Onaylı: ${good.join(', ')}.` : '';
  if (fails.length > 0) {
    const all = [...fails, ...waits];
    return bad(name, 'FAIL', `${fails.length} of ${configured.length} template(s) not usable: ${all.map((x) => x.en).join('; ')}.${approved}`, `${configured.length} şablondan ${fails.length} tanesi kullanılamaz: ${all.map((x) => x.tr).join('; ')}.${approvedTr}`, PLAYBOOK_TEMPLATES);
  }
  if (waits.length > 0) {
    return bad(name, 'WARN', `${waits.length} template(s) awaiting approval: ${waits.map((x) => x.en).join('; ')}.${approved}`, `${waits.length} şablon onay bekliyor: ${waits.map((x) => x.tr).join('; ')}.${approvedTr}`, PLAYBOOK_TEMPLATES);
  }
  return ok(name, `All ${configured.length} configured template(s) are APPROVED: ${good.join(', ')}`, `Tanımlı ${configured.length} şablonun tümü ONAYLI: ${good.join(', ')}`);
}
