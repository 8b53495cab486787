// One console process draining the WhatsApp outbox (the pacing test starts two on one SQLite
// file): argv = <sqlite file> <whatsapp.json as JSON>. Prints "ready", waits for a line on stdin,
// then runs passes until nothing is left to send, and prints {"sent": n, "pid": …}.
import readline from 'node:readline';
import { openAppDatabase } from '../../main/core/db/app-database.js';
import { processWhatsappOutbox } from '../../main/core/whatsapp/outbox/whatsapp-outbox.js';
import { effectiveWhatsappSettings } from '../../main/core/whatsapp/whatsapp-settings.js';

const [file, json] = process.argv.slice(2) as [string, string];
const db = openAppDatabase({ engine: 'sqlite', file, target: file });
const eff = effectiveWhatsappSettings({ whatsapp: JSON.parse(json), system_config: { environment: 'test' } }, {});
const deps = { db, settings: () => eff, secrets: { env: process.env, store: null } };

process.stdout.write('ready\n');
const rl = readline.createInterface({ input: process.stdin });
rl.once('line', () => {
  void (async () => {
    let sent = 0;
    for (;;) {
      const s = await processWhatsappOutbox(deps);
      sent += s.sent;
      const left = await db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('status', 'in', ['QUEUED', 'PROCESSING']).executeTakeFirst();
      if (s.processed === 0 && Number(left?.n ?? 0) === 0) break;
      if (s.processed === 0) await new Promise((r) => setTimeout(r, 20));
    }
    process.stdout.write(`${JSON.stringify({ sent, pid: process.pid })}\n`);
    rl.close();
    await db.close();
  })();
});
