// The runner on a real Core: concurrency under per-check timeouts (hung TCP peers, a blackholed
// PostgreSQL), crash containment, live progress, stored runs and their comparison, and secrets
// absent from every output and from the stored row.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DiagnosticCheck } from '../../shared/diagnostics.js';
import { translator } from '../../shared/i18n/translator.js';
import { msg } from '../../shared/messages.js';
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
import { addOutbox, free, onCleanup, openDiag, startSilentServer, waitForReply } from './diagnostics-helpers.js';

const tr = translator('tr');
const en = translator('en');

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
      expect(c).toMatchObject({ status: 'FAIL', duration_ms: 1000, detail: { key: 'common.check_timeout', params: { timeout: 1000 } }, recommendation: { key: 'common.check_timeout_rec' } });
      expect(tr.t(c.detail)).toBe('Kontrol 1 sn içinde bitmedi.');
      expect(en.t(c.detail)).toBe('The check did not finish within 1 s.');
      expect(c.technical_detail).toMatch(/timed out after 1 s/);
      expect(c.steps.length).toBeGreaterThan(0);
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
    const slow: CheckDefinition = { name: 'slow_ok', category: 'system', run: async () => (await new Promise((r) => setTimeout(r, 300)), { status: 'PASS', detail: free('yavaş', 'slow') }) };
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
      { group: 'wa', category: 'whatsapp', names: ['wa_token', 'wa_templates'], run: async () => [{ name: 'wa_token', status: 'WARN', detail: free('token 3 gün sonra bitiyor', 'token expires in 3 days') }] },
      groupRejects,
    ];
    const seen: string[] = [];
    const r = await runDiagnostics(ctx, { checks: units, store: false, onCheck: (c) => seen.push(c.name) });
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    expect(r.checks.map((c) => c.name)).toEqual(['slow_ok', 'throws', 'throws_sync', 'wa_token', 'wa_templates', 'backup_recency']);
    expect(by.throws).toMatchObject({ status: 'FAIL', detail: { key: 'common.check_crashed' }, technical_detail: 'Error: kaboom' });
    expect(tr.t(by.throws!.detail)).toBe('Kontrol çalışırken hata verdi.');
    expect(by.throws_sync?.technical_detail).toBe('TypeError: sync boom');
    expect(by.wa_token).toMatchObject({ status: 'WARN', category: 'whatsapp' });
    expect(by.wa_token?.steps.map((s) => tr.t(s))).toEqual(['Token’ın geçerli olduğunu ve süresinin dolmadığını kontrol edin.', 'Meta API durumunu kontrol edin.', 'Şablonların onay durumunu kontrol edin.']);
    expect(by.wa_templates).toMatchObject({ status: 'FAIL', detail: { key: 'system.outcome.not_reported' } });
    expect(by.wa_templates?.technical_detail).toMatch(/did not report wa_templates/);
    expect(by.backup_recency).toMatchObject({ status: 'FAIL', detail: { key: 'common.check_crashed' }, technical_detail: 'Error: disk gone' });
    expect(r.status).toBe('FAIL');
    expect([...seen].sort()).toEqual(r.checks.map((c) => c.name).sort());
    expect(seen.indexOf('slow_ok')).toBe(seen.length - 1); // emitted when it finished, not in report order
  });

  it('integration sources from other modules (WhatsApp, backup) join the run; a hung source FAILS each declared name at its own timeout', async () => {
    const { ctx } = await openDiag();
    const withSources = {
      ...ctx,
      integrations: [
        { category: 'whatsapp' as const, names: ['whatsapp_token'], run: async () => [{ name: 'whatsapp_token', status: 'FAIL' as const, detail: free('token süresi dolmuş', 'token expired'), recommendation: free('yenileyin', 'renew it'), duration_ms: 5 }] },
        { category: 'backup' as const, names: ['backup_config', 'backup_recency'], timeoutMs: 300, run: () => new Promise<never>(() => undefined) },
      ],
    };
    const r = await runDiagnostics(withSources, { only: ['whatsapp', 'backup'], store: false });
    expect(r.checks.map((c) => [c.name, c.category, c.status])).toEqual([
      ['whatsapp_token', 'whatsapp', 'FAIL'],
      ['backup_config', 'backup', 'FAIL'],
      ['backup_recency', 'backup', 'FAIL'],
    ]);
    expect(r.checks[0]).toMatchObject({ duration_ms: 5 });
    expect(tr.t(r.checks[0]!.detail)).toBe('token süresi dolmuş');
    expect(en.t(r.checks[0]!.recommendation!)).toBe('renew it');
    expect(tr.t(r.checks[0]!.steps[1]!)).toBe('Meta API durumunu kontrol edin.');
    expect(r.checks[1]?.detail).toEqual({ key: 'common.check_timeout', params: { timeout: 300 } });
    expect(tr.t(r.checks[1]!.detail)).toBe('Kontrol 300 ms içinde bitmedi.');
    expect(tr.t(r.checks[2]!.steps[0]!)).toMatch(/backup_config\.json/);
    expect(fromIntegrationCheck('backup', { name: 'backup_recency', status: 'PASS', detail: free('tamam', 'ok'), recommendation: null })).toMatchObject({ category: 'backup', status: 'PASS', recommendation: null, steps: [], duration_ms: 0 });
    // A module that still returns plain strings (the old shape) gets a FAIL, not a pass.
    expect(fromIntegrationCheck('backup', { name: 'backup_recency', status: 'PASS', detail: 'ok' as never })).toMatchObject({ status: 'FAIL', detail: { key: 'system.outcome.malformed' } });
  });

  it('malformed results from a module are FAIL saying so, never a crash or a pass', async () => {
    const { ctx } = await openDiag();
    const units: CheckUnit[] = [
      defineCheck({ name: 'returns_nothing', category: 'backup', run: () => undefined as unknown as CheckOutcome }),
      defineCheck({ name: 'bad_status', category: 'backup', run: () => ({ status: 'OK', detail: msg('common.yes') }) as unknown as CheckOutcome }),
      defineGroup({ group: 'not_a_list', category: 'whatsapp', names: ['wa_config'], run: async () => ({}) as unknown as NamedOutcome[] }),
    ];
    const r = await runDiagnostics(ctx, { checks: units, store: false });
    expect(r.checks.map((c) => [c.name, c.status])).toEqual([['returns_nothing', 'FAIL'], ['bad_status', 'FAIL'], ['wa_config', 'FAIL']]);
    for (const c of r.checks) expect(c.detail).toEqual({ key: 'system.outcome.malformed' });
    expect(r.checks[1]?.technical_detail).toMatch(/invalid status "OK"/);
    expect(r.checks[2]?.technical_detail).toMatch(/returned no list/);
  });

  it('only= by name and category; an unknown name is an error, not an empty PASS', async () => {
    const { ctx } = await openDiag();
    const r = await runDiagnostics(ctx, { only: ['queues', 'audit_chain'], store: false });
    expect(r.checks.map((c) => c.name)).toEqual(['audit_chain', 'outbox_failed', 'unresolved_errors', 'queue_backlog', 'last_sync_recency']);
    await expect(runDiagnostics(ctx, { only: ['outbox_faild'] })).rejects.toBeInstanceOf(UnknownChecksError);
    await expect(runDiagnostics(ctx, { only: ['outbox_faild'] })).rejects.toMatchObject({ code: 'E_VALIDATION', details: [{ path: 'only', message: { key: 'system.unknown_check', params: { name: 'outbox_faild' } } }] });
    const err = await runDiagnostics(ctx, { only: ['outbox_faild'] }).catch((e: UnknownChecksError) => e);
    expect(tr.t((err as UnknownChecksError).text)).toBe('Bilinmeyen kontrol veya kategori: outbox_faild.');
  });

  it('the full default run has every R-DIAG-1 check this module owns, with the report shape of the older backend', async () => {
    const { ctx } = await openDiag({ secretStore: new MemorySecretStore() });
    const r = await runDiagnostics(ctx, { store: false });
    expect(r.checks.map((c) => c.name)).toEqual(
      buildChecks(ctx).flatMap((u) => ('group' in u ? [...u.names] : [u.name])),
    );
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['status', 'timestamp', 'version', 'machine', 'environment', 'duration_ms', 'checks', 'health_snapshot']));
    for (const c of r.checks) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['name', 'status', 'title', 'detail', 'recommendation', 'steps', 'duration_ms', 'category']));
      expect(tr.has(c.title.key) && en.has(c.title.key), c.title.key).toBe(true);
      expect(tr.has(c.detail.key) && en.has(c.detail.key), c.detail.key).toBe(true);
      if (c.status === 'PASS' || c.status === 'SKIP') expect(c.recommendation).toBeNull();
      else expect(c.steps.length).toBeGreaterThan(0);
    }
    expect(r.machine).toMatchObject({ platform: process.platform, node: process.version });
  });
});

describe('checks that read application tables wait for the schema', () => {
  const skippedForSchema = (c: DiagnosticCheck | undefined, table: string) => {
    expect(c, c?.name).toMatchObject({ status: 'SKIP', skipped_because: 'migrations_at_head', detail: { key: 'common.skipped_because_check' }, recommendation: null, steps: [] });
    expect(translator('tr').t(c!.detail)).toBe('“Şema sürümü (migration)” kontrolü başarısız olduğu için atlandı.');
    expect(translator('en').t(c!.detail)).toMatch(/“Schema version \(migrations\)”/);
    expect(c!.technical_detail).toContain(table);
  };
  const pass = (): CheckOutcome => ({ status: 'PASS', detail: free('tamam', 'ok') });

  function units(calls: string[]): CheckUnit[] {
    return [
      defineCheck({ name: 'reads_sync', category: 'queues', needs: ['sync_jobs'], run: () => (calls.push('reads_sync'), pass()) }),
      defineCheck({ name: 'reads_nothing', category: 'system', run: () => (calls.push('reads_nothing'), pass()) }),
      defineGroup({
        group: 'half',
        category: 'backup',
        names: ['g_reads_backups', 'g_reads_nothing'],
        needs: { g_reads_backups: ['backup_runs'] },
        run: async () => (calls.push('half'), [{ name: 'g_reads_backups', ...pass() }, { name: 'g_reads_nothing', ...pass() }]),
      }),
      defineGroup({
        group: 'all',
        category: 'audit',
        names: ['a1', 'a2'],
        needs: ['audit_chain_head'],
        run: async () => (calls.push('all'), [{ name: 'a1', ...pass() }, { name: 'a2', ...pass() }]),
      }),
      defineGroup({
        group: 'throws',
        category: 'mikro',
        names: ['t_reads_outbox', 't_reads_nothing'],
        needs: { t_reads_outbox: ['outbox'] },
        run: () => (calls.push('throws'), Promise.reject(new Error('no such table: outbox'))),
      }),
    ];
  }

  it('empty schema: declared checks are SKIP naming migrations_at_head and are not run; a group runs only for its names that can', async () => {
    const { ctx } = await openDiag({ migrate: false });
    const calls: string[] = [];
    const r = await runDiagnostics(ctx, { checks: units(calls), store: false });
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    skippedForSchema(by.reads_sync, 'sync_jobs');
    skippedForSchema(by.g_reads_backups, 'backup_runs');
    skippedForSchema(by.a1, 'audit_chain_head');
    skippedForSchema(by.a2, 'audit_chain_head');
    skippedForSchema(by.t_reads_outbox, 'outbox');
    expect(by.reads_nothing?.status).toBe('PASS');
    expect(by.g_reads_nothing?.status).toBe('PASS');
    // The group that threw: its name that could run FAILs with the error; the other is still SKIP.
    expect(by.t_reads_nothing).toMatchObject({ status: 'FAIL', technical_detail: 'Error: no such table: outbox' });
    expect(calls.sort()).toEqual(['half', 'reads_nothing', 'throws']);
  });

  it('migrated: the same checks run (PASS here, FAIL when they say so)', async () => {
    const { ctx } = await openDiag();
    const calls: string[] = [];
    const r = await runDiagnostics(ctx, { checks: units(calls), store: false });
    const by = Object.fromEntries(r.checks.map((c) => [c.name, c]));
    for (const name of ['reads_sync', 'g_reads_backups', 'a1', 'a2']) expect(by[name]?.status, name).toBe('PASS');
    for (const name of ['t_reads_outbox', 't_reads_nothing']) expect(by[name]).toMatchObject({ status: 'FAIL', technical_detail: 'Error: no such table: outbox' });
    expect(calls.sort()).toEqual(['all', 'half', 'reads_nothing', 'reads_sync', 'throws']);
  });

  it('when the schema state cannot be read, declared checks run and report what they meet', async () => {
    const { ctx } = await openDiag({ migrate: false });
    const calls: string[] = [];
    const broken = { ...ctx, migrations: { head: ctx.migrations.head, status: () => Promise.reject(new Error('status unavailable')) } };
    const r = await runDiagnostics(broken, { checks: units(calls).slice(0, 1), store: false });
    expect(r.checks[0]).toMatchObject({ name: 'reads_sync', status: 'PASS' });
    expect(calls).toEqual(['reads_sync']);
  });
});

describe('stored runs', () => {
  it('each run is stored; listRuns newest first with counts; getRun returns the report; diffRuns shows the changes', async () => {
    const { core, ctx } = await openDiag();
    const extra = (status: 'PASS' | 'WARN'): CheckUnit => ({ name: status === 'PASS' ? 'only_in_first' : 'only_in_second', category: 'system', run: () => ({ status, detail: free('x'), recommendation: free('r') }) });
    const first = await runDiagnostics(ctx, { only: ['queues', 'only_in_first'], checks: [...buildChecks(ctx), extra('PASS')] });
    await addOutbox(core, 6, 'FAILED');
    const second = await runDiagnostics(ctx, { only: ['queues', 'only_in_second'], checks: [...buildChecks(ctx), extra('WARN')] });
    expect(first.run_id).toBeTypeOf('number');
    expect(second.run_id).toBeGreaterThan(first.run_id!);

    const list = await listRuns(core.db, { limit: 10 });
    expect(list.map((x) => x.id)).toEqual([second.run_id, first.run_id]);
    expect(list[0]).toMatchObject({ status: 'FAIL', actor: 'tester@host', counts: { FAIL: 1, SKIP: 1 } });
    expect(list[1]).toMatchObject({ status: 'PASS', counts: { SKIP: 3 } });
    const got = await getRun(core.db, first.run_id!);
    expect(got?.report.checks.map((c: DiagnosticCheck) => c.name)).toEqual(first.checks.map((c) => c.name));
    expect(got?.report.run_id).toBe(first.run_id);
    expect(await getRun(core.db, 999_999)).toBeNull();

    const diff = diffRuns(got!.report, (await getRun(core.db, second.run_id!))!.report);
    // Empty queues are SKIP (nothing produces them), so the first run is PASS; rows make them judged.
    expect(diff.status).toEqual({ before: 'PASS', after: 'FAIL' });
    expect(diff.changes).toEqual(
      expect.arrayContaining([
        { name: 'outbox_failed', category: 'queues', kind: 'changed', before: 'SKIP', after: 'FAIL' },
        { name: 'queue_backlog', category: 'queues', kind: 'changed', before: 'SKIP', after: 'PASS' },
        { name: 'only_in_second', category: 'system', kind: 'new', before: null, after: 'WARN' },
        { name: 'only_in_first', category: 'system', kind: 'removed', before: 'PASS', after: null },
      ]),
    );
    expect(diff.changes).toHaveLength(4);
    expect(diff.unchanged).toBe(2);
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
      run: () => ({
        status: 'FAIL',
        detail: free(`login failed for ${vault} / ${literal} / ${envSecret} via postgres://u:${urlPw}@db.local/x`),
        recommendation: free(`token ${vault}`),
        technical_detail: `driver said ${vault} ${literal}`,
        observed: { echoed: vault, token: literal },
      }),
    };
    const events: unknown[] = [];
    const r = await runDiagnostics(ctx, { checks: [...buildChecks(ctx), leaky], onCheck: (c) => events.push(c) });
    const stored = await core.db.kysely.selectFrom('diagnostics_runs').selectAll().where('id', '=', r.run_id!).executeTakeFirstOrThrow();
    const outputs = {
      json: renderReport(r, 'json'),
      html: renderReport(r, 'html'),
      md: renderReport(r, 'md', { lang: 'en' }),
      text_tr: renderReport(r, 'html', { translator: tr }),
      events: JSON.stringify(events),
      row: JSON.stringify(stored),
    };
    for (const [where, text] of Object.entries(outputs)) {
      for (const canary of [literal, vault, envSecret, urlPw]) expect(text.includes(canary), `${canary.slice(0, 13)} in ${where}`).toBe(false);
    }
    const c = r.checks.find((x) => x.name === 'leaky_module')!;
    expect(en.t(c.detail)).toContain('[redacted]');
    expect(en.t(c.detail)).toContain('postgres://u:[redacted]@db.local/x');
    expect(c.technical_detail).toContain('[redacted]');
    expect(r.checks.find((x) => x.name === 'plaintext_secrets')?.status).toBe('FAIL');
  });
});
