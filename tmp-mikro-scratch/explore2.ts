import sql from 'mssql';
import net from 'node:net';
import { startTdsFake } from '../test/fakes/tds/server.js';
const srv = net.createServer(); await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
const closedPort = (srv.address() as net.AddressInfo).port; await new Promise<void>((r) => srv.close(() => r()));
const p0 = new sql.ConnectionPool({ server: 'localhost', port: closedPort, user: 'u', password: 'x', options: { encrypt: false } } as sql.config);
try { await p0.connect(); } catch (e: any) { const agg = e.originalError?.cause; console.log(agg?.constructor?.name, agg?.errors?.map((x: any) => [x.code, x.message])); }
const f = await startTdsFake();
const p = new sql.ConnectionPool({ server: '127.0.0.1', port: f.port, user: 'u', password: 'x', database: 'db', validateConnection: 'socket', pool: { max: 1, min: 0 }, options: { encrypt: true, readOnlyIntent: true } } as sql.config);
await p.connect();
f.setAnswer((s) => s.startsWith('SELECT 2') ? { hang: true } : undefined);
const req = new (sql.Request as any)(p, { requestTimeout: 500 });
try { await req.query('SELECT 2'); } catch (e: any) { console.log(e.name, e.code, e.message, e.originalError?.code); }
const r = await p.request().query('SELECT 1 AS x'); console.log(r.recordset, f.statements);
await p.close(); await f.close();
