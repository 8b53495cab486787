// rate_limits shared by every process through the app database: two child processes drain one
// outbox on one SQLite file against the Graph fake. Every item is sent exactly once, both take
// part, and the send slots reserved in the database are never closer than 1 / messages_per_second
// — whatever the scheduling of the two processes. The achieved rate (from the fake's arrival
// times) is printed next to the configured one; numbers are reported, not asserted.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../main/core/db/app-database.js';
import { MIGRATIONS, MigrationRunner } from '../../main/core/migrations/index.js';
import { enqueueWhatsapp } from '../../main/core/whatsapp/outbox/whatsapp-outbox.js';
import { paceKey, SharedRateLimiter } from '../../main/core/whatsapp/outbox/shared-rate-limiter.js';
import { REPO } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { env, graphFake, settingsFor, whatsappJson } from '../fakes/graph/harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const RATE = 20; // messages_per_second: one send every 50 ms across both processes
const ITEMS = 40;

function child(file: string, json: string): { proc: ChildProcessWithoutNullStreams; lines: AsyncIterator<string> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'outbox-pacing-child.ts'), file, json], { cwd: REPO, env: { PATH: process.env.PATH, ...env() } });
  proc.stderr.on('data', (d) => process.stderr.write(d));
  cleanups.push(() => void proc.kill());
  return { proc, lines: readline.createInterface({ input: proc.stdout })[Symbol.asyncIterator]() };
}

describe('the WhatsApp pace shared across processes', () => {
  it(`two processes, ${ITEMS} items at ${RATE}/s: each sent once, both take part, slots never closer than 1/rate`, async () => {
    const tmp = tempDir('wa-pace-');
    cleanups.push(() => tmp.remove());
    const file = path.join(tmp.dir, 'optiplan360.db');
    const f = await graphFake();
    const wa = whatsappJson(f, { rate_limits: { messages_per_second: RATE, messages_per_hour: 1000, messages_per_day: 10000 } });
    const db = openAppDatabase({ engine: 'sqlite', file, target: file });
    cleanups.push(() => db.close());
    await new MigrationRunner(db, MIGRATIONS).up();
    const eff = settingsFor(f, wa);
    for (let i = 0; i < ITEMS; i++) await enqueueWhatsapp({ to: `0532 123 45 ${String(i).padStart(2, '0')}`, template: 'delivery_reminder' }, { db, settings: eff, actor: 'test' });

    const a = child(file, JSON.stringify(wa));
    const b = child(file, JSON.stringify(wa));
    expect((await a.lines.next()).value).toBe('ready');
    expect((await b.lines.next()).value).toBe('ready');
    const started = Date.now();
    a.proc.stdin.write('go\n');
    b.proc.stdin.write('go\n');
    const [ra, rb] = (await Promise.all([a.lines.next(), b.lines.next()])).map((r) => JSON.parse(r.value as string) as { sent: number; pid: number });

    // Every item sent exactly once, and both processes did part of it.
    const posts = f.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(ITEMS);
    expect(new Set(posts.map((p) => (JSON.parse(p.body) as { to: string }).to)).size).toBe(ITEMS);
    expect(ra!.sent + rb!.sent).toBe(ITEMS);
    expect(ra!.sent).toBeGreaterThan(0);
    expect(rb!.sent).toBeGreaterThan(0);
    expect((await db.kysely.selectFrom('outbox').select('status').where('status', '!=', 'DONE').execute())).toEqual([]);

    // The slots both processes reserved in the database: one per send, each ≥ 1/rate after the last.
    const slots = await new SharedRateLimiter(db, paceKey(eff.settings.phone_number_id), eff.settings.rate_limits).slots(started - 60_000);
    expect(slots).toHaveLength(ITEMS);
    const gaps = slots.slice(1).map((t, i) => t - slots[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / RATE);

    // Reported, not asserted: the achieved rate at the fake against the configured one.
    const arrivals = posts.map((p) => p.at).sort((x, y) => x - y);
    const spanS = (arrivals.at(-1)! - arrivals[0]!) / 1000;
    const achieved = (ITEMS - 1) / spanS;
    const slotRate = (ITEMS - 1) / ((slots.at(-1)! - slots[0]!) / 1000);
    const arrivalGaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    console.info(
      `[pacing] configured ${RATE}/s; achieved ${achieved.toFixed(2)}/s at the fake over ${ITEMS} sends (${spanS.toFixed(3)} s), ` +
        `reserved slots ${slotRate.toFixed(2)}/s; process A sent ${ra!.sent}, B ${rb!.sent}; ` +
        `arrival gaps min ${Math.min(...arrivalGaps).toFixed(1)} ms, max ${Math.max(...arrivalGaps).toFixed(1)} ms`,
    );
  }, 120_000);
});
