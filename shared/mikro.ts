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
  /** `sql` (SQL Server login) or `ntlm` (Windows account: domain, user, password). */
  authentication: 'sql' | 'ntlm';
  domain: string | null;
  /** SHA-256 of the pinned server certificate (colon hex), or null. */
  certificate_fingerprint: string | null;
  tls_min_version: MikroTlsMinVersion;
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
  authentication: z.enum(['sql', 'ntlm']).optional(),
  domain: blankable,
  /** SHA-256 of the server certificate to accept (hex, with or without colons); blank clears it. */
  certificate_fingerprint: z.string().trim().max(128).regex(/^$|^(?:[0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/).optional().nullable(),
  tls_min_version: z.enum(['1.2', '1.1', '1.0']).optional(),
  master_tables: z.array(z.string().max(128)).max(50).optional(),
});
export type MikroForm = z.infer<typeof MikroFormSchema>;

export type MikroTlsMinVersion = '1.2' | '1.1' | '1.0';

/** The staged connection test, in this order; it stops at the first FAIL (the rest are not run). */
export const MIKRO_STAGE_NAMES = ['parse', 'dns', 'browser', 'tcp', 'prelogin', 'tls', 'login', 'database', 'permissions'] as const;
export type MikroStageName = (typeof MIKRO_STAGE_NAMES)[number];

/** One stage of the connection test; live as `job.progress` `{ stage, index, total }`. */
export interface MikroStage {
  name: MikroStageName;
  status: 'PASS' | 'WARN' | 'FAIL' | 'SKIP';
  duration_ms: number;
  detail: Message;
  /** What to do about a FAIL or WARN. */
  next_step?: Message;
  /** The driver's / OpenSSL's words, for support. */
  technical_detail?: string;
  /** What the stage found (addresses, port, version, protocol, certificate …). */
  facts?: Record<string, unknown>;
}

/** `job.progress` of `mikro.test`. */
export interface MikroStageProgress {
  stage: MikroStage;
  index: number;
  total: number;
}

/** Certificate facts shown after a certificate failure (and on the tls stage). */
export interface MikroCertificateFacts {
  subject: string;
  issuer: string;
  valid_to: string;
  fingerprint256: string;
}

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
  /** Product, build, edition, collation and (Express) data size, read after a successful login. */
  server?: MikroServerFacts;
  /** The staged test (parse … permissions); stages after the first FAIL are absent. */
  stages?: MikroStage[];
  /** The server's certificate when the tls stage saw one (the SQL Board offers to pin it). */
  certificate?: MikroCertificateFacts;
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

/** One statement the console sent to Mikro (issue 12 §5: time, statement, rows, duration, who). */
export interface MikroStatementLogEntry {
  id: number;
  /** ISO time the statement was sent. */
  at: string;
  /** As typed, masked of the password and of personal data (e-mail, phone, VKN/TCKN-like numbers), cut at 2 000 characters. */
  statement: string;
  rows: number;
  duration_ms: number;
  /** Who asked (OS user@host and door), or the module that sent it on its own (verification, test). */
  actor: string;
  outcome: 'ok' | 'refused' | 'failed';
  /** Error code or guard reason when not ok (E_MIKRO_READ_ONLY [UNC_PATH], 1222 …). */
  code?: string;
  truncated?: boolean;
  /** mssql://host:port/database (no user, no password). */
  target: string;
  /** The same statement, actor and outcome sent again right after (health probes): how many times in all, and the last time. */
  repeats?: number;
  last_at?: string;
}

export interface MikroStatementLogView {
  entries: MikroStatementLogEntry[];
  /** How many entries the log keeps (the oldest go first). */
  capacity: number;
  /** Entries recorded since the process started, including those no longer kept. */
  total: number;
  /** Every statement ran with this lock timeout and READ UNCOMMITTED. */
  lock_timeout_ms: number;
}

/** What the server says about itself (read-only queries; server-facts.ts). */
export interface MikroServerFacts {
  /** "SQL Server 2019 (15.0.4312)" or "SQL Server 2012 SP4 (11.0.7001)". */
  product: string;
  /** SERVERPROPERTY('ProductVersion'), e.g. 15.0.4312.2. */
  build: string;
  /** SERVERPROPERTY('ProductLevel') / ('ProductUpdateLevel'): RTM, SP4, CU21 … */
  level: string | null;
  /** SERVERPROPERTY('Edition'), e.g. "Express Edition (64-bit)". */
  edition: string;
  express: boolean;
  server_collation: string | null;
  database_collation: string | null;
  /** Data files (ROWS) of the connected database, in bytes; null when sys.database_files is not readable. */
  data_bytes: number | null;
  /** Express: 10 GB per database (data files); null for other editions. */
  data_limit_bytes: number | null;
  /** data_bytes / data_limit_bytes in percent (one decimal), Express only. */
  data_used_percent: number | null;
}
