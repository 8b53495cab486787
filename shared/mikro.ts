/** Mikro SQL Board shapes shared by the doors and the renderer (R-MIKRO). */
import { z } from 'zod';
import type { ErrorCode } from './errors.js';
import type { Message } from './messages.js';

export type { CheckStatus } from './checks.js';
/** Verification and integration checks (Mikro, WhatsApp, backups) use the one check shape. */
export type { Check as IntegrationCheck } from './checks.js';

export type SettingSource = 'file' | 'env' | 'default';

export interface MikroLastTest {
  at: string;
  success: boolean;
  /** Masked: the full text is in the audit log. */
  message: string;
}

export interface MikroSettingsView {
  /** false: `"enabled": false` in mikro_connection.json (Mikro switched off here). */
  enabled: boolean;
  configured: boolean;
  host: string | null;
  port: number;
  instance: string | null;
  database: string | null;
  username: string | null;
  /** The reference (VAULT:/ENV:) and whether it resolves; never the value. */
  password_ref: string | null;
  password_set: boolean;
  timeout_seconds: number;
  encrypt: boolean;
  trust_server_certificate: boolean;
  read_only: true;
  master_tables: string[];
  sources: Record<string, SettingSource>;
  warnings: { code: string; field: string; message: Message }[];
  last_test: MikroLastTest | null;
}

const blankable = z.string().trim().max(256).optional().nullable();

/** The SQL Board form. A blank password means "keep the stored one". */
export const MikroFormSchema = z.strictObject({
  host: blankable,
  port: z.number().int().min(1).max(65535).optional(),
  instance: blankable,
  database: blankable,
  username: blankable,
  password: z.string().max(512).optional().nullable(),
  timeout_seconds: z.number().min(1).max(600).optional(),
  encrypt: z.boolean().optional(),
  trust_server_certificate: z.boolean().optional(),
  master_tables: z.array(z.string().max(128)).max(50).optional(),
});
export type MikroForm = z.infer<typeof MikroFormSchema>;

export interface MikroTestResult {
  success: boolean;
  code?: ErrorCode;
  /** The older backend's `message` ("Bağlantı başarılı", "Bağlantı hatası: …"), now a Message. */
  message: Message;
  hint?: Message;
  /** The driver's words (masked), for support; never part of `message`. */
  technical_detail?: string;
  latency_ms: number;
  server_version?: string;
  product_version?: string;
  encryption: 'on' | 'off' | 'unknown';
  encryption_confirmed: boolean;
  encryption_detail?: Message;
  read_only_intent: true;
  tested_at: string;
}

/**
 * `GET /api/v1/mikro/health`, as the older backend answered it. `detail` stays a plain string (a
 * legacy field whose free text scripts may show): the Turkish catalogue text of the failure.
 * `message` (ours, beside it) is the same failure as a Message, localized by the doors.
 */
export type MikroHealthBody = { status: 'ok'; latency_ms: number } | { status: 'error'; detail: string; code: string; message: Message };

export interface MikroQueryResult {
  columns: { name: string; type?: string }[];
  rows: unknown[][];
  row_count: number;
  truncated: boolean;
  duration_ms: number;
}

export const MikroQueryInputSchema = z.strictObject({
  sql: z.string().min(1).max(100_000),
  max_rows: z.number().int().min(1).max(10_000).default(200),
  /** Chosen by the caller so that it can cancel this query (mikro.cancelQuery). */
  query_id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
});
