/** `backup_config.json` (R-BAK-1). `connection_string` must be a placeholder or a reference. */
import { z } from 'zod';

export const BackupConfigSchema = z.looseObject({
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
    })
    .optional(),
});
export type BackupConfig = z.output<typeof BackupConfigSchema>;
