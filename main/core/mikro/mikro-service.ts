/**
 * The SQL Board behind every door: settings (file + legacy env in one place), save with the
 * password kept in the keychain, test connection on unsaved values, read-only verification,
 * health, the query console, and the outbox processor the long-running doors start. One reused
 * client for the app, rebuilt when the settings change; every client comes from one factory.
 *
 * `"enabled": false`: no client is made, verification and the push check are SKIP, health says
 * `disabled`, the console refuses. Test connection still runs: it is the admin trying explicit,
 * unsaved values on the SQL Board (typically before switching Mikro on).
 */
import type { Check } from '../../../shared/checks.js';
import { msg } from '../../../shared/messages.js';
import type { MikroForm, MikroLastTest, MikroSettingsView, MikroStageProgress } from '../../../shared/mikro.js';
import type { AuditWriter } from '../audit/audit-types.js';
import { problem, toCheck } from '../checks/check-builders.js';
import type { ConfigService } from '../config/config-service.js';
import type { AppDatabase } from '../db/app-database.js';
import { parseSecretRef, refResolves, type ResolveContext } from '../secrets/secret-ref.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { checkTlsSettings, MIKRO_CHECK_NAMES, skippedDisabled, skippedNotConfigured } from './checks.js';
import type { Environment } from '../environment.js';
import { tlsPolicyPatch } from './tls-policy.js';
import { mikroError } from './friendly-errors.js';
import { disabledError, effectiveMikroSettings, isConfigured, MIKRO_CONFIG_FILE, notConfiguredError, type EffectiveMikroSettings } from './mikro-config.js';
import { createMikroClient, type MikroClientFactory } from './client-factory.js';
import type { MikroClient } from './mikro-connection.js';
import { passwordFromRef } from './mikro-context.js';
import { mikroHealth, createMikroHealthProbe, type MikroHealthTarget } from './mikro-health.js';
import { mikroOutboxHandlers, OutboxProcessor } from './outbox.js';
import { pushCheck } from './push-check.js';
import { MikroSyncService } from './push-guard.js';
import { runMikroQuery } from './query-console.js';
import { checkReadOnlyFlag, MIKRO_SERVER_CHECKS, verifyMikroReadOnly } from './read-only-verification.js';
import { testMikroConnection } from './test-connection.js';
import { discoverCompanies } from './companies.js';
import { schemaContract } from './schema-contract.js';
import type { MikroCompaniesResult } from '../../../shared/mikro-companies.js';
import { mikroStatementLog, type MikroStatementLog } from './statement-log.js';
import { MikroPullService, withSyncState, type SyncJobStarter } from './sync/pull-service.js';

/** Where the SQL Board stores a typed password unless the file already names a VAULT: secret. */
export const DEFAULT_MIKRO_SECRET = 'mikro_sql_password';

export interface MikroServiceDeps {
  config: ConfigService;
  db: AppDatabase;
  audit: AuditWriter;
  store: SecretStore | null;
  env: NodeJS.ProcessEnv;
  /** How Mikro clients are made (default: a real mssql client); the one seam for every client. */
  clientFactory?: MikroClientFactory;
  /** production makes `encrypt: false` a FAIL in verify (mikro_tls_settings); default development. */
  environment?: Environment;
  /** SQL Server Browser UDP port for the connection test (tests); default 1434. */
  browserPort?: number;
  /** The statements sent to Mikro (default: the process's log, which every client writes to). */
  statementLog?: MikroStatementLog;
  /** Scheduled PULL syncs run as `mikro.sync` jobs through it (sync/pull-service.ts). */
  jobs?: SyncJobStarter | null;
  /** Told after every PULL sync (health forgets its cached Mikro answer). */
  onSyncFinished?: () => void;
}

export class MikroService {
  private client: MikroClient | null = null;
  private clientKey = '';
  private readonly running = new Map<string, AbortController>();
  private testAbort: AbortController | null = null;
  private processor: OutboxProcessor | null = null;
  readonly sync: MikroSyncService;
  /** The read-only PULL sync into the mirror tables (issue 16). */
  readonly pull: MikroPullService;
  readonly clientFactory: MikroClientFactory;

  constructor(private readonly deps: MikroServiceDeps) {
    this.sync = new MikroSyncService({ db: deps.db, audit: deps.audit });
    this.clientFactory = deps.clientFactory ?? createMikroClient;
    this.pull = new MikroPullService({
      db: deps.db,
      audit: deps.audit,
      effective: () => this.effective(),
      rawConfig: () => this.deps.config.value(MIKRO_CONFIG_FILE, []) ?? null,
      client: () => this.currentClient(),
      jobs: deps.jobs ?? null,
      ...(deps.onSyncFinished ? { onFinished: deps.onSyncFinished } : {}),
    });
  }

  private get secrets(): ResolveContext {
    return { env: this.deps.env, store: this.deps.store };
  }

  effective(): EffectiveMikroSettings {
    return effectiveMikroSettings(this.deps.config.value(MIKRO_CONFIG_FILE, []) ?? null, this.deps.env);
  }

  /** The app's reused client; null when Mikro is off or not configured. Rebuilt after a settings change. */
  currentClient(): MikroClient | null {
    const target = this.target();
    return target === 'disabled' ? null : target;
  }

  /** The client, `null` (not configured) or `'disabled'`: switched off means no client is made. */
  private target(): MikroHealthTarget {
    const { enabled, settings } = this.effective();
    if (!enabled) {
      void this.dropClient();
      return 'disabled';
    }
    if (!isConfigured(settings)) return null;
    const key = JSON.stringify(settings);
    if (!this.client || key !== this.clientKey) {
      void this.client?.close();
      this.client = this.clientFactory(settings, passwordFromRef(settings.password_ref, this.secrets));
      this.clientKey = key;
    }
    return this.client;
  }

  private async dropClient(): Promise<void> {
    const c = this.client;
    this.client = null;
    this.clientKey = '';
    await c?.close();
  }

  async view(): Promise<MikroSettingsView> {
    const e = this.effective();
    const s = e.settings;
    return {
      enabled: e.enabled,
      configured: isConfigured(s),
      host: s.host,
      port: s.port,
      instance: s.instance,
      database: s.database,
      username: s.username,
      password_ref: s.password_ref,
      password_set: await refResolves(s.password_ref, this.secrets),
      timeout_seconds: s.timeout_seconds,
      encrypt: s.encrypt,
      trust_server_certificate: s.trust_server_certificate,
      certificate_fingerprint: s.certificate_fingerprint,
      tls_min_version: s.tls_min_version,
      authentication: s.authentication,
      domain: s.domain,
      read_only: true,
      master_tables: s.master_tables,
      sources: e.sources,
      warnings: e.warnings,
      last_test: await this.lastTest(),
    };
  }

  /**
   * Save the SQL Board (R-MIKRO-1): `read_only` is always written true; a typed password goes
   * to the keychain and the file gets its reference; a blank password keeps the stored one
   * (the older backend wiped it and wrote plain text).
   */
  async save(form: MikroForm, actor: string): Promise<MikroSettingsView> {
    const current = this.effective().settings;
    const patch: Record<string, unknown> = { read_only: true };
    for (const k of ['host', 'instance', 'database', 'username', 'domain'] as const) if (form[k] !== undefined) patch[k] = form[k] ?? '';
    if (form.authentication !== undefined) patch.authentication = form.authentication;
    for (const k of ['port', 'timeout_seconds', 'encrypt', 'trust_server_certificate', 'master_tables'] as const) if (form[k] !== undefined) patch[k] = form[k];
    const tlsChange = tlsPolicyPatch(form, current);
    Object.assign(patch, tlsChange.patch);
    if (form.password && form.password.trim() !== '') {
      if (!this.deps.store) throw mikroError('keychain_unavailable', 'no OS keychain on this machine', {}, {}, [{ path: 'password', message: msg('fields.password') }]);
      const ref = parseSecretRef(current.password_ref);
      const name = ref?.kind === 'vault' ? ref.name : DEFAULT_MIKRO_SECRET;
      await this.deps.store.set(name, form.password);
      patch.password = `VAULT:${name}`;
    }
    await this.deps.config.save(MIKRO_CONFIG_FILE, patch, actor);
    await this.deps.audit.record({
      action: 'MIKRO_CONFIG_UPDATED',
      target: MIKRO_CONFIG_FILE,
      result: 'success',
      actor,
      detail: form.password ? 'settings saved; password stored in the OS keychain' : 'settings saved; stored password kept',
    });
    // Pinning a certificate or allowing old TLS changes what the connection accepts: its own audit row.
    if (tlsChange.detail) await this.deps.audit.record({ action: 'MIKRO_TLS_POLICY_CHANGED', target: MIKRO_CONFIG_FILE, result: 'success', actor, detail: tlsChange.detail });
    return this.view();
  }

  /**
   * Test connection on unsaved form values; a blank password uses the stored reference. Runs in
   * stages; each finished stage is reported through `progress` (the job's `job.progress`), and
   * `cancelTest` stops it.
   */
  async test(form: MikroForm, actor: string, progress?: (p: MikroStageProgress) => void) {
    const stored = this.effective().settings;
    const input = { ...stored, ...stripUndefined(form), password_ref: stored.password_ref };
    const controller = new AbortController();
    this.testAbort = controller;
    try {
      return await testMikroConnection(input, {
        actor,
        audit: this.deps.audit,
        secrets: this.secrets,
        clientFactory: this.clientFactory,
        signal: controller.signal,
        ...(progress ? { onStage: progress } : {}),
        ...(this.deps.browserPort ? { browserPort: this.deps.browserPort } : {}),
      });
    } finally {
      if (this.testAbort === controller) this.testAbort = null;
    }
  }

  /**
   * "Firmaları bul" on unsaved form values (a blank password uses the stored one): the companies
   * of the server the form names; its database field is not needed (companies.ts).
   */
  async companies(form: MikroForm, actor: string): Promise<MikroCompaniesResult> {
    const stored = this.effective().settings;
    const { password: _typed, ...fields } = stripUndefined(form);
    const settings = { ...stored, ...fields };
    if (!settings.host?.trim()) throw notConfiguredError();
    const typed = form.password?.trim() ? form.password : undefined;
    const password = typed !== undefined ? async () => typed : passwordFromRef(stored.password_ref, this.secrets);
    return discoverCompanies(settings, password, { clientFactory: this.clientFactory, actor });
  }

  /** Stop the running connection test (the SQL Board's Cancel); false when none runs. */
  cancelTest(): { cancelled: boolean } {
    const c = this.testAbort;
    c?.abort();
    return { cancelled: !!c };
  }

  /**
   * Every read-only check plus the push guard (R-MIKRO-5/6/7/9). Switched off: all SKIP, and
   * nothing is contacted. Not configured: `mikro_connection` WARNs ("kurun veya kapatın") and
   * the server checks are SKIP.
   */
  async verify(actor: string): Promise<Check[]> {
    const effective = this.effective();
    const target = this.target();
    if (target === 'disabled') {
      return MIKRO_CHECK_NAMES.filter((n) => n !== 'mikro_config').map((name) => toCheck(name, 'mikro', skippedDisabled(), 0));
    }
    const contract = schemaContract(this.deps.config.value(MIKRO_CONFIG_FILE, []) ?? null);
    const checks: Check[] = target ? await verifyMikroReadOnly(target, effective, contract) : notConfiguredChecks(effective);
    // The TLS settings are a config fact: judged whether or not the server answers.
    const tls = toCheck('mikro_tls_settings', 'mikro', checkTlsSettings(effective.settings, this.deps.environment ?? 'development'), 0);
    const at = checks.findIndex((c) => c.name === 'mikro_encryption');
    checks.splice(at >= 0 ? at + 1 : checks.length, 0, tls);
    checks.push(await this.pushCheck(actor));
    return checks;
  }

  health() {
    return mikroHealth(this.target());
  }

  healthProbe() {
    // Bounded so a hung Mikro server cannot make /health slow (R-HEALTH-2).
    return withSyncState(createMikroHealthProbe(() => this.target(), { timeoutMs: 3_000 }), this.pull);
  }

  /** Run a console query; `queryId` (chosen by the caller) lets `cancelQuery` stop it. */
  async query(sqlText: string, maxRows: number, actor: string, queryId?: string) {
    const target = this.target();
    if (target === 'disabled') throw disabledError();
    if (!target) throw notConfiguredError();
    const client = target;
    const controller = new AbortController();
    if (queryId) this.running.set(queryId, controller);
    try {
      return await runMikroQuery(sqlText, { maxRows, signal: controller.signal }, { client, actor, audit: this.deps.audit });
    } catch (err) {
      if (controller.signal.aborted) throw mikroError('cancelled', `the query was cancelled (${err instanceof Error ? err.message : String(err)})`);
      throw err;
    } finally {
      if (queryId) this.running.delete(queryId);
    }
  }

  /** The statements sent to Mikro, newest first (the SQL Board's log and the support data). */
  statementLog(limit = 100) {
    return (this.deps.statementLog ?? mikroStatementLog).view(limit);
  }

  /** Cancel a running console query on the server; false when it had already finished. */
  cancelQuery(queryId: string): { cancelled: boolean } {
    const c = this.running.get(queryId);
    c?.abort();
    return { cancelled: !!c };
  }

  /** The write-back path probed end to end (push-check.ts); SKIP while Mikro is switched off. */
  async pushCheck(actor: string): Promise<Check> {
    if (!this.effective().enabled) return toCheck('mikro_push_guard', 'mikro', skippedDisabled(), 0);
    return pushCheck({ db: this.deps.db, actor, clientFactory: this.clientFactory });
  }

  /**
   * The outbox processor of the long-running doors (Core.startBackground): drains Mikro push
   * items, which P1 ends FAILED with E_MIKRO_READ_ONLY (audited as MIKRO_PUSH_BLOCKED), so the
   * queue cannot grow silently. Idempotent; stopped by `close`.
   */
  startOutboxProcessor(actor: string, onError?: (err: unknown) => void, intervalMs?: number): OutboxProcessor {
    this.processor ??= new OutboxProcessor({
      db: this.deps.db,
      handlers: () => mikroOutboxHandlers(this.sync, { actor, audit: this.deps.audit }, this.clientFactory),
      ...(onError ? { onError } : {}),
      ...(intervalMs ? { intervalMs } : {}),
    });
    this.processor.start();
    return this.processor;
  }

  async close(): Promise<void> {
    this.pull.stop();
    await this.processor?.stop();
    await this.client?.close();
    this.client = null;
  }

  /** The last test is the newest MIKRO_CONNECTION_TEST audit row: it survives restarts. */
  private async lastTest(): Promise<MikroLastTest | null> {
    try {
      const row = await this.deps.db.kysely
        .selectFrom('audit_log')
        .select(['ts', 'result', 'detail'])
        .where('action', '=', 'MIKRO_CONNECTION_TEST')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!row) return null;
      return { at: row.ts, success: row.result === 'success', message: maskError(row.detail ?? '') };
    } catch {
      return null;
    }
  }
}

/** The UI shows the first line, without driver detail (R-MIKRO-3: masked; full text in the audit log). */
function maskError(detail: string): string {
  const code = /^(E_[A-Z_]+)/.exec(detail);
  if (code) return code[1]!;
  const first = detail.split('\n')[0] ?? '';
  return first.length > 120 ? `${first.slice(0, 117)}…` : first;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Not set up: the read-only flag is still a config fact; the connection WARNs ("kurun veya kapatın"); the server checks are SKIP. */
function notConfiguredChecks(effective: EffectiveMikroSettings): Check[] {
  const t = notConfiguredError();
  return [
    toCheck('mikro_read_only', 'mikro', checkReadOnlyFlag(effective), 0),
    toCheck('mikro_connection', 'mikro', problem('WARN', t.text, t.nextStep), 0),
    ...MIKRO_SERVER_CHECKS.map((name) => toCheck(name, 'mikro', skippedNotConfigured('mikro_connection'), 0)),
  ];
}
