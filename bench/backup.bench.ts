// Backup benchmark: backup + verify time and size for a generated ~N MB database on each engine,
// next to the plain baselines in the same run (a file copy for SQLite, `pg_dump -Fc` for
// PostgreSQL). `npx tsx bench/backup.bench.ts`; BENCH_BACKUP_MB (default 100) sets the size,
// BENCH_BACKUP_LIMIT_S (default 900) bounds the whole run. Prints one JSON line, then a summary.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditLog } from '../main/core/audit/audit-log.js';
import { BackupConfigSchema, BackupService, findPgTool } from '../main/core/backup/index.js';
import { openAppDatabase, type AppDatabase } from '../main/core/db/app-database.js';
import { parseDatabaseUrl, type DatabaseSpec } from '../main/core/db/database-url.js';
import { MIGRATIONS, MigrationRunner } from '../main/core/migrations/index.js';
import { report } from './lib.js';
import { createPgDb, fillPg, fillSqlite } from './backup-data.js';

const MB = Number(process.env.BENCH_BACKUP_MB ?? 100);
const LIMIT_S = Number(process.env.BENCH_BACKUP_LIMIT_S ?? 900);
const toMB = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
const sec = (ms: number) => Math.round(ms) / 1000;

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      await c();
    } catch (err) {
      console.error('cleanup:', (err as Error).message);
    }
  }
}

async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

async function open(spec: DatabaseSpec): Promise<AppDatabase> {
  const db = openAppDatabase(spec);
  cleanups.push(() => db.close());
  await new MigrationRunner(db, MIGRATIONS).up();
  return db;
}

async function measure(db: AppDatabase, spec: DatabaseSpec, backupDir: string) {
  const svc = new BackupService({ db, spec, backupDir, config: BackupConfigSchema.parse({}), audit: new AuditLog(db), version: 'bench' });
  const [run, backupMs] = await timed(() => svc.run({ trigger: 'bench', actor: 'bench' }));
  if (run.status !== 'success') throw new Error(`backup failed: ${run.error}`);
  const [verify, verifyMs] = await timed(() => svc.verify(run.id, 'bench'));
  if (verify.status !== 'ok') throw new Error(`verify failed: ${verify.detail}`);
  return { backup_s: sec(backupMs), verify_s: sec(verifyMs), backup_mb: toMB(run.size_bytes!), phases_ms: run.manifest!.phases_ms, rows_checked: verify.rows };
}

async function sqliteBench(dir: string) {
  const file = path.join(dir, 'app.sqlite');
  const spec = parseDatabaseUrl(`sqlite:${file}`, dir);
  const db = await open(spec);
  const [data, genMs] = await timed(() => fillSqlite(file, MB));
  const [, copyMs] = await timed(() => fs.copyFileSync(file, path.join(dir, 'plain-copy.sqlite')));
  const r = await measure(db, spec, path.join(dir, 'backups'));
  return { db_mb: toMB(data.bytes), rows: data.rows, generate_s: sec(genMs), ...r, baseline: { what: 'fs.copyFile', s: sec(copyMs), mb: toMB(fs.statSync(path.join(dir, 'plain-copy.sqlite')).size) } };
}

async function pgBench(dir: string) {
  const pgdb = await createPgDb();
  cleanups.push(() => pgdb.drop());
  const spec = parseDatabaseUrl(pgdb.url, dir);
  const db = await open(spec);
  const [data, genMs] = await timed(() => fillPg(pgdb.url, MB));
  const pgDump = findPgTool('pg_dump', { env: process.env });
  const out = path.join(dir, 'plain.dump');
  const [res, dumpMs] = await timed(() => spawnSync(pgDump, ['-Fc', '-f', out, `--dbname=${pgdb.url}`], { encoding: 'utf8' }));
  if (res.status !== 0) throw new Error(`plain pg_dump failed: ${res.stderr}`);
  const r = await measure(db, spec, path.join(dir, 'backups'));
  return { db_mb: toMB(data.bytes), rows: data.rows, generate_s: sec(genMs), ...r, baseline: { what: 'pg_dump -Fc', s: sec(dumpMs), mb: toMB(fs.statSync(out).size) } };
}

async function main(): Promise<void> {
  const limit = setTimeout(() => {
    console.error(`backup bench: over ${LIMIT_S} s, giving up`);
    void cleanup().finally(() => process.exit(2));
  }, LIMIT_S * 1000);
  limit.unref();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'optiplan-bench-backup-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const started = performance.now();
  try {
    fs.mkdirSync(path.join(dir, 'sqlite'));
    fs.mkdirSync(path.join(dir, 'pg'));
    const sqlite = await sqliteBench(path.join(dir, 'sqlite'));
    const postgres = await pgBench(path.join(dir, 'pg'));
    report('backup', { target_mb: MB, node: process.version, cpus: os.cpus().length, total_s: sec(performance.now() - started), sqlite, postgres });
    const line = (name: string, r: typeof sqlite) =>
      `${name}: ${r.db_mb} MB, ${r.rows} rows → backup ${r.backup_s} s (${r.backup_mb} MB), verify ${r.verify_s} s; ` +
      `baseline ${r.baseline.what} ${r.baseline.s} s (${r.baseline.mb} MB)`;
    console.log(`\nBackup benchmark (~${MB} MB per engine)\n  ${line('SQLite    ', sqlite)}\n  ${line('PostgreSQL', postgres)}`);
    console.log(`  SQLite phases (ms): ${JSON.stringify(sqlite.phases_ms)}\n  PostgreSQL phases (ms): ${JSON.stringify(postgres.phases_ms)}`);
  } finally {
    clearTimeout(limit);
    await cleanup();
  }
}

main().catch(async (err) => {
  console.error(err);
  await cleanup();
  process.exit(1);
});
