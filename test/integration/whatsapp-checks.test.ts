// Each WhatsApp check's PASS / WARN / FAIL / SKIP paths against the fake Graph API over real TCP.
// Texts are asserted as people read them, in both languages (translator('tr'|'en')).
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { runWhatsappChecks, type WhatsappCheck, type WhatsappCheckContext } from '../../main/core/whatsapp/index.js';
import type { SecretStore } from '../../main/core/secrets/secret-store.js';
import type { GraphFake } from '../fakes/graph/server.js';
import { CANARY_TOKEN, expectWellFormed, graphFake, readCheck, secrets, settingsFor } from '../fakes/graph/harness.js';

const ctx = (extra: Partial<WhatsappCheckContext> = {}): WhatsappCheckContext => ({ secrets: secrets(), timeoutMs: 1000, clientOptions: { delayScale: 0.05 }, ...extra });
const byName = (checks: WhatsappCheck[]) => Object.fromEntries(checks.map((c) => [c.name, c])) as Record<string, WhatsappCheck>;
const statuses = (checks: WhatsappCheck[]) => Object.fromEntries(checks.map((c) => [c.name, c.status]));
const tr = (c: WhatsappCheck | undefined) => readCheck(c!, 'tr');
const en = (c: WhatsappCheck | undefined) => readCheck(c!, 'en');
/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}
async function run(f: GraphFake | null, overrides: Record<string, unknown> = {}, c = ctx(), environment = 'development') {
  const checks = await runWhatsappChecks(settingsFor(f, overrides, environment), c);
  for (const k of checks) expectWellFormed(k);
  expect(JSON.stringify(checks)).not.toContain(CANARY_TOKEN);
  return checks;
}

describe('WhatsApp checks against the fake Graph API', () => {
  it('all green → every check PASS, in both languages', async () => {
    const f = await graphFake();
    const checks = await run(f);
    expect(statuses(checks)).toEqual({
      whatsapp_config: 'PASS',
      whatsapp_api_version: 'PASS',
      whatsapp_api_reachable: 'PASS',
      whatsapp_token: 'PASS',
      whatsapp_phone_number: 'PASS',
      whatsapp_health_status: 'PASS',
      whatsapp_templates: 'PASS',
      whatsapp_webhook_verify_token: 'PASS',
    });
    const c = byName(checks);
    expect(tr(c.whatsapp_token).title).toBe('WhatsApp erişim token’ı');
    expect(en(c.whatsapp_token).title).toBe('WhatsApp access token');
    expect(tr(c.whatsapp_token).detail).toBe('Erişim token’ı +90 212 *** ** 23 (OptiPlan Test) telefon numarası için Meta tarafından kabul edildi.');
    expect(en(c.whatsapp_token).detail).toBe('Meta accepted the access token for the phone number +90 212 *** ** 23 (OptiPlan Test).');
    expect(tr(c.whatsapp_templates).detail).toMatch(/^Tanımlı 3 şablonun tümü onaylı: order_ready, delivery_reminder ve order_completed\.$/);
    expect(en(c.whatsapp_templates).detail).toMatch(/^All 3 configured template\(s\) are approved: order_ready, delivery_reminder and order_completed\.$/);
    expect(tr(c.whatsapp_phone_number).detail).toMatch(/kalite yeşil \(yüksek\), numara durumu bağlı, görünen ad onaylı/);
    expect(en(c.whatsapp_api_reachable).detail).toMatch(/^The Graph API at 127\.0\.0\.1:\d+ answered in /);
    expect(tr(c.whatsapp_config).detail).toMatch(/^Yapılandırılmış: phone_number_id 106540352242922, erişim token’ı ENV:WA_TOKEN, şablon sayısı 3/);
    // The business number is masked in every text.
    expect(JSON.stringify(checks.map((k) => [tr(k), en(k)]))).not.toContain('555 01 23');
  });

  it('not configured → only whatsapp_config WARN "kurulmadı: kurun veya kapatın", and no request', async () => {
    const f = await graphFake();
    const checks = await run(f, { phone_number_id: '' });
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: 'whatsapp_config', status: 'WARN' });
    expect(tr(checks[0]).detail).toMatch(/^WhatsApp kurulmadı: .*Kurun veya kapatın\.$/);
    expect(tr(checks[0]).recommendation).toMatch(/phone_number_id.*"enabled": false/);
    expect(en(checks[0]).detail).toMatch(/^WhatsApp is not set up: .*Set it up or switch it off\.$/);
    expect(f.requests).toHaveLength(0);
  });

  it('expired token → whatsapp_token FAIL with playbook step 1; reachable PASS; phone and templates SKIP naming the token check', async () => {
    const f = await graphFake({ tokenError: 'expired' });
    const c = byName(await run(f));
    expect(c.whatsapp_token).toMatchObject({ status: 'FAIL', detail: { key: 'whatsapp.errors.token_expired' } });
    expect(tr(c.whatsapp_token).detail).toBe('WhatsApp erişim token’ının süresi dolmuş.');
    expect(en(c.whatsapp_token).detail).toBe('The WhatsApp access token has expired.');
    expect(tr(c.whatsapp_token).steps[0]).toMatch(/^Olay planı adım 1/);
    expect(en(c.whatsapp_token).steps[0]).toMatch(/^Incident playbook step 1/);
    expect(tr(c.whatsapp_token).steps[1]).toMatch(/WA_TOKEN ortam değişkenini/);
    // Meta's own words are technical detail, not the sentence.
    expect(c.whatsapp_token!.technical_detail).toMatch(/Meta code 190\/463.*Error validating access token/);
    expect(c.whatsapp_api_reachable!.status).toBe('PASS');
    for (const name of ['whatsapp_phone_number', 'whatsapp_templates']) {
      expect(c[name]).toMatchObject({ status: 'SKIP', skipped_because: 'whatsapp_token' });
      expect(tr(c[name]).detail).toBe('“WhatsApp erişim token’ı” kontrolü başarısız olduğu için atlandı.');
      expect(en(c[name]).detail).toBe('Skipped because the “WhatsApp access token” check failed.');
    }
  });

  it('a wrong token → whatsapp_token FAIL "invalid"', async () => {
    const f = await graphFake();
    const c = byName(await run(f, {}, ctx({ secrets: secrets({ WA_TOKEN: 'EAAGsomeOtherTokenValue0123456789' }) })));
    expect(c.whatsapp_token).toMatchObject({ status: 'FAIL', detail: { key: 'whatsapp.errors.token_invalid' } });
    expect(en(c.whatsapp_token).detail).toMatch(/invalid \(revoked, logged out or malformed\)/);
    expect(tr(c.whatsapp_token).detail).toMatch(/geçersiz/);
  });

  it('missing permission (code 10) → whatsapp_token FAIL naming the permissions; templates SKIP; reachable PASS', async () => {
    const f = await graphFake({ failures: [{ status: 403, count: 99, error: { message: '(#10) Application does not have permission for this action', code: 10 } }] });
    const c = byName(await run(f));
    expect(c.whatsapp_token!.status).toBe('FAIL');
    expect(en(c.whatsapp_token).detail).toMatch(/whatsapp_business_messaging/);
    expect(tr(c.whatsapp_token).recommendation).toMatch(/Sistem kullanıcısına WhatsApp hesabını varlık olarak atayın/);
    expect(c.whatsapp_templates).toMatchObject({ status: 'SKIP', skipped_because: 'whatsapp_token' });
    expect(c.whatsapp_api_reachable!.status).toBe('PASS');
    expect(en(c.whatsapp_api_reachable).detail).toMatch(/reachable; it answered the request but refused it: The token lacks a permission/);
  });

  it('templates refused while the token works (WABA not assigned) → whatsapp_templates FAIL on its own', async () => {
    const f = await graphFake({ failures: [{ status: 403, count: 99, path: /message_templates/, error: { message: '(#200) Permissions error', code: 200 } }] });
    const c = byName(await run(f));
    expect(c.whatsapp_token!.status).toBe('PASS');
    expect(c.whatsapp_templates!.status).toBe('FAIL');
    expect(tr(c.whatsapp_templates).detail).toMatch(/^Şablon listesi alınamadı: Token’ın izni eksik/);
    expect(en(c.whatsapp_templates).detail).toMatch(/^The template list could not be read: The token lacks a permission/);
  });

  it('the token secret is missing → whatsapp_token FAIL naming the reference; reachable SKIP; nothing is sent', async () => {
    const f = await graphFake();
    const c = byName(await run(f, {}, ctx({ secrets: { env: {}, store: null } })));
    expect(c.whatsapp_token!.status).toBe('FAIL');
    expect(c.whatsapp_token!.detail).toMatchObject({ key: 'whatsapp.token.unusable', params: { ref: 'ENV:WA_TOKEN' } });
    expect(tr(c.whatsapp_token).detail).toMatch(/^Kullanılabilir erişim token’ı yok \(ENV:WA_TOKEN\): /);
    expect(en(c.whatsapp_token).detail).toMatch(/^No usable access token \(ENV:WA_TOKEN\): /);
    expect(en(c.whatsapp_token).recommendation).toMatch(/environment variable WA_TOKEN/);
    expect(c.whatsapp_token!.technical_detail).toMatch(/E_SECRET_NOT_FOUND/);
    expect(c.whatsapp_api_reachable).toMatchObject({ status: 'SKIP', skipped_because: 'whatsapp_token' });
    expect(c.whatsapp_phone_number).toMatchObject({ status: 'SKIP', skipped_because: 'whatsapp_token' });
    expect(c.whatsapp_templates).toMatchObject({ status: 'SKIP', skipped_because: 'whatsapp_token' });
    expect(f.requests).toHaveLength(0);
  });

  it('a literal token in whatsapp.json → config FAIL naming the path, token FAIL, and the literal is never sent', async () => {
    const f = await graphFake();
    const c = byName(await run(f, { access_token: CANARY_TOKEN }));
    expect(c.whatsapp_config!.status).toBe('FAIL');
    expect(tr(c.whatsapp_config).detail).toMatch(/whatsapp\.json access_token: düz metin bir değer içeriyor/);
    expect(en(c.whatsapp_config).detail).toMatch(/whatsapp\.json access_token: holds a literal value/);
    expect(c.whatsapp_token!.status).toBe('FAIL');
    expect(f.requests).toHaveLength(0);
  });

  it.each([
    [{ quality_rating: 'YELLOW' }, 'WARN', /sarı/, /yellow/],
    [{ quality_rating: 'RED' }, 'FAIL', /kırmızı/, /red \(low/],
    [{ quality_rating: 'UNKNOWN' }, 'PASS', /kalite henüz belirlenmedi/, /quality not rated yet/],
    [{ name_status: 'PENDING_REVIEW' }, 'WARN', /görünen ad durumu inceleniyor/, /display name status in review/],
    [{ name_status: 'DECLINED' }, 'FAIL', /reddedildi/, /declined/],
    [{ status: 'FLAGGED' }, 'WARN', /numara durumu işaretli/, /number status flagged/],
    [{ status: 'BANNED' }, 'FAIL', /yasaklı/, /banned/],
  ])('phone number %j → %s', async (phone, status, trText, enText) => {
    const f = await graphFake();
    Object.assign(f.state.phone, phone);
    const c = byName(await run(f));
    expect(c.whatsapp_phone_number!.status).toBe(status);
    expect(tr(c.whatsapp_phone_number).detail).toMatch(trText);
    expect(en(c.whatsapp_phone_number).detail).toMatch(enText);
    expect(tr(c.whatsapp_phone_number).detail).toMatch(/^\+90 212 \*\*\* \*\* 23 \(OptiPlan Test\): /);
  });

  it('templates: PENDING → WARN; REJECTED, PAUSED, missing and wrong language → FAIL naming each (across pages)', async () => {
    const filler = Array.from({ length: 30 }, (_, i) => ({ name: `filler_${i}`, language: 'tr', status: 'APPROVED' }));
    const f = await graphFake({ pageSize: 10, templates: [...filler, { name: 'order_ready_notification', language: 'tr', status: 'PENDING' }, { name: 'delivery_reminder', language: 'tr', status: 'APPROVED' }, { name: 'order_completed', language: 'tr', status: 'APPROVED' }] });
    const w = byName(await run(f)).whatsapp_templates!;
    expect(w.status).toBe('WARN');
    expect(tr(w).detail).toBe('1 şablon onay bekliyor: order_ready (order_ready_notification/tr): onay bekliyor');
    expect(en(w).steps[0]).toMatch(/^Incident playbook step 3/);
    expect(f.requests.filter((r) => r.path.endsWith('/message_templates')).length).toBe(4);

    f.state.templates = [
      { name: 'order_ready_notification', language: 'tr', status: 'REJECTED' },
      { name: 'delivery_reminder', language: 'en_US', status: 'APPROVED' },
      { name: 'shipping_note', language: 'tr', status: 'PAUSED' },
    ];
    const more = { templates: { order_ready: { name: 'order_ready_notification', language: 'tr' }, delivery_reminder: { name: 'delivery_reminder', language: 'tr' }, order_completed: { name: 'order_completed', language: 'tr' }, shipping: { name: 'shipping_note', language: 'tr' } } };
    const t = byName(await run(f, more)).whatsapp_templates!;
    expect(t.status).toBe('FAIL');
    expect(t.observed).toEqual({ order_ready: 'REJECTED', delivery_reminder: 'other_language:en_US', order_completed: 'missing', shipping: 'PAUSED' });
    const e = en(t).detail;
    expect(e).toMatch(/^4 of 4 template\(s\) not usable: /);
    expect(e).toMatch(/order_ready \(order_ready_notification\/tr\): rejected/);
    expect(e).toMatch(/delivery_reminder \(delivery_reminder\/tr\): exists only in en_US/);
    expect(e).toMatch(/order_completed \(order_completed\/tr\): missing/);
    expect(e).toMatch(/shipping \(shipping_note\/tr\): paused/);
    const trd = tr(t).detail;
    expect(trd).toMatch(/^4 şablondan 4 tanesi kullanılamaz: /);
    expect(trd).toMatch(/reddedildi; delivery_reminder \(delivery_reminder\/tr\): yalnızca en_US dilinde var; order_completed \(order_completed\/tr\): bulunamadı; shipping \(shipping_note\/tr\): duraklatıldı$/);
    expect(tr(t).steps[0]).toMatch(/^Olay planı adım 3/);
  });

  it('no templates configured, or no WABA id → templates WARN saying which', async () => {
    const f = await graphFake();
    const noWaba = byName(await run(f, { business_account_id: '' })).whatsapp_templates!;
    expect(noWaba.status).toBe('WARN');
    expect(tr(noWaba).detail).toMatch(/business_account_id \(WABA kimliği\) tanımlı değil/);
    const none = byName(await run(f, { templates: {} })).whatsapp_templates!;
    expect(none.status).toBe('WARN');
    expect(en(none).detail).toMatch(/No message templates are configured/);
  });

  it('persistent 503 → reachable FAIL (server error) with playbook step 2; token, phone and templates SKIP naming reachability', async () => {
    const f = await graphFake({ failures: [{ status: 503, count: 99 }] });
    const c = byName(await run(f));
    expect(c.whatsapp_api_reachable!.status).toBe('FAIL');
    expect(tr(c.whatsapp_api_reachable).detail).toBe('Graph API sunucu hatası döndürdü (HTTP 503).');
    expect(en(c.whatsapp_api_reachable).detail).toBe('The Graph API answered with a server error (HTTP 503).');
    expect(tr(c.whatsapp_api_reachable).steps[0]).toMatch(/^Olay planı adım 2 .*metastatus\.com/);
    expect(en(c.whatsapp_api_reachable).recommendation).toMatch(/metastatus\.com/);
    expect(c.whatsapp_api_reachable!.technical_detail).toMatch(/HTTP 503; after 2 attempts/);
    for (const name of ['whatsapp_token', 'whatsapp_phone_number', 'whatsapp_templates']) {
      expect(c[name]).toMatchObject({ status: 'SKIP', skipped_because: 'whatsapp_api_reachable' });
      expect(en(c[name]).detail).toBe('Skipped because the “Meta Graph API reachability” check failed.');
    }
  });

  it('a hung API → reachable FAIL (timeout), and the run finishes within its bound', async () => {
    const f = await graphFake({ hang: true });
    const started = performance.now();
    const c = byName(await run(f, {}, ctx({ timeoutMs: 400 })));
    expect(c.whatsapp_api_reachable!.status).toBe('FAIL');
    expect(tr(c.whatsapp_api_reachable).detail).toMatch(/^127\.0\.0\.1:\d+ adresindeki Graph API 400 ms içinde yanıt vermedi\.$/);
    expect(en(c.whatsapp_api_reachable).detail).toMatch(/did not answer within 400 ms\.$/);
    expect(c.whatsapp_token).toMatchObject({ status: 'SKIP', skipped_because: 'whatsapp_api_reachable' });
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('nothing listening → reachable FAIL (network error), the system code in technical detail only', async () => {
    const port = await closedPort();
    const c = byName(await run(null, { base_url: `http://127.0.0.1:${port}` }));
    expect(c.whatsapp_api_reachable!.status).toBe('FAIL');
    expect(tr(c.whatsapp_api_reachable).detail).toBe(`127.0.0.1:${port} adresindeki Graph API’ye ulaşılamadı (ağ, DNS, proxy veya TLS).`);
    expect(c.whatsapp_api_reachable!.technical_detail).toMatch(/ECONNREFUSED/);
    expect(en(c.whatsapp_api_reachable).detail).not.toMatch(/ECONNREFUSED/);
  });

  it('429 beyond the cap → reachable WARN (rate limited, with the seconds), token and phone WARN (not verified)', async () => {
    const f = await graphFake({ failures: [{ status: 429, count: 99, headers: { 'Retry-After': '600' }, error: { message: 'Rate limited', code: 80007 } }] });
    const c = byName(await run(f));
    expect(c.whatsapp_api_reachable!.status).toBe('WARN');
    // Built on Meta's code (80007: the WABA's limit), not on its words ("Rate limited").
    expect(tr(c.whatsapp_api_reachable).detail).toBe('Graph API erişilebilir, ancak Meta hız sınırı uyguluyor: WhatsApp İşletme Hesabının istek sınırı aşıldı (Meta hata 80007); 600 sn sonra yeniden deneyin.');
    expect(en(c.whatsapp_api_reachable).detail).toMatch(/try again in 600 s\.$/);
    expect(c.whatsapp_token!.status).toBe('WARN');
    expect(c.whatsapp_phone_number!.status).toBe('WARN');
  });

  it('verify token: strong → PASS; weak → WARN in development, FAIL in production', async () => {
    const f = await graphFake();
    expect(byName(await run(f)).whatsapp_webhook_verify_token!.status).toBe('PASS');
    const weak = ctx({ secrets: secrets({ WA_VERIFY: 'verify_token' }) });
    const dev = byName(await run(f, {}, weak)).whatsapp_webhook_verify_token!;
    expect(dev.status).toBe('WARN');
    expect(tr(dev).detail).toMatch(/zayıf: varsayılan veya yaygın bir değer; 12 karakter uzunluğunda \(en az 32 gerekli\).*development ortamında zayıf token uyarıdır/);
    const prod = byName(await run(f, {}, weak, 'production')).whatsapp_webhook_verify_token!;
    expect(prod.status).toBe('FAIL');
    expect(en(prod).detail).toMatch(/is weak: .*\(production: a weak token fails\)\.$/);
  });

  it('a hung keychain cannot stall the run: every check ends within its own deadline', async () => {
    const f = await graphFake();
    const never = () => new Promise<never>(() => {});
    const store: SecretStore = { backend: 'hung', get: never, set: never, delete: never, list: never, status: never };
    const started = performance.now();
    const checks = await run(f, { access_token: 'VAULT:whatsapp_access_token', webhook_verify_token: 'VAULT:whatsapp_webhook_verify' }, ctx({ secrets: { env: {}, store }, checkTimeoutMs: 500 }));
    const c = byName(checks);
    expect(c.whatsapp_api_reachable!.status).toBe('FAIL');
    expect(tr(c.whatsapp_api_reachable).detail).toBe('Kontrol 500 ms içinde bitmedi (anahtar deposu veya ağ yanıt vermedi).');
    expect(c.whatsapp_webhook_verify_token!.status).toBe('FAIL');
    expect(en(c.whatsapp_webhook_verify_token).detail).toMatch(/did not finish within 500 ms/);
    expect(f.requests).toHaveLength(0);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
