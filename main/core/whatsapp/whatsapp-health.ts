/**
 * The `whatsapp` component of the health report (R-HEALTH, shared/health.ts OtherComponent):
 *  - disabled: `"enabled": false` in whatsapp.json — nothing is read or requested;
 *  - not_configured: no phone_number_id;
 *  - unhealthy: the token is invalid/expired/missing, lacks permission, the API is unreachable,
 *    or Meta's `health_status` says BLOCKED;
 *  - degraded: it works, but Meta says LIMITED, quality is YELLOW/RED, the number or templates
 *    need attention, or Meta is rate limiting;
 *  - healthy: the token is accepted and nothing above applies.
 * One try per call (no retries), a short timeout, and a hard bound on the whole probe so a hung
 * Graph API cannot hold the health endpoint. Nothing is cached: a stale "healthy" hid outages before.
 * `message` is a catalogue message; raw error text (scrubbed of the token) is `technical_detail`.
 */
import { performance } from 'node:perf_hooks';
import type { OtherComponent } from '../../../shared/health.js';
import { msg, type Message } from '../../../shared/messages.js';
import type { ResolveContext } from '../secrets/secret-ref.js';
import { joinMessages, reasonOf, settle } from './check-result.js';
import { healthStatusOutcome, sendLevel } from './checks-health-status.js';
import { checkTemplates } from './checks-templates.js';
import { getPhoneNumber, listMessageTemplates } from './graph-api.js';
import { GraphClient, type GraphClientOptions } from './graph-client.js';
import { isWhatsappApiError } from './graph-errors.js';
import { assessPhone, phoneWho, statusWord } from './phone-quality.js';
import type { EffectiveWhatsappSettings } from './whatsapp-settings.js';

export interface WhatsappHealthOptions {
  secrets: ResolveContext;
  /** Bound for the whole probe in ms; default 3000. */
  timeoutMs?: number;
  clientOptions?: GraphClientOptions;
}

export async function whatsappHealth(eff: EffectiveWhatsappSettings, opts: WhatsappHealthOptions): Promise<OtherComponent> {
  const s = eff.settings;
  if (!s.enabled) return { status: 'disabled', message: msg('whatsapp.health.disabled') };
  if (!s.configured) return { status: 'not_configured', message: msg('whatsapp.health.not_configured') };
  if (!s.access_token_ref) return { status: 'unhealthy', latency_ms: null, message: msg('whatsapp.token.no_ref'), technical_detail: 'E_CONFIG_INVALID: no VAULT:/ENV: access token reference' };
  const timeoutMs = opts.timeoutMs ?? 3000;
  const client = new GraphClient(s, opts.secrets, { timeoutMs, ...opts.clientOptions, retry: { max_attempts: 1 } });
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  const wantTemplates = !!s.business_account_id && Object.keys(s.templates).length > 0;
  const [phone, templates] = await Promise.all([
    settle(getPhoneNumber(client, { signal })),
    wantTemplates ? settle(listMessageTemplates(client, { signal, maxPages: 5 })) : Promise.resolve(null),
  ]);
  const latency_ms = Math.round((performance.now() - started) * 10) / 10;
  if (!phone.ok) {
    const e = phone.error;
    const { message, technical } = reasonOf(e);
    if (isWhatsappApiError(e) && e.code === 'E_WHATSAPP_RATE_LIMITED') return { status: 'degraded', latency_ms, message, technical_detail: technical };
    return { status: 'unhealthy', latency_ms: isWhatsappApiError(e) && e.code === 'E_WHATSAPP_UNREACHABLE' ? null : latency_ms, message, technical_detail: technical };
  }
  const issues: Message[] = [];
  const technical: string[] = [];
  const send = phone.value.health ? sendLevel(phone.value.health) : 0;
  if (send === 2) {
    const h = healthStatusOutcome(phone.value, s.rate_limits.messages_per_day);
    return { status: 'unhealthy', latency_ms, message: h.detail, ...(h.technical_detail ? { technical_detail: h.technical_detail } : {}) };
  }
  if (send === 1) {
    const h = healthStatusOutcome(phone.value, s.rate_limits.messages_per_day);
    issues.push(h.detail);
    if (h.technical_detail) technical.push(h.technical_detail);
  }
  const p = assessPhone(phone.value);
  if (p.status !== 'PASS') issues.push(p.detail);
  if (templates) {
    // Sending may still work when the list cannot be read (e.g. a wrong WABA id), so: degraded.
    if (templates.ok) {
      const t = checkTemplates(s, templates);
      if (t.status !== 'PASS') issues.push(t.detail);
    } else {
      const r = reasonOf(templates.error);
      issues.push(msg('whatsapp.health.templates_unchecked', { reason: r.message }));
      technical.push(r.technical);
    }
  }
  if (issues.length > 0) return { status: 'degraded', latency_ms, message: joinMessages(issues), ...(technical.length ? { technical_detail: technical.join('; ') } : {}) };
  return { status: 'healthy', latency_ms, message: msg('whatsapp.health.healthy', { number: phoneWho(phone.value, s.phone_number_id), quality: statusWord('quality', phone.value.quality_rating) }) };
}

/**
 * For HealthService.setProbe('whatsapp', …). `getSettings` is called on every probe so edits to
 * whatsapp.json show up at once; if it throws, the component is unhealthy with that error.
 */
export function createWhatsappHealthProbe(
  getSettings: () => EffectiveWhatsappSettings | Promise<EffectiveWhatsappSettings>,
  opts: WhatsappHealthOptions,
): () => Promise<OtherComponent> {
  return async () => {
    let eff: EffectiveWhatsappSettings;
    try {
      eff = await getSettings();
    } catch (err) {
      return { status: 'unhealthy', latency_ms: null, message: msg('whatsapp.health.settings_unreadable'), technical_detail: reasonOf(err).technical };
    }
    const limit = (opts.timeoutMs ?? 3000) + 500;
    let timer: NodeJS.Timeout | undefined;
    // The client's own timeouts should end it first; this bound also covers a hung secret store.
    const bound = new Promise<OtherComponent>((resolve) => {
      timer = setTimeout(() => resolve({ status: 'unhealthy', latency_ms: null, message: msg('whatsapp.health.no_answer', { timeout: limit }), technical_detail: `E_WHATSAPP_UNREACHABLE: no answer within ${limit} ms` }), limit);
    });
    try {
      return await Promise.race([whatsappHealth(eff, opts), bound]);
    } finally {
      clearTimeout(timer);
    }
  };
}
