import { spawnSync, type SpawnOptions } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../main/core/db/database-url.js';
import { defaultSpawner, type Spawner } from '../../main/core/backup/pg-tools.js';
import type { BackupProgress } from '../../main/core/backup/index.js';
import { createThrowawayDb, PG_ADMIN_URL, withPg } from '../helpers/pg.js';
import { auditRows, config, pgApp, say, script, service, sha256, type AppDb, type Cleanup } from './backup-helpers.js';

const cleanups: Cleanup[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TABLES = ['customers', 'orders', 'products'];


/** A few thousand rows per table, Turkish text included (encoding must survive the round trip). */
async function seed(url: string): Promise<void> {
  await withPg(url, (c) =>
    c.query(`
      create table customers (id serial primary key, name text not null, city text not null);
      insert into customers (name, city)
        select 'Müşteri ' || g || ' Çağrı Şükrü Ğİıöü', (array['İstanbul','İzmir','Muğla','Çanakkale'])[1 + g % 4] from generate_series(1, 3000) g;
      create table orders (id serial primary key, customer_id int not null references customers, note text, amount numeric(12,2));
      insert into orders (customer_id, note, amount) select 1 + g % 3000, 'sipariş notu ğüşıöç ' || md5(g::text), g * 1.25 from generate_series(1, 5000) g;
      create table products (id serial primary key, sku text unique not null, title text not null);
      insert into products (sku, title) select 'SKU-' || g, 'Ürün başlığı ' || repeat('ş', g % 7) from generate_series(1, 2000) g;`),
  );
}

const checksums = (url: string) =>
  withPg(url, async (c) => {
    const out: Record<string, { n: number; md5: string }> = {};
    for (const t of TABLES) {
      const r = await c.query<{ n: string; md5: string }>(`select count(*)::text as n, md5(string_agg(t::text, ',' order by id)) as md5 from ${t} t`);
      out[t] = { n: Number(r.rows[0]!.n), md5: r.rows[0]!.md5 };
    }
    return out;
  });

function which(tool: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
  return r.stdout.trim();
}

/** A spawner that remembers every command line it started. */
function recordingSpawner(calls: { cmd: string; args: string[]; env: NodeJS.ProcessEnv }[]): Spawner {
  return (cmd, args, opts: SpawnOptions) => {
    calls.push({ cmd, args: [...args], env: { ...opts.env } });
    return defaultSpawner(cmd, args, opts);
  };
}

describe('PostgreSQL backups', () => {
  it('pg_dump -Fc backup; verify restores into a scratch database (then dropped); counts and per-table checksums match', async () => {
    const app = await pgApp(cleanups);
    await seed(app.pg!.url);
    const calls: { cmd: string; args: string[]; env: NodeJS.ProcessEnv }[] = [];
    const svc = service(app, { spawner: recordingSpawner(calls) });
    const events: BackupProgress[] = [];
    const r = await svc.run({ trigger: 'manual', actor: 'op@pc', onProgress: (e) => events.push(e) });
    expect(r.status, r.error ?? '').toBe('success');
    expect(r.file_path!).toMatch(new RegExp(`${app.pg!.name}-postgres-\\d{8}T\\d{6}Z-${r.id}\\.dump$`));
    expect(fs.readFileSync(r.file_path!).subarray(0, 5).toString()).toBe('PGDMP'); // custom format
    expect(sha256(r.file_path!)).toBe(r.sha256);
    expect(r.manifest).toMatchObject({ engine: 'postgres', compression: 'pg_custom', raw_size_bytes: null, database: app.pg!.name, app: { version: '0.1.0-test' } });
    expect(r.manifest!.tool.version).toMatch(/^pg_dump \(PostgreSQL\) \d+/);
    expect(r.manifest!.server_version).toMatch(/^\d+/);
    expect(r.manifest!.tables).toMatchObject({ 'public.customers': 3000, 'public.orders': 5000, 'public.products': 2000, 'public.backup_runs': 1 });
    expect(events.map((e) => e.phase)).toContain('dumping');
    expect(events.at(-1)).toEqual({ phase: 'done', percent: 100 });
    const dumpCall = calls.find((c) => c.args.includes('--format=custom'))!;
    expect(dumpCall.args.some((a) => a.startsWith('--snapshot='))).toBe(true);

    const v = await svc.verify(r.id, 'op@pc');
    expect(v.status, v.detail).toBe('ok');
    expect(v.detail).toMatch(/row counts match/);
    expect(say(v.message).tr).toMatch(new RegExp(`^Yedek ${r.id} doğrulandı: \\d+ tablo, 10\\.\\d{3} kayıt geri yüklendi`));
    const restoreCall = calls.find((c) => /pg_restore$/.test(c.cmd))!;
    expect(restoreCall.args).toEqual(expect.arrayContaining(['--no-owner', '--exit-on-error']));
    const scratch = restoreCall.args[restoreCall.args.indexOf('--dbname') + 1]!;
    expect(scratch).toMatch(/^optiplan_verify_[0-9a-f]{12}$/);
    const left = await withPg(PG_ADMIN_URL, (c) => c.query('select 1 from pg_database where datname = $1', [scratch]));
    expect(left.rowCount).toBe(0);
    const [row] = await svc.list({ limit: 1 });
    expect(row).toMatchObject({ status: 'success', verified: { status: 'ok' } });

    // Independently of verify: restore into a fresh database and compare the data itself.
    const restored = await createThrowawayDb('optiplan_bak_r');
    cleanups.push(() => restored.drop());
    const res = spawnSync(which('pg_restore'), ['--no-owner', '--exit-on-error', `--dbname=${restored.url}`, r.file_path!], { encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    const [before, after] = [await checksums(app.pg!.url), await checksums(restored.url)];
    expect(after).toEqual(before);
    expect(after.customers!.n).toBe(3000);
    expect(await withPg(restored.url, (c) => c.query("select city from customers where id = 1"))).toMatchObject({ rows: [{ city: 'İzmir' }] });
  });

  it('a failing pg_dump (bad pg_dump_path, refused connection, tool error) records a failed run and leaves older backups intact', async () => {
    const app = await pgApp(cleanups);
    const svc = service(app);
    const good = await svc.run({ trigger: 'manual', actor: 'op' });
    expect(good.status).toBe('success');

    svc.setConfig(config({ pg_dump_path: path.join(app.dir, 'no', 'pg_dump') }));
    const badPath = await svc.run({ trigger: 'manual', actor: 'op' });
    expect(badPath.status).toBe('failed');
    expect(badPath.error).toMatch(/pg_dump not found at .*no\/pg_dump \(pg_dump_path in backup_config\.json\)/);
    expect(say(badPath.message).tr).toMatch(/alınamadı: pg_dump belirtilen yerde bulunamadı: .*no\/pg_dump \(backup_config\.json pg_dump_path\)\.$/);

    const refused = parseDatabaseUrl('postgres://postgres:refused-secret-pw@127.0.0.1:1/optiplan', app.dir);
    const bad2 = await service(app, { spec: refused }).run({ trigger: 'manual', actor: 'op' });
    expect(bad2.status).toBe('failed');
    expect(bad2.error).toMatch(/cannot connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/optiplan: .*ECONNREFUSED/);
    expect(bad2.error).not.toContain('refused-secret-pw');
    expect(say(bad2.message).en).toMatch(/failed: Cannot connect to the database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/optiplan\.$/);
    expect(JSON.stringify(bad2.message)).not.toContain('ECONNREFUSED'); // the driver's words stay technical

    // pg_dump itself fails after connecting: its stderr is summarised, the password scrubbed.
    const fake = script(path.join(app.dir, 'fake', 'pg_dump'), [
      'case "$1" in --version) echo "pg_dump (PostgreSQL) 99.0"; exit 0;; esac',
      'echo "pg_dump: error: query failed: could not write ($PGPASSWORD) postgres://x:$PGPASSWORD@h/db" >&2',
      'echo "partial" > "$(echo "$@" | sed -n "s/.*--file \\([^ ]*\\).*/\\1/p")"',
      'exit 1',
    ].join('\n'));
    const withPw = parseDatabaseUrl(app.pg!.url.replace('postgres@', 'postgres:tool-secret-pw@'), app.dir);
    const bad3 = await service(app, { spec: withPw, config: config({ pg_dump_path: fake }) }).run({ trigger: 'manual', actor: 'op' });
    expect(bad3.status).toBe('failed');
    expect(bad3.error).toMatch(/^pg_dump failed \(exit 1\): pg_dump: error: query failed/);
    expect(bad3.error).not.toContain('tool-secret-pw');
    expect(say(bad3.message).tr).toBe(`Yedek ${bad3.id} alınamadı: pg_dump başarısız oldu (çıkış kodu 1).`);

    expect(sha256(good.file_path!)).toBe(good.sha256);
    expect(fs.readdirSync(app.backupDir).filter((f) => !f.endsWith('.manifest.json')).sort()).toEqual([path.basename(good.file_path!)]);
    const rows = await svc.list();
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'success']);
    expect((await auditRows(app.db, 'BACKUP_RUN')).map((a) => a.result)).toEqual(['success', 'failure', 'failure', 'failure']);
    expect(JSON.stringify(await auditRows(app.db))).not.toMatch(/refused-secret-pw|tool-secret-pw/);
    expect((await svc.healthProbe()).status).toBe('degraded'); // last good is fresh, latest run failed
  });

  it('canary: the password reaches pg_dump/pg_restore only through PGPASSWORD — never argv, logs, manifest, rows or audit', async () => {
    const hex = crypto.randomBytes(4).toString('hex');
    const role = `canary_${hex}`;
    const password = `canary-pw-${hex}`;
    // Trust auth accepts any password: the role has one so that we have a password to follow.
    await withPg(PG_ADMIN_URL, (c) => c.query(`create role ${role} login superuser password '${password}'`));
    cleanups.push(() => withPg(PG_ADMIN_URL, (c) => c.query(`drop role if exists ${role}`)).then(() => undefined));
    const app: AppDb = await pgApp(cleanups, (u) => u.replace('postgres@', `${role}:${password}@`));
    await seed(app.pg!.url);

    const bin = path.join(app.dir, 'wrapped-bin');
    const log = path.join(app.dir, 'calls.log');
    for (const tool of ['pg_dump', 'pg_restore']) {
      script(path.join(bin, tool), [
        `{ echo "CALL ${tool}"; for a in "$@"; do echo "ARG $a"; done; env | cut -d= -f1 | sed 's/^/ENVKEY /';`,
        `  printf 'PWHASH %s\\n' "$(printf %s "$PGPASSWORD" | sha256sum | cut -c1-64)"; } >> ${log}`,
        `exec ${which(tool)} "$@"`,
      ].join('\n'));
    }
    const logs: string[] = [];
    const logger = { info: (o: object, m?: string) => logs.push(JSON.stringify([o, m])), warn: (o: object, m?: string) => logs.push(JSON.stringify([o, m])) };
    const svc = service(app, { config: config({ pg_dump_path: path.join(bin, 'pg_dump') }), logger });
    const r = await svc.run({ trigger: 'manual', actor: 'op@pc', verify: true });
    expect(r.status, r.error ?? '').toBe('success');
    expect(r.verify?.status, r.verify?.detail).toBe('ok');

    const calls = fs.readFileSync(log, 'utf8');
    expect(calls).toMatch(/CALL pg_dump[\s\S]*ARG --snapshot=/);
    expect(calls).toMatch(/CALL pg_restore[\s\S]*ARG --no-owner/);
    expect(calls).toContain(`ARG ${role}`);
    expect(calls).toContain('ENVKEY PGPASSWORD');
    const pwHash = crypto.createHash('sha256').update(password).digest('hex');
    expect(calls.match(/^PWHASH .*/gm)!.every((l) => l === `PWHASH ${pwHash}`)).toBe(true);
    expect(calls).not.toContain(password);

    const everything = [
      calls,
      ...logs,
      JSON.stringify(r),
      ...fs.readdirSync(app.backupDir).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(app.backupDir, f), 'utf8')),
      JSON.stringify(await app.db.kysely.selectFrom('backup_runs').selectAll().execute()),
      JSON.stringify(await auditRows(app.db)),
      JSON.stringify(await svc.list()),
      JSON.stringify(await svc.checks()),
    ].join('\n');
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(encodeURIComponent(password));
    expect(logs.length).toBeGreaterThan(0);
  });

  it('backup_tool: PASS with a matching pg_dump, FAIL when missing or older than the server, WARN when the server is unreachable', async () => {
    const app = await pgApp(cleanups);
    const tool = async (over: Parameters<typeof service>[1]) => (await service(app, over).checks()).find((c) => c.name === 'backup_tool')!;
    const ok = await tool({});
    expect(ok).toMatchObject({ status: 'PASS', observed: { tool_major: expect.any(Number), server_major: expect.any(Number) } });
    expect(say(ok.detail).en).toMatch(/^pg_dump \d+ \(.*pg_dump\); server \d+\.$/);
    const missing = await tool({ config: config({ pg_dump_path: '/nonexistent/pg_dump' }) });
    expect(missing).toMatchObject({ status: 'FAIL', technical_detail: expect.stringContaining('/nonexistent/pg_dump') });
    expect(say(missing.recommendation).en).toMatch(/^Install the PostgreSQL client tools/);
    expect(say(missing.recommendation).tr).toMatch(/PostgreSQL istemci araçlarını kurun/);
    const old = script(path.join(app.dir, 'old', 'pg_dump'), 'echo "pg_dump (PostgreSQL) 9.6.24"');
    const tooOld = await tool({ config: config({ pg_dump_path: old }) });
    expect(tooOld).toMatchObject({ status: 'FAIL', observed: { tool_major: 9 } });
    expect(say(tooOld.detail).tr).toMatch(/^pg_dump 9 \(.*\) sunucudan \(\d+\) eski; bu sunucunun yedeğini almayı reddeder\.$/);
    const down = parseDatabaseUrl('postgres://postgres@127.0.0.1:1/x', app.dir);
    const unknown = await tool({ spec: down });
    expect(unknown).toMatchObject({ status: 'WARN', technical_detail: expect.stringMatching(/^ECONNREFUSED/) });
    expect(say(unknown.detail).en).toMatch(/the server’s version could not be read\.$/);
  });
});
