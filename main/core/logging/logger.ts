/**
 * Structured logs (R-OPS-3): JSON lines in `<data>/logs/optiplan360.N.log`, rotated by pino-roll
 * at 10 MB keeping 5 files besides the current one. Secret-bearing keys are redacted by pino
 * wherever they appear in a log object; callers still never pass resolved secret values to the logger.
 *
 * Logging never takes the console down: a full, read-only or vanished log folder makes the file
 * stream fail, and then lines are kept in a small buffer (then dropped and counted) while the
 * folder is retried now and then. `logFolderState()` says so for health and diagnostics
 * ("logs cannot be written"). The limit holds across processes (the app, `serve`, every CLI
 * run append to the same files): each rotation and each start deletes the oldest numbered
 * files whoever wrote them (pino-roll's `removeOtherLogFiles`).
 */
import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { redactPersonalText } from '../privacy/redact.js';
import pinoRoll from 'pino-roll';
import { ResilientLogStream, type LogFolderState } from './resilient-stream.js';

export type { Logger } from 'pino';
export type { LogFolderState } from './resilient-stream.js';

const SECRET_KEYS = [
  'password',
  'pass',
  'secret',
  'token',
  'access_token',
  'app_secret',
  'webhook_verify_token',
  'verify_token',
  'connection_string',
  'connectionString',
  'authorization',
  'value',
];

/** pino redact paths: each key at the top level and up to two levels deep. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers["${k}"]`]);

export const LOG_BASE_NAME = 'optiplan360';
export const LOG_EXTENSION = '.log';
/** Rotated files kept besides the one being written. */
export const LOG_KEEP_FILES = 5;

export interface LoggerOptions {
  logDir: string;
  level?: string;
  /** Synchronous writes for short-lived processes (the CLI), so nothing is lost on exit. */
  sync?: boolean;
  /** Also write to stderr (serve in a terminal). */
  echo?: boolean;
  /** Rotation size (pino-roll syntax, default '10m'); tests use a small one. */
  size?: string;
  /** Rotated files kept besides the current one (default 5). */
  keep?: number;
  /** How long a failed folder is left alone before it is tried again (default 30 s). */
  retryMs?: number;
}

/** The log folder of this process's file logger; `null` when it has none (tests, tools). */
let current: ResilientLogStream | null = null;

/** Whether this process can write its log files (health's and diagnostics' "logs cannot be written"). */
export function logFolderState(): LogFolderState | null {
  return current?.state() ?? null;
}

/**
 * The file logger. Never throws: a folder that cannot be created or written gives a logger
 * whose lines wait in a bounded buffer (see ResilientLogStream) and the state says why.
 */
export async function createFileLogger(opts: LoggerOptions): Promise<Logger> {
  const keep = opts.keep ?? LOG_KEEP_FILES;
  const open = async () => {
    pruneLogFiles(opts.logDir, keep + 1);
    return pinoRoll({
      file: path.join(opts.logDir, LOG_BASE_NAME),
      extension: LOG_EXTENSION,
      size: opts.size ?? '10m',
      // With removeOtherLogFiles pino-roll's count is every file, the current one included.
      limit: { count: keep + 1, removeOtherLogFiles: true },
      mkdir: true,
      sync: opts.sync ?? false,
      // Bounded memory when the disk stops taking writes; the resilient stream counts the rest.
      maxLength: 4 * 1024 * 1024,
    });
  };
  const file = new ResilientLogStream({ dir: opts.logDir, open, retryMs: opts.retryMs });
  await file.start();
  current = file;
  const streams: pino.StreamEntry[] = [{ stream: file }];
  if (opts.echo) streams.push({ stream: process.stderr });
  return pino(
    {
      level: opts.level ?? process.env.OPTIPLAN_LOG_LEVEL ?? 'info',
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Personal data (phones, e-mails, VKN/TCKN, customer titles) masked in every line (KVKK, H13b).
      hooks: { streamWrite: redactPersonalText },
    },
    pino.multistream(streams),
  );
}

/**
 * Keep the newest `max` numbered log files (`optiplan360.N.log`), whoever wrote them: pino-roll
 * only prunes when it rotates, and a folder left by an older version or by many short CLI runs
 * must not grow past the limit either. Best effort: a file held open on Windows stays.
 */
export function pruneLogFiles(dir: string, max: number): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const numbered = names
    .map((name) => ({ name, n: Number(/^optiplan360\.(\d+)\.log$/.exec(name)?.[1] ?? NaN) }))
    .filter((f) => Number.isInteger(f.n))
    .sort((a, b) => a.n - b.n);
  const removed: string[] = [];
  for (const f of numbered.slice(0, Math.max(0, numbered.length - max))) {
    try {
      fs.rmSync(path.join(dir, f.name), { force: true });
      removed.push(f.name);
    } catch {
      /* held open elsewhere: the next start or rotation tries again */
    }
  }
  return removed;
}

/** A logger that writes nothing: unit tests and tools that must not touch the data folder. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
