/**
 * SQL Board "Bağlantı Testi" (R-MIKRO-3): tries UNSAVED form values on a short-lived pool.
 *
 * Password input: `password` is what the admin typed (plain text, used for this one test, never
 * returned, logged or audited); a blank `password` means "use the stored one", i.e. `password_ref`
 * (the VAULT:/ENV: reference from the saved settings). A `MikroSettings` object is a valid input
 * as it stands (it carries `password_ref`). The older backend's `{success, message}` keys are kept;
 * `message` is now a catalogue message ("Bağlantı başarılı", "Bağlantı hatası: …", "Host ve
 * database zorunludur" in Turkish) and the driver's words are `technical_detail`.
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { MessageKey } from '../../../shared/i18n/keys.js';
import { tr as trCatalog } from '../../../shared/i18n/tr/index.js';
import { msg, type Message } from '../../../shared/messages.js';
import type { MikroTestResult } from '../../../shared/mikro.js';
import { MIKRO_DEFAULTS } from './mikro-config.js';
import { createMikroClient, withShortLivedPool, type MikroClientFactory } from './client-factory.js';
import type { MikroConnectionSettings, PasswordProvider } from './mikro-connection.js';
import { friendlyMikroError, maskSecrets, type FriendlyMikroError } from './friendly-errors.js';
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
});

export type MikroTestInput = z.input<typeof MikroTestInputSchema>;

/** The wire shape lives in shared/ (the renderer shows it); the older `{success, message}` keys are kept. */
export type { MikroTestResult } from '../../../shared/mikro.js';

export interface TestConnectionContext extends MikroSecretsContext {
  now?: () => Date;
  clientFactory?: MikroClientFactory;
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
  const settings: MikroConnectionSettings = {
    host: v.host ?? null,
    port: v.port,
    instance: v.instance ?? null,
    database: v.database ?? null,
    username: v.username ?? null,
    timeout_seconds: v.timeout_seconds,
    encrypt: v.encrypt,
    trust_server_certificate: v.trust_server_certificate,
  };
  const tested = {
    host: settings.host, port: settings.port, instance: settings.instance, database: settings.database, username: settings.username,
    timeout_seconds: settings.timeout_seconds, encrypt: settings.encrypt, trust_server_certificate: settings.trust_server_certificate,
    // The reference may be shown; a typed password never is.
    password: v.password !== undefined ? '(typed for this test, not stored)' : (v.password_ref ?? null),
  };
  if (!settings.host || !settings.database) {
    const result: MikroTestResult = { ...base, success: false, code: 'E_VALIDATION', message: msg('mikro.test.host_database_required') };
    await audit(ctx, mikroTarget(settings), result, 'E_VALIDATION: host and database are required', tested);
    return result;
  }

  const password: PasswordProvider = v.password !== undefined ? async () => v.password : passwordFromRef(v.password_ref, ctx.secrets);
  const started = performance.now();
  try {
    const outcome = await withShortLivedPool(settings, password, async (client) => {
      await client.query('SELECT 1 AS ok', undefined, { maxRows: 1 });
      const latency_ms = Math.round((performance.now() - started) * 10) / 10;
      const version = await optional(() => client.query('SELECT @@VERSION AS version', undefined, { maxRows: 1 }));
      const product = await optional(() => client.query("SELECT CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS product_version", undefined, { maxRows: 1 }));
      const encryption = await client.encryption();
      return { latency_ms, version: version?.rows[0]?.[0], product: product?.rows[0]?.[0], encryption };
    }, ctx.clientFactory ?? createMikroClient);
    const full = typeof outcome.version === 'string' ? outcome.version : undefined;
    const server_version = full?.split('\n')[0]?.trim();
    const product_version = typeof outcome.product === 'string' && outcome.product ? outcome.product : /\b(\d+\.\d+\.\d+(?:\.\d+)?)\b/.exec(full ?? '')?.[1];
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
      ...(outcome.encryption.status === 'WARN' && outcome.encryption.recommendation ? { hint: outcome.encryption.recommendation } : {}),
    };
    await audit(ctx, mikroTarget(settings), result, `ok latency_ms=${result.latency_ms} version=${product_version ?? '?'} encryption=${result.encryption}`, tested);
    return result;
  } catch (err) {
    const f: FriendlyMikroError = friendlyMikroError(err, { ...settings, port: settings.instance ? null : settings.port, secrets: [v.password] });
    const result: MikroTestResult = {
      ...base,
      success: false,
      code: f.code,
      message: msg('mikro.test.failed', { reason: f.message }),
      hint: f.hint,
      ...(f.technical_detail ? { technical_detail: maskSecrets(f.technical_detail, [v.password, typed]) } : {}),
      latency_ms: Math.round((performance.now() - started) * 10) / 10,
    };
    // The audit keeps the full driver text (masked); the UI shows the friendly text only.
    await audit(ctx, mikroTarget(settings), result, maskSecrets(`${f.code}${f.reason ? ` [${f.reason}]` : ''}: ${f.technical_detail}`, [v.password, typed]), tested);
    return result;
  }
}

async function optional<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch {
    return null;
  }
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
