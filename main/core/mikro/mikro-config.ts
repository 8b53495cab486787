/**
 * `mikro_connection.json` and the legacy `MIKRO_*` environment fallback (R-MIKRO-1), resolved in
 * ONE place. The older backend had four Mikro config sources that disagreed and an env fallback
 * that worked in one code path only; every Mikro feature here reads `effectiveMikroSettings`.
 *
 * Precedence, per field: a value set in the file wins; the environment only fills gaps; then the
 * default. An empty string in the file counts as "not set" (the SQL Board saves blank fields).
 * Each field reports where its value came from ('file' | 'env' | 'default').
 *
 * Passwords: the file may only hold a `VAULT:`/`ENV:` reference (a literal is a config error
 * naming `password`). The env fallback `MIKRO_PASSWORD` | `MIKRO_DB_PASSWORD` holds the password
 * itself (the environment is a secret store); it becomes the reference `ENV:MIKRO_PASSWORD`, so
 * no password value ever sits in a settings object and one resolver handles every case.
 *
 * Read-only: P1 has no write-back, so `read_only` is always effectively true. `read_only:false`
 * (or `read_only_mode:false`) in the file is reported as a warning; `MIKRO_READ_ONLY_MODE` can only
 * turn it on (the older backend turned writes ON for an unexpected value).
 *
 * Switched off: `"enabled": false` (default true) means the installation does not use Mikro:
 * its checks are SKIP, its health component `disabled`, and nothing connects to it.
 */
import { z } from 'zod';
import type { AppError } from '../../../shared/errors.js';
import { msg, type Message } from '../../../shared/messages.js';
import { mikroError } from './friendly-errors.js';
import { configInvalid } from '../config/schema-errors.js';
import { isSecretRef } from '../secrets/secret-ref.js';
import type { MikroTlsMinVersion } from '../../../shared/mikro.js';
import { isFingerprint, normaliseFingerprint } from './tls-policy.js';
import { SchemaContractFileSchema } from './schema-contract-config.js';

export const MIKRO_CONFIG_FILE = 'mikro_connection.json';

export const MIKRO_DEFAULTS = {
  port: 1433,
  timeout_seconds: 10,
  encrypt: true,
  trust_server_certificate: false,
  tls_min_version: '1.2',
  master_tables: ['CARI_HESAPLAR', 'STOKLAR'] as readonly string[],
} as const;

/** One identifier part: what Mikro's table names look like (letters, digits, _, @, #, $). */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_@#$]{0,127}$/u;

/** `TABLE` or `schema.TABLE`; anything else (brackets, spaces, `;`) is refused up front. */
export function isValidTableName(name: string): boolean {
  const parts = name.split('.');
  return parts.length >= 1 && parts.length <= 2 && parts.every((p) => IDENTIFIER.test(p));
}

const optionalText = z.string().trim().nullish();

export const MikroConnectionFileSchema = z.looseObject({
  /** false = Mikro is not used here: no checks run (SKIP), health says `disabled`, nothing connects. Default true. */
  enabled: z.boolean().nullish(),
  host: optionalText,
  port: z.number().int().min(1).max(65535).nullish(),
  instance: optionalText,
  database: optionalText,
  username: optionalText,
  /** Never logged or echoed: the refinement message does not include the value. */
  password: z
    .string()
    .nullish()
    .refine((v) => v === null || v === undefined || v.trim() === '' || isSecretRef(v), {
      message: 'password must be a VAULT:<name> or ENV:<NAME> reference (or empty); a literal password is not allowed',
    }),
  timeout_seconds: z.number().positive().max(600).nullish(),
  encrypt: z.boolean().nullish(),
  trust_server_certificate: z.boolean().nullish(),
  /** `sql` (default): a SQL Server login. `ntlm`: a Windows account (domain + user + password, NTLM). */
  authentication: z.enum(['sql', 'ntlm']).nullish(),
  /** Windows domain for `ntlm` (e.g. FABRIKA); blank = taken from `FABRIKA\\user` in username. */
  domain: optionalText,
  /** SHA-256 of the server certificate to accept whatever the CA says (hex, colons optional). */
  certificate_fingerprint: z
    .string()
    .trim()
    .nullish()
    .refine((v) => v === null || v === undefined || v === '' || isFingerprint(v), { message: 'must be a SHA-256 fingerprint: 64 hex digits, colons allowed' }),
  /** Lowest TLS version accepted for this connection (old servers: "1.0"); audited and a WARN below 1.2. */
  tls_min_version: z.enum(['1.2', '1.1', '1.0']).nullish(),
  read_only: z.boolean().nullish(),
  /** Older name of `read_only`. */
  read_only_mode: z.boolean().nullish(),
  master_tables: z
    .array(z.string().trim().refine(isValidTableName, { message: 'must be a table name like CARI_HESAPLAR or dbo.CARI_HESAPLAR' }))
    .min(1)
    .nullish(),
  /** The tables and columns the console reads (schema-contract-config.ts); default: what the sync reads. */
  schema_contract: SchemaContractFileSchema,
});

export type MikroConnectionFile = z.output<typeof MikroConnectionFileSchema>;

/** Validates the file's JSON; throws E_CONFIG_INVALID naming each bad key (never echoing values). */
export function parseMikroConnectionFile(raw: unknown): MikroConnectionFile {
  const parsed = MikroConnectionFileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw configInvalid(MIKRO_CONFIG_FILE, parsed.error);
  return parsed.data;
}

/** The resolved view every Mikro feature uses. `password_ref` is a reference, never a value. */
export interface MikroSettings {
  host: string | null;
  port: number;
  instance: string | null;
  database: string | null;
  username: string | null;
  password_ref: string | null;
  timeout_seconds: number;
  encrypt: boolean;
  trust_server_certificate: boolean;
  /** `sql` or `ntlm` (Windows account via NTLM); integrated single sign-on is not available. */
  authentication: 'sql' | 'ntlm';
  /** Windows domain for `ntlm`; null when not set. */
  domain: string | null;
  /** Normalised `AA:BB:…` (upper case, colons) or null. */
  certificate_fingerprint: string | null;
  tls_min_version: MikroTlsMinVersion;
  /** Always true in P1. */
  read_only: true;
  master_tables: string[];
}

export type SettingSource = 'file' | 'env' | 'default';
export type MikroField = Exclude<keyof MikroSettings, 'password_ref'> | 'password';

export interface MikroConfigWarning {
  code: 'MIKRO_READ_ONLY_FORCED' | 'MIKRO_READ_ONLY_ENV_IGNORED' | 'MIKRO_ENV_INVALID';
  field: MikroField;
  message: Message;
}

export interface EffectiveMikroSettings {
  /** false when the file says `"enabled": false`; nothing may then contact Mikro. */
  enabled: boolean;
  settings: MikroSettings;
  sources: Record<MikroField, SettingSource>;
  /** Which environment variable supplied a field (only for fields whose source is 'env'). */
  env_vars: Partial<Record<MikroField, string>>;
  warnings: MikroConfigWarning[];
  /** What the file asked for (`read_only` ?? `read_only_mode`); null when it did not say. */
  read_only_requested: boolean | null;
}

/** Env names per field, first match wins (the order R-MIKRO-1 lists them). */
export const MIKRO_ENV_FALLBACK: Readonly<Record<'host' | 'database' | 'username' | 'password' | 'port' | 'instance', readonly string[]>> = {
  host: ['MIKRO_SERVER', 'MIKRO_DB_HOST'],
  database: ['MIKRO_DATABASE', 'MIKRO_DB_DATABASE'],
  username: ['MIKRO_USER', 'MIKRO_DB_USERNAME'],
  password: ['MIKRO_PASSWORD', 'MIKRO_DB_PASSWORD'],
  port: ['MIKRO_DB_PORT'],
  instance: ['MIKRO_DB_INSTANCE'],
};

function fromEnv(env: NodeJS.ProcessEnv, names: readonly string[]): { name: string; value: string } | null {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return null;
}

const blank = (v: string | null | undefined): v is null | undefined => v === null || v === undefined || v.trim() === '';

/**
 * File values win, env fills gaps, then defaults. `fileValue` is the raw JSON of
 * `mikro_connection.json` (or null/undefined when the file does not exist); it is validated here.
 */
export function effectiveMikroSettings(fileValue: unknown, env: NodeJS.ProcessEnv): EffectiveMikroSettings {
  const file = parseMikroConnectionFile(fileValue);
  const sources = {} as Record<MikroField, SettingSource>;
  const envVars: Partial<Record<MikroField, string>> = {};
  const warnings: MikroConfigWarning[] = [];

  const text = (field: 'host' | 'database' | 'username' | 'instance'): string | null => {
    const v = file[field];
    if (!blank(v)) {
      sources[field] = 'file';
      return v.trim();
    }
    const e = fromEnv(env, MIKRO_ENV_FALLBACK[field]);
    if (e) {
      sources[field] = 'env';
      envVars[field] = e.name;
      return e.value;
    }
    sources[field] = 'default';
    return null;
  };
  const host = text('host');
  const database = text('database');
  const username = text('username');
  const instance = text('instance');

  let password_ref: string | null = null;
  if (!blank(file.password)) {
    password_ref = file.password.trim();
    sources.password = 'file';
  } else {
    // The value stays in the environment: the settings only point at it.
    const e = fromEnv(env, MIKRO_ENV_FALLBACK.password);
    sources.password = e ? 'env' : 'default';
    if (e) {
      password_ref = `ENV:${e.name}`;
      envVars.password = e.name;
    }
  }

  let port: number = MIKRO_DEFAULTS.port;
  if (typeof file.port === 'number') {
    port = file.port;
    sources.port = 'file';
  } else {
    sources.port = 'default';
    const e = fromEnv(env, MIKRO_ENV_FALLBACK.port);
    if (e) {
      const n = /^\d{1,5}$/.test(e.value) ? Number(e.value) : NaN;
      if (n >= 1 && n <= 65535) {
        port = n;
        sources.port = 'env';
        envVars.port = e.name;
      } else {
        warnings.push({
          code: 'MIKRO_ENV_INVALID',
          field: 'port',
          message: msg('mikro.config.warnings.env_invalid_port', { variable: e.name, port: MIKRO_DEFAULTS.port }),
        });
      }
    }
  }

  const pick = <K extends 'timeout_seconds' | 'encrypt' | 'trust_server_certificate' | 'tls_min_version'>(field: K) => {
    const v = file[field];
    sources[field] = v === null || v === undefined ? 'default' : 'file';
    return (v ?? MIKRO_DEFAULTS[field]) as NonNullable<MikroConnectionFile[K]>;
  };
  const timeout_seconds = pick('timeout_seconds');
  const encrypt = pick('encrypt');
  const trust_server_certificate = pick('trust_server_certificate');
  const authentication = file.authentication ?? 'sql';
  sources.authentication = file.authentication ? 'file' : 'default';
  const domain = blank(file.domain) ? null : file.domain.trim();
  sources.domain = domain ? 'file' : 'default';
  const tls_min_version = pick('tls_min_version');
  const certificate_fingerprint = blank(file.certificate_fingerprint) ? null : normaliseFingerprint(file.certificate_fingerprint);
  sources.certificate_fingerprint = certificate_fingerprint ? 'file' : 'default';

  const master_tables = file.master_tables ? [...file.master_tables] : [...MIKRO_DEFAULTS.master_tables];
  sources.master_tables = file.master_tables ? 'file' : 'default';

  // Either key saying false counts as a request for writes (refused below).
  const saysFalse = file.read_only === false || file.read_only_mode === false;
  const read_only_requested = saysFalse ? false : (file.read_only ?? file.read_only_mode ?? null);
  const envReadOnly = env.MIKRO_READ_ONLY_MODE;
  // Where "on" came from: the file saying true, else the env switch, else the P1 default.
  if (read_only_requested === true) {
    sources.read_only = 'file';
  } else if (envReadOnly !== undefined) {
    // Any value, even "false" or garbage, can only ever mean "on".
    sources.read_only = 'env';
    envVars.read_only = 'MIKRO_READ_ONLY_MODE';
  } else {
    sources.read_only = 'default';
  }
  if (saysFalse) {
    warnings.push({ code: 'MIKRO_READ_ONLY_FORCED', field: 'read_only', message: msg('mikro.config.warnings.read_only_forced') });
  }
  if (envReadOnly !== undefined && !/^(1|true|yes|on)$/i.test(envReadOnly.trim())) {
    warnings.push({
      code: 'MIKRO_READ_ONLY_ENV_IGNORED',
      field: 'read_only',
      // The variable's value is a switch the operator typed, not a secret: shown as typed.
      message: msg('mikro.config.warnings.read_only_env_ignored', { value: JSON.stringify(envReadOnly) }),
    });
  }

  return {
    enabled: file.enabled !== false,
    settings: { host, port, instance, database, username, password_ref, timeout_seconds, encrypt, trust_server_certificate, authentication, domain, certificate_fingerprint, tls_min_version, read_only: true, master_tables },
    sources,
    env_vars: envVars,
    warnings,
    read_only_requested,
  };
}

/** Host and database are the minimum to try a connection. */
export function isConfigured(settings: Pick<MikroSettings, 'host' | 'database'>): boolean {
  return !blank(settings.host) && !blank(settings.database);
}

/** E_MIKRO_NOT_CONFIGURED naming the two fields, in the person's language. */
export function notConfiguredError(): AppError {
  return mikroError('not_configured', 'host and database are required', {}, {}, [
    { path: 'host', message: msg('fields.host') },
    { path: 'database', message: msg('fields.database') },
  ]);
}

/** E_MIKRO_NOT_CONFIGURED for an installation that switched Mikro off (`"enabled": false`). */
export function disabledError(): AppError {
  return mikroError('disabled', 'mikro_connection.json: "enabled": false');
}
