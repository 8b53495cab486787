/** Audit log shapes shared by the doors and the renderer (R-AUDIT). */
import { z } from 'zod';
import type { Message } from './messages.js';

export const AUDIT_RESULTS = ['success', 'failure', 'blocked', 'info'] as const;

export const AuditFilterSchema = z.strictObject({
  action: z.string().max(64).optional(),
  result: z.enum(AUDIT_RESULTS).optional(),
  /** ISO date-times, inclusive. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Free text searched in target and detail. */
  q: z.string().max(200).optional(),
  /** CSV export only: `;` for Excel in a Turkish locale, `,` otherwise (the UI picks by language). */
  delimiter: z.enum([';', ',']).optional(),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export const AuditListInputSchema = AuditFilterSchema.extend({
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});

export interface AuditEntry {
  id: number;
  ts: string;
  actor: string;
  action: string;
  target: string;
  result: string;
  detail: string | null;
  old_value: string | null;
  new_value: string | null;
  hash: string;
}

export interface AuditPage {
  rows: AuditEntry[];
  total: number;
  actions: string[];
}

export interface AuditVerifyReport {
  ok: boolean;
  checked: number;
  last_id: number;
  /**
   * The first link that does not hold. `reason`: what broke, for people (audit.verify.*);
   * `technical_detail`: the raw specifics (row id, stored and expected hash prefixes) for support.
   */
  first_broken?: { id: number; reason: Message; technical_detail: string };
  /**
   * The HMAC key (issue 13): present; missing or unusable (the keyed rows cannot be checked —
   * not OK); none = this log was opened without a key source (tools, tests).
   */
  key?: 'present' | 'missing' | 'unusable' | 'none';
  /** The first HMAC-keyed row; rows before it are legacy (unkeyed SHA-256). null: none keyed. */
  keyed_from?: number | null;
  /** full: walked from the first row; incremental: from `from` (the last verified row). */
  mode?: 'full' | 'incremental';
  from?: number;
  /** The anchors outside the database (backup manifests, diagnostics reports) checked against the log. */
  anchors?: { kind: 'backup' | 'diagnostics'; source: string; last_id: number; count: number; ok: boolean }[];
  /** What this verify proves and does not (legacy rows, anchors found), for people. */
  notes?: Message[];
}
