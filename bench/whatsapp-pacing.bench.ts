/**
 * The WhatsApp send pace shared through the app database: two console processes drain one
 * outbox (one SQLite file) against the Graph fake on loopback, at several configured rates. The
 * figure is the achieved rate at the fake (and of the reserved slots) against the configured one:
 * below it by what a send cycle costs (claim, slot transaction, HTTP), never above it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { openAppDatabase } from '../main/core/db/app-database.js';
import { MIGRATIONS, MigrationRunner } from '../main/core/migrations/index.js';
import { enqueueWhatsapp } from '../main/core/whatsapp/outbox/whatsapp-outbox.js';
import { paceKey, SharedRateLimiter } from '../main/core/whatsapp/outbox/shared-rate-limiter.js';
import { effectiveWhatsappSettings } from '../main/core/whatsapp/whatsapp-settings.js';
import { CANARY_TOKEN, whatsappJson } from '../test/fakes/graph/harness-data.js';
import { startGraphFake } from '../test/fakes/graph/server.js';
import { tempDir } from '../test/helpers/temp.js';
import { report, round } from './lib.js';

const CHILD = path.resolve(import.meta.dirname, '../test/integration/outbox-pacing-child.ts');
const RATES = (process.env.BENCH_WA_RATES ?? '10,25,50').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_WA_SECONDS ?? 3);

async function run(rate: number): Promise<void> {
  const tmp = tempDir('wa-pace-bench-');
  const f = await startGraphFake({ token: CANARY_TOKEN });
  const file = path.join(tmp.dir, 'optiplan360.db');
  const db = openAppDatabase({ engine: 'sqlite', file, target: file });
  try {
    await new MigrationRunner(db, MIGRATIONS).up();
    const wa = whatsappJson(f, { rate_limits: { messages_per_second: rate, messages_per_hour: 100_000, messages_per_day: 1_000_000 } });
    const eff = effectiveWhatsappSettings({ whatsapp: wa, system_config: { environment: 'test' } }, {});
    const items = Math.max(10, Math.round(rate * SECONDS));
    for (let i = 0; i < items; i++) await enqueueWhatsapp({ to: `0532 123 ${String(Math.floor(i / 100) % 100).padStart(2, '0')} ${String(i % 100).padStart(2, '0')}`, template: 'delivery_reminder' }, { db, settings: eff, actor: 'bench' });
    const started = Date.now();
    const children = [0, 1].map(() => {
      const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, file, JSON.stringify(wa)], { env: { PATH: process.env.PATH, WA_TOKEN: CANARY_TOKEN } });
      proc.stderr.pipe(process.stderr);
      return { proc, lines: readline.createInterface({ input: proc.stdout })[Symbol.asyncIterator]() };
    });
    for (const c of children) await c.lines.next(); // "ready"
    for (const c of children) c.proc.stdin.write('go\n');
    const sent = (await Promise.all(children.map((c) => c.lines.next()))).map((r) => (JSON.parse(r.value as string) as { sent: number }).sent);
    const arrivals = f.requests.filter((r) => r.method === 'POST').map((r) => r.at).sort((a, b) => a - b);
    const slots = await new SharedRateLimiter(db, paceKey(eff.settings.phone_number_id), eff.settings.rate_limits).slots(started - 60_000);
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    report('whatsapp_pacing_two_processes', {
      configured_per_s: rate,
      items,
      sent_by_process: sent,
      achieved_per_s: round((arrivals.length - 1) / ((arrivals.at(-1)! - arrivals[0]!) / 1000), 2),
      reserved_slots_per_s: round((slots.length - 1) / ((slots.at(-1)! - slots[0]!) / 1000), 2),
      min_slot_gap_ms: Math.min(...slots.slice(1).map((t, i) => t - slots[i]!)),
      arrival_gap_ms: { min: round(Math.min(...gaps), 1), max: round(Math.max(...gaps), 1) },
    });
  } finally {
    await db.close();
    await f.close();
    tmp.remove();
  }
}

for (const rate of RATES) await run(rate);
