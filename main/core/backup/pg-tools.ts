/**
 * Running the PostgreSQL client tools (pg_dump, pg_restore) safely: the binary comes from
 * `pg_dump_path`, PATH or (Windows) `C:\Program Files\PostgreSQL\<v>\bin`; argv is built from
 * host/port/user/dbname parts and the password travels only in PGPASSWORD, because argv is
 * visible to every user of the machine (ps, Task Manager) and ends up in crash reports.
 */
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import { redactUrlPassword, scrubKnownValues } from '../secrets/secret-patterns.js';

/** Same signature as child_process.spawn; tests inject one that records what it was given. */
export type Spawner = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
export const defaultSpawner: Spawner = (command, args, options) => nodeSpawn(command, [...args], options);

export type PgTool = 'pg_dump' | 'pg_restore';

export interface PgToolLookup {
  /** `pg_dump_path` from backup_config.json: the pg_dump binary or its folder. */
  configuredPath?: string | null | undefined;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Roots holding `PostgreSQL\<v>\bin` (default: %ProgramFiles%, %ProgramFiles(x86)%). */
  programFiles?: string[];
}

function isExecutable(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where `tool` is, or an E_BACKUP_FAILED that says where it was looked for. */
export function findPgTool(tool: PgTool, look: PgToolLookup): string {
  const platform = look.platform ?? process.platform;
  const exe = platform === 'win32' ? `${tool}.exe` : tool;
  const configured = look.configuredPath?.trim();
  if (configured) {
    // pg_restore is taken from pg_dump's folder so both tools have the same version.
    let candidate = configured;
    if (fs.existsSync(configured) && fs.statSync(configured).isDirectory()) candidate = path.join(configured, exe);
    else if (tool !== 'pg_dump') candidate = path.join(path.dirname(configured), exe);
    if (isExecutable(candidate, platform)) return candidate;
    throw new AppError('E_BACKUP_FAILED', msg('backup.errors.tool_not_found_at', { tool, path: candidate }), [{ path: 'backup_config.json pg_dump_path', message: msg('backup.errors.no_executable', { exe }) }], {
      technical_detail: `${tool} not found at ${candidate} (pg_dump_path in backup_config.json)`,
      next_step: msg('backup.errors.tool_not_found_next'),
    });
  }
  const pathVar = look.env.PATH ?? look.env.Path ?? '';
  for (const dir of pathVar.split(platform === 'win32' ? ';' : ':')) {
    if (dir && isExecutable(path.join(dir, exe), platform)) return path.join(dir, exe);
  }
  if (platform === 'win32') {
    const roots = look.programFiles ?? [look.env.ProgramFiles ?? 'C:\\Program Files', look.env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)'];
    for (const root of roots) {
      const base = path.join(root, 'PostgreSQL');
      let versions: string[];
      try {
        versions = fs.readdirSync(base);
      } catch {
        continue;
      }
      // Newest first: a newer pg_dump can dump older servers, never the reverse.
      versions.sort((a, b) => parseFloat(b) - parseFloat(a));
      for (const v of versions) {
        const candidate = path.join(base, v, 'bin', exe);
        if (isExecutable(candidate, platform)) return candidate;
      }
    }
  }
  const where = platform === 'win32' ? 'PATH or C:\\Program Files\\PostgreSQL\\<version>\\bin' : 'PATH';
  throw new AppError('E_BACKUP_FAILED', msg('backup.errors.tool_not_found', { tool, where }), [], {
    technical_detail: `${tool} not found on ${where}`,
    next_step: msg('backup.errors.tool_not_found_next'),
  });
}

export interface PgConnection {
  host: string;
  port: string;
  user: string;
  database: string;
  /** Only for PGPASSWORD and scrubbing; never put in argv, messages or logs. */
  password: string | undefined;
  /** Connection argv without a database: `--host … --port … --username … --no-password`. */
  args: string[];
  /** Child environment: the caller's plus PGPASSWORD / PGSSLMODE / timeouts. */
  env: NodeJS.ProcessEnv;
}

/** Split a postgres:// URL into argv parts and environment; the password goes to the env only. */
export function pgConnection(connectionString: string, baseEnv: NodeJS.ProcessEnv): PgConnection {
  const u = new URL(connectionString);
  const q = u.searchParams;
  const dec = (s: string) => decodeURIComponent(s);
  const host = q.get('host') ?? (u.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost');
  const port = q.get('port') ?? (u.port || '5432');
  const user = dec(u.username) || q.get('user') || baseEnv.PGUSER || 'postgres';
  const database = dec(u.pathname.replace(/^\//, '')) || q.get('dbname') || 'postgres';
  const password = dec(u.password) || q.get('password') || undefined;
  const env: NodeJS.ProcessEnv = { ...toolEnvironment(baseEnv), PGAPPNAME: 'optiplan360-backup', PGCONNECT_TIMEOUT: baseEnv.PGCONNECT_TIMEOUT ?? '10' };
  if (password) env.PGPASSWORD = password;
  const sslmode = q.get('sslmode') ?? (q.get('ssl') === 'true' ? 'require' : null);
  if (sslmode) env.PGSSLMODE = sslmode;
  // --no-password: fail at once instead of waiting for a prompt nobody will answer.
  const args = ['--host', host, '--port', port, '--username', user, '--no-password'];
  return { host, port, user, database, password, args, env };
}

/** What a client tool needs from the console's environment to run on every platform. */
const PASSED_THROUGH = ['PATH', 'Path', 'PATHEXT', 'SystemRoot', 'SYSTEMROOT', 'windir', 'TEMP', 'TMP', 'TMPDIR', 'HOME', 'USERPROFILE', 'APPDATA', 'LANG', 'LANGUAGE', 'TZ'];
/**
 * libpq settings that change how (not where) the tools connect: TLS files, passfile, encoding,
 * and PGPASSWORD for a URL without a password (one in the URL replaces it, see pgConnection).
 */
const PASSED_PG = ['PGPASSWORD', 'PGSSLMODE', 'PGSSLROOTCERT', 'PGSSLCERT', 'PGSSLKEY', 'PGSSLCRL', 'PGPASSFILE', 'PGCLIENTENCODING', 'PGTZ', 'PGCONNECT_TIMEOUT', 'PGGSSENCMODE', 'PGTARGETSESSIONATTRS', 'PGOPTIONS'];

/**
 * A minimal environment for pg_dump / pg_restore: PATH, locale, temp and home folders, and the
 * libpq settings above — not the console's whole environment, which holds tokens (the WhatsApp
 * token, DATABASE_URL with its password, …) that a child process and its crash dumps have no use
 * for. PGHOST/PGPORT/PGUSER/PGDATABASE/PGSERVICE are left out too: stale values from the shell
 * must not redirect the tools elsewhere (the target comes in argv).
 */
export function toolEnvironment(baseEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(baseEnv)) {
    if (v === undefined) continue;
    if (PASSED_THROUGH.includes(k) || PASSED_PG.includes(k) || k.startsWith('LC_')) env[k] = v;
  }
  return env;
}

/**
 * `--dbname <name>` unless the name would be read as a conninfo string (it holds `=` or looks like a
 * URI); then the name goes through PGDATABASE, which the tools take literally.
 */
export function dbnameArgs(conn: PgConnection, database: string): { args: string[]; env: NodeJS.ProcessEnv } {
  if (/=|^postgres(ql)?:/i.test(database)) return { args: [], env: { ...conn.env, PGDATABASE: database } };
  return { args: ['--dbname', database], env: conn.env };
}

/** The same server as `connectionString`, another database (for the scratch restore). */
export function withDatabase(connectionString: string, database: string): string {
  const u = new URL(connectionString);
  u.pathname = `/${encodeURIComponent(database)}`;
  u.searchParams.delete('dbname');
  return u.toString();
}

export interface ToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const MAX_CAPTURE = 64 * 1024;

/**
 * Children still running. A tool whose parent dies must die too: its output goes through a pipe
 * to this process (see `stdoutFile`), so it fails on its next write once we are gone; and on an
 * orderly exit (process.exit after a CLI verb, Ctrl+C) they are killed here.
 */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  running.add(child);
  child.once('close', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

export interface RunToolOptions {
  timeoutMs?: number;
  /**
   * Write the tool's stdout to this file instead of capturing it. pg_dump then writes to a pipe
   * held by this process rather than a file of its own: if this process is killed, pg_dump's
   * next write fails and it exits, instead of running on with its snapshot (which holds back
   * vacuum) and writing a `.partial` the next run would delete under it.
   */
  stdoutFile?: string;
}

/** Run a tool to completion; a spawn failure (ENOENT, EACCES) rejects with E_BACKUP_FAILED. */
export function runTool(spawner: Spawner, command: string, args: string[], env: NodeJS.ProcessEnv, options: number | RunToolOptions = {}): Promise<ToolResult> {
  const opts: RunToolOptions = typeof options === 'number' ? { timeoutMs: options } : options;
  const timeoutMs = opts.timeoutMs ?? 6 * 3600_000;
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawner(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (err) {
      reject(spawnError(command, err));
      return;
    }
    track(child);
    let stdout = '';
    let stderr = '';
    let outError: Error | null = null;
    let outDone: Promise<void> = Promise.resolve();
    if (opts.stdoutFile && child.stdout) {
      const out = fs.createWriteStream(opts.stdoutFile);
      outDone = new Promise((done) => {
        out.once('close', () => done());
        out.once('error', (err) => {
          // A full disk: stop the tool at once; the write error is the reason reported.
          outError = err;
          child.kill();
          done();
        });
      });
      child.stdout.pipe(out);
    } else {
      // Keep the tail: the last lines of stderr carry the reason a tool gave up.
      child.stdout?.on('data', (d: Buffer) => (stdout = (stdout + d.toString('utf8')).slice(-MAX_CAPTURE)));
    }
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-MAX_CAPTURE)));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    timer.unref();
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(spawnError(command, err));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      void outDone.then(() => (outError ? reject(outError) : resolve({ code, signal, stdout, stderr })));
    });
  });
}

function spawnError(command: string, err: unknown): AppError {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'ENOENT' ? 'not found' : e.code === 'EACCES' ? 'not executable' : (e.message ?? String(err));
  return new AppError('E_BACKUP_FAILED', msg('backup.errors.tool_start', { tool: path.basename(command) }), [], { cause: err, technical_detail: `could not start ${command}: ${why}` });
}

/** The last meaningful stderr lines, one line, with passwords and credential URLs scrubbed. */
export function summariseStderr(stderr: string, secrets: (string | undefined)[]): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const tail = [...new Set(lines)].slice(-4).join(' | ');
  return scrubSecrets(tail.length > 600 ? `…${tail.slice(-600)}` : tail, secrets);
}

export function scrubSecrets(text: string, secrets: (string | undefined)[]): string {
  const known = secrets.flatMap((s) => (s ? [s, encodeURIComponent(s)] : []));
  return scrubKnownValues(redactUrlPassword(text).replace(/(postgres(?:ql)?:\/\/[^:/@\s]*):(?!\*\*\*@)[^@\s]+@/gi, '$1:[redacted]@'), known);
}

/** `pg_dump (PostgreSQL) 15.20 (Debian …)` → { text, major: 15 }. */
export async function toolVersion(spawner: Spawner, toolPath: string, env: NodeJS.ProcessEnv): Promise<{ text: string; major: number | null }> {
  const r = await runTool(spawner, toolPath, ['--version'], env, { timeoutMs: 30_000 });
  const text = r.stdout.trim() || r.stderr.trim();
  const m = /\)\s*(\d+)(?:\.(\d+))?/.exec(text) ?? /(\d+)\.(\d+)/.exec(text);
  return { text, major: m ? Number(m[1]) : null };
}

/** `150020` (server_version_num) → 15; `90624` → 9 (pre-10 minors are ignored: long unsupported). */
export function serverMajor(versionNum: number): number {
  return Math.floor(versionNum / 10000);
}
