/** WhatsApp page shapes shared by the doors and the renderer (R-WA). Texts are catalogue messages. */
import { z } from 'zod';
import type { ErrorCode } from './errors.js';
import type { Message } from './messages.js';

export interface WhatsappConfigProblemView {
  severity: 'error' | 'warning';
  file: string;
  /** JSON path inside the file, e.g. `templates.order_ready.language`. */
  path: string;
  message: Message;
  /** A validator's own words, for support only. */
  technical_detail?: string;
}

export interface WhatsappSettingsView {
  /** whatsapp.json `enabled` (default true); false = switched off. */
  enabled: boolean;
  configured: boolean;
  environment: string;
  /** Every merged field with the file it came from (whatsapp.json wins over system_config.json). */
  fields: { key: string; value: string | null; source: string }[];
  /** Secret references and whether each resolves; never values. */
  secrets: { key: 'access_token' | 'webhook_verify_token' | 'app_secret'; ref: string | null; set: boolean }[];
  templates: { key: string; name: string; language: string; body_parameter_count: number | null }[];
  problems: WhatsappConfigProblemView[];
}

export const WhatsappSendTestSchema = z.strictObject({
  to: z.string().min(3).max(40),
  template: z.string().min(1).max(100),
  parameters: z.array(z.string().max(1024)).max(20).optional(),
});

export interface WhatsappTestMessageResult {
  success: boolean;
  message_id?: string;
  /** Always masked: `+90 532 *** ** 67`. */
  to?: string;
  template?: string;
  language?: string;
  code?: ErrorCode;
  /** What happened, for people. */
  message: Message;
  /** What to do next, when it failed and the error names a step. */
  next_step?: Message;
  /** Meta's own words (message, code, fbtrace_id) or the transport error, for support. */
  technical_detail?: string;
  reason?: string;
  /** Meta's status of the template when it was refused for not being APPROVED (or `missing`). */
  template_status?: string;
  fbtrace_id?: string;
  attempts?: number;
  sent_at: string;
  audit_error?: string;
}
