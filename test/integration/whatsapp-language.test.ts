// One language per text: a Turkish run of every WhatsApp check, test message and health probe —
// with failures everywhere — reads Turkish only (no English words outside technical_detail), and
// an English run reads English only (no Turkish letters or words). Also: every check name has its
// title in both catalogues.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../shared/checks.js';
import type { OtherComponent } from '../../shared/health.js';
import type { Lang } from '../../shared/i18n/format.js';
import { translator } from '../../shared/i18n/translator.js';
import type { WhatsappTestMessageResult } from '../../shared/whatsapp.js';
import { createWhatsappHealthProbe, runWhatsappChecks, sendTestMessage, WHATSAPP_CHECK_NAMES, type WhatsappCheckContext } from '../../main/core/whatsapp/index.js';
import { healthStatus } from '../fakes/graph/server.js';
import { graphFake, memoryAudit, readCheck, secrets, settingsFor, webhookFake } from '../fakes/graph/harness.js';

const ENGLISH_WORDS = [
  'the', 'not', 'failed', 'could', 'check', 'checks', 'is', 'was', 'were', 'with', 'and', 'of', 'missing', 'invalid', 'expired',
  'please', 'error', 'answered', 'reachable', 'configured', 'approved', 'rejected', 'cannot', 'should', 'must', 'found', 'within',
  'skipped', 'because', 'switched', 'wait', 'retry', 'answer', 'token is', 'could not', 'no answer', 'quality', 'number', 'status',
];
const TURKISH_WORDS = [
  've', 'bir', 'için', 'değil', 'yok', 'ile', 'veya', 'olarak', 'kontrol', 'kontrolü', 'şablon', 'numara', 'atlandı', 'hata',
  'geçersiz', 'bulunamadı', 'yanıt', 'gönderildi', 'ayarlar', 'tanımlı', 'kapalı', 'kurulmadı', 'erişim', 'sunucu', 'başarısız',
  'bekliyor', 'onaylı', 'kalite', 'durumu', 'adım', 'olay',
];
/** Commands are the same in every language: `quoted code` and `optiplan360 <verb>…` are left out of the word test. */
const prose = (text: string) => text.replace(/`[^`]*`/g, ' ').replace(/optiplan360(\s+--?[a-z][\w-]*|\s+[a-z][\w-]*)+/g, ' ');
const word = (w: string) => new RegExp(`(?<![\\p{L}\\p{N}_])${w.replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}_])`, 'iu');

interface Collected {
  checks: Check[];
  tests: WhatsappTestMessageResult[];
  health: OtherComponent[];
}

/** Everything a person reads, in one language (technical detail left out on purpose). */
function texts(c: Collected, lang: Lang): string[] {
  const t = translator(lang);
  const out: string[] = [];
  for (const k of c.checks) {
    const r = readCheck(k, lang);
    out.push(r.title, r.detail, ...(r.recommendation ? [r.recommendation] : []), ...r.steps);
  }
  for (const r of c.tests) out.push(t.t(r.message), ...(r.next_step ? [t.t(r.next_step)] : []));
  for (const h of c.health) if (h.message) out.push(t.t(h.message));
  return out;
}

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Failures everywhere: every check reaches FAIL, WARN or SKIP in some scenario, every error kind shows once. */
async function failuresEverywhere(): Promise<Collected> {
  const out: Collected = { checks: [], tests: [], health: [] };
  const ctx = (extra: Partial<WhatsappCheckContext> = {}): WhatsappCheckContext => ({ secrets: secrets(), timeoutMs: 400, clientOptions: { delayScale: 0.01 }, ...extra });
  const badConfig = {
    templates: {
      bad_name: { name: 'Order Ready!', language: 'turkish' },
      gap: { name: 'gap', language: 'tr', components: [{ type: 'BODY', text: '{{1}} {{3}}' }] },
      order_ready: { name: 'order_ready_notification', language: 'tr' },
      shipping: { name: 'shipping_note', language: 'tr' },
      reminder: { name: 'delivery_reminder', language: 'tr' },
      done: { name: 'order_completed', language: 'tr' },
      fresh: { name: 'fresh_one', language: 'tr' },
    },
    business_hours: { monday: { open: '18:00', close: '08:00' }, funday: { closed: true }, tuesday: 'sometimes' },
    rate_limits: { messages_per_second: 100, messages_per_hour: 50, messages_per_day: 10 },
    retry_settings: { max_attempts: 10, retry_delay_seconds: 600, backoff_multiplier: 3 },
  };
  const hookWrongToken = await webhookFake('echo', 'the-webhook-server-holds-another-token-0123456789');
  const hookRedirect = await webhookFake('redirect');

  // 1. Expired token, a broken config, a weak verify token in production, a webhook with another token.
  const expired = await graphFake({ tokenError: 'expired' });
  out.checks.push(...(await runWhatsappChecks(settingsFor(expired, { ...badConfig, webhook_url: hookWrongToken.url }, 'production'), ctx({ secrets: secrets({ WA_VERIFY: 'verify_token' }) }))));
  // 2. A working token, a number in trouble, templates in every bad state.
  const troubled = await graphFake({
    phone: {
      display_phone_number: '+90 212 555 01 23', verified_name: 'OptiPlan Deneme', quality_rating: 'RED', code_verification_status: 'NOT_VERIFIED', name_status: 'DECLINED', status: 'BANNED',
      health_status: healthStatus([
        { entity_type: 'PHONE_NUMBER', id: '106540352242922', can_send_message: 'AVAILABLE' },
        { entity_type: 'WABA', id: '102290129340398', can_send_message: 'BLOCKED', errors: [{ error_code: 141006, error_description: 'There is an error with the payment method.', possible_solution: 'Please add a new payment method to the account.' }] },
        { entity_type: 'BUSINESS', id: '880011223344', can_send_message: 'LIMITED', errors: [{ error_code: 141010, error_description: 'The Business has not passed business verification.', possible_solution: 'Visit business settings and start or resolve the business verification request.' }] },
      ]),
      whatsapp_business_manager_messaging_limit: 'TIER_250',
    },
    templates: [
      { name: 'order_completed', language: 'tr', status: 'APPROVED', disableDate: '2026-12-20T00:00:00Z' },
      { name: 'order_ready_notification', language: 'tr', status: 'REJECTED' },
      { name: 'shipping_note', language: 'tr', status: 'PAUSED' },
      { name: 'delivery_reminder', language: 'en_US', status: 'APPROVED' },
      { name: 'fresh_one', language: 'tr', status: 'PENDING' },
    ],
  });
  out.checks.push(...(await runWhatsappChecks(settingsFor(troubled, { ...badConfig, api_version: 'v20.0', webhook_url: hookRedirect.url }), ctx())));
  // 3. Meta down (5xx), 4. rate limited, 5. hung, 6. nothing listening.
  out.checks.push(...(await runWhatsappChecks(settingsFor(await graphFake({ failures: [{ status: 503, count: 99 }] })), ctx())));
  out.checks.push(...(await runWhatsappChecks(settingsFor(await graphFake({ failures: [{ status: 429, count: 99, headers: { 'Retry-After': '600' }, error: { message: 'Rate limited', code: 80007 } }] })), ctx())));
  out.checks.push(...(await runWhatsappChecks(settingsFor(await graphFake({ hang: true })), ctx({ timeoutMs: 200 }))));
  out.checks.push(...(await runWhatsappChecks(settingsFor(null, { base_url: `http://127.0.0.1:${await closedPort()}` }), ctx())));
  // 7. Permission on templates only; 8. no secrets at all; 9. no WABA; 10. no templates.
  out.checks.push(...(await runWhatsappChecks(settingsFor(await graphFake({ failures: [{ status: 403, count: 99, path: /message_templates/, error: { message: '(#200) Permissions error', code: 200 } }] })), ctx())));
  out.checks.push(...(await runWhatsappChecks(settingsFor(await graphFake(), { webhook_url: hookWrongToken.url }), ctx({ secrets: { env: {}, store: null } }))));
  out.checks.push(...(await runWhatsappChecks(settingsFor(await graphFake(), { business_account_id: '', access_token: 'EAAGliteralTokenValue0123456789abcdef' }), ctx())));
  out.checks.push(...(await runWhatsappChecks(settingsFor(await graphFake(), { templates: {} }), ctx({ secrets: secrets({ WA_VERIFY: 'ab'.repeat(8) }) }))));
  // 11. Not set up; 12. switched off.
  out.checks.push(...(await runWhatsappChecks(settingsFor(null, { phone_number_id: '' }), ctx())));
  out.checks.push(...(await runWhatsappChecks(settingsFor(null, { enabled: false, webhook_url: hookWrongToken.url }), ctx())));

  // Test messages: refused locally, refused by Meta, switched off, not set up.
  const audit = memoryAudit();
  const send = async (f: Awaited<ReturnType<typeof graphFake>> | null, input: Parameters<typeof sendTestMessage>[0], overrides: Record<string, unknown> = {}) =>
    out.tests.push(await sendTestMessage(input, { settings: settingsFor(f, overrides), secrets: secrets(), actor: 'admin@pc', audit, clientOptions: { delayScale: 0.01, timeoutMs: 300 } }));
  const ok = await graphFake();
  await send(ok, { to: '0532 12', template: 'order_ready' });
  await send(ok, { to: '+90 532 123 45', template: 'order_ready' });
  await send(ok, { to: '05321234567', template: 'nope' });
  await send(ok, { to: '05321234567', template: 'order_ready', parameters: ['one'] });
  await send(ok, { to: '05321234567', template: 'order_ready', parameters: ['a', ''] });
  await send(ok, { to: '05321234567', template: 'nope' }, { templates: {} });
  for (const code of [131026, 131047, 131051, 131030, 132001, 132015, 132016, 132000, 131999, 100, 368, 80007, 130429, 131049, 131056, 132005, 132007, 132012]) {
    await send(await graphFake({ sendError: { message: `(#${code}) Meta said something in English`, code } }), { to: '05321234567', template: 'delivery_reminder' });
  }
  await send(expired, { to: '05321234567', template: 'delivery_reminder' });
  await send(await graphFake({ failures: [{ status: 503, count: 99 }] }), { to: '05321234567', template: 'delivery_reminder' });
  await send(null, { to: '05321234567', template: 'delivery_reminder' }, { enabled: false });
  await send(null, { to: '05321234567', template: 'delivery_reminder' }, { phone_number_id: '' });
  await send(ok, { to: '05321234567', template: 'delivery_reminder' });

  // Health: each state with words.
  const probe = (f: Awaited<ReturnType<typeof graphFake>> | null, overrides: Record<string, unknown> = {}) => createWhatsappHealthProbe(() => settingsFor(f, overrides), { secrets: secrets(), timeoutMs: 300 })();
  const limited = await graphFake();
  limited.state.phone.health_status = healthStatus([{ entity_type: 'APP', id: '1122334455', can_send_message: 'LIMITED', errors: [{ error_code: 141000, error_description: 'The app is limited.', possible_solution: 'Check the app.' }] }]);
  out.health.push(await probe(expired), await probe(troubled), await probe(limited), await probe(null, { enabled: false }), await probe(null, { phone_number_id: '' }), await probe(ok), await probe(await graphFake({ hang: true })));
  return out;
}

describe('WhatsApp texts speak one language', () => {
  it('every check name has its title in both catalogues', () => {
    for (const name of WHATSAPP_CHECK_NAMES) {
      for (const lang of ['tr', 'en'] as const) expect(translator(lang).has(`whatsapp.checks.${name}.title`), `${lang} ${name}`).toBe(true);
    }
  });

  it('with failures everywhere: Turkish has no English words, English no Turkish letters or words', async () => {
    const c = await failuresEverywhere();
    // Every status and every check name shows up, so the run really covers them.
    expect(new Set(c.checks.map((k) => k.status))).toEqual(new Set(['PASS', 'WARN', 'FAIL', 'SKIP']));
    expect(new Set(c.checks.map((k) => k.name))).toEqual(new Set(WHATSAPP_CHECK_NAMES));
    for (const name of WHATSAPP_CHECK_NAMES) expect(c.checks.some((k) => k.name === name && (k.status === 'FAIL' || k.status === 'WARN')), name).toBe(true);
    expect(new Set(c.health.map((h) => h.status))).toEqual(new Set(['unhealthy', 'degraded', 'disabled', 'not_configured', 'healthy']));

    const turkish = texts(c, 'tr');
    const english = texts(c, 'en');
    expect(turkish.length).toBe(english.length);
    for (const text of turkish) {
      expect(text, 'an untranslated key').not.toMatch(/\b(whatsapp|common|errors)\.[a-z_]+\.[a-z_]+/);
      for (const w of ENGLISH_WORDS) expect(word(w).test(prose(text)), `English "${w}" in: ${text}`).toBe(false);
    }
    for (const text of english) {
      expect(text, 'an untranslated key').not.toMatch(/\b(whatsapp|common|errors)\.[a-z_]+\.[a-z_]+/);
      expect(/[çğıöşüÇĞİÖŞÜ]/.test(text), `Turkish letter in: ${text}`).toBe(false);
      for (const w of TURKISH_WORDS) expect(word(w).test(prose(text)), `Turkish "${w}" in: ${text}`).toBe(false);
    }
    // Meta's own English stayed in technical detail.
    expect(c.tests.some((r) => r.technical_detail?.includes('Meta said something in English'))).toBe(true);
    expect([...turkish, ...english].some((t) => t.includes('Meta said something'))).toBe(false);
  }, 60_000);
});
