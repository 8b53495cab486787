/**
 * The SQL Board behind every door: settings (file + legacy env in one place), save with the
 * password kept in the keychain, test connection on unsaved values, read-only verification,
 * health, the query console. One reused client for the app, rebuilt when the settings change.
 */
import type { MikroForm, MikroLastTest, MikroSettingsView } from '../../../shared/mikro.js';
import { AppError } from '../../../shared/errors.js';
import type { AuditWriter } from '../audit/audit-types.js';
import type { ConfigService } from '../config/config-service.js';
import type { AppDatabase } from '../db/app-database.js';
import { parseSecretRef, refResolves, type ResolveContext } from '../secrets/secret-ref.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { MikroCheck } from './checks.js';
import { effectiveMikroSettings, isConfigured, MIKRO_CONFIG_FILE, type EffectiveMikroSettings } from './mikro-config.js';
import { MikroClient } from './mikro-connection.js';
import { passwordFromRef } from './mikro-context.js';
import { mikroHealth, createMikroHealthProbe } from './mikro-health.js';
import { MikroSyncService, pushCheck } from './push-guard.js';
import { runMikroQuery } from './query-console.js';
import { verifyMikroReadOnly } from './read-only-verification.js';
import { testMikroConnection } from './test-connection.js';

/** Where the SQL Board stores a typed password unless the file already names a VAULT: secret. */
export const DEFAULT_MIKRO_SECRET = 'mikro_sql_password';

export interface MikroServiceDeps {
  config: ConfigService;
  db: AppDatabase;
  audit: AuditWriter;
  store: SecretStore | null;
  env: NodeJS.ProcessEnv;
}

export class MikroService {
  private client: MikroClient | null = null;
  private clientKey = '';
  private readonly running = new Map<string, AbortController>();
  readonly sync: MikroSyncService;

  constructor(private readonly deps: MikroServiceDeps) {
    this.sync = new MikroSyncService({ db: deps.db, audit: deps.audit });
  }

  private get secrets(): ResolveContext {
    return { env: this.deps.env, store: this.deps.store };
  }

  effective(): EffectiveMikroSettings {
    return effectiveMikroSettings(this.deps.config.value(MIKRO_CONFIG_FILE, []) ?? null, this.deps.env);
  }

  /** The app's reused client; null when Mikro is not configured. Rebuilt after a settings change. */
  currentClient(): MikroClient | null {
    const { settings } = this.effective();
    if (!isConfigured(settings)) return null;
    const key = JSON.stringify(settings);
    if (!this.client || key !== this.clientKey) {
      void this.client?.close();
      this.client = new MikroClient(settings, passwordFromRef(settings.password_ref, this.secrets));
      this.clientKey = key;
    }
    return this.client;
  }

  async view(): Promise<MikroSettingsView> {
    const e = this.effective();
    const s = e.settings;
    return {
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
    for (const k of ['host', 'instance', 'database', 'username'] as const) if (form[k] !== undefined) patch[k] = form[k] ?? '';
    for (const k of ['port', 'timeout_seconds', 'encrypt', 'trust_server_certificate', 'master_tables'] as const) if (form[k] !== undefined) patch[k] = form[k];
    if (form.password && form.password.trim() !== '') {
      if (!this.deps.store) throw new AppError('E_KEYCHAIN_UNAVAILABLE', 'the OS keychain is not available, so a typed password cannot be stored; set MIKRO_PASSWORD in the environment instead');
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
    return this.view();
  }

  /** Test connection on unsaved form values; a blank password uses the stored reference. */
  test(form: MikroForm, actor: string) {
    const stored = this.effective().settings;
    const input = { ...stored, ...stripUndefined(form), password_ref: stored.password_ref };
    return testMikroConnection(input, { actor, audit: this.deps.audit, secrets: this.secrets });
  }

  /** Every read-only check plus the push guard (R-MIKRO-5/6/7/9). */
  async verify(actor: string): Promise<MikroCheck[]> {
    const effective = this.effective();
    const client = this.currentClient();
    const checks: MikroCheck[] = client ? await verifyMikroReadOnly(client, effective) : [notConfiguredCheck()];
    checks.push(await pushCheck(this.sync, { actor, audit: this.deps.audit }));
    return checks;
  }

  health() {
    return mikroHealth(this.currentClient());
  }

  healthProbe() {
    // Bounded so a hung Mikro server cannot make /health slow (R-HEALTH-2).
    return createMikroHealthProbe(() => this.currentClient(), { timeoutMs: 3_000 });
  }

  /** Run a console query; `queryId` (chosen by the caller) lets `cancelQuery` stop it. */
  async query(sqlText: string, maxRows: number, actor: string, queryId?: string) {
    const client = this.currentClient();
    if (!client) throw new AppError('E_MIKRO_NOT_CONFIGURED', 'Mikro is not configured: fill in host and database on the SQL Board first');
    const controller = new AbortController();
    if (queryId) this.running.set(queryId, controller);
    try {
      return await runMikroQuery(sqlText, { maxRows, signal: controller.signal }, { client, actor, audit: this.deps.audit });
    } catch (err) {
      if (controller.signal.aborted) throw new AppError('E_MIKRO_QUERY_FAILED', 'the query was cancelled', [], { cause: err });
      throw err;
    } finally {
      if (queryId) this.running.delete(queryId);
    }
  }

  /** Cancel a running console query on the server; false when it had already finished. */
  cancelQuery(queryId: string): { cancelled: boolean } {
    const c = this.running.get(queryId);
    c?.abort();
    return { cancelled: !!c };
  }

  pushCheck(actor: string) {
    return pushCheck(this.sync, { actor, audit: this.deps.audit });
  }

  async close(): Promise<void> {
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

function notConfiguredCheck(): MikroCheck {
  return {
    name: 'mikro_connection',
    status: 'WARN',
    detail: 'Mikro is not configured (host and database are empty)',
    detail_tr: 'Mikro yapılandırılmadı (host ve veritabanı boş)',
    recommendation: 'Open the SQL Board, enter the Mikro SQL Server host, database and a SELECT-only login, then Test Connection.',
    recommendation_tr: 'SQL Board sayfasını açın, Mikro SQL Server host, veritabanı ve yalnızca SELECT yetkili kullanıcıyı girin, sonra Bağlantı Testi yapın.',
  };
}
