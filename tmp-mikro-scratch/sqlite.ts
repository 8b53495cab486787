import { openAppDatabase } from '../main/core/db/app-database.js';
import { MIGRATIONS, MigrationRunner } from '../main/core/migrations/index.js';
const db = openAppDatabase({ engine: 'sqlite', file: '/tmp/mikro-scratch.db', target: 'x' });
console.log(await new MigrationRunner(db, MIGRATIONS).up());
await db.close();
