// `"enabled": false` in whatsapp.json: every WhatsApp check SKIP ('whatsapp.json enabled'), the
// health component `disabled`, the test message refused — and nothing reaches the Graph API, the
// webhook or the secret store (the fakes record zero requests, the store zero reads).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import type { SecretStore } from '../../main/core/secrets/secret-store.js';
import { createWhatsappHealthProbe, DISABLED_BECAUSE, runWhatsappChecks, sendTestMessage, WHATSAPP_CHECK_NAMES } from '../../main/core/whatsapp/index.js';
import { WhatsappService } from '../../main/core/whatsapp/whatsapp-service.js';
import { expectWellFormed, graphFake, memoryAudit, readCheck, settingsFor, webhookFake, whatsappJson } from '../fakes/graph/harness.js';
import { tempDir } from '../helpers/temp.js';

/** A keychain that counts every call (and would answer if asked). */
function countingStore(): SecretStore & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    backend: 'counting',
    get: async (name) => (calls.push(`get ${name}`), 'x'.repeat(40)),
    set: async (name) => void calls.push(`set ${name}`),
    delete: async (name) => (calls.push(`delete ${name}`), false),
    list: async () => (calls.push('list'), []),
    status: async () => (calls.push('status'), { available: true, backend: 'counting' }) as unknown as Awaited<ReturnType<SecretStore['status']>>,
  };
}

const VAULT_REFS = { access_token: 'VAULT:whatsapp_access_token', webhook_verify_token: 'VAULT:whatsapp_webhook_verify', app_secret: 'VAULT:whatsapp_app_secret' };

describe('WhatsApp switched off ("enabled": false)', () => {
  const tmp = tempDir('wa-disabled-');
  afterAll(() => tmp.remove());

  it('checks: every one SKIP naming the setting; health: disabled; test message: refused; zero requests, zero secret reads', async () => {
    const f = await graphFake();
    const hook = await webhookFake('echo');
    const store = countingStore();
    const eff = settingsFor(f, { enabled: false, webhook_url: hook.url, ...VAULT_REFS });
    const secrets = { env: {}, store };

    const checks = await runWhatsappChecks(eff, { secrets, timeoutMs: 500 });
    expect(checks.map((c) => c.name)).toEqual([...WHATSAPP_CHECK_NAMES]);
    for (const c of checks) {
      expectWellFormed(c);
      expect(c).toMatchObject({ status: 'SKIP', skipped_because: DISABLED_BECAUSE, recommendation: null, steps: [] });
      expect(readCheck(c, 'tr').detail).toBe('WhatsApp kapalı ("enabled": false) olduğu için atlandı.');
      expect(readCheck(c, 'en').detail).toBe('Skipped because WhatsApp is switched off ("enabled": false).');
    }
    expect(DISABLED_BECAUSE).toBe('whatsapp.json enabled');

    const health = await createWhatsappHealthProbe(() => eff, { secrets })();
    expect(health.status).toBe('disabled');
    expect(translator('tr').t(health.message!)).toBe('WhatsApp kapalı (whatsapp.json "enabled": false).');

    const audit = memoryAudit();
    const sent = await sendTestMessage({ to: '0532 123 45 67', template: 'order_ready', parameters: ['a', 'b'] }, { settings: eff, secrets, actor: 'admin@pc', audit });
    expect(sent).toMatchObject({ success: false, code: 'E_WHATSAPP_NOT_CONFIGURED' });
    expect(translator('tr').t(sent.message)).toBe('WhatsApp kapalı (whatsapp.json "enabled": false); test mesajı gönderilmedi.');
    expect(translator('en').t(sent.message)).toBe('WhatsApp is switched off (whatsapp.json "enabled": false); no test message was sent.');
    expect(audit.rows).toEqual([expect.objectContaining({ action: 'WHATSAPP_TEST_SENT', result: 'failure' })]);

    expect(f.requests).toHaveLength(0);
    expect(hook.requests).toHaveLength(0);
    expect(store.calls).toEqual([]);
  });

  it('through the service with whatsapp.json on disk: view says enabled false; switching it back on reaches the fake', async () => {
    const f = await graphFake();
    const store = countingStore();
    const write = (extra: Record<string, unknown>) => fs.writeFileSync(path.join(tmp.dir, 'whatsapp.json'), JSON.stringify(whatsappJson(f, extra)));
    write({ enabled: false });
    const service = new WhatsappService({ configDir: tmp.dir, env: { WA_TOKEN: 'unused' }, store, audit: memoryAudit() });

    expect((await service.view()).enabled).toBe(false);
    const checks = await service.check();
    expect(checks.every((c) => c.status === 'SKIP' && c.skipped_because === DISABLED_BECAUSE)).toBe(true);
    expect(await service.healthProbe()()).toMatchObject({ status: 'disabled' });
    expect(f.requests).toHaveLength(0);

    // The same file without the switch: the checks run and ask the Graph API (the fake counts it).
    write({}); // a different size and mtime: the config cache reads it again
    fs.utimesSync(path.join(tmp.dir, 'whatsapp.json'), new Date(), new Date(Date.now() + 5000));
    expect((await service.view()).enabled).toBe(true);
    const on = await service.check();
    expect(on.find((c) => c.name === 'whatsapp_api_reachable')?.status).toBe('PASS');
    expect(f.requests.length).toBeGreaterThan(0);
  });
});
