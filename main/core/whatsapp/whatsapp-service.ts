/**
 * The WhatsApp page behind every door: the effective settings (two files merged, sources shown),
 * the checks, the test message, the outbox (enqueue and its processor) and the health probe.
 * Sends keep `rate_limits` across every process through the app database (SharedRateLimiter),
 * falling back to this process's own limiter while the database cannot keep the pace.
 */
import type { Check } from '../../../shared/checks.js';
import type { WhatsappSettingsView } from '../../../shared/whatsapp.js';
import type { WhatsappEnqueueInput, WhatsappEnqueueResult } from '../../../shared/whatsapp-outbox.js';
import type { AuditWriter } from '../audit/audit-types.js';
import type { OutboxDb } from '../mikro/outbox.js';
import { refResolves, type ResolveContext } from '../secrets/secret-ref.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { runWhatsappChecks, whatsappCheckNames } from './checks.js';
import { GraphClient } from './graph-client.js';
import { enqueueWhatsapp, WhatsappOutboxProcessor } from './outbox/whatsapp-outbox.js';
import { paceKey, PreferSharedPacer, SharedRateLimiter } from './outbox/shared-rate-limiter.js';
import { MessageRateLimiter, type SendPacer } from './rate-limiter.js';
import { sendTestMessage, type TestMessageInput } from './test-message.js';
import { createWhatsappHealthProbe } from './whatsapp-health.js';
import { effectiveWhatsappSettings, readWhatsappConfigFiles, whatsappSettingsView, type EffectiveWhatsappSettings } from './whatsapp-settings.js';

export interface WhatsappServiceDeps {
  configDir: string;
  env: NodeJS.ProcessEnv;
  store: SecretStore | null;
  audit: AuditWriter;
  /** The app database: the outbox and the shared send pace. Without it, sends pace per process. */
  db?: OutboxDb;
  /** The clock the API version check reads (tests set it); default the system clock. */
  now?: () => Date;
}

export class WhatsappService {
  private limiter: MessageRateLimiter | null = null;
  private processor: WhatsappOutboxProcessor | null = null;
  private limiterKey = '';
  private memo: { wa: unknown; sys: unknown; envKey: string | undefined; eff: EffectiveWhatsappSettings } | null = null;

  constructor(private readonly deps: WhatsappServiceDeps) {}

  private get secrets(): ResolveContext {
    return { env: this.deps.env, store: this.deps.store };
  }

  /**
   * The merged settings. Parsed files come from the config cache as the same frozen objects
   * while unchanged, so the merge (the costly part) is redone only after a file changed.
   */
  effective(): EffectiveWhatsappSettings {
    const { raw, problems } = readWhatsappConfigFiles(this.deps.configDir);
    const m = this.memo;
    const envKey = this.deps.env.OPTIPLAN_ENV;
    if (m && m.wa === raw.whatsapp && m.sys === raw.system_config && m.envKey === envKey && problems.length === 0) return m.eff;
    const eff = effectiveWhatsappSettings(raw, this.deps.env);
    const merged = { ...eff, problems: [...problems, ...eff.problems] };
    this.memo = problems.length === 0 ? { wa: raw.whatsapp, sys: raw.system_config, envKey, eff: merged } : null;
    return merged;
  }

  async view(): Promise<WhatsappSettingsView> {
    const eff = this.effective();
    const s = eff.settings;
    const refs = [
      ['access_token', s.access_token_ref],
      ['webhook_verify_token', s.webhook_verify_token_ref],
      ['app_secret', s.app_secret_ref],
    ] as const;
    return {
      enabled: s.enabled,
      configured: s.configured,
      environment: s.environment,
      fields: whatsappSettingsView(eff),
      secrets: await Promise.all(refs.map(async ([key, ref]) => ({ key, ref, set: await refResolves(ref, this.secrets) }))),
      templates: Object.values(s.templates).map((t) => ({ key: t.key, name: t.name, language: t.language, body_parameter_count: t.body_parameter_count })),
      problems: eff.problems,
    };
  }

  /** The names `check()` will report with the current settings (diagnostics declares them). */
  checkNames(): readonly string[] {
    return whatsappCheckNames(this.effective().settings);
  }

  /** Every WhatsApp check; all SKIP when switched off (then nothing is read or requested). */
  check(): Promise<Check[]> {
    return runWhatsappChecks(this.effective(), { secrets: this.secrets, ...(this.deps.now ? { now: this.deps.now } : {}) });
  }

  sendTest(input: TestMessageInput, actor: string) {
    const eff = this.effective();
    const client = new GraphClient(eff.settings, this.secrets, { rateLimiter: this.rateLimiter(eff) });
    return sendTestMessage(input, { settings: eff, secrets: this.secrets, actor, audit: this.deps.audit, client });
  }

  /** Queue a notification for the outbox processor (checked first; a refusal throws, nothing is queued). */
  enqueue(input: WhatsappEnqueueInput, actor: string): Promise<WhatsappEnqueueResult> {
    if (!this.deps.db) throw new Error('WhatsappService: the outbox needs the app database');
    return enqueueWhatsapp(input, { db: this.deps.db, settings: this.effective(), actor, audit: this.deps.audit });
  }

  /**
   * The outbox processor of the long-running doors (Core.startBackground), as the Mikro one:
   * idempotent; stopped by `close`.
   */
  startOutboxProcessor(onError?: (err: unknown) => void, intervalMs?: number): WhatsappOutboxProcessor | null {
    if (!this.deps.db) return null;
    this.processor ??= new WhatsappOutboxProcessor({
      db: this.deps.db,
      settings: () => this.effective(),
      secrets: this.secrets,
      ...(onError ? { onError } : {}),
      ...(intervalMs ? { intervalMs } : {}),
    });
    this.processor.start();
    return this.processor;
  }

  async close(): Promise<void> {
    await this.processor?.stop();
  }

  healthProbe() {
    return createWhatsappHealthProbe(() => this.effective(), { secrets: this.secrets });
  }

  /** The shared pace (with this process's limiter as the fallback); a new local one when the limits change. */
  private rateLimiter(eff: EffectiveWhatsappSettings): SendPacer {
    const key = JSON.stringify(eff.settings.rate_limits);
    if (!this.limiter || key !== this.limiterKey) {
      this.limiter = new MessageRateLimiter(eff.settings.rate_limits);
      this.limiterKey = key;
    }
    if (!this.deps.db) return this.limiter;
    return new PreferSharedPacer(new SharedRateLimiter(this.deps.db, paceKey(eff.settings.phone_number_id), eff.settings.rate_limits), this.limiter);
  }
}
