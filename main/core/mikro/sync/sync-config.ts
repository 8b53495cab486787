/**
 * The `sync` block of mikro_connection.json:
 *
 *   "sync": { "interval_minutes": 15, "page_rows": 5000 }
 *
 * `interval_minutes`: how often the app and `serve` run an incremental sync (default 15; 0 turns
 * the schedule off; `"enabled": false` for Mikro turns it off whatever this says). `page_rows`:
 * rows per round trip (default 5 000, at most 10 000, the client's cap on any result). Read here
 * from the file's raw JSON, so the connection settings' schema (mikro-config.ts) stays as it is;
 * a bad value is E_CONFIG_INVALID naming `sync.<field>`.
 */
import { z } from 'zod';
import { configInvalid } from '../../config/schema-errors.js';
import { MIKRO_CONFIG_FILE } from '../mikro-config.js';
import { MAX_SYNC_PAGE_ROWS } from '../sync-statements.js';

export const SYNC_DEFAULTS = { interval_minutes: 15, page_rows: 5_000 } as const;

const SyncBlockSchema = z.looseObject({
  sync: z
    .looseObject({
      interval_minutes: z.number().min(0).max(24 * 60).nullish(),
      page_rows: z.number().int().min(1).max(MAX_SYNC_PAGE_ROWS).nullish(),
    })
    .nullish(),
});

export interface SyncSettings {
  /** 0: no schedule. */
  interval_minutes: number;
  page_rows: number;
}

export function syncSettings(fileValue: unknown): SyncSettings {
  const parsed = SyncBlockSchema.safeParse(fileValue ?? {});
  if (!parsed.success) throw configInvalid(MIKRO_CONFIG_FILE, parsed.error);
  const s = parsed.data.sync;
  return {
    interval_minutes: s?.interval_minutes ?? SYNC_DEFAULTS.interval_minutes,
    page_rows: s?.page_rows ?? SYNC_DEFAULTS.page_rows,
  };
}
