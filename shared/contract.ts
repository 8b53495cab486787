/**
 * The API contract: every operation any door (Electron IPC, HTTP `serve`, CLI) offers.
 * Adding an operation = one entry here + one handler in main/core/handlers; the preload, the
 * HTTP router and the renderer's typed client all derive from this object.
 */
import { z } from 'zod';
import { AuditFilterSchema, AuditListInputSchema, type AuditPage, type AuditVerifyReport } from './audit.js';
import {
  ConfigFileNameSchema,
  SecretNameSchema,
  type ConfigCheckReport,
  type ConfigFileReport,
  type SecretFinding,
  type SecretsReport,
} from './config.js';
import { BackupIdSchema, BackupListInputSchema, BackupRunInputSchema, type BackupListItem, type BackupRunSummary, type BackupStatusView, type VerifyResult } from './backup.js';
import {
  DiagnosticsExportInputSchema,
  DiagnosticsRunInputSchema,
  type DiagnosticsDiff,
  type DiagnosticsProgress,
  type DiagnosticsReport,
  type DiagnosticsRunRecord,
  type DiagnosticsRunSummary,
} from './diagnostics.js';
import type { ErrorBody } from './errors.js';
import { WhatsappSendTestSchema, type WhatsappSettingsView, type WhatsappTestMessageResult } from './whatsapp.js';
import {
  MikroFormSchema,
  MikroQueryInputSchema,
  type IntegrationCheck,
  type MikroHealthBody,
  type MikroQueryResult,
  type MikroSettingsView,
  type MikroTestResult,
} from './mikro.js';
import type { HealthReport, HealthSample } from './health.js';
import type { MigrationRunResult, MigrationStatus } from './migrations.js';

export interface OpDef<I extends z.ZodType, O> {
  input: I;
  /** State-changing operations need the per-run token over HTTP and are audited. */
  mutates: boolean;
  summary: string;
  /** Phantom field carrying the result type; never set at runtime. */
  readonly __output?: O;
}

/** `op<Result>()({...})` pins the result type while inferring the input schema. */
function op<O>() {
  return <I extends z.ZodType>(def: { input: I; mutates: boolean; summary: string }): OpDef<I, O> => def;
}

const noInput = z.strictObject({});

export interface AppInfo {
  product: string;
  version: string;
  environment: string;
  engine: 'sqlite' | 'postgres';
  database_target: string;
  data_dir: string;
  config_dir: string;
  platform: string;
}

export const contract = {
  'app.info': op<AppInfo>()({
    input: noInput,
    mutates: false,
    summary: 'Product, version, environment and where data lives.',
  }),
  'health.get': op<HealthReport>()({
    input: noInput,
    mutates: false,
    summary: 'Composite health of the database and integrations (never cached).',
  }),
  'health.history': op<HealthSample[]>()({
    input: noInput,
    mutates: false,
    summary: 'The last 60 health checks this process made (any door), oldest first.',
  }),
  'migrations.status': op<MigrationStatus>()({
    input: noInput,
    mutates: false,
    summary: 'Current schema version, head, applied and pending migrations.',
  }),
  'migrations.up': op<MigrationRunResult>()({
    input: noInput,
    mutates: true,
    summary: 'Apply every pending migration (upgrade to head).',
  }),
  'config.check': op<ConfigCheckReport>()({
    input: noInput,
    mutates: false,
    summary: 'Validate every config file and scan them for plain-text secrets.',
  }),
  'config.get': op<{ report: ConfigFileReport; value: unknown }>()({
    input: z.strictObject({ file: ConfigFileNameSchema }),
    mutates: false,
    summary: 'One config file with literal secrets masked (references shown).',
  }),
  'config.save': op<ConfigFileReport>()({
    input: z.strictObject({ file: ConfigFileNameSchema, patch: z.record(z.string(), z.unknown()) }),
    mutates: true,
    summary: 'Merge a change into a config file (atomic, audited; literal secrets refused).',
  }),
  'config.scan': op<SecretFinding[]>()({
    input: noInput,
    mutates: false,
    summary: 'Plain-text secrets in config files (file + JSON path, never the value).',
  }),
  'config.fixSecrets': op<{ moved: { file: string; path: string; ref: string }[] }>()({
    input: z.strictObject({ items: z.array(z.strictObject({ file: z.string(), path: z.string() })).max(200).optional() }),
    mutates: true,
    summary: 'Move plain-text secrets into the OS keychain and rewrite them to VAULT: references.',
  }),
  'secrets.list': op<SecretsReport>()({
    input: noInput,
    mutates: false,
    summary: 'Keychain status, stored secret names with last change, and missing references.',
  }),
  'secrets.set': op<{ name: string; ref: string; changed_at: string }>()({
    input: z.strictObject({ name: SecretNameSchema, value: z.string().min(1).max(8192) }),
    mutates: true,
    summary: 'Store or replace a secret in the OS keychain (write-only: it is never read back).',
  }),
  'secrets.delete': op<{ deleted: boolean }>()({
    input: z.strictObject({ name: SecretNameSchema }),
    mutates: true,
    summary: 'Delete a secret from the OS keychain.',
  }),
  'audit.list': op<AuditPage>()({
    input: AuditListInputSchema,
    mutates: false,
    summary: 'Audit log rows, newest first, filtered and paged.',
  }),
  'audit.verify': op<AuditVerifyReport>()({
    input: noInput,
    mutates: false,
    summary: 'Walk the hash chain and report the first broken link.',
  }),
  'audit.export': op<{ csv: string; rows: number; filename: string }>()({
    input: AuditFilterSchema,
    mutates: false,
    summary: 'Matching audit rows as CSV (UTF-8 with BOM).',
  }),
  'mikro.settings': op<MikroSettingsView>()({
    input: noInput,
    mutates: false,
    summary: 'The SQL Board: effective Mikro settings, where each came from, the last test.',
  }),
  'mikro.save': op<MikroSettingsView>()({
    input: MikroFormSchema,
    mutates: true,
    summary: 'Save the SQL Board (read_only stays true; a typed password goes to the keychain; blank keeps it).',
  }),
  'mikro.test': op<MikroTestResult>()({
    input: MikroFormSchema,
    mutates: true,
    summary: 'Test connection on unsaved values: SELECT 1, latency, server version, friendly errors (audited).',
  }),
  'mikro.verify': op<IntegrationCheck[]>()({
    input: noInput,
    mutates: false,
    summary: 'Read-only verification: flag, login rights on the server, ApplicationIntent, encryption, tables, push guard.',
  }),
  'mikro.health': op<MikroHealthBody>()({
    input: noInput,
    mutates: false,
    summary: 'Mikro health, compatible with GET /api/v1/mikro/health.',
  }),
  'mikro.pushCheck': op<IntegrationCheck>()({
    input: noInput,
    mutates: false,
    summary: 'Prove every write-back (push) is refused with E_MIKRO_READ_ONLY without touching Mikro.',
  }),
  'mikro.query': op<MikroQueryResult>()({
    input: MikroQueryInputSchema,
    mutates: true,
    summary: 'Run one read-only SELECT through the statement guard (bounded rows, audited).',
  }),
  'mikro.cancelQuery': op<{ cancelled: boolean }>()({
    input: z.strictObject({ query_id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }),
    mutates: true,
    summary: 'Cancel a running console query on the server.',
  }),
  'whatsapp.settings': op<WhatsappSettingsView>()({
    input: noInput,
    mutates: false,
    summary: 'The effective WhatsApp settings (whatsapp.json + system_config.json), where each came from, secret status.',
  }),
  'whatsapp.check': op<IntegrationCheck[]>()({
    input: noInput,
    mutates: false,
    summary: 'Token, phone number, templates, API reachability, webhook verify token (and handshake).',
  }),
  'whatsapp.sendTest': op<WhatsappTestMessageResult>()({
    input: WhatsappSendTestSchema,
    mutates: true,
    summary: 'Send a configured template to a number the admin types (audited).',
  }),
  'backup.status': op<BackupStatusView>()({
    input: noInput,
    mutates: false,
    summary: 'Is a backup running (and its progress), the next scheduled time, the settings in effect.',
  }),
  'backup.list': op<BackupListItem[]>()({
    input: BackupListInputSchema,
    mutates: false,
    summary: 'Backup runs, newest first: time, size, duration, result, verified.',
  }),
  'backup.run': op<BackupRunSummary>()({
    input: BackupRunInputSchema,
    mutates: true,
    summary: 'Back up the application database now (optionally restore-test it right after).',
  }),
  'backup.verify': op<VerifyResult>()({
    input: BackupIdSchema,
    mutates: true,
    summary: 'Restore-test a backup (PostgreSQL into a scratch database; SQLite integrity check).',
  }),
  'backup.checks': op<IntegrationCheck[]>()({
    input: noInput,
    mutates: false,
    summary: 'Backup config, tool, recency (26 h / 72 h) and last verify.',
  }),
  'diagnostics.run': op<DiagnosticsReport>()({
    input: DiagnosticsRunInputSchema,
    mutates: false,
    summary: 'Run every runbook check (§9) concurrently, each under its own timeout; the run is stored.',
  }),
  'diagnostics.progress': op<DiagnosticsProgress>()({
    input: noInput,
    mutates: false,
    summary: 'The checks finished so far in the run in progress.',
  }),
  'diagnostics.list': op<DiagnosticsRunSummary[]>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(200).default(20), offset: z.number().int().min(0).default(0) }),
    mutates: false,
    summary: 'Past diagnostics runs, newest first, with PASS/WARN/FAIL counts.',
  }),
  'diagnostics.get': op<DiagnosticsRunRecord>()({
    input: z.strictObject({ id: z.number().int().positive() }),
    mutates: false,
    summary: 'One stored run with its full report.',
  }),
  'diagnostics.diff': op<DiagnosticsDiff & { before_id: number | null }>()({
    input: z.strictObject({ id: z.number().int().positive(), against: z.number().int().positive().optional() }),
    mutates: false,
    summary: 'What changed between a run and the one before it (or a given one).',
  }),
  'diagnostics.export': op<{ content: string; filename: string; mime: string; run_id: number }>()({
    input: DiagnosticsExportInputSchema,
    mutates: false,
    summary: 'A stored run as JSON, self-contained HTML or Markdown, secrets redacted (audited).',
  }),
  'diagnostics.exportPdf': op<{ saved: boolean; path?: string }>()({
    input: z.strictObject({ id: z.number().int().positive().optional(), lang: z.enum(['tr', 'en']).default('tr') }),
    mutates: true,
    summary: 'Desktop app only: print a stored run (or the newest) to PDF and save it where the user chooses.',
  }),
} as const;

export type Contract = typeof contract;
export type OpName = keyof Contract;
export const OP_NAMES = Object.keys(contract) as OpName[];
export type OpInput<N extends OpName> = z.input<Contract[N]['input']>;
export type OpParsedInput<N extends OpName> = z.output<Contract[N]['input']>;
export type OpOutput<N extends OpName> = Contract[N] extends OpDef<z.ZodType, infer O> ? O : never;

/** What IPC returns: errors travel as data so their code survives Electron's error serialisation. */
export type OpResult<N extends OpName> = { ok: true; data: OpOutput<N> } | { ok: false; error: ErrorBody };

export function isOpName(name: unknown): name is OpName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The IPC channel of an operation. */
export const ipcChannel = (name: OpName): string => `op:${name}`;

/** The HTTP route of an operation on `serve`. */
export const httpRoute = (name: OpName): string => `/api/op/${name}`;
