/**
 * The fleet (issue 18): every console that uses the shared PostgreSQL records itself — at start,
 * after a health check (at most once a minute unless the status changed), after every diagnostics
 * run, and a heartbeat while it runs — so each one can list the others with their status and
 * when they were last seen; one not seen for longer than the threshold shows as silent.
 *
 * Writes are small and bounded: one row per console, a history capped per console, each write
 * under a short timeout, at most one at a time. A failed write is logged and forgotten: the
 * fleet never makes a console's own health or diagnostics fail. With SQLite nothing is written
 * (each console has its own file; there is no fleet to see) and the list says so.
 */
import type { Logger } from 'pino';
import type { OverallStatus } from '../../../shared/diagnostics.js';
import type { FleetConsole, FleetHistoryEntry, FleetState, FleetView } from '../../../shared/fleet.js';
import type { OverallHealth } from '../../../shared/health.js';
import { msg } from '../../../shared/messages.js';
import { type AppDatabase, withTimeout } from '../db/app-database.js';

export const HISTORY_CAP = 200;
const WRITE_BOUND_MS = 3_000;
const DEFAULT_SILENT_S = 600;
const HEALTH_MIN_INTERVAL_MS = 60_000;

export interface FleetDeps {
  db: AppDatabase;
  name: string;
  user: string;
  version: string;
  logger: Logger;
  /** Seconds without a sign of life before a console shows as silent (OPTIPLAN_FLEET_SILENT_SECONDS). */
  silentAfterSeconds?: number;
  now?: () => number;
}

type Kind = FleetHistoryEntry['kind'];

export function silentAfterFromEnv(env: NodeJS.ProcessEnv): number {
  const n = Number(env.OPTIPLAN_FLEET_SILENT_SECONDS);
  return Number.isFinite(n) && n >= 5 ? Math.floor(n) : DEFAULT_SILENT_S;
}

const HEALTH_STATE: Record<string, FleetState> = { healthy: 'ok', degraded: 'warn', unhealthy: 'fail' };
const DIAG_STATE: Record<string, FleetState> = { PASS: 'ok', WARN: 'warn', FAIL: 'fail' };
const RANK: Record<FleetState, number> = { unknown: 0, ok: 1, warn: 2, fail: 3, silent: 4 };

export class FleetService {
  private busy = false;
  private lastHealth: { at: number; status: string } | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  readonly silentAfterSeconds: number;

  constructor(private readonly deps: FleetDeps) {
    this.silentAfterSeconds = deps.silentAfterSeconds ?? DEFAULT_SILENT_S;
  }

  get name(): string {
    return this.deps.name;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private get shared(): boolean {
    return this.deps.db.engine === 'postgres';
  }

  /** At start (app, serve): the row, and a heartbeat a few times per silence threshold. */
  start(): Promise<void> {
    if (this.shared && !this.heartbeat) {
      const every = Math.max(5_000, Math.floor((this.silentAfterSeconds * 1000) / 4));
      this.heartbeat = setInterval(() => void this.write('heartbeat', null), every);
      this.heartbeat.unref();
    }
    return this.write('start', 'started');
  }

  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** After a health check: written when the status changed or a minute has passed. */
  noteHealth(status: OverallHealth): Promise<void> {
    const at = this.now();
    const last = this.lastHealth;
    if (last && last.status === status && at - last.at < HEALTH_MIN_INTERVAL_MS) return Promise.resolve();
    this.lastHealth = { at, status };
    return this.write('health', status);
  }

  /** After a diagnostics run, with the names of its failing checks. */
  noteDiagnostics(status: OverallStatus, failing: string[]): Promise<void> {
    return this.write('diagnostics', status, failing.slice(0, 50));
  }

  /** One bounded write; never throws. A write already in flight makes a health or heartbeat note wait for the next. */
  private async write(kind: Kind | 'heartbeat', status: string | null, failing?: string[]): Promise<void> {
    if (!this.shared) return;
    if (this.busy && (kind === 'health' || kind === 'heartbeat')) return;
    this.busy = true;
    try {
      await withTimeout(this.upsert(kind, status, failing), WRITE_BOUND_MS, 'the fleet write');
    } catch (err) {
      this.deps.logger.warn({ err: err instanceof Error ? err.message : String(err), kind }, 'fleet: could not record this console');
    } finally {
      this.busy = false;
    }
  }

  private async upsert(kind: Kind | 'heartbeat', status: string | null, failing?: string[]): Promise<void> {
    const { db, name, user, version } = this.deps;
    const ts = new Date(this.now()).toISOString();
    const set: Record<string, string | null> = { user_name: user, version, last_seen: ts };
    if (kind === 'health') Object.assign(set, { health_status: status, health_at: ts });
    if (kind === 'diagnostics') Object.assign(set, { diagnostics_status: status, diagnostics_at: ts, failing_checks: JSON.stringify(failing ?? []) });
    await db.kysely.transaction().execute(async (trx) => {
      await trx
        .insertInto('consoles')
        .values({ name, first_seen: ts, health_status: null, health_at: null, diagnostics_status: null, diagnostics_at: null, failing_checks: null, ...set } as never)
        .onConflict((oc) => oc.column('name').doUpdateSet(set))
        .execute();
      if (kind === 'heartbeat') return;
      await trx.insertInto('console_history').values({ console: name, ts, kind, status: status ?? '' }).execute();
      // The cap: keep this console's newest HISTORY_CAP entries.
      const edge = await trx.selectFrom('console_history').select('id').where('console', '=', name).orderBy('id', 'desc').offset(HISTORY_CAP).limit(1).executeTakeFirst();
      if (edge) await trx.deleteFrom('console_history').where('console', '=', name).where('id', '<=', edge.id).execute();
    });
  }

  /** Every console with its state; with SQLite (or before 0007) why there is no list. */
  async list(opts: { history?: number } = {}): Promise<FleetView> {
    const now = this.now();
    const base = { engine: this.deps.db.engine, self_name: this.deps.name, silent_after_seconds: this.silentAfterSeconds, now: new Date(now).toISOString() } as const;
    if (!this.shared) return { ...base, available: false, reason: msg('fleet.sqlite'), consoles: [] };
    let rows;
    try {
      rows = await this.deps.db.kysely.selectFrom('consoles').selectAll().orderBy('name').execute();
    } catch (err) {
      if (/consoles.*does not exist|no such table/i.test(err instanceof Error ? err.message : String(err))) return { ...base, available: false, reason: msg('fleet.not_migrated'), consoles: [] };
      throw err;
    }
    const consoles: FleetConsole[] = [];
    for (const r of rows) {
      const c: FleetConsole = {
        name: r.name,
        user: r.user_name,
        version: r.version,
        first_seen: r.first_seen,
        last_seen: r.last_seen,
        state: stateOf(r.health_status, r.diagnostics_status, now - Date.parse(r.last_seen) > this.silentAfterSeconds * 1000),
        health_status: r.health_status,
        health_at: r.health_at,
        diagnostics_status: r.diagnostics_status,
        diagnostics_at: r.diagnostics_at,
        failing_checks: parseList(r.failing_checks),
        self: r.name === this.deps.name,
      };
      if (opts.history) {
        const h = await this.deps.db.kysely.selectFrom('console_history').select(['ts', 'kind', 'status']).where('console', '=', r.name).orderBy('id', 'desc').limit(opts.history).execute();
        c.history = h.map((e) => ({ ts: e.ts, kind: e.kind as Kind, status: e.status }));
      }
      consoles.push(c);
    }
    return { ...base, available: true, consoles };
  }
}

function stateOf(health: string | null, diagnostics: string | null, silent: boolean): FleetState {
  if (silent) return 'silent';
  const states = [health ? HEALTH_STATE[health] : undefined, diagnostics ? DIAG_STATE[diagnostics] : undefined].filter((s): s is FleetState => !!s);
  return states.reduce<FleetState>((worst, s) => (RANK[s] > RANK[worst] ? s : worst), 'unknown');
}

function parseList(text: string | null): string[] {
  if (!text) return [];
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}
