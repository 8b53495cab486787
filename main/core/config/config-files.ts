/**
 * The config folder: seeding from shipped templates, and loading one file with validation.
 * A missing file means "use defaults" for optional files; a present but broken file is an
 * error that names the file — never a crash and never a silent default.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { packageRoot } from '../product.js';
import { createFileAtomic, sweepOrphanTemps } from './atomic-write.js';
import { decodeConfigText, parseJsonText, type TextEncodingName } from './read-json.js';
import { configInvalid } from './schema-errors.js';

export const CONFIG_FILES = [
  'system_config.json',
  'mikro_connection.json',
  'sql_config.template.json',
  'whatsapp.json',
  'backup_config.json',
] as const;
export type ConfigFileName = (typeof CONFIG_FILES)[number];

/** The `config/` templates shipped beside package.json (the packaged app passes its resources path). */
export function defaultTemplatesDir(): string {
  return path.join(packageRoot(), 'config');
}

/**
 * Copy every template that is not in the config folder yet, each atomically (temp file, then a
 * link that fails if the name exists): a start killed mid-copy leaves no half-written template.
 * A file that is there but blank (0 bytes: an older, non-atomic seeding killed at the wrong
 * moment) is seeded again; any other existing file is never touched. Temp files of writes that
 * never finished are swept first.
 */
export function seedConfigDir(configDir: string, templatesDir: string): ConfigFileName[] {
  fs.mkdirSync(configDir, { recursive: true });
  sweepOrphanTemps(configDir);
  const seeded: ConfigFileName[] = [];
  for (const name of CONFIG_FILES) {
    const src = path.join(templatesDir, name);
    if (!fs.existsSync(src)) continue;
    if (createFileAtomic(path.join(configDir, name), fs.readFileSync(src), { replaceEmpty: true })) seeded.push(name);
  }
  return seeded;
}

export interface LoadedFile<T> {
  value: T;
  raw: unknown;
  exists: boolean;
  encoding: TextEncodingName | null;
  file: string;
}

/** Read, decode, parse and validate one config file. Throws E_CONFIG_INVALID naming the file. */
export function loadConfigFile<S extends z.ZodType>(configDir: string, name: string, schema: S): LoadedFile<z.output<S>> {
  const file = path.join(configDir, name);
  if (!fs.existsSync(file)) {
    const parsed = schema.safeParse({});
    if (!parsed.success) throw configInvalid(name, parsed.error);
    return { value: parsed.data, raw: null, exists: false, encoding: null, file };
  }
  const { text, encoding } = decodeConfigText(fs.readFileSync(file));
  const raw = parseJsonText(text, name);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw configInvalid(name, parsed.error, text);
  return { value: parsed.data, raw, exists: true, encoding, file };
}
