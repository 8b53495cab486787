/**
 * The WhatsApp page's settings form (`whatsapp.save`, issue 11): what it may write into
 * whatsapp.json, which templates it removes, and which duplicate keys it removes from
 * system_config.json. Shared by the contract (input validation) and the renderer (types only).
 */
import { z } from 'zod';
import type { ConfigFileReport } from './config.js';

/** The system_config.json `whatsapp` keys the form may clear (secret references included: their value is never shown). */
export const CLEARABLE_SYSTEM_KEYS = ['phone_number_id', 'business_account_id', 'api_version', 'base_url', 'access_token_ref', 'webhook_verify_token_ref', 'app_secret_ref', 'webhook_url'] as const;
export type ClearableSystemKey = (typeof CLEARABLE_SYSTEM_KEYS)[number];

const digits = z.string().trim().max(64).regex(/^\d*$/, 'digits only');

export const WhatsappSaveSchema = z.strictObject({
  phone_number_id: digits.optional(),
  business_account_id: digits.optional(),
  api_version: z.string().trim().regex(/^v\d+\.\d+$/, 'expected like v21.0').optional(),
  base_url: z.url().max(256).optional(),
  /** Templates to add or change: key → Meta template name and language. */
  templates: z
    .record(
      z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
      z.strictObject({ name: z.string().trim().regex(/^[a-z0-9_]{1,512}$/, 'lowercase letters, digits, _'), language: z.string().trim().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'like tr or en_US') }),
    )
    .optional(),
  /** Template keys to delete from whatsapp.json (a template removed in the form). */
  remove_templates: z.array(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/)).max(200).optional(),
  /** system_config.json `whatsapp` keys to delete (the duplicates whatsapp.json overrides). */
  clear_system_config: z.array(z.enum(CLEARABLE_SYSTEM_KEYS)).max(CLEARABLE_SYSTEM_KEYS.length).optional(),
});
export type WhatsappSaveInput = z.output<typeof WhatsappSaveSchema>;

export interface WhatsappSaveResult {
  whatsapp: ConfigFileReport;
  /** The report of system_config.json when keys were removed there. */
  system_config?: ConfigFileReport;
  /** The system_config.json `whatsapp` keys removed. */
  cleared: ClearableSystemKey[];
  /** The template keys removed from whatsapp.json. */
  removed_templates: string[];
}
