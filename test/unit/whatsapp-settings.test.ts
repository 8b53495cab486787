import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { DEFAULT_API_VERSION } from '../../main/core/whatsapp/api-versions.js';
import { configCheck } from '../../main/core/whatsapp/checks.js';
import { effectiveWhatsappSettings, loadWhatsappSettings, whatsappSettingsView } from '../../main/core/whatsapp/whatsapp-settings.js';
import { tempDir } from '../helpers/temp.js';

const repoConfig = path.resolve(import.meta.dirname, '../../config');
const LITERAL = 'EAAGliteralTokenShouldNeverBeUsed0123456789abcdef';

const tr = (m: Message) => translator('tr').t(m);
const en = (m: Message) => translator('en').t(m);
const sys = (whatsapp: Record<string, unknown>, environment = 'development') => ({ environment, whatsapp });

describe('effective WhatsApp settings (whatsapp.json + system_config.json)', () => {
  const tmp = tempDir('wa-settings-');
  afterEach(() => {
    for (const f of fs.readdirSync(tmp.dir)) fs.rmSync(path.join(tmp.dir, f));
  });

  it('the shipped templates load: not configured, references kept, defaults applied', () => {
    const eff = loadWhatsappSettings(repoConfig, {});
    expect(eff.settings).toMatchObject({
      configured: false,
      // The shipped version is a current one (api-versions.ts); both shipped files agree on it.
      api_version: DEFAULT_API_VERSION,
      base_url: 'https://graph.facebook.com',
      access_token_ref: 'VAULT:whatsapp_access_token',
      webhook_verify_token_ref: 'VAULT:whatsapp_webhook_verify',
      rate_limits: { messages_per_second: 10, messages_per_hour: 1000, messages_per_day: 10000 },
      retry_settings: { max_attempts: 3, retry_delay_seconds: 60, backoff_multiplier: 2 },
    });
    expect(Object.keys(eff.settings.templates)).toEqual(['order_ready', 'delivery_reminder', 'order_completed']);
    expect(eff.settings.business_hours?.sunday).toBe('closed');
    expect(eff.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(eff.problems.filter((p) => p.path.includes('api_version'))).toEqual([]);
    expect(eff.settings.enabled).toBe(true);
    const c = configCheck(eff);
    expect(c).toMatchObject({ name: 'whatsapp_config', category: 'whatsapp', status: 'WARN' });
    expect(tr(c.recommendation!)).toMatch(/phone_number_id/);
    expect(en(c.detail)).toMatch(/^WhatsApp is not set up/);
  });

  it('whatsapp.json wins over system_config.json; gaps are filled from system_config; sources say which', () => {
    const eff = effectiveWhatsappSettings(
      {
        whatsapp: { phone_number_id: '111', access_token: 'VAULT:wa_token', api_version: 'v22.0', webhook_verify_token: '' },
        system_config: sys({ phone_number_id: '999', business_account_id: '222', access_token_ref: 'VAULT:other_token', webhook_verify_token_ref: 'ENV:WA_VERIFY', template_namespace: 'ns1', api_version: 'v21.0', provider: 'META_WABA' }),
      },
      {},
    );
    expect(eff.settings).toMatchObject({ phone_number_id: '111', business_account_id: '222', access_token_ref: 'VAULT:wa_token', webhook_verify_token_ref: 'ENV:WA_VERIFY', api_version: 'v22.0', template_namespace: 'ns1' });
    expect(eff.sources).toMatchObject({ phone_number_id: 'whatsapp.json', business_account_id: 'system_config.json', webhook_verify_token_ref: 'system_config.json', base_url: 'default', provider: 'system_config.json' });
    const conflicts = eff.problems.filter((p) => p.severity === 'warning' && p.file === 'system_config.json').map((p) => p.path);
    expect(conflicts.sort()).toEqual(['whatsapp.access_token_ref', 'whatsapp.api_version', 'whatsapp.phone_number_id']);
    expect(whatsappSettingsView(eff)).toContainEqual({ key: 'business_account_id', value: '222', source: 'system_config.json' });
  });

  it('a literal secret is reported (file + path, no value) and never used; a placeholder counts as unset', () => {
    const eff = effectiveWhatsappSettings(
      { whatsapp: { phone_number_id: '111', access_token: LITERAL, webhook_verify_token: '<verify-token>' }, system_config: sys({ app_secret_ref: 'plain-app-secret', webhook_verify_token_ref: 'VAULT:wa_verify' }) },
      {},
    );
    expect(eff.settings.access_token_ref).toBeNull();
    expect(eff.settings.app_secret_ref).toBeNull();
    expect(eff.settings.webhook_verify_token_ref).toBe('VAULT:wa_verify');
    expect(eff.problems).toContainEqual(expect.objectContaining({ severity: 'error', file: 'whatsapp.json', path: 'access_token' }));
    expect(eff.problems).toContainEqual(expect.objectContaining({ severity: 'error', file: 'system_config.json', path: 'whatsapp.app_secret_ref' }));
    const text = JSON.stringify(eff) + JSON.stringify(configCheck(eff));
    expect(text).not.toContain(LITERAL);
    expect(text).not.toContain('plain-app-secret');
    const c = configCheck(eff);
    expect(c.status).toBe('FAIL');
    expect(en(c.detail)).toMatch(/^The configuration has 2 error\(s\): .*whatsapp\.json access_token: holds a literal value/);
    expect(tr(c.detail)).toMatch(/^Yapılandırmada 2 hata var: .*whatsapp\.json access_token: düz metin bir değer içeriyor/);
    expect(tr(c.detail)).toMatch(/system_config\.json whatsapp\.app_secret_ref: düz metin/);
  });

  it('validates templates, business hours, rate limits and retry settings, naming each path', () => {
    const eff = effectiveWhatsappSettings(
      {
        whatsapp: {
          phone_number_id: '111',
          business_account_id: '222',
          access_token: 'ENV:WA_TOKEN',
          templates: {
            ok: { name: 'order_ready', language: 'tr', components: [{ type: 'BODY', text: 'Merhaba {{1}} {{2}}' }] },
            bad_name: { name: 'Order Ready!', language: 'tr' },
            bad_lang: { name: 'x_y', language: 'turkish' },
            gap: { name: 'gap', language: 'tr', components: [{ type: 'BODY', text: '{{1}} and {{3}}' }] },
          },
          business_hours: { monday: { open: '18:00', close: '08:30' }, tuesday: { open: '25:00', close: '26:00' }, wednesday: '09:00-17:00', thursday: 'sometimes', funday: { closed: true }, sunday: { closed: true } },
          rate_limits: { messages_per_second: 100, messages_per_hour: 50, messages_per_day: 10 },
          retry_settings: { max_attempts: 10, retry_delay_seconds: 600, backoff_multiplier: 3 },
        },
      },
      {},
    );
    const byPath = Object.fromEntries(eff.problems.map((p) => [p.path, p.severity]));
    expect(byPath).toMatchObject({
      'templates.bad_name.name': 'error',
      'templates.bad_lang.language': 'error',
      'templates.gap.components': 'warning',
      'business_hours.monday': 'error',
      'business_hours.tuesday': 'error',
      'business_hours.thursday': 'error',
      'business_hours.funday': 'warning',
      'rate_limits.messages_per_hour': 'warning',
      'rate_limits.messages_per_day': 'warning',
      'rate_limits.messages_per_second': 'warning',
      retry_settings: 'warning',
    });
    expect(eff.settings.templates.ok?.body_parameter_count).toBe(2);
    expect(eff.settings.templates.gap?.body_parameter_count).toBeNull();
    expect(eff.settings.business_hours).toEqual({ wednesday: { open: '09:00', close: '17:00' }, sunday: 'closed' });
    const c = configCheck(eff);
    expect(c.status).toBe('FAIL');
    const problem = (p: string) => eff.problems.find((x) => x.path === p)!;
    expect(tr(problem('templates.bad_name.name').message)).toBe('“Order Ready!” geçerli bir Meta şablon adı değil (küçük harf, rakam, _)');
    expect(en(problem('business_hours.monday').message)).toBe('opening time 18:00 is not before closing time 08:30');
    expect(tr(problem('business_hours.funday').message)).toBe('“funday” bir gün adı değil (monday … sunday), yok sayıldı');
    expect(en(problem('rate_limits.messages_per_second').message)).toBe('messages_per_second 100 is above the Cloud API’s default throughput (80/s)');
    expect(tr(problem('retry_settings').message)).toMatch(/^yeniden denemeler vazgeçmeden önce toplam \d+ sn bekler/);
    expect(en(problem('templates.gap.components').message)).toMatch(/without gaps \(found: \{\{1\}\}, \{\{3\}\}\)/);
  });

  it('a schema error drops only that key (with its default) and names the path; broken JSON is a problem, not a throw', () => {
    const eff = effectiveWhatsappSettings({ whatsapp: { phone_number_id: '111', access_token: 'ENV:T', base_url: 'not a url', retry_settings: { max_attempts: 0 } } }, {});
    expect(eff.settings.base_url).toBe('https://graph.facebook.com');
    expect(eff.settings.retry_settings.max_attempts).toBe(3);
    expect(eff.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['base_url', 'retry_settings.max_attempts']));

    fs.writeFileSync(path.join(tmp.dir, 'whatsapp.json'), '{"phone_number_id": "1",');
    fs.writeFileSync(path.join(tmp.dir, 'system_config.json'), JSON.stringify(sys({ phone_number_id: '5', access_token_ref: 'ENV:T' }, 'production')));
    const loaded = loadWhatsappSettings(tmp.dir, {});
    expect(loaded.problems[0]).toMatchObject({ file: 'whatsapp.json', path: '$', technical_detail: expect.stringMatching(/not valid JSON/) });
    expect(tr(loaded.problems[0]!.message)).toBe('whatsapp.json okunamadı');
    const schema = eff.problems.find((p) => p.path === 'base_url')!;
    expect(en(schema.message)).toBe('invalid value');
    expect(schema.technical_detail).toBeTruthy();
    expect(loaded.settings).toMatchObject({ phone_number_id: '5', environment: 'production' });
  });

  it('refuses a plain-http base_url except on loopback (the token would travel unencrypted)', () => {
    const remote = effectiveWhatsappSettings({ whatsapp: { phone_number_id: '1', access_token: 'ENV:T', base_url: 'http://graph.example.com' } }, {});
    expect(remote.problems).toContainEqual(expect.objectContaining({ severity: 'error', path: 'base_url' }));
    expect(remote.settings.base_url).toBe('https://graph.facebook.com');
    const local = effectiveWhatsappSettings({ whatsapp: { phone_number_id: '1', access_token: 'ENV:T', base_url: 'http://127.0.0.1:8123/' } }, {});
    expect(local.settings.base_url).toBe('http://127.0.0.1:8123');
    expect(local.problems.filter((p) => p.path === 'base_url')).toEqual([]);
  });

  it('OPTIPLAN_ENV beats system_config environment', () => {
    expect(effectiveWhatsappSettings({ system_config: { environment: 'development' } }, { OPTIPLAN_ENV: 'production' }).settings.environment).toBe('production');
    expect(effectiveWhatsappSettings({ system_config: { environment: 'production' } }, {}).settings.environment).toBe('production');
  });

  it('configured without a token reference or a WABA id: FAIL for the token, WARN for the WABA', () => {
    const eff = effectiveWhatsappSettings({ whatsapp: { phone_number_id: '1' } }, {});
    expect(eff.problems).toContainEqual(expect.objectContaining({ severity: 'error', path: 'access_token' }));
    expect(eff.problems).toContainEqual(expect.objectContaining({ severity: 'warning', path: 'business_account_id' }));
  });

  it('"enabled" is read from whatsapp.json (default true); a non-boolean is a problem, not a switch-off', () => {
    expect(effectiveWhatsappSettings({ whatsapp: { phone_number_id: '1', enabled: false } }, {}).settings.enabled).toBe(false);
    expect(effectiveWhatsappSettings({ whatsapp: { phone_number_id: '1' } }, {}).settings.enabled).toBe(true);
    const odd = effectiveWhatsappSettings({ whatsapp: { phone_number_id: '1', access_token: 'ENV:T', enabled: 'no' } }, {});
    expect(odd.settings.enabled).toBe(true);
    expect(odd.problems).toContainEqual(expect.objectContaining({ severity: 'error', path: 'enabled' }));
  });
});
