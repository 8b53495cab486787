// What the WhatsApp tests and benches share without vitest: the canary secrets and a
// whatsapp.json pointing at a Graph fake.
import { DEFAULT_API_VERSION } from '../../../main/core/whatsapp/api-versions.js';
import type { GraphFake } from './server.js';

/** If any of these shows up outside the Authorization header (or the webhook's query), a test fails. */
export const CANARY_TOKEN = 'EAAGcanaryWhatsAppToken7f3a9c0123456789abcdefXYZ';
export const CANARY_VERIFY = 'vT9-kanarya-Doğrulama-4hQ2mZ8xLp6rN1sW3yB5cE7';
export const CANARY_APP_SECRET = 'appsecret-canary-0f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** whatsapp.json for the fake: ENV: references, the shipped templates, fast retries. */
export function whatsappJson(f: GraphFake | null, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    phone_number_id: f?.state.phoneNumberId ?? '106540352242922',
    business_account_id: f?.state.wabaId ?? '102290129340398',
    api_version: DEFAULT_API_VERSION,
    base_url: f?.baseUrl ?? 'http://127.0.0.1:9',
    access_token: 'ENV:WA_TOKEN',
    webhook_verify_token: 'ENV:WA_VERIFY',
    app_secret: 'ENV:WA_APP_SECRET',
    templates: {
      order_ready: { name: 'order_ready_notification', language: 'tr', components: [{ type: 'BODY', text: 'Merhaba {{1}}, {{2}} numaralı siparişiniz hazır.' }] },
      delivery_reminder: { name: 'delivery_reminder', language: 'tr' },
      order_completed: { name: 'order_completed', language: 'tr' },
    },
    rate_limits: { messages_per_second: 50, messages_per_hour: 1000, messages_per_day: 10000 },
    retry_settings: { max_attempts: 3, retry_delay_seconds: 1, backoff_multiplier: 2 },
    ...overrides,
  };
}

