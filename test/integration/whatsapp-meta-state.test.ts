// Meta's view of the account over real TCP (the Graph fake): health_status per entity, the
// portfolio messaging limit, every template status (a flagged one with its disable date) and the
// Graph API version on a clock the test sets. Each check FAILs and PASSes here.
import { describe, expect, it } from 'vitest';
import type { OtherComponent } from '../../shared/health.js';
import { translator } from '../../shared/i18n/translator.js';
import { createWhatsappHealthProbe, runWhatsappChecks, type WhatsappCheck, type WhatsappCheckContext } from '../../main/core/whatsapp/index.js';
import { healthStatus, type GraphFake } from '../fakes/graph/server.js';
import { CANARY_TOKEN, expectWellFormed, graphFake, readCheck, secrets, settingsFor } from '../fakes/graph/harness.js';

const ctx = (extra: Partial<WhatsappCheckContext> = {}): WhatsappCheckContext => ({ secrets: secrets(), timeoutMs: 1000, clientOptions: { delayScale: 0.05 }, handshake: false, ...extra });
const tr = (c: WhatsappCheck) => readCheck(c, 'tr');
const en = (c: WhatsappCheck) => readCheck(c, 'en');

async function check(f: GraphFake, name: string, overrides: Record<string, unknown> = {}, c = ctx()): Promise<WhatsappCheck> {
  const checks = await runWhatsappChecks(settingsFor(f, overrides), c);
  for (const k of checks) expectWellFormed(k);
  expect(JSON.stringify(checks)).not.toContain(CANARY_TOKEN);
  return checks.find((k) => k.name === name)!;
}

const WABA_BLOCKED = {
  entity_type: 'WABA', id: '102290129340398', can_send_message: 'BLOCKED' as const,
  errors: [
    { error_code: 141006, error_description: 'There is an error with the payment method. This will block business initiated conversations.', possible_solution: 'There was an error with your payment method. Please add a new payment method to the account.' },
    { error_code: 141014, error_description: 'The WABA is banned.', possible_solution: 'Please visit Business Support Home for more details on how to appeal the ban.' },
  ],
};
const BUSINESS_LIMITED = {
  entity_type: 'BUSINESS', id: '880011223344', can_send_message: 'LIMITED' as const,
  errors: [{ error_code: 141010, error_description: 'The Business has not passed business verification.', possible_solution: 'Visit business settings and start or resolve the business verification request.' }],
};
const AVAILABLE = (entity_type: string, id: string) => ({ entity_type, id, can_send_message: 'AVAILABLE' as const });

describe('whatsapp_health_status (health_status + messaging limit)', () => {
  it('every entity AVAILABLE → PASS with the portfolio limit in words; only the current fields are asked for', async () => {
    const f = await graphFake();
    const c = await check(f, 'whatsapp_health_status');
    expect(c.status).toBe('PASS');
    expect(tr(c).detail).toBe('Meta gönderime izin veriyor: gönderim yolundaki 4 varlığın tümü kullanılabilir; mesaj sınırı 24 saatte 10.000 benzersiz alıcı.');
    expect(en(c).detail).toBe('Meta allows sending: all 4 entities in the send path are available; messaging limit 10,000 unique recipients per 24 h.');
    const lookup = f.requests.find((r) => r.method === 'GET' && r.path.endsWith(f.state.phoneNumberId))!;
    expect(lookup.query.fields?.split(',')).toEqual(expect.arrayContaining(['health_status', 'whatsapp_business_manager_messaging_limit']));
    expect(lookup.query.fields).not.toContain('messaging_limit_tier');
  });

  it('a BLOCKED WABA → FAIL naming the entity and Meta’s codes; Meta’s description and solution verbatim in technical detail', async () => {
    const f = await graphFake();
    f.state.phone.health_status = healthStatus([AVAILABLE('PHONE_NUMBER', f.state.phoneNumberId), WABA_BLOCKED, AVAILABLE('APP', '1122334455')]);
    const c = await check(f, 'whatsapp_health_status');
    expect(c.status).toBe('FAIL');
    expect(tr(c).detail).toBe('Meta gönderimi engelliyor: WhatsApp İşletme Hesabı (WABA): engelli — Meta hata kodu 141006; Meta hata kodu 141014 (mesaj sınırı 24 saatte 10.000 benzersiz alıcı).');
    expect(en(c).detail).toBe('Meta blocks sending: WhatsApp Business Account (WABA): blocked — Meta error code 141006; Meta error code 141014 (messaging limit 10,000 unique recipients per 24 h).');
    expect(c.technical_detail).toContain('error_code 141006: There is an error with the payment method.');
    expect(c.technical_detail).toContain('possible_solution: There was an error with your payment method. Please add a new payment method to the account.');
    expect(c.observed).toMatchObject({ can_send_message: 'BLOCKED', entities: expect.arrayContaining([expect.objectContaining({ entity_type: 'WABA', errors: WABA_BLOCKED.errors })]) });
    expect(en(c).recommendation).toMatch(/Apply the solution Meta suggests/);
  });

  it('a LIMITED business → WARN; not reported → WARN; a daily limit above the portfolio’s → WARN naming the maximum', async () => {
    const f = await graphFake();
    f.state.phone.health_status = healthStatus([AVAILABLE('PHONE_NUMBER', f.state.phoneNumberId), BUSINESS_LIMITED]);
    const limited = await check(f, 'whatsapp_health_status');
    expect(limited.status).toBe('WARN');
    expect(tr(limited).detail).toMatch(/^Meta gönderimi sınırlıyor: işletme portföyü: sınırlı — Meta hata kodu 141010/);

    f.state.phone.health_status = undefined;
    const unknown = await check(f, 'whatsapp_health_status');
    expect(unknown.status).toBe('WARN');
    expect(en(unknown).detail).toBe('Meta did not report the sending status (health_status); messaging limit 10,000 unique recipients per 24 h.');

    f.state.phone.health_status = healthStatus([AVAILABLE('PHONE_NUMBER', f.state.phoneNumberId)]);
    f.state.phone.whatsapp_business_manager_messaging_limit = 'TIER_250';
    const over = await check(f, 'whatsapp_health_status', { rate_limits: { messages_per_second: 10, messages_per_hour: 1000, messages_per_day: 10000 } });
    expect(over.status).toBe('WARN');
    expect(tr(over).detail).toMatch(/rate_limits\.messages_per_day \(10\.000\), işletme portföyünün mesaj sınırından \(24 saatte 250 benzersiz alıcı\) yüksek/);
    expect(en(over).recommendation).toMatch(/at most 250/);

    f.state.phone.whatsapp_business_manager_messaging_limit = 'TIER_UNLIMITED';
    const unlimited = await check(f, 'whatsapp_health_status');
    expect(unlimited.status).toBe('PASS');
    expect(tr(unlimited).detail).toMatch(/mesaj sınırı sınırsız\.$/);
  });

  it('a Graph that does not know the newer fields: the lookup is asked again without them; token and quality still PASS', async () => {
    const f = await graphFake({ unknownFields: ['whatsapp_business_manager_messaging_limit'] });
    const checks = await runWhatsappChecks(settingsFor(f), ctx());
    const by = Object.fromEntries(checks.map((k) => [k.name, k]));
    expect(by.whatsapp_token!.status).toBe('PASS');
    expect(by.whatsapp_phone_number!.status).toBe('PASS');
    expect(by.whatsapp_health_status!.status).toBe('WARN');
    expect(en(by.whatsapp_health_status!).detail).toBe('Meta did not report the sending status (health_status); messaging limit not reported.');
    const lookups = f.requests.filter((r) => r.path.endsWith(f.state.phoneNumberId)).map((r) => r.query.fields);
    expect(lookups).toEqual([expect.stringContaining('health_status'), 'display_phone_number,verified_name,quality_rating,code_verification_status,name_status,status']);
  });

  it('the health component: BLOCKED → unhealthy, LIMITED → degraded, AVAILABLE → healthy', async () => {
    const f = await graphFake();
    const probe = () => createWhatsappHealthProbe(() => settingsFor(f), { secrets: secrets(), timeoutMs: 2000 })();
    const word = (c: OtherComponent) => translator('tr').t(c.message!);
    expect((await probe()).status).toBe('healthy');
    f.state.phone.health_status = healthStatus([BUSINESS_LIMITED]);
    const degraded = await probe();
    expect(degraded.status).toBe('degraded');
    expect(word(degraded)).toMatch(/Meta gönderimi sınırlıyor/);
    f.state.phone.health_status = healthStatus([WABA_BLOCKED]);
    const unhealthy = await probe();
    expect(unhealthy).toMatchObject({ status: 'unhealthy', technical_detail: expect.stringContaining('141014') });
    expect(word(unhealthy)).toMatch(/^Meta gönderimi engelliyor: WhatsApp İşletme Hesabı \(WABA\): engelli/);
  });
});

describe('whatsapp_templates with Meta’s statuses', () => {
  const only = (status: string, extra: Record<string, unknown> = {}) => ({
    templates: { order_completed: { name: 'order_completed', language: 'tr' } },
    _fake: [{ name: 'order_completed', language: 'tr', status, ...extra }],
  });

  it.each([
    ['APPROVED', 'PASS'],
    ['PENDING', 'WARN'],
    ['IN_APPEAL', 'WARN'],
    ['REJECTED', 'FAIL'],
    ['PAUSED', 'FAIL'],
    ['DISABLED', 'FAIL'],
    ['PENDING_DELETION', 'FAIL'],
    ['LIMIT_EXCEEDED', 'FAIL'],
    ['FLAGGED', 'FAIL'],
  ])('%s → %s (only APPROVED is sendable), the status in words', async (status, verdict) => {
    const { templates, _fake } = only(status);
    const f = await graphFake({ templates: _fake });
    const c = await check(f, 'whatsapp_templates', { templates });
    expect(c.status).toBe(verdict);
    expect(c.observed).toEqual({ order_completed: status });
    if (verdict !== 'PASS') expect(tr(c).detail).not.toContain(status);
  });

  it('an APPROVED template flagged by Meta → WARN with its coming disable date', async () => {
    const { templates, _fake } = only('APPROVED', { disableDate: '2027-01-05T10:00:00Z' });
    const f = await graphFake({ templates: _fake });
    const c = await check(f, 'whatsapp_templates', { templates });
    expect(c.status).toBe('WARN');
    expect(c.observed).toEqual({ order_completed: 'APPROVED:disable_date=2027-01-05T10:00:00.000Z' });
    expect(tr(c).detail).toMatch(/^1 şablon işaretlendi ve yakında devre dışı kalacak: order_completed \(order_completed\/tr\): onaylı, ancak işaretlendi: 05\.01\.2027 .* tarihinde devre dışı kalacak$/);
    expect(en(c).detail).toMatch(/approved, but flagged: it will be disabled on 05\/01\/2027/);
  });
});

describe('whatsapp_api_version on a set clock, through the whole run', () => {
  it('v21.0: PASS before the 90 days, WARN inside them, FAIL on the end date; the shipped version PASSes', async () => {
    const f = await graphFake();
    const at = (iso: string) => ctx({ now: () => new Date(iso) });
    expect((await check(f, 'whatsapp_api_version', { api_version: 'v21.0' }, at('2026-10-22T23:59:59Z'))).status).toBe('PASS');
    const warn = await check(f, 'whatsapp_api_version', { api_version: 'v21.0' }, at('2026-10-23T00:00:00Z'));
    expect(warn.status).toBe('WARN');
    expect(en(warn).recommendation).toMatch(/to v26\.0/);
    const fail = await check(f, 'whatsapp_api_version', { api_version: 'v21.0' }, at('2027-01-21T00:00:00Z'));
    expect(fail.status).toBe('FAIL');
    expect(tr(fail).recommendation).toMatch(/v26\.0 yapın/);
    expect((await check(f, 'whatsapp_api_version', {}, at('2027-01-21T00:00:00Z'))).status).toBe('PASS');
    // The requests went to the configured version's path.
    expect(f.requests.some((r) => r.path.startsWith('/v21.0/'))).toBe(true);
  });
});
