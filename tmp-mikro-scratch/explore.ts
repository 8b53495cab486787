import sql from 'mssql';
import net from 'node:net';
import { startTdsFake } from '../test/fakes/tds/server.js';

function dump(label: string, e: any) {
  const chain: any[] = [];
  let cur = e; let depth = 0;
  while (cur && depth < 5) { chain.push({ name: cur.name, code: cur.code, number: cur.number, message: cur.message, keys: Object.keys(cur) }); cur = cur.originalError ?? cur.cause; depth++; }
  console.log(label, JSON.stringify(chain, null, 1));
}
async function tryConnect(label: string, cfg: Partial<sql.config>, options: any = {}) {
  const p = new sql.ConnectionPool({ server: '127.0.0.1', user: 'u', password: 'CANARY-pw', database: 'db', connectionTimeout: 1500, requestTimeout: 1500, ...cfg, options: { encrypt: false, trustServerCertificate: false, readOnlyIntent: true, ...options } } as sql.config);
  p.on('error', () => undefined);
  const t = Date.now();
  try { await p.connect(); console.log(label, 'connected'); } catch (e) { dump(label + ` (${Date.now() - t}ms)`, e); }
  await p.close().catch(() => undefined);
}
const srv = net.createServer(); await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
const closedPort = (srv.address() as net.AddressInfo).port; await new Promise<void>((r) => srv.close(() => r()));
await tryConnect('refused', { port: closedPort });
await tryConnect('notfound', { server: 'nonexistent.invalid', port: 1433 });
const hang = await startTdsFake({ mode: 'hang-after-accept' });
await tryConnect('hang', { port: hang.port });
await hang.close();
const lf = await startTdsFake({ login: () => ({ ok: false, number: 18456, message: "Login failed for user 'u'.", class: 14 }) });
await tryConnect('login', { port: lf.port });
await lf.close();
await tryConnect('instance', {}, { instanceName: 'SQLEXPRESS' });
const f = await startTdsFake({ answer: (s) => s.includes('NOPE') ? { error: { number: 208, message: "Invalid object name 'NOPE'." } } : s.includes('PERM') ? { error: { number: 229, message: "The SELECT permission was denied on the object 'X'", class: 14 } } : undefined });
const p = new sql.ConnectionPool({ server: '127.0.0.1', port: f.port, user: 'u', password: 'x', database: 'db', options: { encrypt: true, trustServerCertificate: false, readOnlyIntent: true }, beforeConnect: (c: any) => { c.on('secure', () => console.log('SECURE')); c.on('connect', (err: any) => console.log('connect event', !!err)); } } as sql.config);
await p.connect();
for (const q of ['SELECT * FROM NOPE', 'SELECT * FROM PERM']) { try { await p.request().query(q); } catch (e) { dump(q, e); } }
const req = new (sql.Request as any)(p, { requestTimeout: 500 });
f.setAnswer(() => ({ hang: true }));
try { await req.query('SELECT 2'); } catch (e) { dump('reqtimeout', e); }
await p.close(); await f.close();
