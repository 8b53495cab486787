// Child process for the kill -9 tests: does one kind of work in a loop until it is killed.
//   config <configDir>            — config.save of system_config.json, again and again
//   seed <configDir> <templates>  — first-run seeding of an emptied folder, again and again
//   backup <sqlite:file|postgres://…> <backupDir> — backup runs, one after another
// Prints "ready" once the work has started.
import fs from 'node:fs';
import path from 'node:path';
import { BackupConfigSchema, BackupService } from '../../main/core/backup/index.js';
import { seedConfigDir } from '../../main/core/config/config-files.js';
import { ConfigService } from '../../main/core/config/config-service.js';
import { openAppDatabase } from '../../main/core/db/app-database.js';
import { parseDatabaseUrl } from '../../main/core/db/database-url.js';

const [mode, a, b] = process.argv.slice(2) as [string, string, string];
const noAudit = { record: async () => undefined };

if (mode === 'config') {
  const svc = new ConfigService(a, noAudit, () => null);
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) await svc.save('system_config.json', { environment: 'test', kill_test: { i, note: 'ığüşöç'.repeat(1 + (i % 50)) } }, 'kill-test');
} else if (mode === 'seed') {
  process.stdout.write('ready\n');
  for (;;) {
    for (const f of fs.readdirSync(a)) fs.rmSync(path.join(a, f), { force: true });
    seedConfigDir(a, b);
  }
} else if (mode === 'backup') {
  const spec = parseDatabaseUrl(a, path.dirname(b));
  const db = openAppDatabase(spec);
  const svc = new BackupService({ db, spec, backupDir: b, config: BackupConfigSchema.parse({ compression: false }), audit: null, version: 'kill-test' });
  let announced = false;
  for (;;) {
    await svc.run({
      trigger: 'kill-test',
      actor: 'kill-test',
      onStarted: () => {
        if (!announced) process.stdout.write('ready\n');
        announced = true;
      },
    });
  }
}
