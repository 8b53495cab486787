/**
 * Webhook checks (R-WA-3).
 *  - `whatsapp_webhook_verify_token`: the resolved token is strong (see verify-token.ts). Weak →
 *    FAIL in production, WARN elsewhere, so development setups are nagged but not blocked.
 *  - `whatsapp_webhook_handshake` (only when `webhook_url` is set): the GET Meta sends when a
 *    webhook is subscribed — `hub.mode=subscribe`, `hub.verify_token`, `hub.challenge` — must be
 *    answered 200 with the challenge echoed exactly. The challenge is random digits, as Meta's is
 *    (servers that parse it as an integer must still pass). The verify token travels in the query
 *    because that is the protocol; the URL with its query is never put in a result or error.
 */
import { randomInt } from 'node:crypto';
import { resolveSecretValue, type ResolveContext } from '../secrets/secret-ref.js';
import { scrubKnownValues } from '../secrets/secret-patterns.js';
import { bad, ok, type WhatsappCheck } from './check-result.js';
import { verifyTokenFix } from './check-texts.js';
import { assessVerifyToken, MIN_VERIFY_TOKEN_LENGTH, type OtherSecret } from './verify-token.js';
import type { WhatsappSettings } from './whatsapp-settings.js';

export interface WebhookCheckContext {
  secrets: ResolveContext;
  otherSecrets?: OtherSecret[];
  timeoutMs?: number;
  clientOptions?: { fetch?: typeof fetch };
}

const tryResolve = (ref: string | null, ctx: WebhookCheckContext) => resolveSecretValue(ref, 'whatsapp', ctx.secrets).catch(() => undefined);

export async function checkWebhookVerifyToken(s: WhatsappSettings, ctx: WebhookCheckContext): Promise<WhatsappCheck> {
  const name = 'whatsapp_webhook_verify_token';
  const prod = s.environment === 'production';
  const level = prod ? 'FAIL' : 'WARN';
  const envText = prod ? 'production: a weak token fails' : `${s.environment}: a weak token is a warning here and a failure in production`;
  const envTextTr = prod ? 'üretim ortamı: zayıf token başarısız sayılır' : `${s.environment} ortamı: zayıf token burada uyarı, üretimde hatadır`;
  const fix = verifyTokenFix(s.webhook_verify_token_ref);
  if (!s.webhook_verify_token_ref) {
    return bad(name, level, `No usable webhook verify token reference (webhook_verify_token must be VAULT:<name> or ENV:<NAME>) — ${envText}`, `Kullanılabilir webhook doğrulama token referansı yok (webhook_verify_token VAULT:<ad> veya ENV:<AD> olmalı) — ${envTextTr}`, fix);
  }
  let token: string;
  try {
    token = (await resolveSecretValue(s.webhook_verify_token_ref, 'whatsapp.webhook_verify_token', ctx.secrets))!;
  } catch (err) {
    const m = (err as Error).message;
    return bad(name, level, `Verify token ${s.webhook_verify_token_ref} could not be read: ${m} — ${envText}`, `${s.webhook_verify_token_ref} doğrulama token'ı okunamadı: ${m} — ${envTextTr}`, fix);
  }
  const others: OtherSecret[] = [...(ctx.otherSecrets ?? [])];
  const access = await tryResolve(s.access_token_ref, ctx);
  if (access) others.push({ label: 'WhatsApp access token', label_tr: 'WhatsApp erişim token\'ı', value: access });
  const appSecret = await tryResolve(s.app_secret_ref, ctx);
  if (appSecret) others.push({ label: 'app secret', label_tr: 'uygulama gizli anahtarı', value: appSecret });

  const weak = assessVerifyToken(token, others);
  if (weak.length === 0) {
    return ok(name, `Verify token ${s.webhook_verify_token_ref} is strong: at least ${MIN_VERIFY_TOKEN_LENGTH} characters, not a default, different from ${others.length} other secret(s)`, `${s.webhook_verify_token_ref} doğrulama token'ı güçlü: en az ${MIN_VERIFY_TOKEN_LENGTH} karakter, varsayılan değil, ${others.length} diğer gizli değerden farklı`);
  }
  return bad(name, level, `Verify token ${s.webhook_verify_token_ref} is weak: it ${weak.map((w) => w.en).join('; it ')} — ${envText}`, `${s.webhook_verify_token_ref} doğrulama token'ı zayıf: ${weak.map((w) => w.tr).join('; ')} — ${envTextTr}`, fix);
}

/** The URL as safe to show: no query, no fragment, no credentials. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

export async function checkWebhookHandshake(s: WhatsappSettings, ctx: WebhookCheckContext): Promise<WhatsappCheck | null> {
  if (!s.webhook_url) return null;
  const name = 'whatsapp_webhook_handshake';
  const where = shownUrl(s.webhook_url);
  const fix = {
    en: `Make the webhook at ${where} answer GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… with HTTP 200 and exactly the challenge as the body (plain text) when the token matches, 403 otherwise; the token it compares with must be the value of ${s.webhook_verify_token_ref ?? 'webhook_verify_token'}.`,
    tr: `${where} adresindeki webhook, GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=… isteğine token eşleşirse HTTP 200 ve gövdede yalnızca challenge değeriyle (düz metin), eşleşmezse 403 ile yanıt vermeli; karşılaştırdığı token ${s.webhook_verify_token_ref ?? 'webhook_verify_token'} değeri olmalı.`,
  };
  let token: string;
  try {
    const v = await resolveSecretValue(s.webhook_verify_token_ref, 'whatsapp.webhook_verify_token', ctx.secrets);
    if (!v) return bad(name, 'FAIL', `Cannot test ${where}: no webhook verify token reference is configured`, `${where} test edilemiyor: webhook doğrulama token referansı tanımlı değil`, verifyTokenFix(null));
    token = v;
  } catch (err) {
    const m = (err as Error).message;
    return bad(name, 'FAIL', `Cannot test ${where}: ${m}`, `${where} test edilemiyor: ${m}`, verifyTokenFix(s.webhook_verify_token_ref));
  }
  const challenge = String(randomInt(100_000_000, 2_000_000_000));
  const url = new URL(s.webhook_url);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', token);
  url.searchParams.set('hub.challenge', challenge);
  const timeoutMs = ctx.timeoutMs ?? 5000;
  const scrub = (t: string) => scrubKnownValues(t, [token]);
  let status: number;
  let body: string;
  try {
    // No redirects: following one would hand the token (in the query) to wherever it points.
    const res = await (ctx.clientOptions?.fetch ?? fetch)(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    status = res.status;
    body = (await res.text()).slice(0, 500);
  } catch (err) {
    const timeout = (err as Error)?.name === 'TimeoutError';
    const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error)?.message;
    const en = timeout ? `no answer within ${timeoutMs / 1000} s` : `could not connect (${code})`;
    const tr = timeout ? `${timeoutMs / 1000} sn içinde yanıt yok` : `bağlanılamadı (${code})`;
    return bad(name, 'FAIL', `Webhook ${where}: ${scrub(en)}`, `Webhook ${where}: ${scrub(tr)}`, fix);
  }
  if (status === 200 && body.trim() === challenge) {
    return ok(name, `Webhook ${where} echoed the challenge for the configured verify token`, `Webhook ${where} yapılandırılan doğrulama token'ı için challenge değerini doğru döndürdü`);
  }
  if (status === 403 || status === 401) {
    return bad(name, 'FAIL', `Webhook ${where} refused the verify token (HTTP ${status}): the webhook server has a different token`, `Webhook ${where} doğrulama token'ını reddetti (HTTP ${status}): webhook sunucusunda farklı bir token var`, fix);
  }
  if (status >= 300 && status < 400) {
    return bad(name, 'FAIL', `Webhook ${where} redirects (HTTP ${status}); Meta does not follow redirects — configure the final URL`, `Webhook ${where} yönlendirme yapıyor (HTTP ${status}); Meta yönlendirmeyi izlemez — son URL'yi tanımlayın`, fix);
  }
  if (status === 200) {
    const shown = JSON.stringify(scrub(body.slice(0, 60)));
    return bad(name, 'FAIL', `Webhook ${where} answered 200 but did not echo the challenge exactly (body ${shown})`, `Webhook ${where} 200 döndü ama challenge değerini birebir döndürmedi (gövde ${shown})`, fix);
  }
  return bad(name, 'FAIL', `Webhook ${where} answered HTTP ${status} to the verification request`, `Webhook ${where} doğrulama isteğine HTTP ${status} döndürdü`, fix);
}
