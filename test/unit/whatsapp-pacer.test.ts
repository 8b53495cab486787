// PreferSharedPacer: the database keeps the pace; when it cannot (down, not migrated) the
// process's own limiter does, but a full window is a refusal and never a reason to fall back.
import { describe, expect, it } from 'vitest';
import { msg } from '../../shared/messages.js';
import { WhatsappApiError } from '../../main/core/whatsapp/graph-errors.js';
import { PreferSharedPacer } from '../../main/core/whatsapp/outbox/shared-rate-limiter.js';
import type { SendPacer } from '../../main/core/whatsapp/rate-limiter.js';

const counting = (fail?: unknown): SendPacer & { calls: number } => {
  const p = {
    calls: 0,
    acquire: async () => {
      p.calls++;
      if (fail) throw fail;
    },
  };
  return p;
};

describe('PreferSharedPacer', () => {
  it('uses the shared pace when it works', async () => {
    const shared = counting();
    const local = counting();
    await new PreferSharedPacer(shared, local).acquire();
    expect([shared.calls, local.calls]).toEqual([1, 0]);
  });

  it('falls back to the local limiter on a database error, and says so', async () => {
    const seen: unknown[] = [];
    const local = counting();
    await new PreferSharedPacer(counting(new Error('SQLITE_ERROR: no such table: whatsapp_rate_slots')), local, (e) => seen.push(e)).acquire();
    expect(local.calls).toBe(1);
    expect(String(seen[0])).toMatch(/no such table/);
  });

  it('a full shared window is refused, not sidestepped', async () => {
    const full = new WhatsappApiError({ reason: 'rate_limited', retry_after_seconds: 60, text: msg('whatsapp.errors.local_limit', { limit: 'messages_per_hour', max: 2, seconds: 60 }) });
    const local = counting();
    await expect(new PreferSharedPacer(counting(full), local).acquire()).rejects.toBe(full);
    expect(local.calls).toBe(0);
  });
});
