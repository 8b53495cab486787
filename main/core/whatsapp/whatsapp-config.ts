/**
 * `whatsapp.json` (R-WA-1) and the `whatsapp` section of `system_config.json`. Tokens are
 * accepted as strings here so that a literal secret still loads and is reported by the plain-text
 * scan (with a one-click move to the keychain) instead of making the whole file unreadable; using
 * one is refused by the settings loader (`whatsapp-settings.ts`), which also does the checks that
 * go beyond the shape (weekday names, open < close, placeholder numbering, limit consistency).
 */
import { z } from 'zod';
import { DEFAULT_API_VERSION } from './api-versions.js';

const TemplateSchema = z.looseObject({
  name: z.string().min(1),
  language: z.string().min(2).default('tr'),
  /**
   * Optional copy of the template's definition, e.g. `[{type:"BODY", text:"Merhaba {{1}}"}]`.
   * When present, the test message checks the number of body parameters against it.
   */
  components: z.array(z.unknown()).optional(),
});

const DayHoursSchema = z.union([
  z.looseObject({ open: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM'), close: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM') }),
  z.looseObject({ closed: z.literal(true) }),
  z.string(),
  z.null(),
]);

export const RateLimitsSchema = z.looseObject({
  messages_per_second: z.number().positive().default(10),
  messages_per_hour: z.number().positive().default(1000),
  messages_per_day: z.number().positive().default(10000),
});

export const RetrySettingsSchema = z.looseObject({
  max_attempts: z.number().int().min(1).max(10).default(3),
  retry_delay_seconds: z.number().min(0).default(60),
  backoff_multiplier: z.number().min(1).default(2),
});

export const WhatsappConfigSchema = z.looseObject({
  /**
   * false switches the integration off: its checks are SKIP, its health component `disabled`,
   * and nothing calls the Graph API or reads its secrets. Default true.
   */
  enabled: z.boolean().default(true),
  phone_number_id: z.string().nullish(),
  business_account_id: z.string().nullish(),
  api_version: z.string().regex(/^v\d+\.\d+$/, 'expected like v26.0').default(DEFAULT_API_VERSION),
  base_url: z.url().default('https://graph.facebook.com'),
  access_token: z.string().nullish(),
  webhook_verify_token: z.string().nullish(),
  app_secret: z.string().nullish(),
  /** Optional public webhook URL for the live verify-token handshake check (R-WA-3). */
  webhook_url: z.string().nullish(),
  /** Per-request timeout for Graph API calls; default 10 s. */
  request_timeout_seconds: z.number().positive().max(120).nullish(),
  templates: z.record(z.string(), TemplateSchema).default({}),
  business_hours: z.record(z.string(), DayHoursSchema).optional(),
  rate_limits: RateLimitsSchema.optional(),
  retry_settings: RetrySettingsSchema.optional(),
});
export type WhatsappConfig = z.output<typeof WhatsappConfigSchema>;

/**
 * `system_config.json` → `whatsapp` (the older backend's names: `access_token_ref`,
 * `webhook_verify_token_ref`). Every key optional; `whatsapp.json` wins where both set a value.
 */
export const WhatsappSystemSectionSchema = z.looseObject({
  provider: z.string().nullish(),
  api_version: z.string().regex(/^v\d+\.\d+$/, 'expected like v26.0').nullish(),
  base_url: z.string().nullish(),
  phone_number_id: z.string().nullish(),
  business_account_id: z.string().nullish(),
  access_token_ref: z.string().nullish(),
  webhook_verify_token_ref: z.string().nullish(),
  app_secret_ref: z.string().nullish(),
  webhook_url: z.string().nullish(),
  template_namespace: z.string().nullish(),
});
export type WhatsappSystemSection = z.output<typeof WhatsappSystemSectionSchema>;
