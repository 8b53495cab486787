/**
 * SQL Board "Bağlantı Testi" (R-MIKRO-3): tries UNSAVED form values on a short-lived pool.
 *
 * Password input: `password` is what the admin typed (plain text, used for this one test, never
 * returned, logged or audited); a blank `password` means "use the stored one", i.e. `password_ref`
 * (the VAULT:/ENV: reference from the saved settings). A `MikroSettings` object is a valid input
 * as it stands (it carries `password_ref`). The older backend's `{success, message}` keys are kept;
 * `message` is now a catalogue message ("Bağlantı başarılı", "Bağlantı hatası: …", "Host ve
 * database zorunludur" in Turkish) and the driver's words are `technical_detail`.
 *
 * The test runs in stages (stages/run-stages.ts: parse → … → permissions, stopping at the first
 * FAIL); each finished stage goes to `onStage` (the `mikro.test` job's `job.progress`), and
 * `signal` cancels it. The result keeps the older fields and adds `stages[]` and, when the tls
 * stage saw one, the server's `certificate` (what the SQL Board offers to pin).
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { MikroStageProgress } from '../../../shared/mikro.js';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { tr as trCatalog } from '../../../shared/i18n/tr/index.js';
import { msg, type Message } from '../../../shared/messages.js';
import type { MikroTestResult } from '../../../shared/mikro.js';
import { MIKRO_DEFAULTS } from './mikro-config.js';
import { createMikroClient, type MikroClientFactory } from './client-factory.js';
import type { PasswordProvider } from './mikro-connection.js';
import { maskSecrets } from './friendly-errors.js';
import { runStages, type StageSettings } from './stages/run-stages.js';
import { isFingerprint, normaliseFingerprint } from './tls-policy.js';
import { mikroTarget, passwordFromRef, safeAudit, type MikroSecretsContext } from './mikro-context.js';

const blankToUndefined = (v: unknown) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);
const text = z.preprocess(blankToUndefined, z.string().trim().optional());
const num = (def: number, min: number, max: number, int = true) =>
  z.preprocess((v) => {
    const b = blankToUndefined(v);
    return typeof b === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(b) ? Number(b) : b;
  }, (int ? z.number().int() : z.number()).min(min).max(max).default(def));
const bool = (def: boolean) => z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : blankToUndefined(v)), z.boolean().default(def));

export const MikroTestInputSchema = z.looseObject({
  host: text,
  port: num(MIKRO_DEFAULTS.port, 1, 65535),
  instance: text,
  database: text,
  username: text,
  /** Typed by the admin for this test; blank = use `password_ref`. Plain text, never echoed. */
  password: z.preprocess(blankToUndefined, z.string().optional()),
  /** The stored reference (VAULT:<name> / ENV:<NAME>). */
  password_ref: text,
  timeout_seconds: num(MIKRO_DEFAULTS.timeout_seconds, 1, 600, false),
  encrypt: bool(MIKRO_DEFAULTS.encrypt),
  trust_server_certificate: bool(MIKRO_DEFAULTS.trust_server_certificate),
  certificate_fingerprint: z.preprocess(blankToUndefined, z.string().trim().refine(isFingerprint, { message: 'must be a SHA-256 fingerprint' }).optional()),
  tls_min_version: z.preprocess(blankToUndefined, z.enum(['1.2', '1.1', '1.0']).default(MIKRO_DEFAULTS.tls_min_version)),
  /** `sql` (default) or `ntlm` (Windows account: domain + user + password). */
  authentication: z.preprocess(blankToUndefined, z.enum(['sql', 'ntlm']).default('sql')),
  domain: text,
});

export type MikroTestInput = z.input<typeof MikroTestInputSchema>;

/** The wire shape lives in shared/ (the renderer shows it); the older `{success, message}` keys are kept. */
export type { MikroTestResult } from '../../../shared/mikro.js';

export interface TestConnectionContext extends MikroSecretsContext {
  now?: () => Date;
  clientFactory?: MikroClientFactory;
  /** Each finished stage, as it ends (the job's `job.progress`). */
  onStage?: (p: MikroStageProgress) => void;
  /** Cancels the test (the SQL Board's Cancel). */
  signal?: AbortSignal;
  /** SQL Server Browser UDP port (tests); default 1434. */
  browserPort?: number;
}

/** A form field named in the person's language (`fields.<name>`), else its path as typed. */
function fieldMessage(path: string): Message | string {
  const last = path.split('.').at(-1) ?? path;
  return Object.hasOwn(trCatalog.fields, last) ? msg(`fields.${last}` as MessageKey) : path;
}

export async function testMikroConnection(input: unknown, ctx: TestConnectionContext): Promise<MikroTestResult> {
  const now = ctx.now ?? (() => new Date());
  const tested_at = now().toISOString();
  const typed = typeof (input as { password?: unknown } | null)?.password === 'string' ? ((input as { password: string }).password || undefined) : undefined;
  const base = { latency_ms: 0, encryption: 'unknown' as const, encryption_confirmed: false, read_only_intent: true as const, tested_at };

  const parsed = MikroTestInputSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const paths = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))];
    const fields = paths.join(', ');
    const result: MikroTestResult = {
      ...base,
      success: false,
      code: 'E_VALIDATION',
      message: msg('mikro.test.invalid_field', { field: fieldMessage(paths[0] ?? '') }),
      technical_detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
    await audit(ctx, '(invalid input)', result, `E_VALIDATION: ${fields}`, null);
    return result;
  }
  const v = parsed.data;
  const settings: StageSettings = {
    host: v.host ?? null,
    port: v.port,
    instance: v.instance ?? null,
    database: v.database ?? null,
    username: v.username ?? null,
    timeout_seconds: v.timeout_seconds,
    encrypt: v.encrypt,
    trust_server_certificate: v.trust_server_certificate,
    certificate_fingerprint: v.certificate_fingerprint ? normaliseFingerprint(v.certificate_fingerprint) : null,
    tls_min_version: v.tls_min_version,
    authentication: v.authentication,
    domain: v.domain ?? null,
  };
  const tested = {
    host: settings.host, port: settings.port, instance: settings.instance, database: settings.database, username: settings.username,
    timeout_seconds: settings.timeout_seconds, encrypt: settings.encrypt, trust_server_certificate: settings.trust_server_certificate,
    certificate_fingerprint: settings.certificate_fingerprint, tls_min_version: settings.tls_min_version,
    // The reference may be shown; a typed password never is.
    password: v.password !== undefined ? '(typed for this test, not stored)' : (v.password_ref ?? null),
  };
  if (!settings.host || !settings.database) {
    const result: MikroTestResult = { ...base, success: false, code: 'E_VALIDATION', message: msg('mikro.test.host_database_required') };
    await audit(ctx, mikroTarget(settings), result, 'E_VALIDATION: host and database are required', tested);
    return result;
  }

  const password: PasswordProvider = v.password !== undefined ? async () => v.password : passwordFromRef(v.password_ref, ctx.secrets);
  const secrets = [v.password, typed];
  const started = performance.now();
  const run = await runStages({ settings, password, clientFactory: ctx.clientFactory ?? createMikroClient, signal: ctx.signal, onStage: ctx.onStage, browserPort: ctx.browserPort });
  const stages = run.stages.map((st) => (st.technical_detail ? { ...st, technical_detail: maskSecrets(st.technical_detail, secrets) } : st));
  const failure = run.failure && run.failure.name !== 'permissions' ? run.failure : null;
  const summary = stages.map((st) => `${st.name}=${st.status}`).join(' ');
  const weakTls = settings.tls_min_version !== '1.2' ? ` tls_min_version=${settings.tls_min_version} (weak TLS allowed)` : '';
  const pin = settings.certificate_fingerprint ? ` pinned=${settings.certificate_fingerprint}` : '';
  const extra = { stages, ...(run.certificate ? { certificate: run.certificate } : {}) };
  if (failure || !run.loggedIn) {
    const f = failure ?? run.failure;
    const result: MikroTestResult = {
      ...base,
      success: false,
      code: f?.code ?? 'E_INTERNAL',
      message: msg('mikro.test.failed', { reason: f?.detail ?? msg('mikro.stages.unexpected') }),
      ...(f?.next_step ? { hint: f.next_step } : {}),
      ...(f?.technical_detail ? { technical_detail: maskSecrets(f.technical_detail, secrets) } : {}),
      latency_ms: Math.round((performance.now() - started) * 10) / 10,
      ...extra,
    };
    await audit(ctx, mikroTarget(settings), result, maskSecrets(`${result.code}${typeof f?.facts?.reason === 'string' ? ` [${f.facts.reason}]` : ''} at ${f?.name ?? '?'}${run.cancelled ? ' (cancelled)' : ''}: ${f?.technical_detail ?? ''} [${summary}]${weakTls}${pin}`, secrets), tested);
    return result;
  }
  const outcome = run.loggedIn;
  const full = typeof outcome.version === 'string' ? outcome.version : undefined;
  const server_version = full?.split('\n')[0]?.trim();
  const product_version = typeof outcome.product === 'string' && outcome.product ? outcome.product : /\b(\d+\.\d+\.\d+(?:\.\d+)?)\b/.exec(full ?? '')?.[1];
  const permissions = run.failure?.name === 'permissions' ? run.failure : null;
  const hint = permissions?.next_step ?? (outcome.encryption.status === 'WARN' ? outcome.encryption.recommendation : undefined);
  const result: MikroTestResult = {
    ...base,
    success: true,
    message: msg('mikro.test.success'),
    latency_ms: outcome.latency_ms,
    ...(server_version ? { server_version } : {}),
    ...(product_version ? { product_version } : {}),
    encryption: outcome.encryption.state,
    encryption_confirmed: outcome.encryption.confirmed_by_server,
    encryption_detail: outcome.encryption.detail,
    ...(outcome.server ? { server: outcome.server } : {}),
    ...(hint ? { hint } : {}),
    ...extra,
  };
  await audit(ctx, mikroTarget(settings), result, `ok latency_ms=${result.latency_ms} version=${product_version ?? '?'} encryption=${result.encryption} [${summary}]${weakTls}${pin}`, tested);
  return result;
}

async function audit(ctx: TestConnectionContext, target: string, result: MikroTestResult, detail: string, tested: Record<string, unknown> | null): Promise<void> {
  await safeAudit(ctx.audit, {
    action: 'MIKRO_CONNECTION_TEST',
    target,
    result: result.success ? 'success' : 'failure',
    actor: ctx.actor,
    detail,
    new_value: tested,
  });
}
