// Child process for the cross-process audit test: append N rows to the SQLite file given.
import { fixedAuditKey } from '../../main/core/audit/audit-key.js';
import { AuditLog } from '../../main/core/audit/audit-log.js';
import { openAppDatabase } from '../../main/core/db/app-database.js';

const [file, count, label] = process.argv.slice(2);
const db = openAppDatabase({ engine: 'sqlite', file: file!, target: `sqlite:${file}` });
// Keyed like the parent's log when it hands down the key (OPTIPLAN_TEST_AUDIT_KEY).
const key = process.env.OPTIPLAN_TEST_AUDIT_KEY;
const log = new AuditLog(db, key ? { key: fixedAuditKey(key) } : {});
for (let i = 0; i < Number(count); i++) {
  await log.append({ action: 'PROCESS_TEST', target: `${label}-${i}`, result: 'info', actor: `child-${label}` });
}
await db.close();
