// The one audit policy (main/core/audit/safe-audit.ts): a row is written once the outcome of the
// action is known, and an audit write never hides that outcome. The actor names the door.
import { afterEach, describe, expect, it } from 'vitest';
import { safeAudit } from '../../main/core/audit/safe-audit.js';
import type { AuditEntryInput, AuditWriter } from '../../main/core/audit/audit-types.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { auditRows, service, sqliteApp, type Cleanup } from './backup-helpers.js';

let tc: TestCore | undefined;
const cleanups: Cleanup[] = [];
afterEach(async () => {
  await tc?.cleanup();
  tc = undefined;
  for (const c of cleanups.splice(0).reverse()) await c();
});

const broken: AuditWriter = {
  record: async () => {
    throw new Error('audit table is gone');
  },
};

describe('audit policy', () => {
  it('migrations: one row after the run, success or failure, with the door in the actor; auto-migrate says via cli', async () => {
    tc = await openTestCore({ auto_migrate_on_startup: true });
    await tc.core.startAutoMigrate();
    await tc.core.invoke('migrations.up', {}, tc.core.context('http'));
    let rows = await auditRows(tc.core.db, 'MIGRATION_RUN');
    expect(rows.map((r) => [r.result, r.actor.split(' via ')[1], r.detail])).toEqual([
      ['success', 'cli', expect.stringMatching(/^applied 0001 /)],
      ['success', 'http', 'already at head'],
    ]);
    // A database upgraded by a newer build: the run is refused and the row says why, after the fact.
    await tc.core.db.kysely.insertInto('schema_migrations').values({ version: '9999', name: 'from_the_future', applied_at: new Date().toISOString(), duration_ms: 1 }).execute();
    await expect(tc.core.invoke('migrations.up', {}, tc.core.context('ipc'))).rejects.toMatchObject({ code: 'E_MIGRATION_FAILED', text: { key: 'migrations.errors.unknown_versions' } });
    rows = await auditRows(tc.core.db, 'MIGRATION_RUN');
    expect(rows.at(-1)).toMatchObject({ result: 'failure', actor: expect.stringMatching(/ via ipc$/), detail: expect.stringContaining('9999') });
  });

  it('a failed audit write never changes the outcome: the backup succeeds, the failed one still fails, verify answers', async () => {
    const app = await sqliteApp(cleanups);
    const warnings: string[] = [];
    const svc = service(app, { audit: broken, logger: { info: () => undefined, warn: (o) => warnings.push(JSON.stringify(o)) } });
    const ok = await svc.run({ trigger: 'cli', actor: 'op via cli', verify: true });
    expect(ok.status).toBe('success');
    expect(ok.verify?.status).toBe('ok');
    expect(warnings.join('\n')).toMatch(/BACKUP_RUN.*audit table is gone[\s\S]*BACKUP_VERIFIED/);
    expect(await safeAudit(broken, { action: 'X', target: 't', result: 'info', actor: 'a' })).toBe('audit table is gone');
  });

  it('a refused (busy) backup is audited as blocked only once the refusal is known, and the running one as its own outcome', async () => {
    const app = await sqliteApp(cleanups);
    const order: string[] = [];
    const audit: AuditWriter = { record: async (e: AuditEntryInput) => void order.push(`${e.action}:${e.result}`) };
    const svc = service(app, { audit });
    const first = svc.run({ trigger: 'manual', actor: 'a via ipc' });
    await expect(service(app, { audit }).run({ trigger: 'schedule', actor: 'b via schedule' })).rejects.toMatchObject({ code: 'E_BUSY', text: { key: 'backup.errors.busy' } });
    expect(order).toEqual(['BACKUP_RUN:blocked']); // nothing about the running one yet
    expect((await first).status).toBe('success');
    expect(order).toEqual(['BACKUP_RUN:blocked', 'BACKUP_RUN:success']);
  });
});
