// Issue 12 §5: every statement the console sends to Mikro runs with a bounded LOCK_TIMEOUT and READ
// UNCOMMITTED, and lands in the statement log (time, statement, rows, duration, who) — sent or
// refused. Real tedious against the TDS fake over TCP; the fake records the SET prelude apart.
import { describe, expect, it } from 'vitest';
import { MikroClient } from '../../main/core/mikro/mikro-connection.js';
import { runMikroQuery } from '../../main/core/mikro/query-console.js';
import { MIKRO_LOCK_TIMEOUT_MS, sessionPrelude } from '../../main/core/mikro/session-settings.js';
import { maskPersonalData, MikroStatementLog } from '../../main/core/mikro/statement-log.js';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { CANARY, expectNoCanary, fake, onCleanup, rejection, settingsFor } from './mikro-helpers.js';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import { openTestCore } from '../helpers/core.js';

const tr = translator('tr');
const en = translator('en');

function logged(f: { host: string; port: number }, log = new MikroStatementLog()) {
  const c = new MikroClient(settingsFor(f), async () => CANARY, { statementLog: log, actor: 'tester (verification)' });
  onCleanup(() => c.close());
  return { c, log };
}

describe('session settings on every statement', () => {
  it('each batch the console sends starts with SET LOCK_TIMEOUT and READ UNCOMMITTED', async () => {
    const f = await fake({ answer: (sql) => (sql.startsWith('SELECT TOP') ? { columns: [{ name: 'a', type: 'int' }], rows: [[1], [2]] } : undefined) });
    const { c } = logged(f);
    await c.query('SELECT 1 AS ok');
    await c.query('SELECT TOP 2 a FROM STOKLAR WITH (NOLOCK)');
    await c.query('SELECT a FROM STOKLAR WHERE a = @a', { a: 1 }); // sp_executesql: prelude inside @statement
    const ours = f.requests.filter((r) => /STOKLAR|AS ok/.test(r.sql));
    expect(ours).toHaveLength(3); // mssql sends each one as sp_executesql (RPC)
    for (const r of ours) {
      expect(r.session).toEqual({ lockTimeoutMs: MIKRO_LOCK_TIMEOUT_MS, isolation: 'READ UNCOMMITTED' });
      expect(r.raw?.startsWith(sessionPrelude())).toBe(true);
    }
    // tedious' own connection set-up batch is not ours and carries no prelude.
    expect(f.requests.some((r) => /set textsize/i.test(r.sql) && r.session === undefined)).toBe(true);
    expect(MIKRO_LOCK_TIMEOUT_MS).toBeGreaterThan(0);
    expect(MIKRO_LOCK_TIMEOUT_MS).toBeLessThanOrEqual(60_000);
  });

  it('a statement stopped by the lock timeout (1222) is explained, in Turkish and English', async () => {
    const f = await fake({ answer: (sql) => (sql.includes('STOKLAR') ? { error: { number: 1222, message: 'Lock request time out period exceeded.', class: 16 } } : undefined) });
    const { c, log } = logged(f);
    const e = await rejection(c.query('SELECT * FROM STOKLAR'));
    expect(e.code).toBe('E_MIKRO_TIMEOUT');
    const friendly = e.friendly as unknown as { message: Message; reason: string };
    expect(friendly.reason).toBe('1222');
    expect(tr.t(friendly.message)).toBe('Sorgu bir kilit için 5 sn bekledi ve durduruldu (hata 1222): tabloda bir şema değişikliği veya bakım (index rebuild) sürüyor olabilir.');
    expect(en.t(friendly.message)).toMatch(/^The query waited 5 s for a lock/);
    expect(log.view().entries[0]).toMatchObject({ outcome: 'failed', code: 'E_MIKRO_TIMEOUT [1222]', rows: 0 });
  });
});

describe('statement log', () => {
  it('records time, statement, rows, duration, who and outcome, newest first; refused statements are logged but never sent', async () => {
    const f = await fake({ answer: (sql) => (sql.includes('YOK_TABLO') ? { error: { number: 208, message: "Invalid object name 'YOK_TABLO'.", class: 16 } } : undefined) });
    const { c, log } = logged(f);
    await runMikroQuery('SELECT 1 AS ok', {}, { client: c, actor: 'ayse@MUHASEBE-PC (http)' });
    await rejection(runMikroQuery('DELETE FROM STOKLAR', {}, { client: c, actor: 'ayse@MUHASEBE-PC (http)' }));
    await rejection(c.query('SELECT * FROM YOK_TABLO'));
    const view = log.view();
    expect(view.total).toBe(3);
    expect(view.lock_timeout_ms).toBe(MIKRO_LOCK_TIMEOUT_MS);
    const [failed, refused, ok] = view.entries;
    expect(ok).toMatchObject({ statement: 'SELECT 1 AS ok', rows: 1, actor: 'ayse@MUHASEBE-PC (http)', outcome: 'ok', target: `mssql://${f.host}:${f.port}/MikroDB_V16_TEST` });
    expect(ok!.duration_ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(ok!.at)).not.toBeNaN();
    expect(refused).toMatchObject({ statement: 'DELETE FROM STOKLAR', outcome: 'refused', code: 'E_MIKRO_READ_ONLY [WRITE_KEYWORD]', rows: 0 });
    expect(failed).toMatchObject({ statement: 'SELECT * FROM YOK_TABLO', outcome: 'failed', code: 'E_MIKRO_QUERY_FAILED [208]', actor: 'tester (verification)' });
    expect(f.statements.some((s) => /DELETE/.test(s))).toBe(false);
    expect(new Set(view.entries.map((e) => e.id)).size).toBe(3);
  });

  it('is bounded: only the newest entries are kept, the total still counts', async () => {
    const f = await fake();
    const { c, log } = logged(f, new MikroStatementLog(3));
    for (let i = 1; i <= 5; i++) await c.query(`SELECT ${i} AS n`);
    const view = log.view(10);
    expect(view.capacity).toBe(3);
    expect(view.total).toBe(5);
    expect(view.entries.map((e) => e.statement)).toEqual(['SELECT 5 AS n', 'SELECT 4 AS n', 'SELECT 3 AS n']);
    expect(log.view(1).entries).toHaveLength(1);
  });

  it('masks the password, e-mail addresses and phone / VKN / TCKN-like numbers', async () => {
    const f = await fake();
    const { c, log } = logged(f);
    await c.query(`SELECT cari_kod FROM CARI_HESAPLAR WHERE cari_EMail = N'ali.veli@ornek.com.tr' OR cari_vdaire_no = '1234567890' OR cari_CepTel = '+90 532 123 45 67' OR x = N'${CANARY}'`);
    const s = log.view().entries[0]!.statement;
    expect(s).toContain("N'a***@ornek.com.tr'");
    expect(s).toContain("'12******90'");
    expect(s).not.toContain('532 123');
    expect(s).not.toContain('1234567890');
    expectNoCanary(log.view());
    expect(maskPersonalData('SELECT TOP 10 a FROM t WHERE id = 42')).toBe('SELECT TOP 10 a FROM t WHERE id = 42');
  });

  it('long statements are cut at 2 000 characters', async () => {
    const f = await fake();
    const { c, log } = logged(f);
    await c.query(`SELECT 1 AS ok /* ${'x'.repeat(3000)} */`);
    const s = log.view().entries[0]!.statement;
    expect(s.length).toBe(2001);
    expect(s.endsWith('…')).toBe(true);
  });
});

describe('through the core (the op the SQL Board calls)', () => {
  it('mikro.statementLog lists what mikro.query sent, naming who; the Windows login settings round-trip', async () => {
    const f = await fake();
    const store = new MemorySecretStore();
    const tc = await openTestCore({}, { secretStore: store });
    onCleanup(() => tc.cleanup());
    await tc.core.migrations.up();
    const ctx = tc.core.context('ipc');
    const view = await tc.core.invoke('mikro.save', { host: f.host, port: f.port, database: 'MikroDB', username: 'optiplan_ro', password: CANARY, encrypt: false, authentication: 'sql' }, ctx);
    expect(view).toMatchObject({ authentication: 'sql', domain: null });
    await tc.core.invoke('mikro.query', { sql: 'SELECT 1 AS ok', max_rows: 10 }, ctx);
    const log = await tc.core.invoke('mikro.statementLog', { limit: 10 }, ctx);
    expect(log.entries[0]).toMatchObject({ statement: 'SELECT 1 AS ok', outcome: 'ok', rows: 1, actor: ctx.actor });
    expect(log.lock_timeout_ms).toBe(MIKRO_LOCK_TIMEOUT_MS);
    expectNoCanary(log);
    const ntlm = await tc.core.invoke('mikro.save', { authentication: 'ntlm', domain: 'FABRIKA', username: 'ali' }, ctx);
    expect(ntlm).toMatchObject({ authentication: 'ntlm', domain: 'FABRIKA', username: 'ali' });
  });
});

describe('repeats', () => {
  it('the health probe every few seconds is one entry with a count, so it cannot push real statements out', async () => {
    const f = await fake();
    const log = new MikroStatementLog(3);
    const c = new MikroClient(settingsFor(f), async () => CANARY, { statementLog: log });
    onCleanup(() => c.close());
    await c.query('SELECT 2 AS real_one');
    for (let i = 0; i < 10; i++) await c.query('SELECT 1 AS ok', undefined, { actor: 'optiplan360 (health)' });
    const view = log.view();
    expect(view.entries).toHaveLength(2);
    expect(view.entries[0]).toMatchObject({ statement: 'SELECT 1 AS ok', actor: 'optiplan360 (health)', repeats: 10 });
    expect(Date.parse(view.entries[0]!.last_at!)).toBeGreaterThanOrEqual(Date.parse(view.entries[0]!.at));
    expect(view.entries[1]).toMatchObject({ statement: 'SELECT 2 AS real_one' });
    expect(view.total).toBe(11);
  });
});
