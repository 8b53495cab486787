// The runner on a real Core: concurrency under per-check timeouts (hung TCP peers, a blackholed
// PostgreSQL), crash containment, live progress, stored runs and their comparison, and secrets
// absent from every output and from the stored row.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DiagnosticCheck } from '../../shared/diagnostics.js';
import {
  buildChecks,
  diffRuns,
  fromIntegrationCheck,
  getRun,
  listRuns,
  renderReport,
  runDiagnostics,
  UnknownChecksError,
  defineCheck,
  defineGroup,
  type CheckDefinition,
  type CheckGroupDefinition,
  type CheckOutcome,
  type CheckUnit,
  type NamedOutcome,
} from '../../main/core/diagnostics/index.js';
import { MemorySecretStore } from '../../main/core/secrets/memory-store.js';
import { createThrowawayDb } from '../helpers/pg.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { addOutbox, onCleanup, openDiag, startSilentServer, waitForReply } from './diagnostics-helpers.js';

describe('timeouts: one hung dependency costs its own timeout, not the sum', () => {
  it('5 checks each waiting on a silent TCP peer, 1 s timeouts: the run ends in about 1 s, each FAIL "timed out", sockets released', async () => {
    const { ctx } = await openDiag();
    const peer = await startSilentServer();
    const hung: CheckUnit[] = Array.from({ length: 5 }, (_, i) => ({
      name: `hung_${i}`,
      category: 'system' as const,
      timeoutMs: 1_000,
      run: ({ signal }) => waitForReply(peer.port, signal),
    }));
    const started = Date.now();
    const r = await runDiagnostics(ctx, { checks: hung, store: false });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(4_000);
    expect(r.checks).toHaveLength(5);
    for (const c of r.checks) {
      expect(c).toMatchObject({ status: 'FAIL', duration_ms: 1000 });
      expect(c.detail).toMatch(/timed out after 1 s/);
      expect(c.steps?.tr.length).toBeGreaterThan(0);
    }
    // Aborted checks closed their sockets.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(peer.open()).toBe(0);
  });

  it('a blackholed PostgreSQL: the database checks are cut at the run timeout and the run still answers', async () => {
    const pgDb = await createThrowawayDb('optiplan_diag');
    onCleanup(() => pgDb.drop());
    const proxy = await startTcpProxy('127.0.0.1', 5432);
    onCleanup(() => proxy.close());
    const u = new URL(pgDb.url);
    u.port = String(proxy.port);
    const { ctx } = await openDiag({ url: u.toString() });
    proxy.setMode('blackhole');
    const started = Date.now();
    const r = await runDiagnostics(ctx, { timeoutMs: 1_000 });
    expect(Date.now() - started).toBeLessThan(4_000);
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    for (const name of ['outbox_failed', 'audit_chain', 'migrations_at_head']) expect(by[name]?.status, name).toBe('FAIL');
    expect(by.config_files_valid?.status).toBe('PASS');
    expect(r.store_error).toMatch(/did not answer/);
  });
});

describe('crash containment and progress', () => {
  it('throwing checks become FAIL with the message; a group reports every declared name; onCheck sees each as it finishes', async () => {
    const { ctx } = await openDiag();
    const slow: CheckDefinition = { name: 'slow_ok', category: 'system', run: async () => (await new Promise((r) => setTimeout(r, 300)), { status: 'PASS', detail: 'slow' }) };
    const rejects: CheckDefinition = { name: 'throws', category: 'system', run: () => Promise.reject(new Error('kaboom')) };
    const groupRejects: CheckGroupDefinition = { group: 'bk', category: 'backup', names: ['backup_recency'], run: () => Promise.reject(new Error('disk gone')) };
    const units: CheckUnit[] = [
      slow,
      rejects,
      {
        name: 'throws_sync',
        category: 'system',
        run: () => {
          throw new TypeError('sync boom');
        },
      },
      { group: 'wa', category: 'whatsapp', names: ['wa_token', 'wa_templates'], run: async () => [{ name: 'wa_token', status: 'WARN', detail: 'token expires in 3 days' }] },
      groupRejects,
    ];
    const seen: string[] = [];
    const r = await runDiagnostics(ctx, { checks: units, store: false, onCheck: (c) => seen.push(c.name) });
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    expect(r.checks.map((c) => c.name)).toEqual(['slow_ok', 'throws', 'throws_sync', 'wa_token', 'wa_templates', 'backup_recency']);
    expect(by.throws).toMatchObject({ status: 'FAIL', detail: 'Check failed: kaboom' });
    expect(by.throws_sync?.detail).toBe('Check failed: sync boom');
    expect(by.wa_token).toMatchObject({ status: 'WARN', category: 'whatsapp' });
    expect(by.wa_token?.steps?.tr).toEqual(['Token geçerliliğini ve süresinin dolup dolmadığını kontrol et', 'Meta API durumunu kontrol et', 'Şablonların onay durumunu kontrol et']);
    expect(by.wa_templates?.status).toBe('FAIL');
    expect(by.wa_templates?.detail).toMatch(/did not report wa_templates/);
    expect(by.backup_recency).toMatchObject({ status: 'FAIL', detail: 'Check failed: disk gone' });
    expect(r.status).toBe('FAIL');
    expect([...seen].sort()).toEqual(r.checks.map((c) => c.name).sort());
    expect(seen.indexOf('slow_ok')).toBe(seen.length - 1); // emitted when it finished, not in report order
  });

  it('integration sources from other modules (WhatsApp, backup) join the run; a hung source FAILS each declared name at its own timeout', async () => {
    const { ctx } = await openDiag();
    const withSources = {
      ...ctx,
      integrations: [
        { category: 'whatsapp' as const, names: ['whatsapp_token'], run: async () => [{ name: 'whatsapp_token', status: 'FAIL' as const, detail: 'token expired', detail_tr: 'token süresi dolmuş', recommendation: 'renew it', recommendation_tr: 'yenileyin', duration_ms: 5 }] },
        { category: 'backup' as const, names: ['backup_config', 'backup_recency'], timeoutMs: 300, run: () => new Promise<never>(() => undefined) },
      ],
    };
    const r = await runDiagnostics(withSources, { only: ['whatsapp', 'backup'], store: false });
    expect(r.checks.map((c) => [c.name, c.category, c.status])).toEqual([
      ['whatsapp_token', 'whatsapp', 'FAIL'],
      ['backup_config', 'backup', 'FAIL'],
      ['backup_recency', 'backup', 'FAIL'],
    ]);
    expect(r.checks[0]).toMatchObject({ detail_tr: 'token süresi dolmuş', recommendation: 'renew it', duration_ms: 5 });
    expect(r.checks[0]?.steps?.tr[1]).toBe('Meta API durumunu kontrol et');
    expect(r.checks[1]?.detail).toMatch(/timed out after 0.3 s/);
    expect(r.checks[2]?.steps?.tr[0]).toMatch(/backup_config\.json/);
    expect(fromIntegrationCheck('backup', { name: 'backup_recency', status: 'PASS', detail: 'ok', recommendation: null })).toMatchObject({ category: 'backup', status: 'PASS', recommendation: null, duration_ms: 0 });
  });

  it('malformed results from a module are FAIL saying so, never a crash or a pass', async () => {
    const { ctx } = await openDiag();
    const units: CheckUnit[] = [
      defineCheck({ name: 'returns_nothing', category: 'backup', run: () => undefined as unknown as CheckOutcome }),
      defineCheck({ name: 'bad_status', category: 'backup', run: () => ({ status: 'OK', detail: 'fine' }) as unknown as CheckOutcome }),
      defineGroup({ group: 'not_a_list', category: 'whatsapp', names: ['wa_config'], run: async () => ({}) as unknown as NamedOutcome[] }),
    ];
    const r = await runDiagnostics(ctx, { checks: units, store: false });
    expect(r.checks.map((c) => [c.name, c.status])).toEqual([['returns_nothing', 'FAIL'], ['bad_status', 'FAIL'], ['wa_config', 'FAIL']]);
    expect(r.checks[1]?.detail).toMatch(/invalid status "OK"/);
    expect(r.checks[2]?.detail).toMatch(/returned no list/);
  });

  it('only= by name and category; an unknown name is an error, not an empty PASS', async () => {
    const { ctx } = await openDiag();
    const r = await runDiagnostics(ctx, { only: ['queues', 'audit_chain'], store: false });
    expect(r.checks.map((c) => c.name)).toEqual(['audit_chain', 'outbox_failed', 'unresolved_errors', 'queue_backlog', 'last_sync_recency']);
    await expect(runDiagnostics(ctx, { only: ['outbox_faild'] })).rejects.toBeInstanceOf(UnknownChecksError);
    await expect(runDiagnostics(ctx, { only: ['outbox_faild'] })).rejects.toMatchObject({ code: 'E_VALIDATION', details: [{ path: 'only', message: 'unknown check or category: outbox_faild' }] });
  });

  it('the full default run has every R-DIAG-1 check this module owns, with the report shape of the older backend', async () => {
    const { ctx } = await openDiag({ secretStore: new MemorySecretStore() });
    const r = await runDiagnostics(ctx, { store: false });
    expect(r.checks.map((c) => c.name)).toEqual(
      buildChecks(ctx).flatMap((u) => ('group' in u ? [...u.names] : [u.name])),
    );
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['status', 'timestamp', 'version', 'machine', 'environment', 'duration_ms', 'checks', 'health_snapshot']));
    for (const c of r.checks) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['name', 'status', 'detail', 'recommendation', 'duration_ms', 'category']));
      if (c.status === 'PASS') expect(c.recommendation).toBeNull();
      else expect(c.steps?.en.length).toBeGreaterThan(0);
    }
    expect(r.machine).toMatchObject({ platform: process.platform, node: process.version });
  });
});

describe('stored runs', () => {
  it('each run is stored; listRuns newest first with counts; getRun returns the report; diffRuns shows the changes', async () => {
    const { core, ctx } = await openDiag();
    const extra = (status: 'PASS' | 'WARN'): CheckUnit => ({ name: status === 'PASS' ? 'only_in_first' : 'only_in_second', category: 'system', run: () => ({ status, detail: 'x', recommendation: 'r' }) });
    const first = await runDiagnostics(ctx, { only: ['queues', 'only_in_first'], checks: [...buildChecks(ctx), extra('PASS')] });
    await addOutbox(core, 6, 'FAILED');
    const second = await runDiagnostics(ctx, { only: ['queues', 'only_in_second'], checks: [...buildChecks(ctx), extra('WARN')] });
    expect(first.run_id).toBeTypeOf('number');
    expect(second.run_id).toBeGreaterThan(first.run_id!);

    const list = await listRuns(core.db, { limit: 10 });
    expect(list.map((x) => x.id)).toEqual([second.run_id, first.run_id]);
    expect(list[0]).toMatchObject({ status: 'FAIL', actor: 'tester@host', counts: { FAIL: 1 } });
    const got = await getRun(core.db, first.run_id!);
    expect(got?.report.checks.map((c: DiagnosticCheck) => c.name)).toEqual(first.checks.map((c) => c.name));
    expect(got?.report.run_id).toBe(first.run_id);
    expect(await getRun(core.db, 999_999)).toBeNull();

    const diff = diffRuns(got!.report, (await getRun(core.db, second.run_id!))!.report);
    expect(diff.status).toEqual({ before: 'WARN', after: 'FAIL' });
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        { name: 'outbox_failed', category: 'queues', kind: 'changed', before: 'PASS', after: 'FAIL' },
        { name: 'only_in_second', category: 'system', kind: 'new', before: null, after: 'WARN' },
        { name: 'only_in_first', category: 'system', kind: 'removed', before: 'PASS', after: null },
      ]),
    );
    expect(diff.changes).toHaveLength(3);
    expect(diff.unchanged).toBe(3);
  });
});

describe('secrets never leave in a report', () => {
  it('canaries (literal in config, VAULT secret, ENV secret, URL password) are absent from JSON, HTML, Markdown, progress events and the stored row', async () => {
    const literal = `canary-literal-${crypto.randomBytes(6).toString('hex')}`;
    const vault = `canary-vault-${crypto.randomBytes(6).toString('hex')}`;
    const envSecret = `canary-env-${crypto.randomBytes(6).toString('hex')}`;
    const urlPw = `canary-url-${crypto.randomBytes(6).toString('hex')}`;
    const store = new MemorySecretStore({ secrets: { mikro_sql_password: vault } });
    const { core, ctx } = await openDiag({
      secretStore: store,
      env: { MIKRO_PASSWORD: envSecret },
      configs: { 'whatsapp.json': { access_token: literal, app_secret: 'VAULT:mikro_sql_password' } },
    });
    // A module whose error text echoes everything (as driver messages sometimes do).
    const leaky: CheckUnit = {
      name: 'leaky_module',
      category: 'whatsapp',
      run: () => ({ status: 'FAIL', detail: `login failed for ${vault} / ${literal} / ${envSecret} via postgres://u:${urlPw}@db.local/x`, recommendation: `token ${vault}`, data: { echoed: vault, token: literal } }),
    };
    const events: unknown[] = [];
    const r = await runDiagnostics(ctx, { checks: [...buildChecks(ctx), leaky], onCheck: (c) => events.push(c) });
    const stored = await core.db.kysely.selectFrom('diagnostics_runs').selectAll().where('id', '=', r.run_id!).executeTakeFirstOrThrow();
    const outputs = {
      json: renderReport(r, 'json'),
      html: renderReport(r, 'html'),
      md: renderReport(r, 'md', { lang: 'en' }),
      events: JSON.stringify(events),
      row: JSON.stringify(stored),
    };
    for (const [where, text] of Object.entries(outputs)) {
      for (const canary of [literal, vault, envSecret, urlPw]) expect(text.includes(canary), `${canary.slice(0, 13)} in ${where}`).toBe(false);
    }
    const c = r.checks.find((x) => x.name === 'leaky_module')!;
    expect(c.detail).toContain('[redacted]');
    expect(c.detail).toContain('postgres://u:[redacted]@db.local/x');
    expect(r.checks.find((x) => x.name === 'plaintext_secrets')?.status).toBe('FAIL');
  });
});
