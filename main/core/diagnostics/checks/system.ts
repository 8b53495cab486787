/**
 * Backend and database checks (runbook §1, §3, §9.2, §9.6; R-DB-2). Every one asks the live
 * system: no cached answer (the older backend's cached /health looked healthy for a minute
 * after the database died).
 */
import type { HealthReport } from '../../../../shared/health.js';
import type { DiagnosticsContext } from '../context.js';
import { stepsFor } from '../playbook.js';
import { pass, problem, type CheckDefinition, type CheckOutcome } from '../registry.js';

/** A ping slower than this works but is worth a look (the health ping times out at 3 s). */
export const SLOW_PING_MS = 1_000;

export function systemChecks(ctx: DiagnosticsContext): CheckDefinition[] {
  return [
    { name: 'backend_health', category: 'system', run: async () => healthVerdict(await ctx.health.check()) },
    { name: 'database_connection', category: 'database', run: ({ timeoutMs }) => databaseConnection(ctx, timeoutMs) },
    { name: 'database_engine', category: 'database', run: () => databaseEngine(ctx) },
    { name: 'migrations_at_head', category: 'database', run: () => migrationsAtHead(ctx) },
  ];
}

export function healthVerdict(h: HealthReport): CheckOutcome {
  const db = h.components.database;
  const unwell = (['mikro', 'whatsapp', 'backup'] as const).filter((c) => h.components[c].status === 'unhealthy' || h.components[c].status === 'degraded');
  const data = { status: h.status, database: h.database, engine: db.engine, latency_ms: db.latency_ms, unwell };
  if (h.status === 'healthy') return pass(`Backend healthy (database ${db.engine}, ${db.latency_ms ?? '?'} ms).`, `Backend sağlıklı (veritabanı ${db.engine}, ${db.latency_ms ?? '?'} ms).`, data);
  if (h.status === 'unhealthy') {
    return problem(
      'FAIL',
      {
        en: `Backend unhealthy: database ${db.status}${db.error ? ` (${db.error})` : ''}.`,
        tr: `Backend sağlıksız: veritabanı ${db.status === 'unhealthy' ? 'erişilemiyor' : db.status}${db.error ? ` (${db.error})` : ''}.`,
        rec_en: 'Follow the "DB down" playbook: confirm with /health, check the PostgreSQL service, retry when it is back.',
        rec_tr: '"DB down" adımlarını izleyin: /health ile doğrulayın, PostgreSQL servisini kontrol edin, ayağa kalkınca yeniden deneyin.',
      },
      { data },
    );
  }
  const why: string[] = [];
  const whyTr: string[] = [];
  // Degraded is not "DB down": the steps follow the first reason (schema behind, or an integration).
  const kind = db.migrations && db.migrations.pending > 0 ? 'migrations' : unwell[0] === 'mikro' ? 'mikro_connection' : unwell[0] === 'whatsapp' ? 'whatsapp_send' : unwell[0] === 'backup' ? 'backup' : 'generic';
  if (db.migrations && db.migrations.pending > 0) {
    why.push(`${db.migrations.pending} migration(s) pending`);
    whyTr.push(`${db.migrations.pending} bekleyen migration`);
  }
  for (const c of unwell) {
    const e = h.components[c].error ?? h.components[c].detail ?? h.components[c].status;
    why.push(`${c}: ${e}`);
    whyTr.push(`${c}: ${e}`);
  }
  return problem(
    'WARN',
    {
      en: `Backend degraded: ${why.join('; ') || 'a component is not healthy'}.`,
      tr: `Backend kısmen sağlıklı: ${whyTr.join('; ') || 'bir bileşen sağlıklı değil'}.`,
      rec_en: 'See the checks for the component named (migrations, Mikro, WhatsApp, backup).',
      rec_tr: 'Adı geçen bileşenin kontrollerine bakın (migration, Mikro, WhatsApp, yedek).',
    },
    { data, steps: stepsFor(kind) },
  );
}

async function databaseConnection(ctx: DiagnosticsContext, timeoutMs: number): Promise<CheckOutcome> {
  const { engine, target } = ctx.db;
  let latency: number;
  try {
    // The ping's own bound stays under the check's, so the ping's message (not "timed out") is reported.
    latency = Math.round((await ctx.db.ping(Math.max(100, Math.min(5_000, timeoutMs - 100)))) * 10) / 10;
  } catch (err) {
    const msg = (err as Error)?.message ?? String(err);
    return problem(
      'FAIL',
      {
        en: `Cannot reach the ${engine} database at ${target}: ${msg}`,
        tr: `${engine} veritabanına (${target}) ulaşılamıyor: ${msg}`,
        rec_en: 'Check that the database server is running and reachable, then retry.',
        rec_tr: 'Veritabanı sunucusunun çalıştığını ve erişilebilir olduğunu kontrol edip yeniden deneyin.',
      },
      { data: { engine, target } },
    );
  }
  const data = { engine, target, latency_ms: latency };
  if (latency > SLOW_PING_MS) {
    return problem(
      'WARN',
      {
        en: `The ${engine} database answered, but slowly: ${latency} ms (over ${SLOW_PING_MS} ms).`,
        tr: `${engine} veritabanı yanıt verdi ama yavaş: ${latency} ms (${SLOW_PING_MS} ms üzeri).`,
        rec_en: 'Check the database server load and the network path.',
        rec_tr: 'Veritabanı sunucusunun yükünü ve ağ bağlantısını kontrol edin.',
      },
      { data },
    );
  }
  return pass(`Connected to ${engine} (${target}) in ${latency} ms.`, `${engine} veritabanına bağlanıldı (${target}), ${latency} ms.`, data);
}

/** R-DB-2: SQLite is for local/test; production needs PostgreSQL (runbook §8, §9.6). */
export function databaseEngine(ctx: Pick<DiagnosticsContext, 'db' | 'environment'>): CheckOutcome {
  const { engine } = ctx.db;
  const env = ctx.environment;
  const data = { engine, environment: env };
  if (engine === 'postgres') return pass(`PostgreSQL in ${env}.`, `${env} ortamında PostgreSQL.`, data);
  const text = {
    en: `SQLite only for local/test: this is ${env}.`,
    tr: `SQLite yalnızca yerel/test içindir: bu ortam ${env}.`,
    rec_en: 'Point DATABASE_URL (or database.url in system_config.json) at PostgreSQL, then run: optiplan360 migrate up',
    rec_tr: "DATABASE_URL'i (veya system_config.json içindeki database.url'i) PostgreSQL'e yönlendirip şunu çalıştırın: optiplan360 migrate up",
  };
  if (env === 'production') return problem('FAIL', text, { data });
  if (env === 'staging') return problem('WARN', { ...text, en: `${text.en} Staging should mirror production (PostgreSQL).`, tr: `${text.tr} Staging, production gibi PostgreSQL kullanmalı.` }, { data });
  return pass(`SQLite in ${env} (fine for local/test).`, `${env} ortamında SQLite (yerel/test için uygun).`, data);
}

async function migrationsAtHead(ctx: DiagnosticsContext): Promise<CheckOutcome> {
  const auto = ctx.autoMigrate?.();
  if (auto?.state === 'failed') {
    return problem('FAIL', {
      en: `Auto-migrate failed: ${auto.error ?? 'unknown error'}`,
      tr: `Otomatik migration başarısız: ${auto.error ?? 'bilinmeyen hata'}`,
      rec_en: 'Read the error, fix its cause, then run: optiplan360 migrate up',
      rec_tr: 'Hatayı okuyun, nedenini giderin, sonra çalıştırın: optiplan360 migrate up',
    });
  }
  let st;
  try {
    st = await ctx.migrations.status();
  } catch (err) {
    const msg = (err as Error)?.message ?? String(err);
    return problem('FAIL', {
      en: `Migration status unavailable: ${msg}`,
      tr: `Migration durumu okunamadı: ${msg}`,
      rec_en: 'Fix the database connection first (see database_connection).',
      rec_tr: 'Önce veritabanı bağlantısını düzeltin (database_connection).',
    });
  }
  const data = { current: st.current, head: st.head, pending: st.pending.map((p) => p.version) };
  if (st.pending.length > 0) {
    const list = st.pending.map((p) => `${p.version} ${p.name}`).join(', ');
    return problem(
      'WARN',
      {
        en: `${st.pending.length} migration(s) pending (at ${st.current ?? 'empty'}, head ${st.head}): ${list}.`,
        tr: `${st.pending.length} bekleyen migration var (şu an ${st.current ?? 'boş'}, hedef ${st.head}): ${list}.`,
        rec_en: 'Run: optiplan360 migrate up',
        rec_tr: 'Çalıştırın: optiplan360 migrate up',
      },
      { data },
    );
  }
  if (st.current !== null && st.current > st.head) {
    return problem(
      'WARN',
      {
        en: `The database schema (${st.current}) is newer than this build knows (${st.head}).`,
        tr: `Veritabanı şeması (${st.current}) bu sürümün bildiğinden (${st.head}) yeni.`,
        rec_en: 'Update the console to the version that applied it.',
        rec_tr: 'Konsolu bu şemayı uygulayan sürüme güncelleyin.',
      },
      { data },
    );
  }
  return pass(`Schema at head (${st.head}).`, `Şema güncel (${st.head}).`, data);
}
