// Child process for the cross-process audit test: append N rows to the SQLite file given.
import { AuditLog } from '../../main/core/audit/audit-log.js';
import { openAppDatabase } from '../../main/core/db/app-database.js';

const [file, count, label] = process.argv.slice(2);
const db = openAppDatabase({ engine: 'sqlite', file: file!, target: `sqlite:${file}` });
const log = new AuditLog(db);
for (let i = 0; i < Number(count); i++) {
  await log.append({ action: 'PROCESS_TEST', target: `${label}-${i}`, result: 'info', actor: `child-${label}` });
}
await db.close();
