/**
 * WhatsApp diagnostics (R-WA-2, R-WA-3, R-DIAG-1): the same check shape as Mikro's
 * (`{name, status, detail, detail_tr, recommendation, recommendation_tr, duration_ms}`), names
 * `whatsapp_*`. One phone-number lookup feeds three checks (reachable, token, phone quality):
 * reachability failures (timeouts, 5xx, network) are told apart from auth failures, and a check
 * whose input could not be fetched says "not checked" (WARN) instead of repeating the root cause.
 *
 * Not configured (no phone_number_id) → only `whatsapp_config` WARN with the setup step.
 * Every check has its own deadline (R-DIAG-3); the token never appears in any text.
 */
import { performance } from 'node:perf_hooks';
import { resolveSecretValue, type ResolveContext } from '../secrets/secret-ref.js';
import { scrubKnownValues } from '../secrets/secret-patterns.js';
import { bad, errorText, isLocalError, notChecked, ok, settle, withDeadline, type Outcome, type WhatsappCheck } from './check-result.js';
import { playbookMetaStatus, playbookToken, permissionFix, SETUP, storeHint } from './check-texts.js';
import { checkTemplates } from './checks-templates.js';
import { checkWebhookHandshake, checkWebhookVerifyToken } from './checks-webhook.js';
import { getPhoneNumber, listMessageTemplates, type PhoneNumberInfo, type RemoteTemplate } from './graph-api.js';
import { GraphClient, type GraphClientOptions } from './graph-client.js';
import { isWhatsappApiError, WhatsappApiError } from './graph-errors.js';
import { assessPhone } from './phone-quality.js';
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
}

export function configCheck(eff: EffectiveWhatsappSettings): WhatsappCheck {
  const name = 'whatsapp_config';
  const s = eff.settings;
  if (!s.configured) {
    return bad(name, 'WARN', 'WhatsApp is not configured: phone_number_id is empty in whatsapp.json and system_config.json', 'WhatsApp yapılandırılmamış: whatsapp.json ve system_config.json içinde phone_number_id boş', SETUP);
  }
  const list = (sev: 'error' | 'warning', lang: 'en' | 'tr') =>
    eff.problems.filter((p) => p.severity === sev).map((p) => `${p.file} ${p.path}: ${lang === 'en' ? p.message : p.message_tr}`).join('; ');
  const errors = list('error', 'en');
  if (errors) {
    return bad(name, 'FAIL', `Configuration problems: ${errors}`, `Yapılandırma sorunları: ${list('error', 'tr')}`, {
      en: 'Correct the listed keys in the named file (Settings → WhatsApp). Secrets must be VAULT:/ENV: references: use "Move to keychain" or `optiplan360 config check --fix-secrets`.',
      tr: 'Belirtilen dosyadaki anahtarları düzeltin (Ayarlar → WhatsApp). Gizli değerler VAULT:/ENV: referansı olmalı: "Anahtar zincirine taşı" veya `optiplan360 config check --fix-secrets` kullanın.',
    });
  }
  const summary = `phone_number_id ${s.phone_number_id}, business_account_id ${s.business_account_id ?? '(not set)'}, access token ${s.access_token_ref}, ${Object.keys(s.templates).length} template(s), API ${s.base_url}/${s.api_version}`;
  const summaryTr = `phone_number_id ${s.phone_number_id}, business_account_id ${s.business_account_id ?? '(tanımsız)'}, erişim token'ı ${s.access_token_ref}, ${Object.keys(s.templates).length} şablon, API ${s.base_url}/${s.api_version}`;
  const warnings = list('warning', 'en');
  if (warnings) {
    return bad(name, 'WARN', `${summary}. Warnings: ${warnings}`, `${summaryTr}. Uyarılar: ${list('warning', 'tr')}`, {
      en: 'Review the listed keys in the named file (Settings → WhatsApp).',
      tr: 'Belirtilen dosyadaki anahtarları gözden geçirin (Ayarlar → WhatsApp).',
    });
  }
  return ok(name, `Configured: ${summary}`, `Yapılandırılmış: ${summaryTr}`);
}

export function reachableCheck(s: WhatsappSettings, phone: Outcome<PhoneNumberInfo>): WhatsappCheck {
  const name = 'whatsapp_api_reachable';
  const host = new URL(s.base_url).host;
  if (phone.ok) return ok(name, `Graph API at ${host} answered in ${phone.value.latency_ms} ms`, `${host} adresindeki Graph API ${phone.value.latency_ms} ms içinde yanıt verdi`);
  const e = phone.error;
  if (isLocalError(e)) return notChecked(name, e);
  if (isWhatsappApiError(e) && e.code === 'E_WHATSAPP_UNREACHABLE') {
    const kind = e.reason === 'timeout' ? 'Timeout' : e.reason === 'server_error' ? `Meta server error (HTTP ${e.http_status ?? '5xx'})` : 'Network error';
    const kindTr = e.reason === 'timeout' ? 'Zaman aşımı' : e.reason === 'server_error' ? `Meta sunucu hatası (HTTP ${e.http_status ?? '5xx'})` : 'Ağ hatası';
    return bad(name, 'FAIL', `${kind}: ${e.message}`, `${kindTr}: ${e.message_tr}`, playbookMetaStatus(s.base_url));
  }
  if (isWhatsappApiError(e) && e.code === 'E_WHATSAPP_RATE_LIMITED') {
    return bad(name, 'WARN', `Reachable, but rate limited: ${e.message}`, `Erişilebilir, ancak hız sınırına takıldı: ${e.message_tr}`, {
      en: `Wait${e.retry_after_seconds ? ` ${e.retry_after_seconds} s` : ''} and run the checks again; if it persists, lower rate_limits in whatsapp.json. ${playbookMetaStatus(s.base_url).en}`,
      tr: `${e.retry_after_seconds ? `${e.retry_after_seconds} sn ` : ''}bekleyip kontrolleri yeniden çalıştırın; sürerse whatsapp.json içindeki rate_limits değerlerini düşürün. ${playbookMetaStatus(s.base_url).tr}`,
    });
  }
  // Meta answered (an auth or permission error): the API itself is reachable.
  return ok(name, `Graph API at ${host} is reachable (it answered: ${errorText(e).en})`, `${host} adresindeki Graph API erişilebilir (yanıt: ${errorText(e).tr})`);
}

export function tokenCheck(s: WhatsappSettings, phone: Outcome<PhoneNumberInfo>): WhatsappCheck {
  const name = 'whatsapp_token';
  if (phone.ok) {
    const v = phone.value;
    const who = `${v.display_phone_number ?? s.phone_number_id}${v.verified_name ? ` (${v.verified_name})` : ''}`;
    return ok(name, `Access token accepted by Meta for phone number ${who}`, `Erişim token'ı ${who} telefon numarası için Meta tarafından kabul edildi`);
  }
  const e = phone.error;
  if (isWhatsappApiError(e) && e.code === 'E_WHATSAPP_TOKEN_INVALID') {
    const what = e.reason === 'token_expired' ? 'Token expired' : 'Token invalid';
    const whatTr = e.reason === 'token_expired' ? 'Token süresi dolmuş' : 'Token geçersiz';
    return bad(name, 'FAIL', `${what}: ${e.message}`, `${whatTr}: ${e.message_tr}`, playbookToken(s.access_token_ref));
  }
  if (isWhatsappApiError(e) && e.code === 'E_WHATSAPP_PERMISSION') {
    return bad(name, 'FAIL', e.message, e.message_tr, permissionFix(s.access_token_ref));
  }
  if (isWhatsappApiError(e) && (e.code === 'E_WHATSAPP_UNREACHABLE' || e.code === 'E_WHATSAPP_RATE_LIMITED')) {
    return bad(name, 'WARN', `Token could not be verified: ${e.message}`, `Token doğrulanamadı: ${e.message_tr}`, playbookMetaStatus(s.base_url));
  }
  if (isLocalError(e)) {
    const t = errorText(e);
    const h = storeHint(s.access_token_ref, 'whatsapp_access_token');
    return bad(name, 'FAIL', `No usable access token: ${t.en}`, `Kullanılabilir erişim token'ı yok: ${t.tr}`, { en: `Put the token in the secret store: ${h.en}. ${playbookToken(s.access_token_ref).en}`, tr: `Token'ı gizli bilgi deposuna koyun: ${h.tr}. ${playbookToken(s.access_token_ref).tr}` });
  }
  const t = errorText(e);
  return bad(name, 'FAIL', t.en, t.tr, playbookToken(s.access_token_ref));
}

export function phoneCheck(phone: Outcome<PhoneNumberInfo>): WhatsappCheck {
  if (!phone.ok) return notChecked('whatsapp_phone_number', phone.error);
  return assessPhone(phone.value);
}

/** Stamp a duration and scrub known secret values from every text (a last line of defence). */
function finish(check: WhatsappCheck, ms: number, secrets: readonly string[]): WhatsappCheck {
  const scrub = (v: string | null | undefined) => (typeof v === 'string' ? scrubKnownValues(v, secrets) : v);
  return {
    ...check,
    detail: scrub(check.detail)!,
    ...(check.detail_tr !== undefined ? { detail_tr: scrub(check.detail_tr)! } : {}),
    recommendation: scrub(check.recommendation) ?? null,
    ...(check.recommendation_tr !== undefined ? { recommendation_tr: scrub(check.recommendation_tr) ?? null } : {}),
    duration_ms: Math.round(ms * 10) / 10,
  };
}

/** Run every WhatsApp check. Never throws; a check that cannot finish in time FAILs naming the timeout. */
export async function runWhatsappChecks(eff: EffectiveWhatsappSettings, ctx: WhatsappCheckContext): Promise<WhatsappCheck[]> {
  const started = performance.now();
  const since = () => performance.now() - started;
  const s = eff.settings;
  const config = configCheck(eff);
  if (!s.configured) return [finish(config, since(), [])];

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
  const late = (): Outcome<never> => ({ ok: false, error: new WhatsappApiError({ reason: 'timeout', note: `the check did not finish within ${checkTimeoutMs / 1000} s`, note_tr: `kontrol ${checkTimeoutMs / 1000} sn içinde bitmedi` }) });
  const lateCheck = (name: string) => () => bad(name, 'FAIL', `Did not finish within ${checkTimeoutMs / 1000} s (secret store or network hung)`, `${checkTimeoutMs / 1000} sn içinde bitmedi (gizli bilgi deposu veya ağ yanıt vermedi)`, playbookMetaStatus(s.base_url));
  const [phone, templates, verify, handshake] = await Promise.all([
    withDeadline(settle(getPhoneNumber(client, { signal })), checkTimeoutMs, late).then((o) => ({ o, ms: since() })),
    (wantTemplates ? withDeadline(settle(listMessageTemplates(client, { signal })), checkTimeoutMs, late) : Promise.resolve<Outcome<RemoteTemplate[]> | null>(null)).then((o) => ({ o, ms: since() })),
    withDeadline(checkWebhookVerifyToken(s, ctx), checkTimeoutMs, lateCheck('whatsapp_webhook_verify_token')).then((c) => ({ c, ms: since() })),
    (ctx.handshake === false ? Promise.resolve(null) : withDeadline(checkWebhookHandshake(s, { ...ctx, timeoutMs }), checkTimeoutMs, lateCheck('whatsapp_webhook_handshake'))).then((c) => ({ c, ms: since() })),
  ]);
  // Known secret values, for a last scrub of every text (bounded: the store may be the thing that hung).
  const known = await withDeadline(knownSecrets(s, ctx), 1000, () => (ctx.otherSecrets ?? []).map((o) => o.value));
  const checks: Array<[WhatsappCheck, number]> = [
    [config, 0],
    [reachableCheck(s, phone.o), phone.ms],
    [tokenCheck(s, phone.o), phone.ms],
    [phoneCheck(phone.o), phone.ms],
    [checkTemplates(s, templates.o), templates.ms],
    [verify.c, verify.ms],
    ...(handshake.c ? [[handshake.c, handshake.ms] as [WhatsappCheck, number]] : []),
  ];
  return checks.map(([c, ms]) => finish(c, ms, known));
}

async function knownSecrets(s: WhatsappSettings, ctx: WhatsappCheckContext): Promise<string[]> {
  const out: string[] = (ctx.otherSecrets ?? []).map((o) => o.value);
  for (const ref of [s.access_token_ref, s.webhook_verify_token_ref, s.app_secret_ref]) {
    const v = await resolveSecretValue(ref, 'whatsapp', ctx.secrets).catch(() => undefined);
    if (v) out.push(v);
  }
  return out;
}
