/**
 * What is checked before a template message leaves the console (test message and outbox alike):
 *  1. WhatsApp is on and set up;
 *  2. the number is a valid mobile number (libphonenumber-js, see phone.ts);
 *  3. the template key is configured, and the body parameter count matches its definition;
 *  4. (with a WABA id) Meta lists the template in that language as APPROVED — the only status
 *     Meta sends. A template in any other status is refused naming it, before the send request.
 * Steps 1–3 make no request; step 4 is one read of the template list filtered by name.
 */
import type { ErrorCode } from '../../../shared/errors.js';
import { msg, type Message } from '../../../shared/messages.js';
import { SENDABLE_STATUS, templateStatusWord } from './checks-templates.js';
import { listMessageTemplates } from './graph-api.js';
import type { GraphClient } from './graph-client.js';
import { isWhatsappApiError } from './graph-errors.js';
import { maskPhone, tryMobileNumber } from './phone.js';
import type { TemplateSetting } from './settings-validate.js';
import { validateBodyParameters } from './template-params.js';
import type { WhatsappSettings } from './whatsapp-settings.js';

export interface SendRequest {
  to: unknown;
  template: unknown;
  parameters: readonly string[];
}

export type Preflight =
  | { ok: true; e164: string; target: string; template: TemplateSetting }
  | { ok: false; code: ErrorCode; message: Message; target: string; template?: TemplateSetting };

/** Steps 1–3: no request is made. `target` is the masked number (or why there is none). */
export async function localPreflight(s: WhatsappSettings, req: SendRequest, wrap: (reason: Message) => Message = (m) => m): Promise<Preflight> {
  if (!s.enabled) return { ok: false, code: 'E_WHATSAPP_NOT_CONFIGURED', message: wrap(msg('whatsapp.outbox.disabled')), target: '(switched off)' };
  if (!s.configured) return { ok: false, code: 'E_WHATSAPP_NOT_CONFIGURED', message: wrap(msg('whatsapp.outbox.not_configured')), target: '(not configured)' };
  const phone = await tryMobileNumber(req.to);
  if (!phone.ok) return { ok: false, code: 'E_VALIDATION', message: wrap(msg('whatsapp.test.invalid_phone', { reason: phone.message })), target: '(invalid number)' };
  const target = maskPhone(phone.e164);
  const t = typeof req.template === 'string' && Object.hasOwn(s.templates, req.template) ? s.templates[req.template] : undefined;
  if (!t) {
    const known = Object.keys(s.templates);
    const template = String(req.template);
    const text = known.length > 0 ? msg('whatsapp.test.unknown_template', { template, known }) : msg('whatsapp.test.unknown_template_none', { template });
    return { ok: false, code: 'E_VALIDATION', message: wrap(text), target };
  }
  const check = validateBodyParameters(t.key, t.body_parameter_count, req.parameters);
  if (!check.ok) return { ok: false, code: 'E_VALIDATION', message: wrap(msg('whatsapp.test.invalid_params', { reason: check.message })), target, template: t };
  return { ok: true, e164: phone.e164, target, template: t };
}

export type TemplateVerdict =
  | { ok: true; status: string | null }
  | { ok: false; status: string | null; message: Message }
  | { ok: false; status: null; error: unknown };

/**
 * Step 4. Without a WABA id there is nothing to ask (Meta's answer to the send will tell). A
 * token that may send but not read templates (permission error on the list) is not held
 * against the send either; any other failure of the read is returned as the error.
 */
export async function templateVerdict(client: GraphClient, t: TemplateSetting, signal?: AbortSignal): Promise<TemplateVerdict> {
  if (!client.settings.business_account_id) return { ok: true, status: null };
  let rows;
  try {
    rows = await listMessageTemplates(client, { name: t.name, maxPages: 3, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (isWhatsappApiError(error) && error.code === 'E_WHATSAPP_PERMISSION') return { ok: true, status: null };
    return { ok: false, status: null, error };
  }
  const label = { template: t.key, name: t.name, language: t.language };
  const match = rows.find((r) => r.name === t.name && r.language === t.language);
  if (!match) return { ok: false, status: 'missing', message: msg('whatsapp.test.template_not_found', label) };
  if (match.status !== SENDABLE_STATUS) {
    return { ok: false, status: match.status, message: msg('whatsapp.test.not_sendable', { ...label, status: templateStatusWord(match.status, match.disable_date) }) };
  }
  return { ok: true, status: match.status };
}
