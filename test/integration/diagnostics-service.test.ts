// DiagnosticsService built from explicit deps (no Core): a crashed WhatsApp module reports every
// check it declared, the names declared are what the module really reports, and a second run
// while one is running is E_BUSY as a catalogue message with the specifics as technical detail.
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import { DiagnosticsService, type DiagnosticsDeps } from '../../main/core/diagnostics/diagnostics-service.js';
import { WHATSAPP_CHECK_NAMES } from '../../main/core/whatsapp/index.js';
import type { Core } from '../../main/core/core.js';
import { openDiag } from './diagnostics-helpers.js';
import { writeConfig } from '../helpers/temp.js';

function depsOf(core: Core, whatsapp: DiagnosticsDeps['whatsapp']): DiagnosticsDeps {
  return {
    db: core.db,
    migrations: core.migrations,
    health: core.health,
    audit: { record: (e) => core.record(e), verify: () => core.audit.verify() },
    config: core.config,
    secretStore: core.secretStore,
    env: {},
    environment: core.environment,
    paths: core.paths,
    version: core.version,
    autoMigrate: () => core.autoMigrate,
    whatsapp,
    backup: null,
  };
}

describe('DiagnosticsService from explicit deps', () => {
  it('a crashing WhatsApp module: each of its declared checks FAILs (none is silently missing)', async () => {
    const { core } = await openDiag();
    const svc = new DiagnosticsService(depsOf(core, { checkNames: () => WHATSAPP_CHECK_NAMES, check: () => Promise.reject(new Error('module blew up')) }));
    const report = await svc.run('tester@host', { only: ['whatsapp'] });
    const wa = report.checks.filter((c) => c.category === 'whatsapp');
    expect(wa.map((c) => c.name).sort()).toEqual([...WHATSAPP_CHECK_NAMES].sort());
    for (const c of wa) expect(c.status, c.name).toBe('FAIL');
  });

  it('a healthy module whose checks all pass: PASS, so the crash above is what made them FAIL', async () => {
    const { core } = await openDiag();
    const ok = { name: 'whatsapp_config', status: 'PASS' as const, detail: { key: 'common.skipped_disabled' as const, params: { setting: 'x' } } };
    const svc = new DiagnosticsService(depsOf(core, { checkNames: () => ['whatsapp_config'], check: async () => [ok] }));
    const report = await svc.run('tester@host', { only: ['whatsapp'] });
    expect(report.checks.map((c) => [c.name, c.status])).toEqual([['whatsapp_config', 'PASS']]);
  });

  it('the core declares exactly the WhatsApp checks the module reports: not set up, switched off with and without a webhook', async () => {
    const { core, dataDir } = await openDiag();
    const reported = async () => (await core.whatsapp.check()).map((c) => c.name);
    expect(core.whatsapp.checkNames()).toEqual(['whatsapp_config']);
    expect(await reported()).toEqual(['whatsapp_config']);
    writeConfig(dataDir, 'whatsapp.json', { enabled: false });
    expect(core.whatsapp.checkNames()).toEqual(await reported());
    expect(core.whatsapp.checkNames()).not.toContain('whatsapp_webhook_handshake');
    writeConfig(dataDir, 'whatsapp.json', { enabled: false, webhook_url: 'https://example.invalid/hook' });
    expect(core.whatsapp.checkNames()).toEqual([...WHATSAPP_CHECK_NAMES]);
    expect(await reported()).toEqual([...WHATSAPP_CHECK_NAMES]);
  });

  it('a second run while one runs: E_BUSY naming the operation in both languages, the start time as technical detail', async () => {
    const { core } = await openDiag();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const svc = new DiagnosticsService(depsOf(core, { checkNames: () => ['whatsapp_config'], check: async () => (await held, []) }));
    const first = svc.run('tester@host', { only: ['whatsapp'] });
    const second = await svc.run('tester@host', { only: ['whatsapp'] }).then(() => null, (e: unknown) => e);
    release();
    await first;
    expect(isAppError(second)).toBe(true);
    if (!isAppError(second)) return;
    expect(second.code).toBe('E_BUSY');
    expect(second.text).toEqual({ key: 'errors.busy', params: { op: 'diagnostics.run' } });
    expect(translator('tr').t(second.text)).toBe('“diagnostics.run” zaten çalışıyor.');
    expect(translator('en').t(second.text)).toBe('“diagnostics.run” is already running.');
    expect(second.technicalDetail).toMatch(/^diagnostics are already running \(started \d{4}-\d\d-\d\dT/);
    // Once the first run ended, a new one starts.
    await expect(svc.run('tester@host', { only: ['whatsapp'] })).resolves.toMatchObject({ checks: expect.any(Array) });
  });
});
