// The PULL sync's pure parts: the `sync` block of mikro_connection.json, Mikro rows → mirror rows,
// the watermark taken from a page, the input schema, and the schedule's decisions.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MikroSyncInputSchema } from '../../shared/mikro-sync.js';
import { syncSettings } from '../../main/core/mikro/sync/sync-config.js';
import { SyncScheduler } from '../../main/core/mikro/sync/sync-schedule.js';
import { unpackedPath } from '../../main/core/mikro/sync/sqlite-write-worker.js';
import { cursorOf, mirrorDate, SYNC_TABLE_SPECS, toMirror } from '../../main/core/mikro/sync/sync-tables.js';
import { syncPageStatement } from '../../main/core/mikro/sync-statements.js';
import { checkReadOnlyStatement } from '../../main/core/mikro/guard/index.js';

afterEach(() => vi.useRealTimers());

describe('sync settings', () => {
  it('defaults 15 minutes and 5 000 rows; a bad value is E_CONFIG_INVALID naming sync.<field>', () => {
    expect(syncSettings(null)).toEqual({ interval_minutes: 15, page_rows: 5_000 });
    expect(syncSettings({ host: 'x', sync: { interval_minutes: 0, page_rows: 250 } })).toEqual({ interval_minutes: 0, page_rows: 250 });
    for (const bad of [{ page_rows: 0 }, { page_rows: 10_001 }, { page_rows: 2.5 }, { interval_minutes: -1 }, { interval_minutes: 'often' }]) {
      const err = (() => {
        try {
          syncSettings({ sync: bad });
          return null;
        } catch (e) {
          return e as { code?: string; details?: Array<{ path: string }> };
        }
      })();
      expect(err?.code, JSON.stringify(bad)).toBe('E_CONFIG_INVALID');
      expect(err?.details?.[0]?.path).toBe(`sync.${Object.keys(bad)[0]}`);
    }
  });

  it('tables: both by default, in a fixed order, no duplicates; an unknown one is refused', () => {
    expect(MikroSyncInputSchema.parse({})).toEqual({ full: false, tables: ['accounts', 'stock'] });
    expect(MikroSyncInputSchema.parse({ tables: ['stock', 'accounts', 'stock'] }).tables).toEqual(['accounts', 'stock']);
    expect(MikroSyncInputSchema.safeParse({ tables: ['cari'] }).success).toBe(false);
    expect(MikroSyncInputSchema.safeParse({ tables: [] }).success).toBe(false);
  });
});

describe('Mikro rows → mirror rows', () => {
  it('maps by position, upper-cases the Guid, keeps NULLs and Turkish text, 1899-12-30 is no date, *_iptal any non-zero is cancelled', () => {
    const lastup = new Date(Date.UTC(2026, 0, 5, 8, 0, 0, 3));
    const row = ['0a1b2c3d-0000-4000-8000-00000000abcd', '120.01.000001', lastup, true, 'Işık Kereste Ltd. Şti.', null, '1234567890', null];
    expect(toMirror(SYNC_TABLE_SPECS.accounts, row)).toEqual({
      guid: '0A1B2C3D-0000-4000-8000-00000000ABCD',
      code: '120.01.000001',
      lastup_at: '2026-01-05T08:00:00.003Z',
      cancelled: 1,
      title1: 'Işık Kereste Ltd. Şti.',
      title2: null,
      tax_office_no: '1234567890',
      tax_id: null,
    });
    expect(toMirror(SYNC_TABLE_SPECS.stock, ['G', 'STK-1', new Date(Date.UTC(1899, 11, 30)), 0, 'Sunta 18 mm', 'M²'])).toMatchObject({ lastup_at: null, cancelled: 0, name: 'Sunta 18 mm', unit: 'M²' });
    expect(mirrorDate(null)).toBeNull();
    expect(mirrorDate('not a date')).toBeNull();
    expect(toMirror(SYNC_TABLE_SPECS.stock, ['G', 'K', lastup, 2, null, null]).cancelled).toBe(1);
  });

  it('the watermark is the page’s last row as the server sent it (Guid case kept for the server to compare)', () => {
    const d = new Date(Date.UTC(2026, 1, 1));
    expect(cursorOf(['ab-cd', 'K', d])).toEqual({ since: d, guid: 'ab-cd' });
  });

  it('the statements the sync sends pass the statement guard, with and without a watermark', () => {
    for (const spec of Object.values(SYNC_TABLE_SPECS)) {
      expect(checkReadOnlyStatement(syncPageStatement(spec.shape, null)).ok).toBe(true);
      expect(checkReadOnlyStatement(syncPageStatement(spec.shape, { since: new Date(), guid: 'X' })).ok).toBe(true);
    }
  });
});

describe('sync schedule', () => {
  it('runs when the newest sync is at least one interval old, not before; interval 0 never runs; a failed run is reported and the schedule carries on', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 3, 12, 0, 0) });
    let interval = 15 * 60_000;
    let last: Date | null = new Date(Date.now() - 5 * 60_000);
    const errors: unknown[] = [];
    let fail = false;
    const run = vi.fn(async () => {
      last = new Date();
      if (fail) throw new Error('boom');
    });
    const s = new SyncScheduler({ intervalMs: () => interval, lastStartedAt: async () => last, run, onError: (e) => errors.push(e), tickMs: 60_000 });
    s.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).not.toHaveBeenCalled(); // 6 minutes since the last sync
    await vi.advanceTimersByTimeAsync(9 * 60_000);
    expect(run).toHaveBeenCalledTimes(1); // 15 minutes
    fail = true;
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(run).toHaveBeenCalledTimes(2);
    expect(errors).toHaveLength(1);
    interval = 0;
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(run).toHaveBeenCalledTimes(2);
    interval = 60_000;
    last = null; // never synced: the next look runs one
    await vi.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(3);
    s.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(run).toHaveBeenCalledTimes(3);
  });
});

describe('the write worker loads better-sqlite3 from outside the asar', () => {
  it('app.asar → app.asar.unpacked on Windows and POSIX paths; anything else unchanged', () => {
    expect(unpackedPath('C:\\Program Files\\OptiPlan360\\resources\\app.asar\\node_modules\\better-sqlite3\\lib\\index.js')).toBe('C:\\Program Files\\OptiPlan360\\resources\\app.asar.unpacked\\node_modules\\better-sqlite3\\lib\\index.js');
    expect(unpackedPath('/opt/OptiPlan360/resources/app.asar/node_modules/better-sqlite3/lib/index.js')).toBe('/opt/OptiPlan360/resources/app.asar.unpacked/node_modules/better-sqlite3/lib/index.js');
    expect(unpackedPath('/opt/OptiPlan360/resources/app.asar.unpacked/node_modules/better-sqlite3/lib/index.js')).toBe('/opt/OptiPlan360/resources/app.asar.unpacked/node_modules/better-sqlite3/lib/index.js');
    expect(unpackedPath('/work/main/node_modules/better-sqlite3/lib/index.js')).toBe('/work/main/node_modules/better-sqlite3/lib/index.js');
  });
});

