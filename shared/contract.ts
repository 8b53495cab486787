/**
 * The API contract: every operation any door (Electron IPC, HTTP `serve`, CLI) offers.
 * Adding an operation = one entry here + one handler in main/core/handlers; the preload, the
 * HTTP router and the renderer's typed client all derive from this object.
 */
import { z } from 'zod';
import { AuditFilterSchema, AuditListInputSchema, type AuditPage, type AuditVerifyReport } from './audit.js';
import { ConfigFileNameSchema, SecretNameSchema, type ConfigCheckReport, type ConfigFileReport, type SecretFinding, type SecretsReport } from './config.js';
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
import { WhatsappSaveSchema, type WhatsappSaveResult } from './whatsapp-form.js';
import { WhatsappEnqueueSchema, type WhatsappEnqueueResult } from './whatsapp-outbox.js';
import {
  MikroFormSchema,
  MikroQueryInputSchema,
  type IntegrationCheck,
  type MikroHealthBody,
  type MikroQueryResult,
  type MikroSettingsView,
  type MikroStatementLogView,
  type MikroTestResult,
} from './mikro.js';
import type { HealthReport, HealthSample } from './health.js';
import type { MigrationRunResult, MigrationStatus } from './migrations.js';
import type { JobResult, JobView } from './events.js';
import { op, type DoorName, type OpDef } from './op-spec.js';
import type { AppInfo } from './app-info.js';
import { supportOps } from './contract-support.js';
import { mikroSyncOps } from './contract-mikro-sync.js';
import type { MikroCompaniesResult } from './mikro-companies.js';

export type { AppInfo } from './app-info.js';
export { ALL_DOORS, type Access, type DoorName, type Effect, type OpDef } from './op-spec.js';

const noInput = z.strictObject({});

export const contract = {
  'app.info': op<AppInfo>()({
    input: noInput,
    access: 'public',
    effects: [],
    summary: 'Product, version, environment and where data lives.',
  }),
  'health.get': op<HealthReport>()({
    input: noInput,
    access: 'public',
    effects: ['db', 'external'],
    summary: 'Composite health of the database and integrations (never cached).',
  }),
  'health.history': op<HealthSample[]>()({
    input: noInput,
    access: 'public',
    effects: [],
    summary: 'The last 60 health checks this process made (any door), oldest first.',
  }),
  'migrations.status': op<MigrationStatus>()({
    input: noInput,
    access: 'read',
    effects: ['db'],
    summary: 'Current schema version, head, applied and pending migrations.',
  }),
  'migrations.up': op<MigrationRunResult>()({
    input: noInput,
    access: 'write',
    effects: ['db', 'audit'],
    concurrency: () => 'migrations',
    job: true,
    summary: 'Apply every pending migration (upgrade to head).',
  }),
  'config.check': op<ConfigCheckReport>()({
    input: noInput,
    access: 'read',
    effects: ['fs'],
    summary: 'Validate every config file and scan them for plain-text secrets.',
  }),
  'config.get': op<{ report: ConfigFileReport; value: unknown }>()({
    input: z.strictObject({ file: ConfigFileNameSchema }),
    access: 'read',
    effects: ['fs'],
    summary: 'One config file with literal secrets masked (references shown).',
  }),
  'config.save': op<ConfigFileReport>()({
    input: z.strictObject({
      file: ConfigFileNameSchema,
      patch: z.record(z.string(), z.unknown()),
      /** Keys to delete after the merge, each a path of object keys (`["templates", "order_ready"]`). */
      remove: z.array(z.array(z.string().min(1).max(128)).min(1).max(32)).max(100).optional(),
    }),
    access: 'write',
    effects: ['fs', 'audit'],
    concurrency: ({ file }) => `config:${file}`,
    summary: 'Merge a change into a config file and delete the keys named in remove (atomic, audited; literal secrets refused).',
  }),
  'config.scan': op<SecretFinding[]>()({
    input: noInput,
    access: 'read',
    effects: ['fs'],
    summary: 'Plain-text secrets in config files (file + JSON path, never the value).',
  }),
  'config.fixSecrets': op<{ moved: { file: string; path: string; ref: string }[] }>()({
    input: z.strictObject({ items: z.array(z.strictObject({ file: z.string(), path: z.string() })).max(200).optional() }),
    access: 'write',
    effects: ['fs', 'external', 'audit'],
    concurrency: () => 'config.fixSecrets',
    summary: 'Move plain-text secrets into the OS keychain and rewrite them to VAULT: references.',
  }),
  'secrets.list': op<SecretsReport>()({
    input: noInput,
    access: 'read',
    effects: ['external', 'fs'],
    summary: 'Keychain status, stored secret names with last change, and missing references.',
  }),
  'secrets.set': op<{ name: string; ref: string; changed_at: string }>()({
    input: z.strictObject({ name: SecretNameSchema, value: z.string().min(1).max(8192) }),
    access: 'write',
    effects: ['external', 'fs', 'audit'],
    concurrency: ({ name }) => `secret:${name}`,
    summary: 'Store or replace a secret in the OS keychain (write-only: it is never read back).',
  }),
  'secrets.delete': op<{ deleted: boolean }>()({
    input: z.strictObject({ name: SecretNameSchema }),
    access: 'write',
    effects: ['external', 'fs', 'audit'],
    concurrency: ({ name }) => `secret:${name}`,
    summary: 'Delete a secret from the OS keychain.',
  }),
  'audit.list': op<AuditPage>()({
    input: AuditListInputSchema,
    access: 'read',
    effects: ['db'],
    summary: 'Audit log rows, newest first, filtered and paged.',
  }),
  'audit.verify': op<AuditVerifyReport>()({
    input: noInput,
    access: 'read',
    effects: ['db'],
    summary: 'Walk the hash chain and report the first broken link.',
  }),
  /** At most the newest 100 000 rows (`truncated`, `total` say when more matched); the CLI streams all. */
  'audit.export': op<{ csv: string; rows: number; total: number; truncated: boolean; filename: string }>()({
    input: AuditFilterSchema,
    access: 'read',
    // The export itself is audited (AUDIT_EXPORTED): POST only over HTTP.
    effects: ['db', 'audit'],
    summary: 'Matching audit rows as CSV (UTF-8 with BOM).',
  }),
  'mikro.settings': op<MikroSettingsView>()({
    input: noInput,
    access: 'read',
    effects: ['fs'],
    summary: 'The SQL Board: effective Mikro settings, where each came from, the last test.',
  }),
  'mikro.save': op<MikroSettingsView>()({
    input: MikroFormSchema,
    access: 'write',
    effects: ['fs', 'external', 'audit'],
    concurrency: () => 'mikro.settings',
    summary: 'Save the SQL Board (read_only stays true; a typed password goes to the keychain; blank keeps it).',
  }),
  'mikro.test': op<MikroTestResult>()({
    input: MikroFormSchema,
    access: 'write',
    effects: ['external', 'db', 'audit'],
    concurrency: () => 'mikro.test',
    job: true,
    summary: 'Test connection on unsaved values in stages (parse, dns, browser, tcp, prelogin, tls, login, database, permissions; live as job.progress), friendly errors (audited).',
  }),
  'mikro.verify': op<IntegrationCheck[]>()({
    input: noInput,
    access: 'read',
    effects: ['external', 'audit'],
    summary: 'Read-only verification: flag, login rights on the server, ApplicationIntent, encryption, tables, push guard.',
  }),
  'mikro.health': op<MikroHealthBody>()({
    input: noInput,
    access: 'public',
    effects: ['external'],
    summary: 'Mikro health, compatible with GET /api/v1/mikro/health.',
  }),
  'mikro.pushCheck': op<IntegrationCheck>()({
    input: noInput,
    access: 'read',
    effects: ['audit'],
    summary: 'Prove every write-back (push) is refused with E_MIKRO_READ_ONLY without touching Mikro.',
  }),
  'mikro.query': op<MikroQueryResult>()({
    input: MikroQueryInputSchema,
    access: 'write',
    effects: ['external', 'audit'],
    // A query is shared only by callers naming the same query_id; without one each call is its own job.
    concurrency: ({ query_id }) => `mikro.query:${query_id ?? crypto.randomUUID()}`,
    job: true,
    summary: 'Run one read-only SELECT through the statement guard (bounded rows, audited).',
  }),
  'mikro.cancelQuery': op<{ cancelled: boolean }>()({
    input: z.strictObject({ query_id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) }),
    access: 'write',
    effects: ['external'],
    summary: 'Cancel a running console query on the server.',
  }),
  'mikro.cancelTest': op<{ cancelled: boolean }>()({
    input: noInput,
    access: 'write',
    effects: ['external'],
    summary: 'Cancel the running staged connection test (the SQL Board’s Cancel).',
  }),
  'mikro.statementLog': op<MikroStatementLogView>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(100) }),
    access: 'read',
    effects: [],
    // The log lives in the long-running process (app or serve); a CLI process would show its own, empty one.
    doors: ['ipc', 'http'],
    summary: 'The statements sent to Mikro (time, statement, rows, duration, who, outcome), newest first; bounded, masked.',
  }),
  ...mikroSyncOps,
  'mikro.companies': op<MikroCompaniesResult>()({
    input: MikroFormSchema,
    // Write, like mikro.test: a blank password sends the stored one to the host the form names.
    access: 'write',
    effects: ['external'],
    summary: 'Find companies (Firmaları bul): VERI_TABANLARI of the master database (MikroDB_V16, MikroDB_V15, MikroDesktop), read-only; sys.databases names when no master is readable.',
  }),
  'whatsapp.settings': op<WhatsappSettingsView>()({
    input: noInput,
    access: 'read',
    effects: ['fs', 'external'],
    summary: 'The effective WhatsApp settings (whatsapp.json + system_config.json), where each came from, secret status.',
  }),
  'whatsapp.save': op<WhatsappSaveResult>()({
    input: WhatsappSaveSchema,
    access: 'write',
    effects: ['fs', 'audit'],
    concurrency: () => 'config:whatsapp.json',
    // A form of the console's; from the command line whatsapp.json is edited with `config set`.
    doors: ['ipc', 'http'],
    summary: 'The WhatsApp settings form: phone number id, business account id, API version, base URL and templates into whatsapp.json (removed templates deleted); optionally deletes the same keys from system_config.json (audited).',
  }),
  'whatsapp.check': op<IntegrationCheck[]>()({
    input: noInput,
    access: 'read',
    effects: ['external'],
    summary: 'Token, phone number, templates, API reachability, webhook verify token (and handshake).',
  }),
  'whatsapp.sendTest': op<WhatsappTestMessageResult>()({
    input: WhatsappSendTestSchema,
    access: 'write',
    effects: ['external', 'audit'],
    concurrency: ({ to, template }) => `whatsapp.sendTest:${to.replace(/\D/g, '')}:${template}`,
    job: true,
    summary: 'Send a configured template to a number the admin types (audited).',
  }),
  'whatsapp.enqueue': op<WhatsappEnqueueResult>()({
    input: WhatsappEnqueueSchema,
    access: 'write',
    effects: ['db', 'audit'],
    summary: 'Queue a template notification in the WhatsApp outbox (checked first; sent by the app or serve at the rate_limits pace, retried per retry_settings).',
  }),
  'backup.status': op<BackupStatusView>()({
    input: noInput,
    access: 'read',
    effects: ['fs'],
    summary: 'Is a backup running (and its progress), the next scheduled time, the settings in effect.',
  }),
  'backup.list': op<BackupListItem[]>()({
    input: BackupListInputSchema,
    access: 'read',
    effects: ['db'],
    summary: 'Backup runs, newest first: time, size, duration, result, verified.',
  }),
  'backup.run': op<BackupRunSummary>()({
    input: BackupRunInputSchema,
    access: 'write',
    effects: ['db', 'fs', 'audit', 'external'],
    // The application database is the one database backed up; a second run attaches.
    concurrency: () => 'backup:app',
    job: true,
    summary: 'Back up the application database now (optionally restore-test it right after).',
  }),
  'backup.verify': op<VerifyResult>()({
    input: BackupIdSchema,
    access: 'write',
    effects: ['db', 'fs', 'audit', 'external'],
    concurrency: ({ id }) => `backup.verify:${id}`,
    job: true,
    summary: 'Restore-test a backup (PostgreSQL into a scratch database; SQLite integrity check).',
  }),
  'backup.checks': op<IntegrationCheck[]>()({
    input: noInput,
    access: 'read',
    effects: ['db', 'fs', 'external'],
    summary: 'Backup config, tool, recency (26 h / 72 h) and last verify.',
  }),
  'diagnostics.run': op<DiagnosticsReport>()({
    input: DiagnosticsRunInputSchema,
    access: 'read',
    effects: ['db', 'audit', 'external', 'fs'],
    concurrency: () => 'diagnostics',
    job: true,
    summary: 'Run every runbook check (§9) concurrently, each under its own timeout; the run is stored.',
  }),
  'diagnostics.progress': op<DiagnosticsProgress>()({
    input: noInput,
    access: 'read',
    effects: [],
    summary: 'The checks finished so far in the run in progress, and those running now with their start and their own timeout.',
  }),
  'diagnostics.list': op<DiagnosticsRunSummary[]>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(200).default(20), offset: z.number().int().min(0).default(0) }),
    access: 'read',
    effects: ['db'],
    summary: 'Past diagnostics runs, newest first, with PASS/WARN/FAIL counts.',
  }),
  'diagnostics.get': op<DiagnosticsRunRecord>()({
    input: z.strictObject({ id: z.number().int().positive() }),
    access: 'read',
    effects: ['db'],
    summary: 'One stored run with its full report.',
  }),
  'diagnostics.diff': op<DiagnosticsDiff & { before_id: number | null }>()({
    input: z.strictObject({ id: z.number().int().positive(), against: z.number().int().positive().optional() }),
    access: 'read',
    effects: ['db'],
    summary: 'What changed between a run and the one before it (or a given one).',
  }),
  'diagnostics.export': op<{ content: string; filename: string; mime: string; run_id: number }>()({
    input: DiagnosticsExportInputSchema,
    access: 'read',
    effects: ['db', 'audit'],
    summary: 'A stored run as JSON, self-contained HTML or Markdown, secrets redacted (audited).',
  }),
  'diagnostics.exportPdf': op<{ saved: boolean; path?: string }>()({
    input: z.strictObject({ id: z.number().int().positive().optional(), lang: z.enum(['tr', 'en']).default('tr') }),
    access: 'write',
    effects: ['db', 'audit', 'fs'],
    // Printing needs a browser engine: the desktop shell answers it (main/app/desktop-ops.ts).
    doors: ['ipc'],
    summary: 'Desktop app only: print a stored run (or the newest) to PDF and save it where the user chooses.',
  }),
  ...supportOps,
  'jobs.list': op<{ jobs: JobView[] }>()({
    input: z.strictObject({ finished: z.boolean().default(false) }),
    access: 'read',
    effects: ['db'],
    summary: 'Running jobs: those of this process and the running rows of the run tables (a backup from the CLI or the schedule, diagnostics from another door); `finished` adds the last ones this process ran.',
  }),
} as const;

export type Contract = typeof contract;
export type OpName = keyof Contract;
export const OP_NAMES = Object.keys(contract) as OpName[];
export type OpInput<N extends OpName> = z.input<Contract[N]['input']>;
export type OpParsedInput<N extends OpName> = z.output<Contract[N]['input']>;
/** What the handler returns. */
export type OpHandlerOutput<N extends OpName> = Contract[N] extends OpDef<z.ZodType, infer O> ? O : never;
/** What a door's caller gets: for a job, the result plus `job: { id, attached }`. */
export type OpOutput<N extends OpName> = Contract[N]['job'] extends true ? JobResult<OpHandlerOutput<N>> : OpHandlerOutput<N>;
/** The job operations (long, attach-if-running). */
export type JobOpName = { [N in OpName]: Contract[N]['job'] extends true ? N : never }[OpName];
/** Operations only the desktop shell answers (doors: ['ipc']); the core has no handler for them. */
export type DesktopOpName = { [N in OpName]: Contract[N]['doors'] extends readonly ['ipc'] ? N : never }[OpName];
/** Operations the core answers. */
export type CoreOpName = Exclude<OpName, DesktopOpName>;

export function offeredBy(name: OpName, door: DoorName): boolean {
  return (contract[name].doors as readonly DoorName[]).includes(door);
}

/** What IPC returns: errors travel as data so their code survives Electron's error serialisation. */
export type OpResult<N extends OpName> = { ok: true; data: OpOutput<N> } | { ok: false; error: ErrorBody };

export function isOpName(name: unknown): name is OpName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** The IPC channel of an operation. */
export const ipcChannel = (name: OpName): string => `op:${name}`;

/** The HTTP route of an operation on `serve`. */
export const httpRoute = (name: OpName): string => `/api/op/${name}`;
