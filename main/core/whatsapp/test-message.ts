/**
 * "Send a test message" (R-WA-4): a configured template, by its key in whatsapp.json, to a number
 * the admin types. Answers with Meta's message id (`messages[0].id`) or the mapped error, never
 * throws for a foreseeable failure, and always writes one audit row WHATSAPP_TEST_SENT whose
 * target is the masked number. Parameters are counted in the row, not copied (they may carry
 * customer data); the token is in no part of the row or result.
 */
import { isAppError, type ErrorCode } from '../../../shared/errors.js';
import type { AuditWriter } from '../audit/audit-types.js';
import type { ResolveContext } from '../secrets/secret-ref.js';
import { sendTemplateMessage } from './graph-api.js';
import { GraphClient, type GraphClientOptions } from './graph-client.js';
import { isWhatsappApiError } from './graph-errors.js';
import { maskPhone, tryNormalizePhone } from './phone.js';
import { validateBodyParameters } from './template-params.js';
import type { EffectiveWhatsappSettings, WhatsappSettings } from './whatsapp-settings.js';

export interface TestMessageInput {
  /** As typed: `0532 123 45 67`, `+90 532…`, `0090…`. */
  to: string;
  /** Key in whatsapp.json `templates` (e.g. `order_ready`). */
  template: string;
  /** Body parameters {{1}}…{{n}}, in order. */
  parameters?: string[];
}

export interface TestMessageContext {
  settings: EffectiveWhatsappSettings | WhatsappSettings;
  secrets: ResolveContext;
  /** OS user@host (and the door). */
  actor: string;
  audit?: AuditWriter | null;
  /** Reuse a client (and its rate limiter); default: a new one from the settings. */
  client?: GraphClient;
  clientOptions?: GraphClientOptions;
  now?: () => Date;
}

/** The wire shape lives in shared/ (the WhatsApp page shows it). */
export type { WhatsappTestMessageResult as TestMessageResult } from '../../../shared/whatsapp.js';
import { safeAudit } from '../audit/safe-audit.js';
import type { WhatsappTestMessageResult as TestMessageResult } from '../../../shared/whatsapp.js';

export const TEST_MESSAGE_AUDIT_ACTION = 'WHATSAPP_TEST_SENT';

export async function sendTestMessage(input: TestMessageInput, ctx: TestMessageContext): Promise<TestMessageResult> {
  const s: WhatsappSettings = 'settings' in ctx.settings ? ctx.settings.settings : ctx.settings;
  const sent_at = (ctx.now ?? (() => new Date()))().toISOString();
  const params = Array.isArray(input?.parameters) ? input.parameters.map((p) => (typeof p === 'string' ? p : String(p))) : [];
  const finish = async (r: Omit<TestMessageResult, 'sent_at'>, target: string, detail: string): Promise<TestMessageResult> => {
    const result: TestMessageResult = { ...r, sent_at };
    const auditError = await safeAudit(ctx.audit, {
      action: TEST_MESSAGE_AUDIT_ACTION,
      target,
      result: r.success ? 'success' : 'failure',
      actor: ctx.actor,
      detail,
      new_value: { template: r.template ?? input?.template ?? null, language: r.language ?? null, parameter_count: params.length, ...(r.message_id ? { message_id: r.message_id } : {}) },
    });
    if (auditError) result.audit_error = auditError;
    return result;
  };
  const invalid = (en: string, tr: string, target = '(invalid number)') =>
    finish({ success: false, code: 'E_VALIDATION', message: tr, message_en: en }, target, `E_VALIDATION: ${en}`);

  if (!s.configured) {
    return finish({ success: false, code: 'E_WHATSAPP_NOT_CONFIGURED', message: 'WhatsApp yapılandırılmamış: phone_number_id boş', message_en: 'WhatsApp is not configured: phone_number_id is empty' }, '(not configured)', 'E_WHATSAPP_NOT_CONFIGURED');
  }
  const phone = tryNormalizePhone(input?.to);
  if (!phone.ok) return invalid(`Invalid phone number: ${phone.message}`, `Geçersiz telefon numarası: ${phone.message_tr}`);
  const target = maskPhone(phone.e164);
  const t = typeof input?.template === 'string' ? s.templates[input.template] : undefined;
  if (!t) {
    const known = Object.keys(s.templates).join(', ') || '(none)';
    return invalid(`Unknown template "${String(input?.template)}"; configured: ${known}`, `Bilinmeyen şablon "${String(input?.template)}"; tanımlı olanlar: ${known}`, target);
  }
  const check = validateBodyParameters(t.key, t.body_parameter_count, params);
  if (!check.ok) return invalid(check.message, check.message_tr, target);

  // The admin is waiting at the screen: retries keep the configured count but wait at most 5 s each.
  const client = ctx.client ?? new GraphClient(s, ctx.secrets, { maxDelayMs: 5000, maxRetryAfterMs: 10_000, ...ctx.clientOptions });
  try {
    const sent = await sendTemplateMessage(client, { to: phone.e164, name: t.name, language: t.language, bodyParameters: params });
    return finish(
      { success: true, message_id: sent.message_id, to: target, template: t.name, language: t.language, message: `Test mesajı gönderildi (mesaj kimliği ${sent.message_id})`, message_en: `Test message sent (message id ${sent.message_id})`, attempts: sent.attempts },
      target,
      `template=${t.name}/${t.language} message_id=${sent.message_id} attempts=${sent.attempts}`,
    );
  } catch (err) {
    const code: ErrorCode = isAppError(err) ? err.code : 'E_INTERNAL';
    const en = (err as Error)?.message ?? String(err);
    const tr = isWhatsappApiError(err) ? err.message_tr : en;
    const r: Omit<TestMessageResult, 'sent_at'> = {
      success: false, code, to: target, template: t.name, language: t.language,
      message: `Test mesajı gönderilemedi: ${tr}`, message_en: `Test message failed: ${en}`,
      ...(isWhatsappApiError(err) ? { reason: err.reason, attempts: err.attempts, ...(err.fbtrace_id ? { fbtrace_id: err.fbtrace_id } : {}) } : {}),
    };
    return finish(r, target, `${code}: ${en}`);
  }
}

