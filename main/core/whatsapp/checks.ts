/**
 * WhatsApp diagnostics (R-WA-2, R-WA-3, R-DIAG-1): the one shared check shape, category
 * `whatsapp`, names `whatsapp_*`, every text a catalogue message. One phone-number lookup feeds
 * three checks (reachable, token, phone quality): reachability failures (timeouts, 5xx, network)
 * are told apart from auth failures, and a check whose input could not be fetched because another
 * check failed is SKIP naming that check — it says nothing about health either way.
 *
 *   `"enabled": false`  every check SKIP (`whatsapp.json enabled`); no secret is read, no request sent.
 *   not configured     only `whatsapp_config` WARN: set it up or switch it off.
 *
 * Every check has its own deadline (R-DIAG-3); the token never appears in any text (a last scrub
 * of every string in the results replaces known secret values).
 */
import { performance } from 'node:perf_hooks';
import { looksLikeMessage, msg, type Message } from '../../../shared/messages.js';
import { crashed, passed, problem, type CheckOutcome } from '../checks/check-builders.js';
import { resolveSecretValue, type ResolveContext } from '../secrets/secret-ref.js';
import { scrubKnownValues } from '../secrets/secret-patterns.js';
import {
  isLocalError, joinMessages, reasonOf, settle, skippedDisabled, skippedFor, WHATSAPP_CHECK_NAMES, whatsappCheck, withDeadline,
  type Outcome, type WhatsappCheck, type WhatsappCheckName,
} from './check-result.js';
import { STEP_RERUN, STEP_SETTINGS, storeHint, tokenSteps, unreachableRec, unreachableSteps } from './check-texts.js';
import { healthStatusOutcome } from './checks-health-status.js';
import { checkTemplates } from './checks-templates.js';
import { apiVersionOutcome } from './checks-version.js';
import { handshakeOutcome, verifyTokenOutcome } from './checks-webhook.js';
import { getPhoneNumber, listMessageTemplates, type PhoneNumberInfo, type RemoteTemplate } from './graph-api.js';
import { GraphClient, type GraphClientOptions } from './graph-client.js';
import { isWhatsappApiError, WhatsappApiError } from './graph-errors.js';
import { assessPhone, phoneWho } from './phone-quality.js';
import type { OtherSecret } from './verify-token.js';
import type { EffectiveWhatsappSettings, WhatsappSettings } from './whatsapp-settings.js';

export interface WhatsappCheckContext {
  secrets: ResolveContext;
  /** Per Graph request; default 5 s (diagnostics must not wait for the 10 s send timeout). */
  timeoutMs?: number;
  /** Bound for each check, retries included; default 2 × timeoutMs + 2 s. */
  checkTimeoutMs?: number;
  /** Client overrides (fetch, retry, delayScale…). By default checks try twice with at most 1 s between. */
  clientOptions?: GraphClientOptions;
  /** Other configured secrets (database password, …) the verify token must differ from. */
  otherSecrets?: OtherSecret[];
  /** Run the live handshake when webhook_url is set; default true. */
  handshake?: boolean;
  /** The clock the version check reads (tests set it); default the system clock. */
  now?: () => Date;
}

export function configOutcome(eff: EffectiveWhatsappSettings): CheckOutcome {
  const s = eff.settings;
  if (!s.enabled) return skippedDisabled();
  if (!s.configured) return problem('WARN', msg('whatsapp.config.not_set_up'), msg('whatsapp.config.not_set_up_rec'), { steps: [STEP_SETTINGS, STEP_RERUN] });
  const items = (sev: 'error' | 'warning') =>
    eff.problems.filter((p) => p.severity === sev).map((p) => msg('whatsapp.config.problem_item', { file: p.file, path: p.path, message: p.message }));
  const technical = eff.problems.filter((p) => p.technical_detail).map((p) => `${p.file} ${p.path}: ${p.technical_detail}`).join('; ') || undefined;
  const errors = items('error');
  const observed = { errors: errors.length, warnings: eff.problems.length - errors.length, templates: Object.keys(s.templates).length };
  if (errors.length > 0) {
    return problem('FAIL', msg('whatsapp.config.errors', { count: errors.length, items: joinMessages(errors) }), msg('whatsapp.config.errors_rec'), { steps: [STEP_SETTINGS, STEP_RERUN], observed, technical_detail: technical });
  }
  const warnings = items('warning');
  if (warnings.length > 0) {
    return problem('WARN', msg('whatsapp.config.warnings', { count: warnings.length, items: joinMessages(warnings) }), msg('whatsapp.config.warnings_rec'), { steps: [STEP_SETTINGS, STEP_RERUN], observed, technical_detail: technical });
  }
  return passed(msg('whatsapp.config.ok', { phone_number_id: s.phone_number_id, token_ref: s.access_token_ref, templates: Object.keys(s.templates).length, api: `${s.base_url}/${s.api_version}` }), observed);
}

export function configCheck(eff: EffectiveWhatsappSettings): WhatsappCheck {
  return whatsappCheck('whatsapp_config', configOutcome(eff), 0);
}

const hostOf = (s: WhatsappSettings) => new URL(s.base_url).host;

export function reachableOutcome(s: WhatsappSettings, phone: Outcome<PhoneNumberInfo>): CheckOutcome {
  const host = hostOf(s);
  if (phone.ok) return passed(msg('whatsapp.reachable.ok', { host, latency: phone.value.latency_ms }), { latency_ms: phone.value.latency_ms });
  const e = phone.error;
  // No request left this machine: the token check names the cause.
  if (isLocalError(e)) return skippedFor('whatsapp_token');
  if (!isWhatsappApiError(e)) return crashed(e);
  const technical = reasonOf(e).technical;
  if (e.code === 'E_WHATSAPP_UNREACHABLE') {
    return problem('FAIL', e.text, unreachableRec(s.base_url), { steps: unreachableSteps(s.base_url), technical_detail: technical, observed: { reason: e.reason, http_status: e.http_status, attempts: e.attempts } });
  }
  if (e.code === 'E_WHATSAPP_RATE_LIMITED') {
    return problem('WARN', msg('whatsapp.reachable.rate_limited', { reason: e.text }), msg('whatsapp.reachable.rate_limited_rec'), {
      steps: unreachableSteps(s.base_url),
      technical_detail: technical,
      observed: { retry_after_seconds: e.retry_after_seconds },
    });
  }
  // Meta answered (an auth or permission error): the API itself is reachable.
  return passed(msg('whatsapp.reachable.answered', { host, reason: e.text }), { http_status: e.http_status });
}

export function tokenOutcome(s: WhatsappSettings, phone: Outcome<PhoneNumberInfo>): CheckOutcome {
  if (phone.ok) return passed(msg('whatsapp.token.ok', { who: phoneWho(phone.value, s.phone_number_id) }));
  const e = phone.error;
  const { technical } = reasonOf(e);
  if (isWhatsappApiError(e)) {
    if (e.code === 'E_WHATSAPP_TOKEN_INVALID') return problem('FAIL', e.text, msg('whatsapp.token.renew_rec'), { steps: tokenSteps(s.access_token_ref), technical_detail: technical, observed: { reason: e.reason } });
    if (e.code === 'E_WHATSAPP_PERMISSION') return problem('FAIL', e.text, msg('whatsapp.token.permission_rec'), { steps: tokenSteps(s.access_token_ref), technical_detail: technical, observed: { reason: e.reason } });
    if (e.code === 'E_WHATSAPP_UNREACHABLE') return skippedFor('whatsapp_api_reachable');
    if (e.code === 'E_WHATSAPP_RATE_LIMITED') return problem('WARN', msg('whatsapp.token.rate_limited'), msg('whatsapp.token.wait_rec'), { steps: [STEP_RERUN], technical_detail: technical });
  }
  if (isLocalError(e)) {
    const ref = s.access_token_ref;
    if (!ref) return problem('FAIL', msg('whatsapp.token.no_ref'), msg('whatsapp.token.store_rec', { how: storeHint(null, 'whatsapp_access_token') }), { steps: [STEP_SETTINGS, STEP_RERUN], technical_detail: technical });
    return problem('FAIL', msg('whatsapp.token.unusable', { ref, reason: reasonOf(e).message }), msg('whatsapp.token.store_rec', { how: storeHint(ref, 'whatsapp_access_token') }), {
      steps: tokenSteps(ref),
      technical_detail: technical,
    });
  }
  return crashed(e);
}

/** The phone number's quality, when the lookup answered; otherwise SKIP naming the check that failed. */
export function phoneOutcome(phone: Outcome<PhoneNumberInfo>, reachable: CheckOutcome, token: CheckOutcome, assess: (v: PhoneNumberInfo) => CheckOutcome = assessPhone): CheckOutcome {
  if (phone.ok) return assess(phone.value);
  if (reachable.status === 'FAIL') return skippedFor('whatsapp_api_reachable');
  if (token.status === 'FAIL') return skippedFor('whatsapp_token');
  const e = phone.error;
  if (isWhatsappApiError(e) && e.code === 'E_WHATSAPP_RATE_LIMITED') return problem('WARN', msg('whatsapp.phone.rate_limited'), msg('whatsapp.token.wait_rec'), { steps: [STEP_RERUN], technical_detail: reasonOf(e).technical });
  return crashed(e);
}

/**
 * Scrub known secret values from every text a check carries (a last line of defence): message
 * parameters, technical detail and observed figures — never names, statuses or message keys.
 */
function scrubCheck(c: WhatsappCheck, secrets: readonly string[]): WhatsappCheck {
  if (secrets.length === 0) return c;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubKnownValues(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (looksLikeMessage(v)) return message(v);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  // A message keeps its key; only its parameters (nested messages included) are scrubbed.
  const message = (m: Message): Message => (m.params ? { key: m.key, params: walk(m.params) as Message['params'] } : m);
  const out: WhatsappCheck = { ...c, detail: message(c.detail), recommendation: c.recommendation ? message(c.recommendation) : null, steps: c.steps.map(message) };
  if (c.technical_detail) out.technical_detail = scrubKnownValues(c.technical_detail, secrets);
  if (c.observed) out.observed = walk(c.observed) as Record<string, unknown>;
  return out;
}

/**
 * The checks `runWhatsappChecks` reports for these settings, in order: diagnostics declares them
 * up front, so a crashed or timed-out run still shows each as FAIL. Set up (or switched off):
 * all of them, the handshake only with a webhook_url; not set up: only whatsapp_config.
 */
export function whatsappCheckNames(s: Pick<WhatsappSettings, 'enabled' | 'configured' | 'webhook_url'>): WhatsappCheckName[] {
  if (s.enabled && !s.configured) return ['whatsapp_config'];
  return WHATSAPP_CHECK_NAMES.filter((n) => n !== 'whatsapp_webhook_handshake' || !!s.webhook_url);
}

/** Run every WhatsApp check. Never throws; a check that cannot finish in time FAILs naming the timeout. */
export async function runWhatsappChecks(eff: EffectiveWhatsappSettings, ctx: WhatsappCheckContext): Promise<WhatsappCheck[]> {
  const started = performance.now();
  const since = () => performance.now() - started;
  const s = eff.settings;
  const config = configOutcome(eff);
  if (!s.enabled) {
    // Switched off: every check it would run, SKIP; nothing is resolved or requested.
    return whatsappCheckNames(s).map((n) => whatsappCheck(n, skippedDisabled(), 0));
  }
  if (!s.configured) return [whatsappCheck('whatsapp_config', config, since())];

  const timeoutMs = ctx.timeoutMs ?? 5000;
  const checkTimeoutMs = ctx.checkTimeoutMs ?? 2 * timeoutMs + 2000;
  const client = new GraphClient(s, ctx.secrets, {
    timeoutMs,
    retry: { max_attempts: Math.min(2, s.retry_settings.max_attempts) },
    maxDelayMs: 1000,
    maxRetryAfterMs: 5000,
    ...ctx.clientOptions,
  });
  const signal = AbortSignal.timeout(checkTimeoutMs);
  const wantTemplates = Object.keys(s.templates).length > 0 && !!s.business_account_id;
  // The request signal bounds the Graph calls; the deadlines also cover a hung keychain.
  const late = (): Outcome<never> => ({
    ok: false,
    error: new WhatsappApiError({ reason: 'timeout', text: msg('whatsapp.errors.deadline', { timeout: checkTimeoutMs }), technical: `check deadline ${checkTimeoutMs} ms` }),
  });
  // A check that outlived its deadline: the keychain or the network hung (the message says both).
  const lateOutcome = (): CheckOutcome =>
    problem('FAIL', msg('whatsapp.errors.deadline', { timeout: checkTimeoutMs }), unreachableRec(s.base_url), { steps: [msg('errors.E_KEYCHAIN_UNAVAILABLE.next_step'), ...unreachableSteps(s.base_url)] });
  const [phone, templates, verify, handshake] = await Promise.all([
    withDeadline(settle(getPhoneNumber(client, { signal })), checkTimeoutMs, late).then((o) => ({ o, ms: since() })),
    (wantTemplates ? withDeadline(settle(listMessageTemplates(client, { signal })), checkTimeoutMs, late) : Promise.resolve<Outcome<RemoteTemplate[]> | null>(null)).then((o) => ({ o, ms: since() })),
    withDeadline(verifyTokenOutcome(s, ctx).catch(crashed), checkTimeoutMs, lateOutcome).then((c) => ({ c, ms: since() })),
    (ctx.handshake === false ? Promise.resolve(null) : withDeadline(handshakeOutcome(s, { ...ctx, timeoutMs }).catch(crashed), checkTimeoutMs, lateOutcome)).then((c) => ({ c, ms: since() })),
  ]);
  // Known secret values, for a last scrub of every text (bounded: the store may be the thing that hung).
  const known = await withDeadline(knownSecrets(s, ctx), 1000, () => (ctx.otherSecrets ?? []).map((o) => o.value));
  const reachable = reachableOutcome(s, phone.o);
  const token = tokenOutcome(s, phone.o);
  const checks: WhatsappCheck[] = [
    whatsappCheck('whatsapp_config', config, 0),
    whatsappCheck('whatsapp_api_version', apiVersionOutcome(s, (ctx.now ?? (() => new Date()))()), 0),
    whatsappCheck('whatsapp_api_reachable', reachable, phone.ms),
    whatsappCheck('whatsapp_token', token, phone.ms),
    whatsappCheck('whatsapp_phone_number', phoneOutcome(phone.o, reachable, token), phone.ms),
    whatsappCheck('whatsapp_health_status', phoneOutcome(phone.o, reachable, token, (v) => healthStatusOutcome(v, s.rate_limits.messages_per_day)), phone.ms),
    whatsappCheck('whatsapp_templates', checkTemplates(s, templates.o, { token: token.status, reachable: reachable.status }), templates.ms),
    whatsappCheck('whatsapp_webhook_verify_token', verify.c, verify.ms),
    ...(handshake.c ? [whatsappCheck('whatsapp_webhook_handshake', handshake.c, handshake.ms)] : []),
  ];
  return checks.map((c) => scrubCheck(c, known));
}

async function knownSecrets(s: WhatsappSettings, ctx: WhatsappCheckContext): Promise<string[]> {
  const out: string[] = (ctx.otherSecrets ?? []).map((o) => o.value);
  for (const ref of [s.access_token_ref, s.webhook_verify_token_ref, s.app_secret_ref]) {
    const v = await resolveSecretValue(ref, 'whatsapp', ctx.secrets).catch(() => undefined);
    if (v) out.push(v);
  }
  return out;
}
