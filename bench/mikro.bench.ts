/**
 * Mikro figures (issue: SQL Board):
 *  - test-connection time against the loopback TDS test server, beside the floor: a bare TCP
 *    connect, and the same TDS exchange done by tedious alone (one connection, SELECT 1);
 *  - statement-guard overhead per statement (µs) over a corpus of real Mikro-style SELECTs and
 *    refused writes.
 * Bounded: fixed iteration counts, loopback only.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { checkReadOnlyStatement } from '../main/core/mikro/guard/index.js';
import { testMikroConnection } from '../main/core/mikro/test-connection.js';
import { startTdsFake } from '../test/fakes/tds/server.js';
import { report, round, summarize } from './lib.js';

const RUNS = Number(process.env.BENCH_MIKRO_RUNS ?? 50);
const fake = await startTdsFake();
const settings = { host: fake.host, port: fake.port, database: 'MikroDB', username: 'optiplan_ro', password: 'bench-pw', encrypt: false, timeout_seconds: 5 };
const secrets = { env: {}, store: null };

async function tcpConnect(): Promise<number> {
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const s = net.connect(fake.port, fake.host, () => {
      s.destroy();
      resolve();
    });
    s.on('error', reject);
  });
  return performance.now() - t0;
}

async function tediousAlone(): Promise<number> {
  const { Connection, Request } = (await import('tedious')) as typeof import('tedious');
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const c = new Connection({
      server: fake.host,
      authentication: { type: 'default', options: { userName: 'optiplan_ro', password: 'bench-pw' } },
      options: { port: fake.port, database: 'MikroDB', encrypt: false, readOnlyIntent: true },
    });
    c.on('connect', (err) => {
      if (err) return reject(err);
      const r = new Request('SELECT 1', (e) => {
        c.close();
        if (e) reject(e);
        else resolve();
      });
      c.execSql(r);
    });
    c.connect();
  });
  return performance.now() - t0;
}

async function viaConsole(): Promise<number> {
  const t0 = performance.now();
  const r = await testMikroConnection(settings, { actor: 'bench', secrets });
  if (!r.success) throw new Error(`${r.code}: ${r.technical_detail ?? r.message.key}`);
  return performance.now() - t0;
}

for (let i = 0; i < 5; i++) {
  await tcpConnect();
  await tediousAlone();
  await viaConsole();
}
const tcp: number[] = [];
const tds: number[] = [];
const full: number[] = [];
for (let i = 0; i < RUNS; i++) {
  tcp.push(await tcpConnect());
  tds.push(await tediousAlone());
  full.push(await viaConsole());
}
await fake.close();

const corpus = [
  "SELECT TOP 1 cari_kod, cari_unvan1 FROM CARI_HESAPLAR WITH (NOLOCK) WHERE cari_kod = N'120.01.001'",
  'SELECT sto_kod, sto_isim, sto_birim1_ad FROM dbo.STOKLAR ORDER BY sto_kod OFFSET 0 ROWS FETCH NEXT 50 ROWS ONLY',
  'WITH son AS (SELECT cari_kod, MAX(cari_lastup_date) d FROM CARI_HESAPLAR GROUP BY cari_kod) SELECT * FROM son WHERE d > @since',
  "SELECT permission_name FROM fn_my_permissions(NULL, 'DATABASE')",
  'SELECT 1; DELETE FROM CARI_HESAPLAR',
  "UPDATE STOKLAR SET sto_isim = 'x' WHERE sto_kod = '1'",
  'SELECT * INTO #tmp FROM STOKLAR',
];
const ITER = 20_000;
for (let i = 0; i < 2000; i++) checkReadOnlyStatement(corpus[i % corpus.length]!);
const t0 = performance.now();
for (let i = 0; i < ITER; i++) checkReadOnlyStatement(corpus[i % corpus.length]!);
const guardUs = ((performance.now() - t0) / ITER) * 1000;

const a = summarize(tcp);
const b = summarize(tds);
const c = summarize(full);
report('mikro', {
  tcp_connect_ms: a,
  tedious_connect_select1_ms: b,
  console_test_connection_ms: c,
  ratio_vs_tedious_p50: round(c.p50 / b.p50, 2),
  guard_us_per_statement: round(guardUs, 2),
  guard_corpus: corpus.length,
});
console.log(
  `test connection p50 ${c.p50} ms (p99 ${c.p99}) vs tedious alone ${b.p50} ms (×${round(c.p50 / b.p50, 2)}) vs bare TCP ${a.p50} ms; guard ${round(guardUs, 1)} µs/statement`,
);
