/**
 * `whatsapp.json` (R-WA-1). Tokens are accepted as strings here so that a literal secret still
 * loads and is reported by the plain-text scan (with a one-click move to the keychain) instead
 * of making the whole file unreadable; using one is refused at resolve time.
 */
import { z } from 'zod';

const TemplateSchema = z.looseObject({
  name: z.string().min(1),
  language: z.string().min(2).default('tr'),
  components: z.array(z.unknown()).optional(),
});

const DayHoursSchema = z.union([
  z.looseObject({ open: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM'), close: z.string().regex(/^\d{2}:\d{2}$/, 'expected HH:MM') }),
  z.looseObject({ closed: z.literal(true) }),
  z.string(),
  z.null(),
]);

export const WhatsappConfigSchema = z.looseObject({
  phone_number_id: z.string().nullish(),
  business_account_id: z.string().nullish(),
  api_version: z.string().regex(/^v\d+\.\d+$/, 'expected like v21.0').default('v21.0'),
  base_url: z.url().default('https://graph.facebook.com'),
  access_token: z.string().nullish(),
  webhook_verify_token: z.string().nullish(),
  app_secret: z.string().nullish(),
  templates: z.record(z.string(), TemplateSchema).default({}),
  business_hours: z.record(z.string(), DayHoursSchema).optional(),
  rate_limits: z
    .looseObject({
      messages_per_second: z.number().positive().default(10),
      messages_per_hour: z.number().positive().default(1000),
      messages_per_day: z.number().positive().default(10000),
    })
    .optional(),
  retry_settings: z
    .looseObject({
      max_attempts: z.number().int().min(1).max(10).default(3),
      retry_delay_seconds: z.number().min(0).default(60),
      backoff_multiplier: z.number().min(1).default(2),
    })
    .optional(),
});
export type WhatsappConfig = z.output<typeof WhatsappConfigSchema>;
