// Query console (R-MIKRO-10) and Mikro health (R-MIKRO-8) against the TDS fake.
import { describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import { runMikroQuery, toCsv } from '../../main/core/mikro/query-console.js';
import { createMikroHealthProbe, mikroHealth } from '../../main/core/mikro/mikro-health.js';
import { CANARY, MemoryAudit, client, closedPort, expectNoCanary, fake, rejection, settingsFor } from './mikro-helpers.js';

const actor = 'admin@host (ipc)';
const tr = translator('tr');
const en = translator('en');
const stokColumns = [
  { name: 'sto_kod', type: 'nvarchar' as const },
  { name: 'sto_isim', type: 'nvarchar' as const },
  { name: 'miktar', type: 'float' as const },
];
const stokRows = (n: number) => Array.from({ length: n }, (_, i) => [`S-${i}`, i % 2 ? 'Çam Panel "18mm", İç' : 'Şişe ğüı', i + 0.5]);

describe('runMikroQuery', () => {
  it('bounds rows by maxRows, flags truncated, cancels the rest, and audits', async () => {
    const f = await fake({ answer: (sql) => (sql.includes('FROM STOKLAR') ? { columns: stokColumns, rows: stokRows(500) } : undefined) });
    const audit = new MemoryAudit();
    const { client: c } = client(settingsFor(f));
    const r = await runMikroQuery('SELECT sto_kod, sto_isim, miktar FROM STOKLAR', { maxRows: 50 }, { client: c, actor, audit });
    expect(r.columns.map((col) => col.name)).toEqual(['sto_kod', 'sto_isim', 'miktar']);
    expect(r.rows).toHaveLength(50);
    expect(r.row_count).toBe(50);
    expect(r.truncated).toBe(true);
    expect(r.rows[1]).toEqual(['S-1', 'Çam Panel "18mm", İç', 1.5]);
    expect(r.duration_ms).toBeGreaterThan(0);
    expect(f.attentions).toBe(1); // the rest of the result was cancelled, not read
    // The connection is still usable after the cancel.
    const again = await runMikroQuery('SELECT sto_kod FROM STOKLAR', {}, { client: c, actor, audit });
    expect(again).toMatchObject({ row_count: 200, truncated: true });
    expect(again.rows).toHaveLength(200); // default bound
    const rows = audit.byAction('MIKRO_SQL_QUERY');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ result: 'success', actor, detail: expect.stringMatching(/^rows=50 \(truncated\)/) });
    expect(rows[0]?.new_value).toMatchObject({ sql: 'SELECT sto_kod, sto_isim, miktar FROM STOKLAR', row_count: 50, truncated: true, max_rows: 50 });
    expectNoCanary(audit.rows, r);

    const csv = toCsv(r.columns, r.rows.slice(0, 2));
    expect(csv).toBe('\uFEFFsto_kod,sto_isim,miktar\r\nS-0,Şişe ğüı,0.5\r\nS-1,"Çam Panel ""18mm"", İç",1.5\r\n');
  });

  it('returns everything when below the bound', async () => {
    const f = await fake({ answer: (sql) => (sql.includes('FROM STOKLAR') ? { columns: stokColumns, rows: stokRows(3) } : undefined) });
    const r = await runMikroQuery('SELECT * FROM STOKLAR', { maxRows: 3 }, { client: client(settingsFor(f)).client, actor });
    expect(r).toMatchObject({ row_count: 3, truncated: false });
    expect(f.attentions).toBe(0);
  });

  it('a refused statement is E_MIKRO_READ_ONLY with the guard reasonCode, audited as blocked, nothing sent', async () => {
    const f = await fake();
    const audit = new MemoryAudit();
    const { client: c } = client(settingsFor(f));
    const e = await rejection(runMikroQuery("UPDATE STOKLAR SET sto_isim = 'x'", {}, { client: c, actor, audit }));
    expect(e.code).toBe('E_MIKRO_READ_ONLY');
    expect(e.details?.[0]?.message).toBe('WRITE_KEYWORD');
    expect(e.friendly?.reason).toBe('WRITE_KEYWORD');
    expect(e.friendly?.message).toEqual({ key: 'mikro.guard.WRITE_KEYWORD' });
    expect(tr.t(e.friendly!.message as never)).toMatch(/salt okunur/);
    expect(f.bytesReceived).toBe(0);
    expect(audit.byAction('MIKRO_SQL_QUERY')[0]).toMatchObject({ result: 'blocked', detail: expect.stringMatching(/^E_MIKRO_READ_ONLY \[WRITE_KEYWORD\]/) });
    expect(audit.rows[0]?.new_value).toMatchObject({ sql: "UPDATE STOKLAR SET sto_isim = 'x'", reason_code: 'WRITE_KEYWORD' });
  });

  it('a statement over 100 000 characters is refused before anything is sent, in the reader\'s language', async () => {
    const f = await fake();
    const audit = new MemoryAudit();
    const e = await rejection(runMikroQuery(`SELECT ${'1'.repeat(100_001)}`, {}, { client: client(settingsFor(f)).client, actor, audit }));
    expect(e.code).toBe('E_VALIDATION');
    expect(tr.t(e.friendly!.message as never)).toBe('Sorgu çok uzun (en fazla 100.000 karakter).');
    expect(en.t(e.friendly!.message as never)).toBe('The statement is too long (at most 100,000 characters).');
    expect(f.bytesReceived).toBe(0);
    expect(audit.byAction('MIKRO_SQL_QUERY')[0]).toMatchObject({ result: 'failure' });
  });

  it('server errors and timeouts are mapped and audited without the password', async () => {
    const f = await fake({
      answer: (sql) =>
        sql.includes('YOK') ? { error: { number: 208, message: "Invalid object name 'YOK'." } } : sql.includes('YAVAS') ? { hang: true } : undefined,
    });
    const audit = new MemoryAudit();
    const { client: c } = client(settingsFor(f));
    const missing = await rejection(runMikroQuery('SELECT * FROM YOK', {}, { client: c, actor, audit }));
    expect(missing).toMatchObject({ code: 'E_MIKRO_QUERY_FAILED' });
    expect(en.t(missing.friendly!.message as never)).toBe('The table or view does not exist.');
    expect(tr.t(missing.friendly!.message as never)).toBe('Tablo veya görünüm bulunamadı.');
    expect(missing.friendly?.technical_detail).toMatch(/Invalid object name 'YOK'/);
    const slow = await rejection(runMikroQuery('SELECT * FROM YAVAS', { timeoutMs: 300 }, { client: c, actor, audit }));
    expect(slow.code).toBe('E_MIKRO_TIMEOUT');
    expect(f.attentions).toBeGreaterThanOrEqual(1);
    expect((await runMikroQuery('SELECT 1 AS ok', {}, { client: c, actor, audit })).rows).toEqual([[1]]);
    expect(audit.byAction('MIKRO_SQL_QUERY').map((r) => r.result)).toEqual(['failure', 'failure', 'success']);
    expectNoCanary(missing, slow, audit.rows);
    expect(JSON.stringify(audit.rows)).not.toContain(CANARY);
  });
});

describe('mikro health', () => {
  it('ok with latency; error with code and detail; not configured', async () => {
    const f = await fake();
    const { client: c } = client(settingsFor(f));
    const ok = await mikroHealth(c);
    expect(ok.status).toBe('ok');
    expect(ok.status === 'ok' && ok.latency_ms).toBeGreaterThan(0);
    expect(Object.keys(ok).sort()).toEqual(['latency_ms', 'status']);

    const port = await closedPort();
    const down = await mikroHealth(client(settingsFor({ host: '127.0.0.1', port })).client);
    expect(down).toMatchObject({ status: 'error', code: 'E_MIKRO_UNREACHABLE', message: { key: 'mikro.errors.refused.message' } });
    // The legacy `detail` stays free text: the Turkish catalogue sentence (no driver words).
    expect(down.status === 'error' && down.detail).toMatch(/^Sunucu bağlantıyı reddetti \(127\.0\.0\.1:\d+\): bu portta SQL Server dinlemiyor\.$/);
    expectNoCanary(down);

    const none = await mikroHealth(null);
    expect(none).toMatchObject({ status: 'error', code: 'E_MIKRO_NOT_CONFIGURED', detail: 'Mikro bağlantısı kurulmadı: sunucu (host) ve veritabanı zorunludur.' });
    const off = await mikroHealth('disabled');
    expect(off).toMatchObject({ status: 'error', code: 'E_MIKRO_NOT_CONFIGURED', message: { key: 'mikro.errors.disabled.message' } });
    expect(off.status === 'error' && off.detail).toMatch(/^Mikro kapalı/);
  });

  it('a hung server answers within the bound', async () => {
    const f = await fake({ mode: 'hang-after-accept' });
    const started = Date.now();
    const r = await mikroHealth(client(settingsFor(f, { timeout_seconds: 1 })).client, { timeoutMs: 1500 });
    expect(r).toMatchObject({ status: 'error', code: 'E_MIKRO_TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(10_000); // a bound on waiting, not a performance figure
  });

  it('health-service probe: healthy / unhealthy / not_configured / disabled', async () => {
    const f = await fake();
    const { client: c } = client(settingsFor(f));
    expect(await createMikroHealthProbe(() => c)()).toMatchObject({ status: 'healthy', latency_ms: expect.any(Number) });
    expect(await createMikroHealthProbe(() => null)()).toMatchObject({ status: 'not_configured', message: { key: 'mikro.health.not_configured' } });
    expect(await createMikroHealthProbe(() => 'disabled')()).toEqual({ status: 'disabled', message: { key: 'mikro.health.disabled' } });
    const port = await closedPort();
    const down = client(settingsFor({ host: '127.0.0.1', port })).client;
    const probe = await createMikroHealthProbe(() => down)();
    expect(probe.status).toBe('unhealthy');
    expect(probe.message?.key).toBe('mikro.errors.refused.message');
    expect(probe.technical_detail).toMatch(/^E_MIKRO_UNREACHABLE \[ECONNREFUSED\]: /);
  });
});
