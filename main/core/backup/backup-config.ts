/** `backup_config.json` (R-BAK-1). `connection_string` must be a placeholder or a reference. */
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import { parseDatabaseUrl, type DatabaseSpec } from '../db/database-url.js';
import { parseSecretRef, resolveSecretValue, type ResolveContext } from '../secrets/secret-ref.js';
import { credentialInConnectionString, isPlaceholder } from '../secrets/secret-patterns.js';

export const BackupConfigSchema = z.looseObject({
  /**
   * false: backups are switched off on this installation (another system makes them). The
   * checks are SKIP, the health component `disabled`, the schedule does not run, and
   * `backup run` is refused with a message naming this setting: an admin who switched backups
   * off does not expect a backup file to appear, and a refusal says how to switch them on.
   * Listing and verifying backups made earlier still work.
   */
  enabled: z.boolean().default(true),
  nas_path: z.string().nullish(),
  google_drive_folder: z.string().nullish(),
  databases: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        type: z.enum(['postgresql', 'postgres', 'sqlite']),
        connection_string: z.string().nullish(),
      }),
    )
    .default([]),
  directories: z.array(z.string()).default([]),
  retention_days: z.number().int().min(1).max(3650).default(30),
  compression: z.boolean().default(true),
  pg_dump_path: z.string().nullish(),
  schedule: z
    .looseObject({
      enabled: z.boolean().default(true),
      time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24h)').default('02:00'),
      /** Restore-test each scheduled backup right after it is made (a backup nobody restored is a hope). */
      verify: z.boolean().default(true),
    })
    .optional(),
});
export type BackupConfig = z.output<typeof BackupConfigSchema>;

/** The defaults, as if `backup_config.json` were `{}`. */
export function defaultBackupConfig(): BackupConfig {
  return BackupConfigSchema.parse({});
}

export type ConnectionStringKind = 'empty' | 'placeholder' | 'reference' | 'literal' | 'literal_credential';

/**
 * What a `databases[].connection_string` holds. The template's `postgresql://<user>:<password>@…`
 * counts as a placeholder: any `<…>` part means "not filled in yet".
 */
export function classifyConnectionString(value: string | null | undefined): ConnectionStringKind {
  const v = (value ?? '').trim();
  if (v === '') return 'empty';
  if (parseSecretRef(v)) return 'reference';
  if (isPlaceholder(v) || /<[^<>]+>/.test(v)) return 'placeholder';
  return credentialInConnectionString(v) ? 'literal_credential' : 'literal';
}

export interface BackupSource {
  spec: DatabaseSpec;
  /** Name used in file names: the config entry's name, or the app database's. */
  name: string;
  /** True when this is the app's own database (the default). */
  own: boolean;
}

const SAFE_NAME = /[^A-Za-z0-9_.-]+/g;

/**
 * Which database a run backs up. The first `databases` entry whose connection string is a
 * reference (or a literal without a password) wins; a placeholder or an empty list means the
 * app's own database. A literal password is refused rather than used: the check FAILs on it too.
 */
export async function resolveBackupSource(
  config: BackupConfig,
  own: DatabaseSpec,
  opts: { secrets?: ResolveContext | undefined; baseDir: string },
): Promise<BackupSource> {
  const { secrets } = opts;
  for (const [i, entry] of config.databases.entries()) {
    const where = `backup_config.json databases[${i}].connection_string`;
    const kind = classifyConnectionString(entry.connection_string);
    if (kind === 'empty' || kind === 'placeholder') continue;
    if (kind === 'literal_credential') {
      throw new AppError('E_CONFIG_INVALID', msg('backup.errors.literal_password', { index: i }), [{ path: where, message: msg('backup.errors.expected_reference') }], {
        technical_detail: `${where} holds a literal password; store it with "optiplan360 secrets set" and use a VAULT:<name> or ENV:<NAME> reference`,
        next_step: msg('backup.errors.literal_password_next'),
      });
    }
    let url = entry.connection_string!.trim();
    if (kind === 'reference') {
      if (!secrets) throw new AppError('E_CONFIG_INVALID', msg('backup.errors.no_secret_store', { index: i }), [], { technical_detail: `${where} is a reference, but no secret store was given to resolve it` });
      url = (await resolveSecretValue(url, where, secrets)) ?? '';
    }
    const spec = parseDatabaseUrl(url, opts.baseDir);
    return { spec, name: entry.name.replace(SAFE_NAME, '_'), own: false };
  }
  const name = own.engine === 'postgres' ? own.database : 'optiplan360';
  return { spec: own, name: name.replace(SAFE_NAME, '_') || 'optiplan360', own: true };
}
