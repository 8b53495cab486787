/** WhatsApp page shapes shared by the doors and the renderer (R-WA). */
import { z } from 'zod';
import type { ErrorCode } from './errors.js';

export interface WhatsappSettingsView {
  configured: boolean;
  environment: string;
  /** Every merged field with the file it came from (whatsapp.json wins over system_config.json). */
  fields: { key: string; value: string | null; source: string }[];
  /** Secret references and whether each resolves; never values. */
  secrets: { key: 'access_token' | 'webhook_verify_token' | 'app_secret'; ref: string | null; set: boolean }[];
  templates: { key: string; name: string; language: string; body_parameter_count: number | null }[];
  problems: { severity: string; file: string; path: string; message: string; message_tr: string }[];
}

export const WhatsappSendTestSchema = z.strictObject({
  to: z.string().min(3).max(40),
  template: z.string().min(1).max(100),
  parameters: z.array(z.string().max(1024)).max(20).optional(),
});

export interface WhatsappTestMessageResult {
  success: boolean;
  message_id?: string;
  to?: string;
  template?: string;
  language?: string;
  code?: ErrorCode;
  message: string;
  message_en: string;
  reason?: string;
  fbtrace_id?: string;
  attempts?: number;
  sent_at: string;
  audit_error?: string;
}
