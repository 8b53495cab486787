/**
 * Structured logs (R-OPS-3): JSON lines in `<data>/logs/optiplan360.N.log`, rotated by pino-roll
 * at 10 MB keeping 5 files. Secret-bearing keys are redacted by pino wherever they appear in a
 * log object; callers still never pass resolved secret values to the logger.
 */
import path from 'node:path';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';

export type { Logger } from 'pino';

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

export interface LoggerOptions {
  logDir: string;
  level?: string;
  /** Synchronous writes for short-lived processes (the CLI), so nothing is lost on exit. */
  sync?: boolean;
  /** Also write to stderr (serve in a terminal). */
  echo?: boolean;
}

export async function createFileLogger(opts: LoggerOptions): Promise<Logger> {
  const file = await pinoRoll({
    file: path.join(opts.logDir, 'optiplan360'),
    extension: '.log',
    size: '10m',
    limit: { count: 5 },
    mkdir: true,
    sync: opts.sync ?? false,
  });
  const streams: pino.StreamEntry[] = [{ stream: file }];
  if (opts.echo) streams.push({ stream: process.stderr });
  return pino(
    {
      level: opts.level ?? process.env.OPTIPLAN_LOG_LEVEL ?? 'info',
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(streams),
  );
}

/** A logger that writes nothing: unit tests and tools that must not touch the data folder. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
