// The WhatsApp component of /health: disabled, not_configured, healthy, degraded, unhealthy — bounded.
// `message` is a catalogue message (asserted in both languages); raw text is technical detail.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { OtherComponent } from '../../shared/health.js';
import { translator } from '../../shared/i18n/translator.js';
import { createWhatsappHealthProbe, type EffectiveWhatsappSettings } from '../../main/core/whatsapp/index.js';
import { CANARY_TOKEN, graphFake, secrets, settingsFor } from '../fakes/graph/harness.js';

const probe = (eff: EffectiveWhatsappSettings | (() => EffectiveWhatsappSettings), timeoutMs = 2000) =>
  createWhatsappHealthProbe(typeof eff === 'function' ? eff : () => eff, { secrets: secrets(), timeoutMs })();
const tr = (c: OtherComponent) => translator('tr').t(c.message!);
const en = (c: OtherComponent) => translator('en').t(c.message!);

describe('WhatsApp health probe', () => {
  it('not configured → not_configured, without a request', async () => {
    const f = await graphFake();
    const c = await probe(settingsFor(f, { phone_number_id: '' }));
    expect(c).toMatchObject({ status: 'not_configured' });
    expect(tr(c)).toBe('WhatsApp kurulmadı: phone_number_id tanımlı değil.');
    expect(f.requests).toHaveLength(0);
  });

  it('"enabled": false → disabled, without a request', async () => {
    const f = await graphFake();
    const c = await probe(settingsFor(f, { enabled: false }));
    expect(c).toMatchObject({ status: 'disabled' });
    expect(tr(c)).toBe('WhatsApp kapalı (whatsapp.json "enabled": false).');
    expect(en(c)).toBe('WhatsApp is switched off (whatsapp.json "enabled": false).');
    expect(f.requests).toHaveLength(0);
  });

  it('token accepted, quality GREEN, templates approved → healthy with latency; the number masked', async () => {
    const f = await graphFake();
    const c = await probe(settingsFor(f));
    expect(c).toMatchObject({ status: 'healthy', latency_ms: expect.any(Number) });
    expect(tr(c)).toBe('+90 212 *** ** 23 (OptiPlan Test) için token kabul edildi; kalite yeşil (yüksek).');
    expect(en(c)).toBe('Token accepted for +90 212 *** ** 23 (OptiPlan Test); quality green (high).');
  });

  it('quality YELLOW or a PENDING template → degraded', async () => {
    const f = await graphFake();
    f.state.phone.quality_rating = 'YELLOW';
    const yellow = await probe(settingsFor(f));
    expect(yellow.status).toBe('degraded');
    expect(tr(yellow)).toMatch(/kalite puanı sarı/);
    f.state.phone.quality_rating = 'GREEN';
    f.state.templates[0]!.status = 'PENDING';
    const pending = await probe(settingsFor(f));
    expect(pending.status).toBe('degraded');
    expect(en(pending)).toMatch(/awaiting approval: order_ready/);
  });

  it('expired token, 503 or a hang → unhealthy (one try, bounded)', async () => {
    const f = await graphFake({ tokenError: 'expired' });
    const expired = await probe(settingsFor(f));
    expect(expired).toMatchObject({ status: 'unhealthy', message: { key: 'whatsapp.errors.token_expired' }, technical_detail: expect.stringMatching(/^E_WHATSAPP_TOKEN_INVALID/) });
    expect(f.requests.filter((r) => !r.path.endsWith('message_templates'))).toHaveLength(1);

    const g = await graphFake({ failures: [{ status: 503, count: 99 }] });
    const down = await probe(settingsFor(g));
    expect(down).toMatchObject({ status: 'unhealthy', technical_detail: expect.stringMatching(/^E_WHATSAPP_UNREACHABLE/) });
    expect(tr(down)).toBe('Graph API sunucu hatası döndürdü (HTTP 503).');
    expect(g.requests.filter((r) => !r.path.endsWith('message_templates'))).toHaveLength(1);

    const h = await graphFake({ hang: true });
    const started = performance.now();
    const hung = await probe(settingsFor(h), 300);
    expect(hung).toMatchObject({ status: 'unhealthy', latency_ms: null, technical_detail: expect.stringMatching(/E_WHATSAPP_UNREACHABLE/) });
    expect(en(hung)).toMatch(/did not (answer|finish) within/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a literal token or a settings error → unhealthy, never the value', async () => {
    const c = await probe(settingsFor(null, { access_token: CANARY_TOKEN }));
    expect(c).toMatchObject({ status: 'unhealthy', technical_detail: expect.stringMatching(/E_CONFIG_INVALID/) });
    expect(tr(c)).toMatch(/^Erişim token’ı referansı tanımlı değil/);
    expect(JSON.stringify(c)).not.toContain(CANARY_TOKEN);
    const broken = await probe(() => {
      throw Object.assign(new Error('whatsapp.json is invalid'), { code: 'E_CONFIG_INVALID' });
    });
    expect(broken).toMatchObject({ status: 'unhealthy', technical_detail: 'Error: whatsapp.json is invalid' });
    expect(tr(broken)).toBe('WhatsApp ayarları okunamadı.');
  });
});
