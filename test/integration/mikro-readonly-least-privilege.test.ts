// Issue 12 §4–5: the login's reach (sa / sysadmin / db_owner → WARN with the exact least-privilege
// T-SQL) and the server facts (product, edition, collation, Express size vs 10 GB), each asked of
// the server by read-only queries; real tedious against the TDS fake over TCP.
import { describe, expect, it } from 'vitest';
import { effectiveMikroSettings } from '../../main/core/mikro/mikro-config.js';
import { checkLeastPrivilege, LOGIN_IDENTITY_SQL, leastPrivilegeSql, verifyMikroReadOnly } from '../../main/core/mikro/read-only-verification.js';
import { checkServerFacts, DATA_SIZE_SQL, readServerFacts, SERVER_FACTS_SQL } from '../../main/core/mikro/server-facts.js';
import { checkReadOnlyStatement } from '../../main/core/mikro/guard/index.js';
import { translator } from '../../shared/i18n/translator.js';
import type { AnswerFn, ScriptedReply } from '../fakes/tds/server.js';
import { client, fake, settingsFor } from './mikro-helpers.js';
import { openDiag } from './diagnostics-helpers.js';
import { runDiagnostics } from '../../main/core/diagnostics/index.js';

const tr = translator('tr');
const en = translator('en');
const GB = 1024 ** 3;

interface Server {
  login?: { name: string; is_sa?: number; sysadmin?: number; db_owner?: number };
  version?: string;
  edition?: string;
  engine?: number;
  dataBytes?: number | null;
  sizeError?: boolean;
}

function answers(s: Server): AnswerFn {
  return (sql): ScriptedReply => {
    if (sql === LOGIN_IDENTITY_SQL) {
      const l = s.login ?? { name: 'optiplan_ro' };
      return {
        columns: [{ name: 'login_name', type: 'nvarchar' }, { name: 'is_sa', type: 'int' }, { name: 'sysadmin', type: 'int' }, { name: 'db_owner', type: 'int' }],
        rows: [[l.name, l.is_sa ?? 0, l.sysadmin ?? 0, l.db_owner ?? 0]],
      };
    }
    if (sql === SERVER_FACTS_SQL) {
      const cols = ['product_version', 'product_level', 'update_level', 'edition', 'engine_edition', 'server_collation', 'database_collation'] as const;
      return {
        columns: cols.map((name) => ({ name, type: name === 'engine_edition' ? ('int' as const) : ('nvarchar' as const) })),
        rows: [[s.version ?? '15.0.4312.2', 'RTM', 'CU21', s.edition ?? 'Standard Edition (64-bit)', s.engine ?? 2, 'Turkish_CI_AS', 'Turkish_CI_AS']],
      };
    }
    if (sql === DATA_SIZE_SQL) {
      if (s.sizeError) return { error: { number: 229, message: 'The SELECT permission was denied on the object database_files.', class: 14 } };
      return { columns: [{ name: 'data_bytes', type: 'bigint' }], rows: [[s.dataBytes ?? 2 * GB]] };
    }
    return undefined;
  };
}

const effective = (database = 'MikroDB_V16_TEST', tables = ['CARI_HESAPLAR', 'dbo.STOKLAR']) =>
  effectiveMikroSettings({ host: '127.0.0.1', database, username: 'x', master_tables: tables }, {});

describe('mikro_least_privilege', () => {
  it('PASSes for a login that is not sa, sysadmin or db_owner', async () => {
    const f = await fake({ answer: answers({ login: { name: 'optiplan_ro' } }) });
    const check = await checkLeastPrivilege(client(settingsFor(f)).client, effective());
    expect(check.status).toBe('PASS');
    expect(tr.t(check.detail)).toBe('“optiplan_ro” oturumu sa değil; sysadmin ve db_owner rolünde değil.');
    expect(f.statements).toContain(LOGIN_IDENTITY_SQL);
  });

  const powerful: Array<[string, Server['login'], string[]]> = [
    ['sa', { name: 'sa', is_sa: 1, sysadmin: 1, db_owner: 1 }, ['sa', 'sysadmin', 'db_owner']],
    ['a renamed sa (SID 0x01)', { name: 'yonetici', is_sa: 1, sysadmin: 1 }, ['sa', 'sysadmin']],
    ['a sysadmin', { name: 'FABRIKA\\it', sysadmin: 1 }, ['sysadmin']],
    ['a db_owner', { name: 'mikro_user', db_owner: 1 }, ['db_owner']],
  ];
  for (const [label, login, roles] of powerful) {
    it(`WARNs for ${label}, with the T-SQL for a least-privilege login`, async () => {
      const f = await fake({ answer: answers({ login }) });
      const check = await checkLeastPrivilege(client(settingsFor(f)).client, effective());
      expect(check.status).toBe('WARN');
      expect(check.observed).toMatchObject({ login: login!.name, roles });
      expect(en.t(check.detail)).toContain(`'${login!.name}'`);
      const rec = en.t(check.recommendation!);
      expect(rec).toContain("CREATE LOGIN [optiplan360_ro] WITH PASSWORD = N'********', CHECK_POLICY = ON, DEFAULT_DATABASE = [MikroDB_V16_TEST];");
      expect(rec).toContain('USE [MikroDB_V16_TEST]; CREATE USER [optiplan360_ro] FOR LOGIN [optiplan360_ro];');
      expect(rec).toContain('ALTER ROLE db_datareader ADD MEMBER [optiplan360_ro];');
      expect(rec).toContain('GRANT SELECT ON [dbo].[CARI_HESAPLAR] TO [optiplan360_ro]; GRANT SELECT ON [dbo].[STOKLAR] TO [optiplan360_ro];');
      expect(rec).toContain("EXEC sp_addrolemember N'db_datareader', N'optiplan360_ro';");
      expect(tr.t(check.recommendation!)).toMatch(/Yalnızca okuyabilen ayrı bir oturum/);
    });
  }

  it('the rights query passes the statement guard (it is sent like every other)', () => {
    expect(checkReadOnlyStatement(LOGIN_IDENTITY_SQL)).toEqual({ ok: true, kind: 'select' });
    expect(checkReadOnlyStatement(SERVER_FACTS_SQL)).toEqual({ ok: true, kind: 'select' });
    expect(checkReadOnlyStatement(DATA_SIZE_SQL)).toEqual({ ok: true, kind: 'select' });
  });

  it('quotes names in the T-SQL ([a]]b], N\'o\'\'k\')', () => {
    const sql = leastPrivilegeSql('Mikro]DB', ['CARI'], "o'k");
    expect(sql.create).toContain('DEFAULT_DATABASE = [Mikro]]DB]');
    expect(sql.role_2008).toBe("EXEC sp_addrolemember N'db_datareader', N'o''k';");
  });
});

describe('server facts and mikro_server', () => {
  it('reads product, build, edition and collation; PASS for a non-Express server', async () => {
    const f = await fake({ answer: answers({}) });
    const c = client(settingsFor(f)).client;
    const facts = await readServerFacts(c);
    expect(facts).toMatchObject({ product: 'SQL Server 2019 (15.0.4312)', build: '15.0.4312.2', level: 'RTM CU21', edition: 'Standard Edition (64-bit)', express: false, server_collation: 'Turkish_CI_AS', database_collation: 'Turkish_CI_AS', data_bytes: 2 * GB, data_limit_bytes: null });
    const check = await checkServerFacts(c);
    expect(check.status).toBe('PASS');
    expect(tr.t(check.detail)).toBe('SQL Server 2019 (15.0.4312), Standard Edition (64-bit), harmanlama (collation) Turkish_CI_AS.');
    // The support data carries what was recently sent to this server.
    expect((check.observed as { recent_statements: { statement: string }[] }).recent_statements.some((s) => s.statement === SERVER_FACTS_SQL)).toBe(true);
  });

  it('Express well below 10 GB PASSes and says how full it is', async () => {
    const f = await fake({ answer: answers({ version: '11.0.7001.0', edition: 'Express Edition (64-bit)', engine: 4, dataBytes: 3 * GB }) });
    const check = await checkServerFacts(client(settingsFor(f)).client);
    expect(check.status).toBe('PASS');
    expect(check.observed).toMatchObject({ product: 'SQL Server 2012 SP4 (11.0.7001)', express: true, data_limit_bytes: 10 * GB, data_used_percent: 30 });
    expect(tr.t(check.detail)).toBe('SQL Server 2012 SP4 (11.0.7001), harmanlama (collation) Turkish_CI_AS; Express Edition (64-bit): veri dosyaları 3,0 GB / 10,0 GB (%30).');
  });

  it('Express at 85 % of 10 GB WARNs', async () => {
    const f = await fake({ answer: answers({ edition: 'Express Edition', engine: 4, dataBytes: Math.round(8.5 * GB) }) });
    const check = await checkServerFacts(client(settingsFor(f)).client);
    expect(check.status).toBe('WARN');
    expect(en.t(check.detail)).toMatch(/^Close to the Express size limit: Express Edition: data files 8\.5 GB of 10\.0 GB \(85%\)/);
  });

  it('Express at 97 % of 10 GB FAILs', async () => {
    const f = await fake({ answer: answers({ edition: 'Express Edition', engine: 4, dataBytes: Math.round(9.7 * GB) }) });
    const check = await checkServerFacts(client(settingsFor(f)).client);
    expect(check.status).toBe('FAIL');
    expect(tr.t(check.recommendation!)).toMatch(/Standard sürümüne geçin/);
  });

  it('an unreadable size leaves it unknown (PASS on the rest)', async () => {
    const f = await fake({ answer: answers({ edition: 'Express Edition', engine: 4, sizeError: true }) });
    const facts = await readServerFacts(client(settingsFor(f)).client);
    expect(facts).toMatchObject({ express: true, data_bytes: null, data_used_percent: null });
  });

  it('unreadable server properties WARN naming the reason', async () => {
    const f = await fake({ answer: (sql) => (sql === SERVER_FACTS_SQL ? { error: { number: 229, message: 'permission denied', class: 14 } } : undefined) });
    const check = await checkServerFacts(client(settingsFor(f)).client);
    expect(check.status).toBe('WARN');
    expect(tr.t(check.detail)).toMatch(/^Sunucu bilgileri okunamadı: Yetki reddedildi/);
  });

  it('verify reports both checks in order', async () => {
    const f = await fake({ answer: answers({ login: { name: 'sa', is_sa: 1, sysadmin: 1 } }) });
    const checks = await verifyMikroReadOnly(client(settingsFor(f)).client, effective());
    const names = checks.map((c) => c.name);
    expect(names.indexOf('mikro_least_privilege')).toBe(names.indexOf('mikro_login_permissions') + 1);
    expect(names.at(-1)).toBe('mikro_server');
    expect(checks.find((c) => c.name === 'mikro_least_privilege')?.status).toBe('WARN');
  });
});

describe('in the diagnostics report (the support data)', () => {
  it('an sa login on an Express server near its limit: least privilege WARNs with the T-SQL, mikro_server WARNs with the facts and the recent statements', async () => {
    const f = await fake({ answer: answers({ login: { name: 'sa', is_sa: 1, sysadmin: 1 }, edition: 'Express Edition (64-bit)', engine: 4, dataBytes: 9 * GB }) });
    const file = { host: '127.0.0.1', port: f.port, database: 'MikroDB_V16_TEST', username: 'sa', password: 'ENV:MIKRO_TEST_PASSWORD', timeout_seconds: 3, encrypt: false, read_only: true };
    const { ctx } = await openDiag({ configs: { 'mikro_connection.json': file }, env: { MIKRO_TEST_PASSWORD: 'Diag-Şifre-123' } });
    const r = await runDiagnostics(ctx, { only: ['mikro'], store: false });
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    expect(by.mikro_least_privilege).toMatchObject({ status: 'WARN', observed: { login: 'sa', roles: ['sa', 'sysadmin'] } });
    expect(en.t(by.mikro_least_privilege!.recommendation!)).toContain('CREATE LOGIN [optiplan360_ro]');
    expect(by.mikro_least_privilege!.steps.length).toBeGreaterThan(0);
    expect(by.mikro_server).toMatchObject({ status: 'WARN', observed: { express: true, data_used_percent: 90, product: 'SQL Server 2019 (15.0.4312)' } });
    const recent = (by.mikro_server!.observed as { recent_statements: { statement: string }[] }).recent_statements;
    expect(recent.some((e) => e.statement === LOGIN_IDENTITY_SQL)).toBe(true);
    expect(JSON.stringify(r)).not.toContain('Diag-Şifre-123');
  });
});
