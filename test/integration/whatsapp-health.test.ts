// The WhatsApp component of /health: not_configured, healthy, degraded, unhealthy — bounded.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { createWhatsappHealthProbe, type EffectiveWhatsappSettings } from '../../main/core/whatsapp/index.js';
import { CANARY_TOKEN, graphFake, secrets, settingsFor } from '../fakes/graph/harness.js';

const probe = (eff: EffectiveWhatsappSettings | (() => EffectiveWhatsappSettings), timeoutMs = 2000) =>
  createWhatsappHealthProbe(typeof eff === 'function' ? eff : () => eff, { secrets: secrets(), timeoutMs })();

describe('WhatsApp health probe', () => {
  it('not configured → not_configured, without a request', async () => {
    expect(await probe(settingsFor(null, { phone_number_id: '' }))).toMatchObject({ status: 'not_configured' });
  });

  it('token accepted, quality GREEN, templates approved → healthy with latency', async () => {
    const f = await graphFake();
    const c = await probe(settingsFor(f));
    expect(c).toMatchObject({ status: 'healthy', latency_ms: expect.any(Number), detail: expect.stringMatching(/quality GREEN/) });
  });

  it('quality YELLOW or a PENDING template → degraded', async () => {
    const f = await graphFake();
    f.state.phone.quality_rating = 'YELLOW';
    expect(await probe(settingsFor(f))).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/YELLOW/) });
    f.state.phone.quality_rating = 'GREEN';
    f.state.templates[0]!.status = 'PENDING';
    expect(await probe(settingsFor(f))).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/PENDING/) });
  });

  it('expired token, 503 or a hang → unhealthy (one try, bounded)', async () => {
    const f = await graphFake({ tokenError: 'expired' });
    expect(await probe(settingsFor(f))).toMatchObject({ status: 'unhealthy', error: expect.stringMatching(/^E_WHATSAPP_TOKEN_INVALID/) });
    expect(f.requests.filter((r) => !r.path.endsWith('message_templates'))).toHaveLength(1);

    const g = await graphFake({ failures: [{ status: 503, count: 99 }] });
    expect(await probe(settingsFor(g))).toMatchObject({ status: 'unhealthy', error: expect.stringMatching(/^E_WHATSAPP_UNREACHABLE/) });
    expect(g.requests.filter((r) => !r.path.endsWith('message_templates'))).toHaveLength(1);

    const h = await graphFake({ hang: true });
    const started = performance.now();
    expect(await probe(settingsFor(h), 300)).toMatchObject({ status: 'unhealthy', latency_ms: null, error: expect.stringMatching(/E_WHATSAPP_UNREACHABLE.*(no answer|did not answer)/) });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('a literal token or a settings error → unhealthy, never the value', async () => {
    const c = await probe(settingsFor(null, { access_token: CANARY_TOKEN }));
    expect(c).toMatchObject({ status: 'unhealthy', error: expect.stringMatching(/E_CONFIG_INVALID/) });
    expect(JSON.stringify(c)).not.toContain(CANARY_TOKEN);
    const broken = await probe(() => {
      throw Object.assign(new Error('whatsapp.json is invalid'), { code: 'E_CONFIG_INVALID' });
    });
    expect(broken).toMatchObject({ status: 'unhealthy', error: 'E_CONFIG_INVALID: whatsapp.json is invalid' });
  });
});
