/**
 * `system_config.json`: the parts the core reads. Unknown keys are kept (R-CFG-3), so the
 * schema is loose and every section optional; defaults are applied here, in one place.
 */
import { z } from 'zod';
import { RetentionSchema } from '../retention/retention.js';

export const DatabaseSectionSchema = z.looseObject({
  /** `postgres://user@host:5432/db` or `sqlite:<path>`; empty = the embedded SQLite default. */
  url: z.string().nullish(),
  /** PostgreSQL password as a reference (`VAULT:<name>` or `ENV:<NAME>`), merged into `url`. */
  password: z.string().nullish(),
  auto_migrate_on_startup: z.boolean().default(true),
  /** Seconds a health ping may take before the database counts as unreachable. */
  ping_timeout_seconds: z.number().positive().max(60).default(3),
});

export const SystemConfigSchema = z.looseObject({
  environment: z.string().optional(),
  /** The language of the console's texts when a caller names none (CLI `--lang`, HTTP Accept-Language). */
  language: z.enum(['tr', 'en']).default('tr'),
  database: DatabaseSectionSchema.default({ auto_migrate_on_startup: true, ping_timeout_seconds: 3 }),
  /** How long the console keeps what it produces itself (retention/retention.ts has the defaults). */
  retention: RetentionSchema.prefault({}),
});

export type SystemConfig = z.output<typeof SystemConfigSchema>;
export type DatabaseSection = z.output<typeof DatabaseSectionSchema>;
