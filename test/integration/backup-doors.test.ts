import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { openTestCore, type TestCore } from '../helpers/core.js';

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
    expect(audit[0]?.actor).toMatch(/\(schedule\)$/);
  });

  it('CLI backup run --verify / list / verify with exit codes; a bad id is a usage error', async () => {
    tc = await openTestCore();
    const d = tc.dataDir;
    expect((await runCli(['migrate', 'up', '--data-dir', d])).code).toBe(0);
    const run = await runCli(['backup', 'run', '--verify', '--json', '--data-dir', d]);
    expect(run.code).toBe(0);
    const id = (JSON.parse(run.stdout) as { id: number }).id;
    const list = await runCli(['backup', 'list', '--data-dir', d]);
    expect(list.stdout).toMatch(new RegExp(`^\\s*${id}\\s.*success.*verified: ok`, 'm'));
    expect((await runCli(['backup', 'verify', String(id), '--data-dir', d])).code).toBe(0);
    expect((await runCli(['backup', 'verify', 'abc', '--data-dir', d])).code).toBe(64);
    const missing = await runCli(['backup', 'verify', '999', '--data-dir', d]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/E_NOT_FOUND/);
  });
});
