/**
 * Which database the console uses (R-DB-1): `DATABASE_URL` > system_config `database.url` >
 * the embedded SQLite file in the data folder. Passwords never leave this module except inside
 * the pg connection config: `target` is the redacted form that may be shown or logged.
 */
import path from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { DatabaseEngine } from '../../../shared/health.js';
import { msg } from '../../../shared/messages.js';

export type DatabaseSpec =
  | { engine: 'sqlite'; file: string; target: string }
  | { engine: 'postgres'; connectionString: string; target: string; database: string };

export interface DatabaseChoice {
  envUrl?: string | undefined;
  configUrl?: string | null | undefined;
  /** Resolved PostgreSQL password (from a VAULT:/ENV: reference), used when the URL has none. */
  password?: string | undefined;
  defaultSqliteFile: string;
  /** Relative SQLite paths are taken from here (the data folder). */
  baseDir: string;
}

export function chooseDatabase(choice: DatabaseChoice): DatabaseSpec {
  const url = nonEmpty(choice.envUrl) ?? nonEmpty(choice.configUrl ?? undefined);
  if (!url) return sqliteSpec(choice.defaultSqliteFile);
  return parseDatabaseUrl(url, choice.baseDir, choice.password);
}

export function parseDatabaseUrl(url: string, baseDir: string, password?: string): DatabaseSpec {
  const trimmed = url.trim();
  if (/^sqlite:/i.test(trimmed)) {
    let file = trimmed.replace(/^sqlite:(\/\/)?/i, '');
    if (file === '' || file === ':memory:') {
      throw new AppError('E_CONFIG_INVALID', msg('database.errors.sqlite_needs_path'), [{ path: 'database.url', message: msg('database.errors.sqlite_needs_path_field') }], {
        technical_detail: 'database.url: a SQLite URL needs a file path (sqlite:<path>)',
      });
    }
    if (!path.isAbsolute(file)) file = path.resolve(baseDir, file);
    return sqliteSpec(file);
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw invalidUrl();
    }
    if (password && !parsed.password) parsed.password = encodeURIComponent(password);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres';
    return { engine: 'postgres', connectionString: parsed.toString(), target: redactUrl(trimmed), database };
  }
  throw invalidUrl();
}

function invalidUrl(): AppError {
  // The URL itself is not repeated: it may hold a password.
  return new AppError('E_CONFIG_INVALID', msg('database.errors.invalid_url'), [{ path: 'database.url', message: msg('database.errors.invalid_url_field') }], {
    technical_detail: 'database.url / DATABASE_URL: expected postgres://user@host:5432/db or sqlite:<path>',
  });
}

function sqliteSpec(file: string): DatabaseSpec {
  return { engine: 'sqlite', file, target: `sqlite:${file}` };
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; query-string passwords too. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|secret|token|key/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

export function engineLabel(engine: DatabaseEngine): string {
  return engine === 'postgres' ? 'PostgreSQL' : 'SQLite';
}

function nonEmpty(v: string | undefined): string | undefined {
  return v && v.trim() !== '' ? v : undefined;
}
