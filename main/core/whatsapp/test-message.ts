/**
 * "Send a test message" (R-WA-4): a configured template, by its key in whatsapp.json, to a number
 * the admin types. Answers with Meta's message id (`messages[0].id`) or the mapped error, never
 * throws for a foreseeable failure, and always writes one audit row WHATSAPP_TEST_SENT whose
 * target is the masked number (+90 532 *** ** 67). Parameters are counted in the row, not copied
 * (they may carry customer data); the token is in no part of the row or result. The result's
 * `message` is a catalogue message; Meta's own words are in `technical_detail`.
 * With `"enabled": false` nothing is sent (and the refusal is audited like any other).
 */
import { isAppError, type ErrorCode } from '../../../shared/errors.js';
import { msg, type Message } from '../../../shared/messages.js';
import type { AuditWriter } from '../audit/audit-types.js';
import type { ResolveContext } from '../secrets/secret-ref.js';
import { sendTemplateMessage } from './graph-api.js';
import { GraphClient, type GraphClientOptions } from './graph-client.js';
import { isWhatsappApiError } from './graph-errors.js';
import { technicalText } from '../checks/check-builders.js';
import { scrubKnownValues } from '../secrets/secret-patterns.js';
import { localPreflight, templateVerdict } from './send-preflight.js';
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
  const refuse = (code: ErrorCode, message: Message, target: string, extra: Partial<TestMessageResult> = {}) =>
    finish({ success: false, code, message, ...extra }, target, code);

  if (!s.enabled) return refuse('E_WHATSAPP_NOT_CONFIGURED', msg('whatsapp.test.disabled'), '(switched off)');
  if (!s.configured) return refuse('E_WHATSAPP_NOT_CONFIGURED', msg('whatsapp.test.not_configured'), '(not configured)');
  const pre = await localPreflight(s, { to: input?.to, template: input?.template, parameters: params });
  if (!pre.ok) return refuse(pre.code, pre.message, pre.target);
  const { e164, target, template: t } = pre;

  // The admin is waiting at the screen: retries keep the configured count but wait at most 5 s each.
  const client = ctx.client ?? new GraphClient(s, ctx.secrets, { maxDelayMs: 5000, maxRetryAfterMs: 10_000, ...ctx.clientOptions });
  // Only an APPROVED template is sent: anything else is refused naming its status, before the send.
  const verdict = await templateVerdict(client, t);
  if (!verdict.ok && 'message' in verdict) {
    return refuse('E_VALIDATION', verdict.message, target, { template: t.name, language: t.language, ...(verdict.status ? { template_status: verdict.status } : {}) });
  }
  const phone = { e164 };
  try {
    if (!verdict.ok) throw verdict.error;
    const sent = await sendTemplateMessage(client, { to: phone.e164, name: t.name, language: t.language, bodyParameters: params });
    return finish(
      { success: true, message_id: sent.message_id, to: target, template: t.name, language: t.language, message: msg('whatsapp.test.sent', { to: target, id: sent.message_id }), attempts: sent.attempts },
      target,
      `template=${t.name}/${t.language} message_id=${sent.message_id} attempts=${sent.attempts}`,
    );
  } catch (err) {
    const code: ErrorCode = isAppError(err) ? err.code : 'E_INTERNAL';
    // Meta's words may quote the recipient: the number never leaves unmasked.
    const technical = scrubKnownValues(technicalText(err), [phone.e164]);
    const r: Omit<TestMessageResult, 'sent_at'> = {
      success: false, code, to: target, template: t.name, language: t.language,
      message: msg('whatsapp.test.failed', { reason: isAppError(err) ? err.text : msg('errors.E_INTERNAL.message') }),
      ...(isAppError(err) ? { next_step: err.nextStep } : {}),
      technical_detail: technical,
      ...(isWhatsappApiError(err) ? { reason: err.reason, attempts: err.attempts, ...(err.fbtrace_id ? { fbtrace_id: err.fbtrace_id } : {}) } : {}),
    };
    return finish(r, target, technical);
  }
}
