import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { writeConfig } from '../helpers/temp.js';

let tc: TestCore | undefined;
afterEach(async () => {
  await tc?.cleanup();
  tc = undefined;
});

describe('backups through the doors', () => {
  it('run, list and verify through the core; the health component and checks follow', async () => {
    tc = await openTestCore();
    await tc.core.migrations.up();
    const ctx = tc.core.context('ipc');
    expect((await tc.core.health.check()).components.backup.status).toBe('not_configured');
    const run = await tc.core.invoke('backup.run', { verify: true }, ctx);
    expect(run).toMatchObject({ status: 'success', verify: { status: 'ok' } });
    expect(run).not.toHaveProperty('manifest');
    const list = await tc.core.invoke('backup.list', {}, ctx);
    expect(list[0]).toMatchObject({ id: run.id, status: 'success', verified: { status: 'ok' } });
    expect((await tc.core.invoke('backup.verify', { id: run.id }, ctx)).status).toBe('ok');
    expect((await tc.core.health.check()).components.backup.status).toBe('healthy');
    const checks = await tc.core.invoke('backup.checks', {}, ctx);
    expect(checks.find((c) => c.name === 'backup_recency')?.status).toBe('PASS');
    const audit = await tc.core.db.kysely.selectFrom('audit_log').select('action').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['BACKUP_RUN', 'BACKUP_VERIFIED']));
  });

  it('saving the schedule in backup_config.json moves the running schedule at once', async () => {
    tc = await openTestCore();
    await tc.core.migrations.up();
    const ctx = tc.core.context('ipc');
    await tc.core.invoke('config.save', { file: 'backup_config.json', patch: { schedule: { enabled: true, time: '03:15' } } }, ctx);
    await tc.core.startBackground();
    await expect.poll(async () => (await tc!.core.invoke('backup.status', {}, ctx)).next_run_at).not.toBeNull();
    const first = new Date((await tc.core.invoke('backup.status', {}, ctx)).next_run_at!);
    expect([first.getHours(), first.getMinutes()]).toEqual([3, 15]);
    await tc.core.invoke('config.save', { file: 'backup_config.json', patch: { schedule: { enabled: true, time: '21:40' } } }, ctx);
    const second = new Date((await tc.core.invoke('backup.status', {}, ctx)).next_run_at!);
    expect([second.getHours(), second.getMinutes()]).toEqual([21, 40]);
    await tc.core.invoke('config.save', { file: 'backup_config.json', patch: { schedule: { enabled: false, time: '21:40' } } }, ctx);
    expect((await tc.core.invoke('backup.status', {}, ctx)).next_run_at).toBeNull();
  });

  it('a missed daily run is caught up once at start, through the same path as Back up now', async () => {
    tc = await openTestCore();
    await tc.core.migrations.up();
    const ctx = tc.core.context('ipc');
    await tc.core.startBackground();
    await expect.poll(async () => (await tc!.core.invoke('backup.list', {}, ctx)).map((b) => `${b.trigger}:${b.status}`), { timeout: 15_000 }).toEqual([
      expect.stringMatching(/^catch_up:success$/),
    ]);
    const audit = await tc.core.db.kysely.selectFrom('audit_log').select(['action', 'actor']).where('action', '=', 'BACKUP_RUN').execute();
    expect(audit[0]?.actor).toMatch(/^.+@.+ via schedule$/);
  });

  it('CLI backup run --verify / list / verify with exit codes; a bad id is a usage error', async () => {
    tc = await openTestCore();
    const d = tc.dataDir;
    expect((await runCli(['migrate', 'up', '--data-dir', d])).code).toBe(0);
    const run = await runCli(['backup', 'run', '--verify', '--json', '--lang', 'en', '--data-dir', d]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { id: number; size_bytes: number; message: string; verify: { message: string } };
    const id = json.id;
    expect(json.size_bytes).toEqual(expect.any(Number)); // raw numbers in JSON, texts in the one language
    expect(json.message).toMatch(new RegExp(`^Backup ${id} made: .+ \\(\\d+\\.\\d KB, \\d+(\\.\\d)? m?s\\)\\.$`));
    expect(json.verify.message).toMatch(new RegExp(`^Backup ${id} verified: `));
    const human = await runCli(['backup', 'run', '--data-dir', d]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Yedek \d+ alındı: .+ \(\d+,\d KB, \d+(,\d)? m?s(n)?\)\n$/);
    const list = await runCli(['backup', 'list', '--data-dir', d]);
    expect(list.stdout).toMatch(new RegExp(`^\\s*${id}\\s+\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d \\S+\\s+başarılı\\s+\\d+,\\d KB.*doğrulama: doğrulandı`, 'm'));
    const listEn = await runCli(['backup', 'list', '--lang', 'en', '--data-dir', d]);
    expect(listEn.stdout).toMatch(new RegExp(`^\\s*${id}\\s+\\d\\d/\\d\\d/\\d{4}, \\d\\d:\\d\\d \\S+\\s+succeeded\\s+\\d+\\.\\d KB.*verified: verified`, 'm'));
    expect((await runCli(['backup', 'verify', String(id), '--data-dir', d])).code).toBe(0);
    expect((await runCli(['backup', 'verify', 'abc', '--data-dir', d])).code).toBe(64);
    const missing = await runCli(['backup', 'verify', '999', '--data-dir', d]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/E_NOT_FOUND/);
  });

  it('"enabled": false: the CLI refuses backup run naming the setting (exit 1), checks SKIP, health disabled, and the audit row says blocked via cli', async () => {
    tc = await openTestCore();
    const d = tc.dataDir;
    expect((await runCli(['migrate', 'up', '--data-dir', d])).code).toBe(0);
    writeConfig(d, 'backup_config.json', { enabled: false });
    const run = await runCli(['backup', 'run', '--data-dir', d]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('E_BACKUP_FAILED');
    expect(run.stderr).toContain('Yedekleme kapalı: backup_config.json içinde "enabled": false.');
    expect(run.stderr).toContain('"enabled": true');
    const en = await runCli(['backup', 'run', '--json', '--lang', 'en', '--data-dir', d]);
    expect(JSON.parse(en.stdout)).toMatchObject({ error: { code: 'E_BACKUP_FAILED', message: 'Backups are switched off: "enabled": false in backup_config.json.' } });
    const ctx = tc.core.context('ipc');
    const checks = await tc.core.invoke('backup.checks', {}, ctx);
    expect(checks.every((c) => c.status === 'SKIP' && c.skipped_because === 'backup_config.json enabled')).toBe(true);
    expect((await tc.core.health.check()).components.backup.status).toBe('disabled');
    expect((await tc.core.invoke('backup.status', {}, ctx)).enabled).toBe(false);
    const audit = await tc.core.db.kysely.selectFrom('audit_log').select(['result', 'actor']).where('action', '=', 'BACKUP_RUN').execute();
    expect(audit.map((a) => a.result)).toEqual(['blocked', 'blocked']);
    expect(audit.every((a) => / via cli$/.test(a.actor))).toBe(true);
    expect(await tc.core.invoke('backup.list', {}, ctx)).toEqual([]);
    // No schedule and no catch-up run while switched off, although a daily schedule is set.
    writeConfig(d, 'backup_config.json', { enabled: false, schedule: { enabled: true, time: '02:00' } });
    await tc.core.startBackground();
    await new Promise((r) => setTimeout(r, 300));
    expect((await tc.core.invoke('backup.status', {}, ctx)).next_run_at).toBeNull();
    expect(await tc.core.invoke('backup.list', {}, ctx)).toEqual([]);
  });

  it('the audit actor names the door: ipc, http, cli and the schedule', async () => {
    tc = await openTestCore();
    await tc.core.migrations.up();
    for (const door of ['ipc', 'http', 'cli'] as const) {
      expect(tc.core.context(door).actor).toMatch(new RegExp(`^[^@\\s]+@\\S+ via ${door}$`));
      await tc.core.invoke('backup.run', { verify: false }, tc.core.context(door));
    }
    const rows = await tc.core.db.kysely.selectFrom('audit_log').select(['actor']).where('action', '=', 'BACKUP_RUN').orderBy('id').execute();
    expect(rows.map((r) => r.actor.split(' via ')[1])).toEqual(['ipc', 'http', 'cli']);
    expect(tc.core.actorFor('schedule')).toMatch(/ via schedule$/);
  });
});
