// The loopback TDS fake against the real `mssql` (tedious) client over TCP.
import net from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import sql from 'mssql';
import { startTdsFake, type TdsFake, type TdsFakeOptions } from '../fakes/tds/server.js';

const fakes: TdsFake[] = [];
const pools: sql.ConnectionPool[] = [];

async function fake(opts?: TdsFakeOptions): Promise<TdsFake> {
  const f = await startTdsFake(opts);
  fakes.push(f);
  return f;
}

function pool(f: TdsFake, overrides: Partial<sql.config> = {}, options: sql.config['options'] = {}): sql.ConnectionPool {
  const p = new sql.ConnectionPool({
    server: f.host,
    port: f.port,
    user: 'mikro_ro',
    password: 's3cret',
    database: 'MikroDB_V16_TEST',
    connectionTimeout: 3000,
    requestTimeout: 3000,
    pool: { max: 2, min: 0 },
    ...overrides,
    options: { encrypt: false, trustServerCertificate: true, readOnlyIntent: true, appName: 'optiplan360-test', ...options },
  });
  p.on('error', () => undefined);
  pools.push(p);
  return p;
}

/** The error a promise rejects with; fails the test if it resolves. */
async function rejection<E = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (e) {
    return e as E;
  }
  throw new Error('expected a rejection');
}

afterEach(async () => {
  await Promise.allSettled(pools.splice(0).map((p) => p.close()));
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

describe('TDS fake with mssql', () => {
  it('connects, answers SELECT 1 and records LOGIN7 with readOnlyIntent', async () => {
    const f = await fake();
    const p = await pool(f).connect();
    const r = await p.request().query('SELECT 1 AS ok');
    expect(r.recordset).toEqual([{ ok: 1 }]);
    const unnamed = await p.request().query('select   1');
    expect(Object.values(unnamed.recordset[0] as object)).toEqual([1]);

    // mssql's connect() opens a probe connection and closes it; the pool then opens its own.
    expect(f.connections).toBe(2);
    expect(f.bytesReceived).toBeGreaterThan(0);
    expect(f.logins).toHaveLength(2);
    const login = f.logins[0]!;
    expect(login).toMatchObject({
      user: 'mikro_ro',
      password: 's3cret',
      database: 'MikroDB_V16_TEST',
      appName: 'optiplan360-test',
      readOnlyIntent: true,
      encryptRequested: 0x02,
      tdsVersion: 0x74000004,
    });
    expect(login.typeFlags & 0x20).toBe(0x20);
    // tedious' initial SET batch on every connection, then the queries (each preceded by
    // mssql's pool validation "SELECT 1;").
    expect(f.statements[0]).toMatch(/^set ansi_nulls on\b[\s\S]*\bset textsize\b/i);
    expect(f.requests[0]?.kind).toBe('batch');
    expect(f.statements).toContain('SELECT 1;');
    expect(f.statements).toContain('SELECT 1 AS ok');
    const rpc = f.requests.find((q) => q.sql === 'SELECT 1 AS ok');
    expect(rpc).toMatchObject({ kind: 'rpc', proc: 10 });
  });

  it('records readOnlyIntent false when the client does not ask for it', async () => {
    const f = await fake();
    await pool(f, {}, { readOnlyIntent: false }).connect();
    expect(f.logins[0]?.readOnlyIntent).toBe(false);
    expect((f.logins[0]?.typeFlags ?? 0xff) & 0x20).toBe(0);
  });

  it('answers SELECT @@VERSION with the configured version and runs plain batches', async () => {
    const f = await fake({ serverVersion: '15.0.2000' });
    const p = await pool(f).connect();
    const r = await p.request().query('SELECT @@VERSION AS v');
    expect(String(r.recordset[0]?.v)).toMatch(/^Microsoft SQL Server .*15\.0\.2000/);
    const b = await p.request().batch('SELECT 1 AS one');
    expect(b.recordset).toEqual([{ one: 1 }]);
    expect(f.requests.find((q) => q.sql === 'SELECT 1 AS one')?.kind).toBe('batch');
  });

  it('returns a scripted multi-column result with Turkish text and NULLs', async () => {
    const when = new Date('2024-03-05T10:20:30.123Z');
    const f = await fake({
      answer: (text) =>
        text.includes('FROM STOKLAR')
          ? {
              columns: [
                { name: 'id', type: 'int' },
                { name: 'ad', type: 'nvarchar' },
                { name: 'aktif', type: 'bit' },
                { name: 'miktar', type: 'float' },
                { name: 'buyuk', type: 'bigint' },
                { name: 'tarih', type: 'datetime2' },
                { name: 'eski', type: 'datetime' },
                { name: 'notlar', type: 'nvarchar' },
              ],
              rows: [
                [1, 'ŞİĞÜÖÇ ışğ', true, 12.5, 9007199254740993n, when, when, null],
                [null, null, false, null, null, null, null, 'x'.repeat(5000)],
              ],
            }
          : undefined,
    });
    const p = await pool(f).connect();
    const r = await p.request().query('SELECT * FROM STOKLAR');
    expect(r.recordset).toHaveLength(2);
    expect(r.rowsAffected).toEqual([2]);
    const [a, b] = r.recordset;
    expect(a).toMatchObject({ id: 1, ad: 'ŞİĞÜÖÇ ışğ', aktif: true, miktar: 12.5, buyuk: '9007199254740993', notlar: null });
    expect((a.tarih as Date).toISOString()).toBe('2024-03-05T10:20:30.123Z');
    expect((a.eski as Date).toISOString()).toBe('2024-03-05T10:20:30.123Z');
    expect(b).toMatchObject({ id: null, ad: null, aktif: false, miktar: null, buyuk: null, tarih: null, eski: null });
    expect(b.notlar).toBe('x'.repeat(5000));
  });

  it('returns several result sets and rowsAffected in one answer', async () => {
    const f = await fake({
      answer: (text) =>
        text === 'multi'
          ? [{ columns: [{ name: 'a', type: 'int' }], rows: [[1]] }, { rowsAffected: 7 }, { columns: [{ name: 'b', type: 'nvarchar' }], rows: [['x'], ['y']] }]
          : undefined,
    });
    const p = await pool(f).connect();
    const r = await p.request().query('multi');
    expect(r.recordsets).toHaveLength(2);
    const sets = r.recordsets as sql.IRecordSet<Record<string, unknown>>[];
    expect(sets[0]).toEqual([{ a: 1 }]);
    expect(sets[1]).toEqual([{ b: 'x' }, { b: 'y' }]);
    expect(r.rowsAffected).toEqual([1, 7, 2]);
  });

  it('receives parameterised queries as sp_executesql and records statement and parameters', async () => {
    const f = await fake({
      answer: (text, req) => {
        if (text !== 'SELECT @x AS v, @s AS s') return undefined;
        const x = req.params.find((p) => p.name === '@x')?.value;
        const s = req.params.find((p) => p.name === '@s')?.value;
        return { columns: [{ name: 'v', type: 'int' }, { name: 's', type: 'nvarchar' }], rows: [[x, s]] };
      },
    });
    const p = await pool(f).connect();
    const r = await p.request().input('x', sql.Int, 5).input('s', sql.NVarChar(50), 'çiğ').query('SELECT @x AS v, @s AS s');
    expect(r.recordset).toEqual([{ v: 5, s: 'çiğ' }]);
    const req = f.requests.find((q) => q.sql === 'SELECT @x AS v, @s AS s');
    expect(req?.kind).toBe('rpc');
    expect(req?.proc).toBe(10);
    expect(req?.params.map((q) => q.name)).toEqual(['@statement', '@params', '@x', '@s']);
    expect(req?.params[1]?.value).toBe('@x int, @s nvarchar(50)');
    expect(f.statements).toContain('SELECT @x AS v, @s AS s');
  });

  it('rejects a login with ELOGIN and the server message', async () => {
    const f = await fake({ login: (l) => ({ ok: false, number: 18456, message: `Login failed for user '${l.user}'.` }) });
    const err = await rejection<sql.ConnectionError>(pool(f).connect());
    expect(err).toBeInstanceOf(sql.ConnectionError);
    expect(err?.code).toBe('ELOGIN');
    expect(err?.message).toBe("Login failed for user 'mikro_ro'.");
    expect(f.logins).toHaveLength(1);
  });

  it('surfaces a scripted error as RequestError with its number, and the pool stays usable', async () => {
    const f = await fake({
      answer: (text) =>
        /^DELETE/i.test(text)
          ? { error: { number: 229, class: 14, state: 5, message: "The DELETE permission was denied on the object 'STOKLAR', database 'MikroDB_V16_TEST', schema 'dbo'." } }
          : undefined,
    });
    const p = await pool(f).connect();
    const err = await rejection<sql.RequestError>(p.request().query('DELETE FROM STOKLAR'));
    expect(err).toBeInstanceOf(sql.RequestError);
    expect(err?.number).toBe(229);
    expect(err?.class).toBe(14);
    expect(err?.state).toBe(5);
    expect(err?.serverName).toBe('FAKE-MSSQL');
    expect(err?.message).toMatch(/DELETE permission was denied/);
    const batchErr = await rejection<sql.RequestError>(p.request().batch('DELETE FROM X'));
    expect(batchErr).toMatchObject({ number: 229, code: 'EREQUEST' });
    expect((await p.request().query('SELECT 1 AS ok')).recordset).toEqual([{ ok: 1 }]);
  });

  it('times out a hung query with ETIMEOUT after sending ATTENTION, and the pool keeps working', async () => {
    const f = await fake({ answer: (text) => (text.includes('WAITFOR') ? { hang: true } : undefined) });
    const p = await pool(f, { requestTimeout: 500 }).connect();
    const started = Date.now();
    const err = await rejection<sql.RequestError>(p.request().query("WAITFOR DELAY '00:01:00'"));
    expect(err).toBeInstanceOf(sql.RequestError);
    expect(err?.code).toBe('ETIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(f.attentions).toBe(1);
    const r = await p.request().query('SELECT 1 AS ok');
    expect(r.recordset).toEqual([{ ok: 1 }]);
    // the connection that timed out answered the next query: it survived the cancel
    const waitfor = f.requests.find((q) => q.sql.startsWith('WAITFOR'));
    const after = f.requests.find((q) => q.sql === 'SELECT 1 AS ok');
    expect(after?.connection).toBe(waitfor?.connection);
  });

  it('cancels a delayed answer through request.cancel()', async () => {
    const f = await fake({
      answer: (text) => (text === 'slow' ? { delayMs: 10_000, answer: { rowsAffected: 1 } } : text === 'quick' ? { delayMs: 50, answer: { rowsAffected: 3 } } : undefined),
    });
    const p = await pool(f).connect();
    expect((await p.request().query('quick')).rowsAffected).toEqual([3]);
    const req = p.request();
    const pending = rejection<sql.RequestError>(req.query('slow'));
    await new Promise((r) => setTimeout(r, 200));
    req.cancel();
    const err = await pending;
    expect(err).toMatchObject({ code: 'ECANCEL' });
    expect(f.attentions).toBe(1);
    expect((await p.request().query('SELECT 1 AS ok')).recordset).toEqual([{ ok: 1 }]);
  });

  it('fails to connect with a timeout when the server accepts but never answers', async () => {
    const f = await fake({ mode: 'hang-after-accept' });
    const started = Date.now();
    const err = await rejection<sql.ConnectionError>(pool(f, { connectionTimeout: 1000 }).connect());
    expect(err).toBeInstanceOf(sql.ConnectionError);
    expect(err?.code).toBe('ETIMEOUT');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(f.connections).toBeGreaterThanOrEqual(1);
  });

  it('times out when the server hangs after PRELOGIN and fails fast when it closes on accept', async () => {
    const f = await fake({ mode: 'hang-after-prelogin' });
    const err = await rejection<sql.ConnectionError>(pool(f, { connectionTimeout: 1000 }).connect());
    expect(err?.code).toBe('ETIMEOUT');
    expect(f.logins).toHaveLength(0);

    f.setMode('close-after-accept');
    const err2 = await rejection<sql.ConnectionError>(pool(f, { connectionTimeout: 1000 }).connect());
    expect(err2).toBeInstanceOf(sql.ConnectionError);
    expect(err2?.code).toBe('ESOCKET');
  });

  it('lets encrypt:true proceed unencrypted against a NOT_SUP server and records the request', async () => {
    const f = await fake();
    let secure = false;
    const p = pool(
      f,
      { beforeConnect: (conn) => { (conn as unknown as NodeJS.EventEmitter).on('secure', () => { secure = true; }); } },
      { encrypt: true, trustServerCertificate: true },
    );
    await p.connect();
    expect((await p.request().query('SELECT 1 AS ok')).recordset).toEqual([{ ok: 1 }]);
    expect(f.logins[0]?.encryptRequested).toBe(0x01);
    expect(secure).toBe(false);
  });

  it("drops encrypt:'strict' (TLS before PRELOGIN) and counts the attempt", async () => {
    const f = await fake();
    const strict = pool(f, { connectionTimeout: 2000 }, { encrypt: 'strict' as unknown as boolean });
    const err = await rejection<sql.ConnectionError>(strict.connect());
    expect(err).toBeInstanceOf(sql.ConnectionError);
    expect(f.tlsAttempts).toBe(1);
    expect(f.logins).toHaveLength(0);
  });

  it('can claim to require encryption: encrypt:false gets EENCRYPT, encrypt:true tries TLS and is dropped', async () => {
    const f = await fake({ preloginEncryption: 0x03 });
    const plain = await rejection<sql.ConnectionError>(pool(f).connect());
    expect(plain.code).toBe('EENCRYPT');
    const tls = await rejection<sql.ConnectionError>(pool(f, {}, { encrypt: true }).connect());
    expect(tls).toBeInstanceOf(sql.ConnectionError);
    expect(f.tlsAttempts).toBe(1);
    expect(f.logins).toHaveLength(0);
  });

  it('close() resolves quickly with open, hung and idle connections', async () => {
    const f = await fake();
    const p = await pool(f, { requestTimeout: 0 }).connect();
    f.setAnswer((text) => (text === 'never answered' ? { hang: true } : undefined));
    const hung = rejection(p.request().query('never answered'));
    const raw = net.connect(f.port, f.host);
    raw.on('error', () => undefined);
    await once(raw, 'connect');
    await vi.waitFor(() => expect(f.statements).toContain('never answered'));
    await vi.waitFor(() => expect(f.openConnections).toBe(2)); // pool connection + raw socket

    const started = Date.now();
    await f.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(f.openConnections).toBe(0);
    expect(await hung).toBeInstanceOf(Error);
    raw.destroy();
  });
});
