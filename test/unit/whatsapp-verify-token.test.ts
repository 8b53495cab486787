import { describe, expect, it } from 'vitest';
import { msg } from '../../shared/messages.js';
import { expectWellFormed, readCheck } from '../fakes/graph/harness.js';
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
  const turkish: Record<string, RegExp> = {
    placeholder: /bir yer tutucu/,
    default: /varsayılan veya yaygın/,
    'default with digits': /varsayılan veya yaygın/,
    short: /16 karakter uzunluğunda \(en az 32 gerekli\)/,
    'equals the access token': /WhatsApp erişim token’ı ile aynı/,
    'equals the app secret': /uygulama gizli değeri ile aynı/,
    'low variety': /çok az çeşitlilik/,
  };

  for (const environment of ['development', 'production'] as const) {
    const expected = environment === 'production' ? 'FAIL' : 'WARN';
    it.each(weak)(`${environment}: %s → ${expected}`, async (label, token, reason) => {
      const c = await checkWebhookVerifyToken(settings(environment), ctx(token));
      expectWellFormed(c);
      expect(c).toMatchObject({ name: 'whatsapp_webhook_verify_token', status: expected });
      const en = readCheck(c, 'en');
      const tr = readCheck(c, 'tr');
      expect(en.recommendation).toMatch(/at least 32/);
      expect(tr.recommendation).toMatch(/En az 32/);
      expect(en.detail).toMatch(reason);
      expect(tr.detail).toMatch(turkish[label]!);
      expect(en.detail).toMatch(environment);
      expect(tr.detail).toMatch(environment === 'production' ? /üretim ortamında/ : /development ortamında/);
      const text = JSON.stringify(c);
      expect(text).not.toContain(ACCESS);
      expect(text).not.toContain(APP_SECRET);
      if (token.length > 12) expect(text).not.toContain(token);
    });

    it(`${environment}: a strong random 40-character token → PASS`, async () => {
      const c = await checkWebhookVerifyToken(settings(environment), ctx(STRONG));
      expect(c).toMatchObject({ status: 'PASS', recommendation: null });
      expect(readCheck(c, 'en').detail).toBe('The verify token ENV:WA_VERIFY is strong: at least 32 characters, not a default, different from 2 other secret(s).');
      expect(readCheck(c, 'tr').detail).toBe('ENV:WA_VERIFY doğrulama token’ı güçlü: en az 32 karakter, varsayılan değil, diğer 2 gizli değerden farklı.');
      expect(JSON.stringify(c)).not.toContain(STRONG);
    });

    it(`${environment}: missing secret or missing reference → ${expected}`, async () => {
      const missing = await checkWebhookVerifyToken(settings(environment), ctx(undefined));
      expect(missing.status).toBe(expected);
      expect(readCheck(missing, 'en').detail).toMatch(/^The verify token ENV:WA_VERIFY could not be read \((development|production)[^)]*\): /);
      expect(readCheck(missing, 'tr').detail).toMatch(/^ENV:WA_VERIFY doğrulama token’ı okunamadı \([^)]*\): /);
      expect(missing.technical_detail).toMatch(/E_SECRET_NOT_FOUND/);
      expect((await checkWebhookVerifyToken(settings(environment, null), ctx(STRONG))).status).toBe(expected);
    });
  }

  it('a literal verify token in the file is never used (treated as no reference)', async () => {
    const c = await checkWebhookVerifyToken(settings('production', STRONG), ctx(STRONG));
    expect(c.status).toBe('FAIL');
    expect(readCheck(c, 'en').detail).toMatch(/^No usable webhook verify token reference/);
    expect(readCheck(c, 'tr').detail).toMatch(/^Kullanılabilir webhook doğrulama token’ı referansı yok/);
    expect(JSON.stringify(c)).not.toContain(STRONG);
  });

  it('other configured secrets passed by the caller count too', () => {
    expect(assessVerifyToken(STRONG, [{ label: msg('whatsapp.verify_token.other.database_password'), value: STRONG }]).map((r) => r.code)).toEqual(['reused']);
    expect(assessVerifyToken(STRONG)).toEqual([]);
  });
});
