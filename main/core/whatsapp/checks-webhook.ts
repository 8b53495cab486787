/**
 * Webhook checks (R-WA-3).
 *  - `whatsapp_webhook_verify_token`: the resolved token is strong (see verify-token.ts). Weak →
 *    FAIL in production, WARN elsewhere, so development setups are nagged but not blocked.
 *  - `whatsapp_webhook_handshake` (only when `webhook_url` is set): the GET Meta sends when a
 *    webhook is subscribed — `hub.mode=subscribe`, `hub.verify_token`, `hub.challenge` — must be
 *    answered 200 with the challenge echoed exactly. The challenge is random digits, as Meta's is
 *    (servers that parse it as an integer must still pass). The verify token travels in the query
 *    because that is the protocol; the URL with its query is never put in a result or error.
 *    When the verify token cannot be read there is nothing to send: SKIP naming the token check.
 */
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { msg, type Message } from '../../../shared/messages.js';
import { checkTitle, passed, problem, skipped, type CheckOutcome } from '../checks/check-builders.js';
import { resolveSecretValue, type ResolveContext } from '../secrets/secret-ref.js';
import { scrubKnownValues } from '../secrets/secret-patterns.js';
import { CATEGORY, joinMessages, reasonOf, whatsappCheck, type WhatsappCheck } from './check-result.js';
import { STEP_RERUN, storeHint, VERIFY_TOKEN_COMMAND } from './check-texts.js';
import { assessVerifyToken, MIN_VERIFY_TOKEN_LENGTH, type OtherSecret } from './verify-token.js';
import type { WhatsappSettings } from './whatsapp-settings.js';

export interface WebhookCheckContext {
  secrets: ResolveContext;
  otherSecrets?: OtherSecret[];
  timeoutMs?: number;
  clientOptions?: { fetch?: typeof fetch };
}

const tryResolve = (ref: string | null, ctx: WebhookCheckContext) => resolveSecretValue(ref, 'whatsapp', ctx.secrets).catch(() => undefined);

const verifyTokenRec = (ref: string | null): Message =>
  msg('whatsapp.verify_token.rec', { min: MIN_VERIFY_TOKEN_LENGTH, command: VERIFY_TOKEN_COMMAND, how: storeHint(ref, 'whatsapp_webhook_verify') });

export async function verifyTokenOutcome(s: WhatsappSettings, ctx: WebhookCheckContext): Promise<CheckOutcome> {
  const prod = s.environment === 'production';
  const level = prod ? 'FAIL' : 'WARN';
  const env = prod ? msg('whatsapp.verify_token.env_production') : msg('whatsapp.verify_token.env_dev', { environment: s.environment });
  const rec = verifyTokenRec(s.webhook_verify_token_ref);
  const steps = [STEP_RERUN];
  const observed = { environment: s.environment };
  const ref = s.webhook_verify_token_ref;
  if (!ref) return problem(level, msg('whatsapp.verify_token.no_ref', { env }), rec, { steps, observed });
  let token: string;
  try {
    token = (await resolveSecretValue(ref, 'whatsapp.webhook_verify_token', ctx.secrets))!;
  } catch (err) {
    const { message, technical } = reasonOf(err);
    return problem(level, msg('whatsapp.verify_token.unreadable', { ref, reason: message, env }), rec, { steps, observed, technical_detail: technical });
  }
  const others: OtherSecret[] = [...(ctx.otherSecrets ?? [])];
  const access = await tryResolve(s.access_token_ref, ctx);
  if (access) others.push({ label: msg('whatsapp.verify_token.other.access_token'), value: access });
  const appSecret = await tryResolve(s.app_secret_ref, ctx);
  if (appSecret) others.push({ label: msg('whatsapp.verify_token.other.app_secret'), value: appSecret });

  const weak = assessVerifyToken(token, others);
  if (weak.length === 0) {
    return passed(msg('whatsapp.verify_token.strong', { ref, min: MIN_VERIFY_TOKEN_LENGTH, others: others.length }), { ...observed, compared_with: others.length });
  }
  return problem(level, msg('whatsapp.verify_token.weak', { ref, reasons: joinMessages(weak.map((w) => w.message)), env }), rec, {
    steps,
    observed: { ...observed, weak: weak.map((w) => w.code) },
  });
}

export async function checkWebhookVerifyToken(s: WhatsappSettings, ctx: WebhookCheckContext): Promise<WhatsappCheck> {
  const started = performance.now();
  const outcome = await verifyTokenOutcome(s, ctx);
  return whatsappCheck('whatsapp_webhook_verify_token', outcome, performance.now() - started);
}

/** The URL as safe to show: no query, no fragment, no credentials. */
function shownUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return null;
  }
}

/** null when no webhook_url is set (there is nothing to test). */
export async function handshakeOutcome(s: WhatsappSettings, ctx: WebhookCheckContext): Promise<CheckOutcome | null> {
  if (!s.webhook_url) return null;
  const where = shownUrl(s.webhook_url);
  if (!where) return problem('FAIL', msg('whatsapp.handshake.invalid_url'), msg('whatsapp.steps.settings'), { steps: [STEP_RERUN] });
  const rec = msg('whatsapp.handshake.rec', { url: where, ref: s.webhook_verify_token_ref ?? 'webhook_verify_token' });
  const steps = [STEP_RERUN];
  const skip = (technical?: string): CheckOutcome => ({
    ...skipped(msg('whatsapp.handshake.skipped', { check: checkTitle('whatsapp_webhook_verify_token', CATEGORY) }), 'whatsapp_webhook_verify_token'),
    ...(technical ? { technical_detail: technical } : {}),
  });
  let token: string;
  try {
    const v = await resolveSecretValue(s.webhook_verify_token_ref, 'whatsapp.webhook_verify_token', ctx.secrets);
    if (!v) return skip();
    token = v;
  } catch (err) {
    return skip(reasonOf(err).technical);
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
    const detail = timeout ? msg('whatsapp.handshake.timeout', { url: where, timeout: timeoutMs }) : msg('whatsapp.handshake.unreachable', { url: where });
    return problem('FAIL', detail, rec, { steps, technical_detail: scrub(timeout ? `TimeoutError after ${timeoutMs} ms` : `could not connect (${code})`) });
  }
  const observed = { http_status: status };
  if (status === 200 && body.trim() === challenge) return passed(msg('whatsapp.handshake.ok', { url: where }), observed);
  if (status === 403 || status === 401) return problem('FAIL', msg('whatsapp.handshake.refused', { url: where, status }), rec, { steps, observed });
  if (status >= 300 && status < 400) return problem('FAIL', msg('whatsapp.handshake.redirect', { url: where, status }), rec, { steps, observed });
  if (status === 200) {
    return problem('FAIL', msg('whatsapp.handshake.wrong_body', { url: where }), rec, { steps, observed, technical_detail: `body ${JSON.stringify(scrub(body.slice(0, 60)))}` });
  }
  return problem('FAIL', msg('whatsapp.handshake.http_status', { url: where, status }), rec, { steps, observed });
}

export async function checkWebhookHandshake(s: WhatsappSettings, ctx: WebhookCheckContext): Promise<WhatsappCheck | null> {
  const started = performance.now();
  const outcome = await handshakeOutcome(s, ctx);
  return outcome ? whatsappCheck('whatsapp_webhook_handshake', outcome, performance.now() - started) : null;
}
