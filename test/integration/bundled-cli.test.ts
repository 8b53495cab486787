// The bundled CLI as the installer ships it (issue 15): dist/cli (optiplan360.cjs and its lazy
// chunks) copied into a resources-like folder with only its native modules beside it
// (cli/node_modules: better-sqlite3, keytar and what they load, from build/native-modules.js,
// the list electron-builder.yml copies too) and the config templates — no package.json, no
// other node_modules, run from another working directory. Real SQLite, real keychain session.
import { spawn } from 'node:child_process';
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRuntimeModules, nativePackages, runtimeClosure } from '../../build/native-modules.js';
import Database from 'better-sqlite3';
import { mikroInstallation } from '../fakes/tds/mikro-setup.js';
import { startTdsFake } from '../fakes/tds/server.js';
import { REPO, type CliResult } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const DIST = path.join(REPO, 'dist', 'cli');
const t = tempDir('optiplan-bundled-cli-');
const resources = path.join(t.dir, 'resources');
const cliDir = path.join(resources, 'cli');
const dataDir = path.join(t.dir, 'data dir'); // a space, as in C:\Users\…\AppData

function run(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(cliDir, 'optiplan360.cjs'), ...args, '--data-dir', dataDir], {
      cwd: t.dir,
      // Nothing from the repo: no NODE_PATH, no npm environment.
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, 'optiplan360.cjs'))) throw new Error('dist/cli/optiplan360.cjs is missing: run `npm run build` first (npm test does)');
  fs.cpSync(DIST, cliDir, { recursive: true });
  copyRuntimeModules(REPO, path.join(cliDir, 'node_modules'));
  fs.mkdirSync(path.join(resources, 'config'), { recursive: true });
  for (const f of fs.readdirSync(path.join(REPO, 'config')).filter((f) => f.endsWith('.json'))) fs.copyFileSync(path.join(REPO, 'config', f), path.join(resources, 'config', f));
});
afterAll(() => t.remove());

describe('the bundled CLI from a folder holding only it and its native modules', () => {
  it('is self-contained: its files require only Node built-ins, its own chunks and the native modules', () => {
    const files = fs.readdirSync(cliDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.cjs'));
    expect(files).toContain('optiplan360.cjs');
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const natives = new Set(nativePackages(REPO));
    const outside = new Set<string>();
    for (const f of files) {
      const text = fs.readFileSync(path.join(cliDir, f), 'utf8');
      for (const m of text.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)|\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g)) {
        const spec = m[1] ?? m[2]!;
        if (builtins.has(spec) || natives.has(spec) || spec.startsWith('./') || spec.startsWith('../')) continue;
        outside.add(spec);
      }
    }
    // Strings inside code generators (ajv's and fast-json-stringify's standalone templates, in
    // fastify's chunk) look like requires too; they are never run. Everything else is inside.
    const TEMPLATES = ['ajv/dist/', 'ajv-formats/', 'fast-json-stringify/'];
    expect([...outside].filter((s) => !TEMPLATES.some((p) => s.startsWith(p)))).toEqual([]);
    expect(fs.readdirSync(path.join(cliDir, 'node_modules')).sort()).toEqual(runtimeClosure(REPO));
  });

  it('--version and health --json before and after migrate up', async () => {
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version);

    const before = await run(['health', '--json']);
    expect(before.stderr).toBe('');
    expect(JSON.parse(before.stdout)).toMatchObject({ database: 'healthy', components: { database: { engine: 'sqlite', migrations: { current: null } } } });
    // The config templates came from resources/config, as in the installed app.
    expect(fs.existsSync(path.join(dataDir, 'config', 'system_config.json'))).toBe(true);

    const up = await run(['migrate', 'up', '--json']);
    expect(up.code, up.stderr).toBe(0);
    const after = JSON.parse((await run(['health', '--json'])).stdout) as { components: { database: { migrations: { pending: number } } } };
    expect(after.components.database.migrations.pending).toBe(0);
  });

  it('backup run --verify (what Task Scheduler calls) writes and restore-tests a backup', async () => {
    const r = await run(['backup', 'run', '--verify', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { status: string; file_path: string; verify: { status: string } };
    expect(out.status).toBe('success');
    expect(out.verify.status).toBe('ok');
    expect(fs.existsSync(out.file_path)).toBe(true);
    expect(path.dirname(out.file_path)).toBe(path.join(dataDir, 'backups'));
  });

  it('diagnostics runs every check and reports the runtime (plain Node here: OpenSSL)', async () => {
    const r = await run(['diagnostics', '--json']);
    const report = JSON.parse(r.stdout) as { checks: { name: string; status: string; observed?: Record<string, unknown> }[] };
    expect(report.checks.length).toBeGreaterThan(10);
    expect(report.checks.find((c) => c.name === 'database_connection')?.status).toBe('PASS');
    expect(report.checks.find((c) => c.name === 'migrations_at_head')?.status).toBe('PASS');
    const runtime = report.checks.find((c) => c.name === 'runtime');
    expect(runtime).toMatchObject({ status: 'PASS', observed: { kind: 'node', tls: 'OpenSSL', node: process.versions.node } });
  });

  it('mikro sync writes the SQLite mirror on its write worker, loaded from the bundle (better-sqlite3 from cli/node_modules)', async () => {
    const fake = await startTdsFake({ mikro: mikroInstallation({ companies: [{ kod: 'PAKET', isim: 'Paket Mobilya A.Ş.', accounts: 120, stock: 7 }] }) });
    try {
      writeConfig(dataDir, 'mikro_connection.json', { host: fake.host, port: fake.port, database: 'MikroDB_V16_PAKET', username: 'optiplan_ro', password: 'ENV:MIKRO_BUNDLE_PW', encrypt: false, sync: { page_rows: 50 } });
      expect((await run(['migrate', 'up', '--json'])).code).toBe(0);
      const r = await run(['mikro', 'sync', '--json'], { MIKRO_BUNDLE_PW: 'Paket-Parola-1' });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'DONE', tables: [{ table: 'accounts', rows_read: 120, pages: 3 }, { table: 'stock', rows_read: 7 }] });
      const db = new Database(path.join(dataDir, 'optiplan360.sqlite'), { readonly: true });
      try {
        const job = db.prepare("select detail from sync_jobs where integration = 'mikro' order by id desc limit 1").get() as { detail: string };
        expect(JSON.parse(job.detail)).toMatchObject({ writer: 'worker' });
        expect(JSON.parse(job.detail).writer_fallback).toBeUndefined();
        expect(db.prepare('select count(*) as n from mikro_accounts').get()).toEqual({ n: 120 });
      } finally {
        db.close();
      }
    } finally {
      await fake.close();
    }
  });
});
