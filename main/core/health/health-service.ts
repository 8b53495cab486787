/**
 * Composite health (R-HEALTH-1/2). The database is pinged on every call, never cached: the older
 * backend cached answers for 60 s and so reported a dead database as healthy. The external
 * probes (Mikro, the Graph API) are cached for `probeCacheMs` (30 s) with `checked_at` in the
 * answer: the Overview polls every 10 s and monitoring may poll faster, and each uncached probe
 * was a lookup at Meta (about 8 600 a day from one open window). The backup probe (a config
 * file and a few rows) is kept `backupCacheMs` (5 s). Concurrent callers share the one check in
 * flight, which bounds the load a burst of probes can put on the database. In the steady state a
 * check is the ping and a few object literals: /health answers within 1.5× of a bare server
 * doing one `SELECT 1` (bench/health.bench.ts).
 */
import { isAppError, type AppError } from '../../../shared/errors.js';
import type { DatabaseComponent, HealthReport, HealthSample, LogsProblem, OtherComponent, OverallHealth } from '../../../shared/health.js';
import { msg, type Message } from '../../../shared/messages.js';
import { withTimeout, type AppDatabase } from '../db/app-database.js';
import { logFolderState } from '../logging/logger.js';
import type { MigrationRunner } from '../migrations/runner.js';

export type ComponentName = 'mikro' | 'whatsapp' | 'backup';
export type ComponentProbe = () => Promise<OtherComponent>;

export interface HealthDeps {
  db: AppDatabase;
  migrations: MigrationRunner;
  pingTimeoutMs: number;
  version: string;
  service?: string;
  /** How long an integration probe may take (default 5 s). */
  componentTimeoutMs?: number;
  /** Shown in place of a ping when the database could not even be configured. */
  setupError?: () => AppError | null | undefined;
  /** After each check (the `health.sample` event); a throwing listener is ignored. */
  onSample?: (sample: HealthSample, report: HealthReport) => void;
  /** How long an external probe's answer is reused (default 30 s; 0 = never cached). */
  probeCacheMs?: number;
  /** What the external probes depend on (settings, secrets): a change drops their cached answers. */
  cacheKey?: () => string;
  /** How long the backup probe's answer (backup_config.json, the last runs) is reused (default 5 s). */
  backupCacheMs?: number;
  /** Released by `close()` (the settings watcher behind `cacheKey`). */
  onClose?: () => void;
  /** The clock (tests). */
  now?: () => number;
}

/** What `/health/ready` answers: the app database reachable and the schema at head. */
export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  timestamp: string;
  database: DatabaseComponent;
  /** Why not ready, for people (absent when ready). */
  message?: Message;
}

const NOT_CONFIGURED: OtherComponent = { status: 'not_configured' };
const HISTORY_LENGTH = 60;
const COMPONENT_TIMEOUT_MS = 5_000;
export const PROBE_CACHE_MS = 30_000;
/**
 * The backup probe reads backup_config.json and two to four rows of the app database: most of a
 * /health answer's cost when done on every call. Its answer is kept a few seconds (and dropped at
 * once when the settings change or this process records a backup: `forget('backup')`).
 */
export const BACKUP_CACHE_MS = 5_000;
/** Probes that call outside the machine: cached `probeCacheMs`, and shown with `checked_at`. */
const EXTERNAL_PROBES: ReadonlySet<ComponentName> = new Set(['mikro', 'whatsapp']);

/**
 * One value reused for `ttlMs` after it was produced, with the time it was checked, while
 * `key()` (what the value depends on, e.g. the settings) stays the same; callers arriving while
 * it is being produced share that one call. Failures are cached too: a dead peer must not be
 * asked again on every poll.
 */
export class TtlCache<T> {
  private value: { at: number; key: string; checkedAt: string; value: T } | null = null;
  private pending: Promise<{ value: T; checkedAt: string }> | null = null;

  constructor(
    private readonly produce: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly key: () => string = () => '',
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value when it is still good for `key`, else null (nothing is produced). */
  peek(key: string = this.key()): { value: T; checkedAt: string } | null {
    const v = this.value;
    return v && v.key === key && this.now() - v.at < this.ttlMs ? { value: v.value, checkedAt: v.checkedAt } : null;
  }

  /** `key`: what `key()` would answer, when the caller has just computed it. */
  get(key: string = this.key()): Promise<{ value: T; checkedAt: string }> {
    const hit = this.peek(key);
    if (hit) return Promise.resolve(hit);
    this.pending ??= this.produce()
      .then((value) => {
        const at = this.now();
        const checkedAt = new Date(at).toISOString();
        if (this.ttlMs > 0) this.value = { at, key, checkedAt, value };
        return { value, checkedAt };
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }

  forget(): void {
    this.value = null;
  }
}

export class HealthService {
  private inFlight: Promise<HealthReport> | null = null;
  private readonly probes = new Map<ComponentName, { probe: ComponentProbe; needsDatabase: boolean; disabled: (() => boolean) | undefined }>();
  private readonly samples: HealthSample[] = [];
  private readonly caches = new Map<ComponentName, TtlCache<OtherComponent>>();
  private readonly disabledAnswers = new Map<ComponentName, { key: string; value: boolean }>();
  /** One answer object per switched-off part: the same Message each time (the HTTP door memoizes its text). */
  private readonly disabledComponents = new Map<ComponentName, OtherComponent>();
  private atHead: { at: number; value: NonNullable<DatabaseComponent['migrations']> } | null = null;
  private lastBackupKey: { key: string | undefined; schema: string | null | undefined; value: string } | null = null;
  private readonly settled = () => {
    this.inFlight = null;
  };
  private readonly runCheck = () => this.run();

  constructor(private readonly deps: HealthDeps) {}

  /**
   * Integrations (Mikro, WhatsApp, backups) plug their probe in here. A probe that reads the app
   * database (backups) is skipped while the database is down: it could only wait and fail.
   * `disabled` answers, without the database, whether the part is switched off
   * (`"enabled": false`): then it is `disabled` whatever the database does.
   */
  setProbe(name: ComponentName, probe: ComponentProbe, opts: { needsDatabase?: boolean; disabled?: () => boolean } = {}): void {
    this.probes.set(name, { probe, needsDatabase: !!opts.needsDatabase, disabled: opts.disabled });
    this.caches.delete(name);
    this.disabledAnswers.delete(name);
  }

  /** Drop cached probe answers (all, or one component's), e.g. after its settings were saved. */
  forget(name?: ComponentName): void {
    if (name) {
      this.caches.get(name)?.forget();
      this.disabledAnswers.delete(name);
    } else {
      for (const c of this.caches.values()) c.forget();
      this.disabledAnswers.clear();
    }
  }

  /**
   * `/health/ready`: the app database answers a ping (never cached) and the schema is at head.
   * No integration is asked: an unreachable Mikro does not make the console unready.
   */
  async ready(): Promise<ReadinessReport> {
    const database = await this.database();
    const timestamp = new Date().toISOString();
    if (database.status !== 'healthy') return { status: 'not_ready', timestamp, database, message: database.message ?? msg('health.ready.database_down') };
    if (!database.migrations) return { status: 'not_ready', timestamp, database, message: msg('health.errors.migrations_unavailable') };
    if (database.migrations.pending > 0) return { status: 'not_ready', timestamp, database, message: msg('health.ready.migrations_pending', { count: database.migrations.pending }) };
    return { status: 'ready', timestamp, database };
  }

  /** What the cached answers depend on now (the settings fingerprint; '' without one). */
  settingsKey(): string {
    return this.deps.cacheKey?.() ?? '';
  }

  close(): void {
    this.deps.onClose?.();
  }

  /**
   * The composite report. Callers arriving in the same turn of the event loop (a burst of
   * monitoring requests read from several sockets at once) share one check, started once they
   * have all asked, so its ping is newer than each of their requests; a caller arriving while a
   * check is in flight (a PostgreSQL ping on the wire) shares that one. No finished check is ever
   * reused: that is what "the database ping is never cached" means here.
   */
  check(): Promise<HealthReport> {
    this.inFlight ??= nextTurn().then(this.runCheck).finally(this.settled);
    return this.inFlight;
  }

  /** The last checks, newest last (the Overview's short history). */
  history(): HealthSample[] {
    return [...this.samples];
  }

  private async run(): Promise<HealthReport> {
    // The database first (one ping, normally well under a millisecond on loopback), so probes
    // that need it are not started against a database known to be down.
    const database = await this.database();
    const dbUp = database.status === 'healthy';
    // Computed once per check: what the cached answers (probes, switched-off settings) depend on.
    const key = this.deps.cacheKey?.();
    // Cached answers come back as values, not promises: the steady state waits for nothing but
    // the ping (and makes no closure: /health runs this for every request).
    const m = this.component('mikro', dbUp, key);
    const w = this.component('whatsapp', dbUp, key);
    const b = this.component('backup', dbUp, key, this.backupKey(key, database.migrations?.current));
    const [mikro, whatsapp, backup] = m instanceof Promise || w instanceof Promise || b instanceof Promise ? await Promise.all([m, w, b]) : [m, w, b];
    const logs = logsProblem();
    // Logs that cannot be written do not stop the console, but something is wrong: degraded.
    const combined = combine(database, [mikro, whatsapp, backup]);
    const overall = logs && combined === 'healthy' ? 'degraded' : combined;
    const report: HealthReport = {
      status: overall,
      overall,
      database: database.status,
      timestamp: new Date().toISOString(),
      version: this.deps.version,
      service: this.deps.service ?? 'OPTIPLAN360 API',
      components: { database, mikro, whatsapp, backup },
    };
    if (logs) report.logs = logs;
    const sample: HealthSample = { timestamp: report.timestamp, status: overall, database_latency_ms: database.latency_ms };
    this.samples.push(sample);
    if (this.samples.length > HISTORY_LENGTH) this.samples.shift();
    try {
      this.deps.onSample?.(sample, report);
    } catch {
      // A listener's bug must not change the report.
    }
    return report;
  }

  /**
   * The backup probe reads the app database's tables: its answer also depends on the schema (a
   * migration changes it). The same string while neither changes, so the cache compares it at once.
   */
  private backupKey(key: string | undefined, schema: string | null | undefined): string {
    const k = this.lastBackupKey;
    if (k && k.key === key && k.schema === schema) return k.value;
    const value = `${key ?? ''}|${schema ?? '-'}`;
    this.lastBackupKey = { key, schema, value };
    return value;
  }

  private async database(): Promise<DatabaseComponent> {
    const { db, migrations, pingTimeoutMs } = this.deps;
    const base = { engine: db.engine, target: db.target };
    const setupError = this.deps.setupError?.();
    if (setupError) return { ...base, status: 'unhealthy', latency_ms: null, ...explained(setupError, msg('health.errors.not_configured_db')) };
    let latency: number;
    try {
      latency = await db.ping(pingTimeoutMs);
    } catch (err) {
      this.atHead = null;
      return { ...base, status: 'unhealthy', latency_ms: null, ...explained(err, msg('database.errors.unavailable', { engine: engineName(db.engine) })) };
    }
    const component: DatabaseComponent = { engine: base.engine, target: base.target, status: 'healthy', latency_ms: round(latency) };
    try {
      component.migrations = await this.schemaState(migrations);
    } catch (err) {
      const why = explained(err, msg('health.errors.migrations_unavailable'));
      component.message = msg('health.errors.migrations_unavailable');
      if (why.technical_detail) component.technical_detail = why.technical_detail;
    }
    return component;
  }

  /**
   * The schema state. Behind head it is read on every check (so `migrate up` shows at once);
   * once at head it stays there until a newer build brings migrations, so that answer is reused
   * for `probeCacheMs` (a schema rolled back by hand shows within that time). This keeps /health
   * to the one ping round trip in the steady state.
   */
  private async schemaState(migrations: MigrationRunner): Promise<NonNullable<DatabaseComponent['migrations']>> {
    const now = (this.deps.now ?? Date.now)();
    if (this.atHead && now - this.atHead.at < (this.deps.probeCacheMs ?? PROBE_CACHE_MS)) return this.atHead.value;
    const st = await migrations.status();
    const value = { current: st.current, head: st.head, pending: st.pending.length };
    this.atHead = value.pending === 0 ? { at: now, value } : null;
    return value;
  }

  /** Bounded: a probe stuck on a dead peer (or on the database itself) cannot stall /health. */
  private component(name: ComponentName, dbUp: boolean, key: string | undefined, cacheKey = key): OtherComponent | Promise<OtherComponent> {
    const entry = this.probes.get(name);
    if (!entry) return NOT_CONFIGURED;
    if (this.isDisabled(name, entry.disabled, key)) return this.disabledComponent(name);
    if (entry.needsDatabase && !dbUp) return { status: 'unhealthy', message: msg('health.errors.needs_database') };
    const external = EXTERNAL_PROBES.has(name);
    let cache = this.caches.get(name);
    if (!cache) {
      const probeMs = this.deps.probeCacheMs ?? PROBE_CACHE_MS;
      const ttl = external ? probeMs : Math.min(probeMs, this.deps.backupCacheMs ?? BACKUP_CACHE_MS);
      cache = new TtlCache(() => this.probe(name, entry.probe), ttl, this.deps.cacheKey, this.deps.now);
      this.caches.set(name, cache);
    }
    const hit = cache.peek(cacheKey);
    return hit ? shown(hit, external) : cache.get(cacheKey).then((r) => shown(r, external));
  }

  /**
   * `"enabled": false` read from the settings; with a `cacheKey` the answer is kept while the
   * settings are unchanged (reading and validating a config file on every /health is most of
   * its cost otherwise).
   */
  private isDisabled(name: ComponentName, disabled: (() => boolean) | undefined, key: string | undefined): boolean {
    if (!disabled) return false;
    const hit = this.disabledAnswers.get(name);
    if (key !== undefined && hit?.key === key) return hit.value;
    let value = false;
    try {
      value = disabled();
    } catch {
      // A setting that cannot be read: let the probe itself report the problem.
    }
    if (key !== undefined) this.disabledAnswers.set(name, { key, value });
    return value;
  }

  private disabledComponent(name: ComponentName): OtherComponent {
    let c = this.disabledComponents.get(name);
    if (!c) {
      c = { status: 'disabled', message: msg('common.skipped_disabled', { integration: msg(`health.components.${name}`) }) };
      this.disabledComponents.set(name, c);
    }
    return c;
  }

  /** One probe run; never rejects (a failure is the component's state). */
  private async probe(name: ComponentName, probe: ComponentProbe): Promise<OtherComponent> {
    const label = msg(`health.components.${name}`);
    try {
      return await withTimeout(probe(), this.deps.componentTimeoutMs ?? COMPONENT_TIMEOUT_MS, label);
    } catch (err) {
      return { status: 'unhealthy', ...explained(err, msg('health.errors.probe_failed', { component: label })) };
    }
  }
}

/** After the requests already read in this turn of the event loop have asked too. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A cached answer as the report shows it: a copy, external ones with when they were asked. */
function shown({ value, checkedAt }: { value: OtherComponent; checkedAt: string }, external: boolean): OtherComponent {
  return external ? { ...value, checked_at: checkedAt } : { ...value };
}

/** This process's log folder, when it cannot be written (logging/logger.ts keeps the state). */
function logsProblem(): LogsProblem | null {
  const st = logFolderState();
  if (!st || st.writable) return null;
  return { writable: false, dir: st.dir, since: st.since, dropped: st.dropped, message: msg('system.logs.not_writable', { dir: st.dir }), ...(st.error ? { technical_detail: st.error } : {}) };
}

/**
 * Database down → unhealthy; schema behind or an integration unwell → degraded. A switched-off
 * (`disabled`) or not set up (`not_configured`) integration never lowers the overall status.
 */
export function combine(database: DatabaseComponent, others: OtherComponent[]): OverallHealth {
  if (database.status === 'unhealthy') return 'unhealthy';
  if (database.migrations && database.migrations.pending > 0) return 'degraded';
  if (others.some((c) => c.status === 'unhealthy' || c.status === 'degraded')) return 'degraded';
  return 'healthy';
}

/** An error as a component shows it: an AppError's own message, else `fallback`; raw text as technical detail. */
function explained(err: unknown, fallback: Message): { message: Message; technical_detail?: string } {
  if (isAppError(err)) return { message: err.text, ...(err.technicalDetail ? { technical_detail: err.technicalDetail } : {}) };
  const text = err instanceof Error ? err.message : String(err);
  return { message: fallback, ...(text ? { technical_detail: text } : {}) };
}

function engineName(engine: 'sqlite' | 'postgres'): string {
  return engine === 'postgres' ? 'PostgreSQL' : 'SQLite';
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
