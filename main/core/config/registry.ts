/** Which schema validates which config file (R-CFG-1/2). */
import type { z } from 'zod';
import { BackupConfigSchema } from '../backup/backup-config.js';
import { MikroConnectionFileSchema } from '../mikro/mikro-config.js';
import { WhatsappConfigSchema } from '../whatsapp/whatsapp-config.js';
import type { ConfigFileName } from './config-files.js';
import { SystemConfigSchema } from './system-config.js';

export const CONFIG_SCHEMAS: Record<ConfigFileName, z.ZodType> = {
  'system_config.json': SystemConfigSchema,
  'mikro_connection.json': MikroConnectionFileSchema,
  'sql_config.template.json': MikroConnectionFileSchema,
  'whatsapp.json': WhatsappConfigSchema,
  'backup_config.json': BackupConfigSchema,
};
