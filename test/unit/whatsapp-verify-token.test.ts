import { describe, expect, it } from 'vitest';
import { checkWebhookVerifyToken } from '../../main/core/whatsapp/checks-webhook.js';
import { assessVerifyToken } from '../../main/core/whatsapp/verify-token.js';
import { effectiveWhatsappSettings } from '../../main/core/whatsapp/whatsapp-settings.js';

const ACCESS = 'EAAGaccessTokenForTheVerifyTokenTest0123456789abcdefghij';
const APP_SECRET = 'f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8';
const STRONG = 'q8Zr2LmX4vKp7TnW1sYb9HcE3jUf6GdA5eRk0NxQ'; // 40 random characters

function settings(environment: string, verifyRef: string | null = 'ENV:WA_VERIFY') {
  return effectiveWhatsappSettings(
    { whatsapp: { phone_number_id: '1', access_token: 'ENV:WA_TOKEN', app_secret: 'ENV:WA_APP_SECRET', webhook_verify_token: verifyRef }, system_config: { environment } },
    {},
  ).settings;
}
const ctx = (verify: string | undefined) => ({ secrets: { env: { WA_TOKEN: ACCESS, WA_APP_SECRET: APP_SECRET, ...(verify !== undefined ? { WA_VERIFY: verify } : {}) }, store: null } });

describe('webhook verify token strength (R-WA-3)', () => {
  const weak: Array<[string, string, RegExp]> = [
    ['placeholder', '<verify-token>', /placeholder/],
    ['default', 'verify_token', /default or commonly used/],
    ['default with digits', 'my_verify_token_123', /default or commonly used/],
    ['short', 'Zr2LmX4vKp7TnW1s', /16 characters long \(at least 32/],
    ['equals the access token', ACCESS, /same as the WhatsApp access token/],
    ['equals the app secret', APP_SECRET, /same as the app secret/],
    ['low variety', 'ab'.repeat(20), /too little variety/],
  ];

  for (const environment of ['development', 'production'] as const) {
    const expected = environment === 'production' ? 'FAIL' : 'WARN';
    it.each(weak)(`${environment}: %s → ${expected}`, async (_label, token, reason) => {
      const c = await checkWebhookVerifyToken(settings(environment), ctx(token));
      expect(c).toMatchObject({ name: 'whatsapp_webhook_verify_token', status: expected, recommendation: expect.stringMatching(/at least 32/), recommendation_tr: expect.stringMatching(/en az 32/i) });
      expect(c.detail).toMatch(reason);
      expect(c.detail).toMatch(environment);
      const text = JSON.stringify(c);
      expect(text).not.toContain(ACCESS);
      expect(text).not.toContain(APP_SECRET);
      if (token.length > 12) expect(text).not.toContain(token);
    });

    it(`${environment}: a strong random 40-character token → PASS`, async () => {
      const c = await checkWebhookVerifyToken(settings(environment), ctx(STRONG));
      expect(c).toMatchObject({ status: 'PASS', recommendation: null });
      expect(JSON.stringify(c)).not.toContain(STRONG);
    });

    it(`${environment}: missing secret or missing reference → ${expected}`, async () => {
      expect((await checkWebhookVerifyToken(settings(environment), ctx(undefined))).detail).toMatch(/E_SECRET_NOT_FOUND|not set/);
      expect((await checkWebhookVerifyToken(settings(environment), ctx(undefined))).status).toBe(expected);
      expect((await checkWebhookVerifyToken(settings(environment, null), ctx(STRONG))).status).toBe(expected);
    });
  }

  it('a literal verify token in the file is never used (treated as no reference)', async () => {
    const c = await checkWebhookVerifyToken(settings('production', STRONG), ctx(STRONG));
    expect(c.status).toBe('FAIL');
    expect(c.detail).toMatch(/No usable webhook verify token reference/);
    expect(JSON.stringify(c)).not.toContain(STRONG);
  });

  it('other configured secrets passed by the caller count too', () => {
    expect(assessVerifyToken(STRONG, [{ label: 'database password', label_tr: 'veritabanı parolası', value: STRONG }]).map((r) => r.code)).toEqual(['reused']);
    expect(assessVerifyToken(STRONG)).toEqual([]);
  });
});
