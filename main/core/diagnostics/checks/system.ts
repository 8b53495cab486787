/**
 * Backend and database checks (runbook §1, §3, §9.2, §9.6; R-DB-2). Every one asks the live
 * system: no cached answer (the older backend's cached /health looked healthy for a minute
 * after the database died). Texts are catalogue messages (system.*, database.*); what a driver
 * or the health probe said goes to technical_detail.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HealthReport } from '../../../../shared/health.js';
import { looksLikeMessage, msg, type Message } from '../../../../shared/messages.js';
import { passed, problem, technicalText, type CheckOutcome } from '../../checks/check-builders.js';
import { logFolderState, type LogFolderState } from '../../logging/logger.js';
import type { DiagnosticsContext } from '../context.js';
import { stepsFor, type PlaybookKind } from '../playbook.js';
import type { CheckDefinition } from '../registry.js';

/** A ping slower than this works but is worth a look (the health ping times out at 3 s). */
export const SLOW_PING_MS = 1_000;

export function systemChecks(ctx: DiagnosticsContext): CheckDefinition[] {
  return [
    { name: 'backend_health', category: 'system', run: async () => healthVerdict(await ctx.health.check()) },
    { name: 'database_connection', category: 'database', run: ({ timeoutMs }) => databaseConnection(ctx, timeoutMs) },
    { name: 'database_engine', category: 'database', run: () => databaseEngine(ctx) },
    { name: 'migrations_at_head', category: 'database', run: () => migrationsAtHead(ctx) },
    { name: 'log_folder', category: 'system', run: () => logFolder(path.join(ctx.paths.dataDir, 'logs')) },
  ];
}

/**
 * "Logs cannot be written" (a full or read-only log folder): the state of this process's file
 * logger when it has one, else a real write of a few KB into the folder (a full disk still lets
 * a file be created empty).
 */
export function logFolder(logDir: string, state: LogFolderState | null = logFolderState()): CheckOutcome {
  let st = state;
  if (!st) {
    try {
      fs.mkdirSync(logDir, { recursive: true });
      const probe = path.join(logDir, `.diagnostics-probe-${process.pid}`);
      try {
        fs.writeFileSync(probe, Buffer.alloc(4096, 0x20));
      } finally {
        fs.rmSync(probe, { force: true });
      }
      st = { writable: true, dir: logDir, since: null, error: null, dropped: 0, buffered: 0 };
    } catch (err) {
      st = { writable: false, dir: logDir, since: null, error: (err as Error).message ?? String(err), dropped: 0, buffered: 0 };
    }
  }
  const observed = { dir: st.dir, writable: st.writable, since: st.since, dropped: st.dropped, buffered: st.buffered };
  if (st.writable) return passed(msg('system.logs.ok', { dir: st.dir }), observed);
  return problem('FAIL', msg('system.logs.not_writable', { dir: st.dir }), msg('system.logs.not_writable_rec'), { observed, technical_detail: st.error ?? undefined, steps: [] });
}

const INTEGRATIONS = ['mikro', 'whatsapp', 'backup'] as const;

/** "Mikro, WhatsApp": a list of component names as one message (names are translated too). */
function componentList(names: readonly (typeof INTEGRATIONS)[number][]): Message {
  const [first, ...rest] = names.map((n) => msg(`system.health.component.${n}`));
  return rest.reduce((acc, next) => msg('system.health.join', { first: acc, rest: next }), first!);
}

/** What a component said, as support text: its technical detail, else its message key, else its state. */
function componentText(c: { message?: unknown; technical_detail?: string; status: string }): string {
  if (c.technical_detail) return c.technical_detail;
  if (looksLikeMessage(c.message)) return c.message.key;
  return c.status;
}

export function healthVerdict(h: HealthReport): CheckOutcome {
  const db = h.components.database;
  const unwell = INTEGRATIONS.filter((c) => h.components[c].status === 'unhealthy' || h.components[c].status === 'degraded');
  const observed = { status: h.status, database: h.database, engine: db.engine, latency_ms: db.latency_ms, unwell };
  if (h.status === 'healthy') {
    return passed(db.latency_ms === null ? msg('system.health.healthy_no_latency', { engine: db.engine }) : msg('system.health.healthy', { engine: db.engine, latency: db.latency_ms }), observed);
  }
  if (h.status === 'unhealthy') {
    return problem('FAIL', msg('system.health.unhealthy', { engine: db.engine }), msg('system.health.unhealthy_rec'), {
      observed,
      technical_detail: `database ${db.status}: ${componentText(db)}`,
    });
  }
  // Degraded is not "DB down": the steps follow the first reason (schema behind, or an integration).
  const pending = db.migrations?.pending ?? 0;
  const kind: PlaybookKind = pending > 0 ? 'migrations' : unwell[0] === 'mikro' ? 'mikro_connection' : unwell[0] === 'whatsapp' ? 'whatsapp_send' : unwell[0] === 'backup' ? 'backup' : 'generic';
  const detail =
    pending > 0 && unwell.length > 0
      ? msg('system.health.degraded_both', { count: pending, components: componentList(unwell) })
      : pending > 0
        ? msg('system.health.degraded_migrations', { count: pending })
        : unwell.length > 0
          ? msg('system.health.degraded_components', { components: componentList(unwell) })
          : h.logs
            ? msg('system.health.degraded_logs', { dir: h.logs.dir })
            : msg('system.health.degraded_unknown');
  const technical = unwell.map((c) => `${c}: ${componentText(h.components[c])}`).join('; ');
  return problem('WARN', detail, msg('system.health.degraded_rec'), { observed, steps: stepsFor(kind), technical_detail: technical || undefined });
}

async function databaseConnection(ctx: DiagnosticsContext, timeoutMs: number): Promise<CheckOutcome> {
  const { engine, target } = ctx.db;
  let latency: number;
  try {
    // The ping's own bound stays under the check's, so the ping's message (not "timed out") is reported.
    latency = Math.round((await ctx.db.ping(Math.max(100, Math.min(5_000, timeoutMs - 100)))) * 10) / 10;
  } catch (err) {
    return problem('FAIL', msg('database.connection.unreachable', { engine, target }), msg('database.connection.unreachable_rec'), {
      observed: { engine, target },
      technical_detail: technicalText(err),
    });
  }
  const observed = { engine, target, latency_ms: latency };
  if (latency > SLOW_PING_MS) {
    return problem('WARN', msg('database.connection.slow', { engine, latency, limit: SLOW_PING_MS }), msg('database.connection.slow_rec'), { observed });
  }
  return passed(msg('database.connection.ok', { engine, target, latency }), observed);
}

/** R-DB-2: SQLite is for local/test; production needs PostgreSQL (runbook §8, §9.6). */
export function databaseEngine(ctx: Pick<DiagnosticsContext, 'db' | 'environment'>): CheckOutcome {
  const { engine } = ctx.db;
  const environment = ctx.environment;
  const observed = { engine, environment };
  if (engine === 'postgres') return passed(msg('database.engine.postgres', { environment }), observed);
  if (environment === 'production') return problem('FAIL', msg('database.engine.sqlite_production', { environment }), msg('database.engine.sqlite_rec'), { observed });
  if (environment === 'staging') return problem('WARN', msg('database.engine.sqlite_staging', { environment }), msg('database.engine.sqlite_rec'), { observed });
  return passed(msg('database.engine.sqlite_ok', { environment }), observed);
}

async function migrationsAtHead(ctx: DiagnosticsContext): Promise<CheckOutcome> {
  const auto = ctx.autoMigrate?.();
  if (auto?.state === 'failed') {
    return problem('FAIL', msg('database.migrations.auto_failed'), msg('database.migrations.auto_failed_rec'), { technical_detail: auto.error ?? 'unknown error' });
  }
  let st;
  try {
    st = await ctx.migrations.status();
  } catch (err) {
    return problem('FAIL', msg('database.migrations.status_failed'), msg('database.migrations.status_failed_rec'), { technical_detail: technicalText(err), steps: stepsFor('db_down') });
  }
  const observed = { current: st.current, head: st.head, pending: st.pending.map((p) => p.version) };
  const current = st.current ?? msg('database.migrations.empty');
  if (st.pending.length > 0) {
    return problem(
      'WARN',
      msg('database.migrations.pending', { count: st.pending.length, current, head: st.head, list: st.pending.map((p) => `${p.version} ${p.name}`) }),
      msg('database.migrations.pending_rec'),
      { observed },
    );
  }
  if (st.current !== null && st.current > st.head) {
    return problem('WARN', msg('database.migrations.ahead', { current: st.current, head: st.head }), msg('database.migrations.ahead_rec'), { observed });
  }
  return passed(msg('database.migrations.at_head', { head: st.head }), observed);
}
