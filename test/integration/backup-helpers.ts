// Shared set-up for the backup tests: an app database with the schema, a service around it,
// and a few file helpers. Every test gets its own temp folder / throwaway database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AuditLog } from '../../main/core/audit/audit-log.js';
import { openAppDatabase, type AppDatabase } from '../../main/core/db/app-database.js';
import { parseDatabaseUrl, type DatabaseSpec } from '../../main/core/db/database-url.js';
import { MIGRATIONS, MigrationRunner } from '../../main/core/migrations/index.js';
import { BackupConfigSchema, BackupService, type BackupConfig, type BackupServiceDeps } from '../../main/core/backup/index.js';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { createThrowawayDb, type ThrowawayDb } from '../helpers/pg.js';
import { tempDir } from '../helpers/temp.js';

export type Cleanup = () => Promise<void> | void;

export interface AppDb {
  db: AppDatabase;
  spec: DatabaseSpec;
  audit: AuditLog;
  dir: string;
  backupDir: string;
  pg?: ThrowawayDb;
}

export async function sqliteApp(cleanups: Cleanup[]): Promise<AppDb> {
  const t = tempDir('optiplan-bak-');
  cleanups.push(() => t.remove());
  const spec = parseDatabaseUrl(`sqlite:${path.join(t.dir, 'optiplan360.sqlite')}`, t.dir);
  return open(spec, t.dir, cleanups);
}

export async function pgApp(cleanups: Cleanup[], url?: (u: string) => string): Promise<AppDb> {
  const t = tempDir('optiplan-bak-');
  cleanups.push(() => t.remove());
  const pg = await createThrowawayDb('optiplan_bak');
  cleanups.push(() => pg.drop());
  const spec = parseDatabaseUrl(url ? url(pg.url) : pg.url, t.dir);
  return { ...(await open(spec, t.dir, cleanups)), pg };
}

async function open(spec: DatabaseSpec, dir: string, cleanups: Cleanup[]): Promise<AppDb> {
  const db = openAppDatabase(spec);
  cleanups.push(() => db.close());
  await new MigrationRunner(db, MIGRATIONS).up();
  return { db, spec, audit: new AuditLog(db), dir, backupDir: path.join(dir, 'backups') };
}

export function config(over: Partial<BackupConfig> = {}): BackupConfig {
  return BackupConfigSchema.parse({ nas_path: '', retention_days: 30, compression: true, ...over });
}

export function service(app: AppDb, over: Partial<BackupServiceDeps> = {}): BackupService {
  return new BackupService({ db: app.db, spec: app.spec, backupDir: app.backupDir, config: config(), audit: app.audit, version: '0.1.0-test', ...over });
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export async function auditRows(db: AppDatabase, action?: string) {
  let q = db.kysely.selectFrom('audit_log').selectAll().orderBy('id');
  if (action) q = q.where('action', '=', action);
  return q.execute();
}

/** Write an executable shell script (the tests that use it run on Linux/macOS). */
export function script(file: string, body: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

const TR = translator('tr');
const EN = translator('en');

/** A message in both languages (tests assert the text people read, in each). */
export function say(m: Message | null | undefined): { tr: string; en: string } {
  if (!m) return { tr: '', en: '' };
  return { tr: TR.t(m), en: EN.t(m) };
}

/** True when the key exists in both catalogues. */
export function known(m: Message): boolean {
  return TR.has(m.key) && EN.has(m.key);
}
