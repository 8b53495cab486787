// `optiplan360 whatsapp check|send-test` as a user runs it, against the Graph fake on loopback:
// human output is catalogue text in the chosen language, `--json` the same result localized.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { CANARY_APP_SECRET, CANARY_TOKEN, CANARY_VERIFY, graphFake, whatsappJson } from '../fakes/graph/harness.js';
import type { GraphFake } from '../fakes/graph/server.js';

let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(() => {
  tmp?.remove();
  tmp = undefined;
});

const ENV = { WA_TOKEN: CANARY_TOKEN, WA_VERIFY: CANARY_VERIFY, WA_APP_SECRET: CANARY_APP_SECRET };

function dataDir(f: GraphFake, overrides: Record<string, unknown> = {}): string {
  tmp = tempDir('wa-cli-');
  writeConfig(tmp.dir, 'system_config.json', { database: { auto_migrate_on_startup: true } });
  writeConfig(tmp.dir, 'whatsapp.json', whatsappJson(f, overrides));
  return tmp.dir;
}

describe('optiplan360 whatsapp', () => {
  it('check: Turkish by default, English with --lang en; exit 0 when nothing FAILs', async () => {
    const f = await graphFake();
    const d = dataDir(f);
    const trRun = await runCli(['whatsapp', 'check', '--data-dir', d], ENV);
    expect(trRun.stderr).toBe('');
    expect(trRun.code).toBe(0);
    expect(trRun.stdout).toMatch(/^GEÇTİ\s+WhatsApp erişim token’ı: Erişim token’ı \+90 212 \*\*\* \*\* 23 \(OptiPlan Test\) telefon numarası için Meta tarafından kabul edildi\.$/m);
    expect(trRun.stdout).toMatch(/^Toplam 8 kontrol: 8 geçti, 0 uyarı, 0 başarısız, 0 atlandı\.$/m);
    const enRun = await runCli(['whatsapp', 'check', '--lang', 'en', '--data-dir', d], ENV);
    expect(enRun.stdout).toMatch(/^PASS\s+WhatsApp access token: Meta accepted the access token/m);
    expect(enRun.stdout).not.toMatch(/[çğıöşüİ]/);
    expect(`${trRun.stdout}${enRun.stdout}`).not.toMatch(/whatsapp\.(checks|token|errors)\.|detail_tr|\{\{/);
    expect(`${trRun.stdout}${enRun.stdout}`).not.toContain(CANARY_TOKEN);
  }, 60_000);

  it('check with an expired token: FAIL with steps and technical detail, dependent checks SKIP; --json localized; exit 1', async () => {
    const f = await graphFake({ tokenError: 'expired' });
    const d = dataDir(f);
    const human = await runCli(['whatsapp', 'check', '--data-dir', d], ENV);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^BAŞARISIZ\s+WhatsApp erişim token’ı: WhatsApp erişim token’ının süresi dolmuş\.$/m);
    expect(human.stdout).toMatch(/^\s+1\. Olay planı adım 1/m);
    expect(human.stdout).toMatch(/^\s+Teknik ayrıntı: E_WHATSAPP_TOKEN_INVALID: HTTP 401; Meta code 190\/463/m);
    expect(human.stdout).toMatch(/^ATLANDI\s+WhatsApp telefon numarası: “WhatsApp erişim token’ı” kontrolü başarısız olduğu için atlandı\.$/m);

    const json = await runCli(['whatsapp', 'check', '--json', '--lang', 'en', '--data-dir', d], ENV);
    expect(json.code).toBe(1);
    const checks = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(checks.find((c) => c.name === 'whatsapp_token')).toMatchObject({
      category: 'whatsapp',
      status: 'FAIL',
      title: 'WhatsApp access token',
      detail: 'The WhatsApp access token has expired.',
      recommendation: expect.stringMatching(/^Create a new system user token/),
      steps: [expect.stringMatching(/^Incident playbook step 1/), expect.stringMatching(/WA_TOKEN/), expect.stringMatching(/^Run the WhatsApp checks again/)],
      technical_detail: expect.stringMatching(/Meta code 190\/463/),
    });
    expect(checks.find((c) => c.name === 'whatsapp_templates')).toMatchObject({ status: 'SKIP', skipped_because: 'whatsapp_token', detail: 'Skipped because the “WhatsApp access token” check failed.' });
  }, 60_000);

  it('send-test: sent (masked number) in Turkish; refused with the next step in English --json; switched off says so', async () => {
    const f = await graphFake();
    const d = dataDir(f);
    const sent = await runCli(['whatsapp', 'send-test', '--to', '0532 123 45 67', '--template', 'delivery_reminder', '--data-dir', d], ENV);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^Gönderildi: Test mesajı \+90 532 \*\*\* \*\* 67 numarasına gönderildi \(mesaj kimliği wamid\.[^)]+\)\.$/m);
    expect(sent.stdout).not.toContain('123 45');

    f.state.sendError = { message: '(#131026) Message undeliverable', code: 131026 };
    const refused = await runCli(['whatsapp', 'send-test', '--to', '05321234567', '--template', 'delivery_reminder', '--json', '--lang', 'en', '--data-dir', d], ENV);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      success: false,
      code: 'E_WHATSAPP_SEND_FAILED',
      to: '+90 532 *** ** 67',
      message: expect.stringMatching(/^The test message was not sent: The message could not be delivered/),
      next_step: 'Check that the number uses WhatsApp and is typed correctly.',
      technical_detail: expect.stringMatching(/\(#131026\) Message undeliverable/),
    });

    const off = dataDir(f, { enabled: false });
    const before = f.requests.length;
    const disabled = await runCli(['whatsapp', 'send-test', '--to', '05321234567', '--template', 'delivery_reminder', '--data-dir', off], ENV);
    expect(disabled.code).toBe(1);
    expect(disabled.stdout).toMatch(/^Gönderilmedi \(E_WHATSAPP_NOT_CONFIGURED\): WhatsApp kapalı \(whatsapp\.json "enabled": false\); test mesajı gönderilmedi\.$/m);
    const checks = await runCli(['whatsapp', 'check', '--data-dir', off], ENV);
    expect(checks.code).toBe(0);
    expect(checks.stdout).toMatch(/^Toplam 8 kontrol: 0 geçti, 0 uyarı, 0 başarısız, 8 atlandı\.$/m);
    expect(f.requests.length).toBe(before);
  }, 60_000);
});
