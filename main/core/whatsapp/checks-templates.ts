/**
 * `whatsapp_templates` (R-WA-2): every template configured in whatsapp.json exists in the WABA
 * with the same name AND language and is APPROVED — the only status Meta sends. Meta's statuses:
 *   APPROVED                         PASS (WARN when flagged: a disable date is coming)
 *   PENDING, IN_APPEAL               WARN (Meta has not decided yet)
 *   REJECTED, PAUSED, DISABLED, PENDING_DELETION, LIMIT_EXCEEDED, FLAGGED, DELETED, ARCHIVED,
 *   missing, or only in another language                 FAIL, naming each one
 * A PAUSED template is refused by Meta until the pause ends (3 h, then 6 h; a third pause
 * disables it), so it fails now rather than waits.
 * The list is read with the same token as the phone lookup: when the token check failed, or the
 * API could not be reached at all, this check is SKIP naming that check.
 */
import type { CheckStatus } from '../../../shared/checks.js';
import { whatsapp as catalogue } from '../../../shared/i18n/tr/whatsapp.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { msg, type Message } from '../../../shared/messages.js';
import { passed, problem, type CheckOutcome } from '../checks/check-builders.js';
import { isLocalError, joinMessages, raw, reasonOf, skippedFor, type Outcome } from './check-result.js';
import { STEP_RERUN, STEP_SETTINGS, templateSteps } from './check-texts.js';
import type { RemoteTemplate } from './graph-api.js';
import { isWhatsappApiError } from './graph-errors.js';
import type { WhatsappSettings } from './whatsapp-settings.js';

const WAITING = new Set(['PENDING', 'IN_APPEAL']);

/** The only status Meta sends a template in. */
export const SENDABLE_STATUS = 'APPROVED';

/** Meta's template status in words (or as it is when we have none); a flagged one with its disable date. */
export function templateStatusWord(status: string, disableDate: string | null = null): Message {
  const word = Object.hasOwn(catalogue.templates.status, status) ? msg(`whatsapp.templates.status.${status}` as MessageKey) : raw(status);
  return disableDate ? msg('whatsapp.templates.flagged', { status: word, date: disableDate }) : word;
}

/** The statuses of the checks this one depends on (both read with the same token and host). */
export interface TemplateDeps {
  token?: CheckStatus;
  reachable?: CheckStatus;
}

/** `remote` null = not fetched because nothing is configured to compare (or no WABA id). */
export function checkTemplates(s: WhatsappSettings, remote: Outcome<RemoteTemplate[]> | null, deps: TemplateDeps = {}): CheckOutcome {
  const configured = Object.values(s.templates);
  if (configured.length === 0) {
    return problem('WARN', msg('whatsapp.templates.none_configured'), msg('whatsapp.templates.none_configured_rec'), { steps: [STEP_SETTINGS, STEP_RERUN] });
  }
  if (!s.business_account_id || remote === null) {
    return problem('WARN', msg('whatsapp.templates.no_waba'), msg('whatsapp.templates.no_waba_rec'), { steps: [STEP_SETTINGS, STEP_RERUN] });
  }
  if (!remote.ok) {
    const e = remote.error;
    if (deps.reachable === 'FAIL' && isWhatsappApiError(e) && e.code === 'E_WHATSAPP_UNREACHABLE') return skippedFor('whatsapp_api_reachable');
    if (deps.token === 'FAIL' && (isLocalError(e) || isWhatsappApiError(e))) return skippedFor('whatsapp_token');
    const { message, technical } = reasonOf(e);
    if (isWhatsappApiError(e) && e.code === 'E_WHATSAPP_RATE_LIMITED') {
      return problem('WARN', msg('whatsapp.templates.rate_limited'), msg('whatsapp.reachable.rate_limited_rec'), { technical_detail: technical, steps: [STEP_RERUN] });
    }
    const rec = isWhatsappApiError(e) && e.code === 'E_WHATSAPP_PERMISSION' ? msg('whatsapp.token.permission_rec') : msg('whatsapp.next.template');
    return problem('FAIL', msg('whatsapp.templates.list_failed', { reason: message }), rec, { technical_detail: technical, steps: templateSteps() });
  }

  const fails: Message[] = [];
  const waits: Message[] = [];
  const flagged: Message[] = [];
  const good: string[] = [];
  const observed: Record<string, string> = {};
  for (const t of configured) {
    const label = { key: t.key, name: t.name, language: t.language };
    const match = remote.value.find((r) => r.name === t.name && r.language === t.language);
    if (!match) {
      const langs = remote.value.filter((r) => r.name === t.name).map((r) => r.language);
      observed[t.key] = langs.length > 0 ? `other_language:${langs.join(',')}` : 'missing';
      fails.push(msg('whatsapp.templates.item', { ...label, state: langs.length > 0 ? msg('whatsapp.templates.other_language', { languages: langs }) : msg('whatsapp.templates.missing') }));
      continue;
    }
    observed[t.key] = match.disable_date ? `${match.status}:disable_date=${match.disable_date}` : match.status;
    const item = msg('whatsapp.templates.item', { ...label, state: templateStatusWord(match.status, match.disable_date) });
    if (match.status === SENDABLE_STATUS && !match.disable_date) good.push(t.key);
    else if (match.status === SENDABLE_STATUS) flagged.push(item);
    else if (WAITING.has(match.status)) waits.push(item);
    else fails.push(item);
  }
  if (fails.length > 0) {
    return problem('FAIL', msg('whatsapp.templates.fail', { count: fails.length, total: configured.length, items: joinMessages([...fails, ...waits, ...flagged]) }), msg('whatsapp.next.template'), { steps: templateSteps(), observed });
  }
  if (waits.length > 0 || flagged.length > 0) {
    const text = waits.length > 0
      ? msg('whatsapp.templates.wait', { count: waits.length, items: joinMessages([...waits, ...flagged]) })
      : msg('whatsapp.templates.flagged_warn', { count: flagged.length, items: joinMessages(flagged) });
    return problem('WARN', text, msg(waits.length > 0 ? 'whatsapp.next.template' : 'whatsapp.templates.flagged_rec'), { steps: templateSteps(), observed });
  }
  return passed(msg('whatsapp.templates.ok', { count: configured.length, names: good }), observed);
}
