/**
 * Mikro figures (issue 12):
 *  - the staged test connection (all nine stages) against the loopback TDS test server, beside
 *    the floor: a bare TCP connect, and tedious alone (one connection + SELECT 1), with TLS off
 *    and on (TLS: the fake's self-signed certificate; the console pins it, tedious trusts it);
 *    the ratio console / tedious at p50 for each;
 *  - the server answers the server-facts statements as a real one does (Express, 2 GB of 10);
 *  - the mean duration of each stage (TLS on and off), and the LOGIN7s one test costs the server;
 *  - statement-guard overhead per statement (µs) over a corpus of Mikro-style SELECTs and refused writes.
 * Bounded: fixed iteration counts, loopback only.
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { checkReadOnlyStatement } from '../main/core/mikro/guard/index.js';
import { testMikroConnection } from '../main/core/mikro/test-connection.js';
import { MIKRO_STAGE_NAMES } from '../shared/mikro.js';
import { DATA_SIZE_SQL, SERVER_FACTS_SQL } from '../main/core/mikro/server-facts.js';
import { startTdsFake, type AnswerFn, type TdsFake } from '../test/fakes/tds/server.js';
import { report, round, summarize } from './lib.js';

const RUNS = Number(process.env.BENCH_MIKRO_RUNS ?? 40);
const secrets = { env: {}, store: null };

async function tcpConnect(fake: TdsFake): Promise<number> {
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

async function tediousAlone(fake: TdsFake, tls: boolean): Promise<number> {
  const { Connection, Request } = (await import('tedious')) as typeof import('tedious');
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const c = new Connection({
      server: fake.host,
      authentication: { type: 'default', options: { userName: 'optiplan_ro', password: 'bench-pw' } },
      options: { port: fake.port, database: 'MikroDB', encrypt: tls, trustServerCertificate: tls, readOnlyIntent: true },
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

async function viaConsole(fake: TdsFake, tls: boolean, stageMs: Map<string, number[]>): Promise<number> {
  const settings = {
    host: fake.host,
    port: fake.port,
    database: 'MikroDB',
    username: 'optiplan_ro',
    password: 'bench-pw',
    encrypt: tls,
    timeout_seconds: 5,
    ...(tls ? { certificate_fingerprint: fake.certificate!.fingerprint256 } : {}),
  };
  const t0 = performance.now();
  const r = await testMikroConnection(settings, { actor: 'bench', secrets });
  const ms = performance.now() - t0;
  if (!r.success || !r.server?.express) throw new Error(`${r.code}: ${r.technical_detail ?? r.message.key}`);
  for (const s of r.stages ?? []) stageMs.get(s.name)?.push(s.duration_ms);
  return ms;
}

/** What a real server answers to the server-facts statements (the fake's default is an empty result). */
const answer: AnswerFn = (sql) => {
  if (sql === SERVER_FACTS_SQL) {
    const row: Record<string, unknown> = { product_version: '15.0.4312.2', product_level: 'RTM', update_level: 'CU20', edition: 'Express Edition (64-bit)', engine_edition: 4, server_collation: 'Turkish_CI_AS', database_collation: 'Turkish_CI_AS', version: 'Microsoft SQL Server 2019 (RTM-CU20) - 15.0.4312.2 (X64)' };
    return { columns: Object.keys(row).map((name) => ({ name, type: name === 'engine_edition' ? ('int' as const) : ('nvarchar' as const) })), rows: [Object.values(row)] };
  }
  if (sql === DATA_SIZE_SQL) return { columns: [{ name: 'data_bytes', type: 'bigint' }], rows: [[2 * 1024 ** 3]] };
  return undefined;
};

async function measure(tls: boolean) {
  const fake = await startTdsFake({ answer, ...(tls ? { tls: { encryption: 'on' as const } } : {}) });
  const stageMs = new Map<string, number[]>(MIKRO_STAGE_NAMES.map((n) => [n, []]));
  const warm = new Map<string, number[]>(MIKRO_STAGE_NAMES.map((n) => [n, []]));
  for (let i = 0; i < 5; i++) {
    await tcpConnect(fake);
    await tediousAlone(fake, tls);
    await viaConsole(fake, tls, warm);
  }
  const tcp: number[] = [];
  const tds: number[] = [];
  const full: number[] = [];
  let logins = 0;
  for (let i = 0; i < RUNS; i++) {
    tcp.push(await tcpConnect(fake));
    tds.push(await tediousAlone(fake, tls));
    const before = fake.logins.length;
    full.push(await viaConsole(fake, tls, stageMs));
    logins += fake.logins.length - before;
  }
  await fake.close();
  const a = summarize(tcp);
  const b = summarize(tds);
  const c = summarize(full);
  const stages = Object.fromEntries([...stageMs].map(([n, xs]) => [n, round(xs.reduce((x, y) => x + y, 0) / Math.max(1, xs.length), 2)]));
  return { tcp_connect_ms: a, tedious_connect_select1_ms: b, console_test_connection_ms: c, ratio_vs_tedious_p50: round(c.p50 / b.p50, 2), stage_mean_ms: stages, logins_per_test: round(logins / RUNS, 2) };
}

const plain = await measure(false);
const tls = await measure(true);

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

report('mikro', {
  runs: RUNS,
  tls_off: plain,
  tls_on: tls,
  guard_us_per_statement: round(guardUs, 2),
  guard_corpus: corpus.length,
});
for (const [label, m] of [['TLS off', plain], ['TLS on ', tls]] as const) {
  console.log(
    `${label}: staged test p50 ${m.console_test_connection_ms.p50} ms (p99 ${m.console_test_connection_ms.p99}) vs tedious connect+SELECT 1 ${m.tedious_connect_select1_ms.p50} ms (×${m.ratio_vs_tedious_p50}) vs bare TCP ${m.tcp_connect_ms.p50} ms; ${m.logins_per_test} login(s) per test`,
  );
  console.log(`         stage means (ms): ${Object.entries(m.stage_mean_ms).map(([n, v]) => `${n} ${v}`).join(', ')}`);
}
console.log(`guard ${round(guardUs, 1)} µs/statement`);
