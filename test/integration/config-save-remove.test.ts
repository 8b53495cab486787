// config.save's `remove` and whatsapp.save's removals on real files (issue 11): a removed
// template and a removed duplicate key are gone from the file (not blanked), every other key
// stays where it was, the file is written as the atomic writer writes it (2-space JSON and a
// final newline, the previous version kept as .bak, no temp file left), and a removal that is
// refused writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import { openTestCore, type TestCore } from '../helpers/core.js';
import { writeConfig } from '../helpers/temp.js';

const cores: TestCore[] = [];
afterEach(async () => {
  for (const c of cores.splice(0)) await c.cleanup();
});

async function open(): Promise<TestCore> {
  const tc = await openTestCore({}, { system: { whatsapp: { phone_number_id: '111222333', base_url: 'https://graph.facebook.com', provider: 'meta' } } });
  cores.push(tc);
  // The audit rows are read back: the schema is there.
  await tc.core.migrations.up();
  return tc;
}

const WHATSAPP = {
  enabled: false,
  phone_number_id: '444555666',
  api_version: 'v23.0',
  templates: {
    order_ready: { name: 'order_ready', language: 'tr' },
    delivery_reminder: { name: 'delivery_reminder', language: 'tr' },
  },
  // A key the console does not know: kept as it is.
  note_for_ops: 'şube 3 numarası',
};

const file = (tc: TestCore, name: string) => path.join(tc.dataDir, 'config', name);
const read = (tc: TestCore, name: string) => fs.readFileSync(file(tc, name), 'utf8');
const tempFiles = (tc: TestCore) => fs.readdirSync(path.join(tc.dataDir, 'config')).filter((f) => f.endsWith('.tmp'));

describe('whatsapp.save removes what the form removed', () => {
  it('a template deleted in the form is gone from whatsapp.json; the other keys stay in their order; written atomically', async () => {
    const tc = await open();
    writeConfig(tc.dataDir, 'whatsapp.json', WHATSAPP);
    const before = read(tc, 'whatsapp.json');
    const r = await tc.core.invoke('whatsapp.save', { phone_number_id: '444555666', templates: { order_ready: { name: 'order_ready', language: 'tr' } }, remove_templates: ['delivery_reminder'] }, tc.core.context('ipc'));
    expect(r.removed_templates).toEqual(['delivery_reminder']);
    const text = read(tc, 'whatsapp.json');
    expect(text).not.toContain('delivery_reminder');
    const after = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(after)).toEqual(Object.keys(WHATSAPP));
    expect(after).toEqual({ ...WHATSAPP, templates: { order_ready: { name: 'order_ready', language: 'tr' } } });
    // The writer's format, the previous version as .bak, nothing half-written left behind.
    expect(text).toBe(`${JSON.stringify(after, null, 2)}\n`);
    expect(fs.readFileSync(`${file(tc, 'whatsapp.json')}.bak`, 'utf8')).toBe(before);
    expect(tempFiles(tc)).toEqual([]);
    // The page reads what the file says.
    const view = await tc.core.invoke('whatsapp.settings', {}, tc.core.context('ipc'));
    expect(view.templates.map((t) => t.key)).toEqual(['order_ready']);
  });

  it('a template the form still sends is kept even when also named for removal', async () => {
    const tc = await open();
    writeConfig(tc.dataDir, 'whatsapp.json', WHATSAPP);
    const r = await tc.core.invoke('whatsapp.save', { templates: { order_ready: { name: 'order_ready_v2', language: 'tr' } }, remove_templates: ['order_ready'] }, tc.core.context('ipc'));
    expect(r.removed_templates).toEqual([]);
    expect((JSON.parse(read(tc, 'whatsapp.json')) as typeof WHATSAPP).templates.order_ready).toEqual({ name: 'order_ready_v2', language: 'tr' });
  });

  it('"remove the duplicate key from system_config.json" deletes the key (no blank left); the rest of the file is untouched', async () => {
    const tc = await open();
    writeConfig(tc.dataDir, 'whatsapp.json', WHATSAPP);
    const sysBefore = JSON.parse(read(tc, 'system_config.json')) as Record<string, unknown>;
    const viewBefore = await tc.core.invoke('whatsapp.settings', {}, tc.core.context('ipc'));
    expect(viewBefore.problems.some((p) => p.file === 'system_config.json' && p.path === 'whatsapp.phone_number_id')).toBe(true);
    const r = await tc.core.invoke('whatsapp.save', { phone_number_id: '444555666', clear_system_config: ['phone_number_id'] }, tc.core.context('ipc'));
    expect(r.cleared).toEqual(['phone_number_id']);
    const text = read(tc, 'system_config.json');
    expect(text).not.toContain('phone_number_id');
    expect(text).not.toContain('111222333');
    const sys = JSON.parse(text) as Record<string, Record<string, unknown>>;
    expect(sys.whatsapp).toEqual({ base_url: 'https://graph.facebook.com', provider: 'meta' });
    expect(Object.keys(sys)).toEqual(Object.keys(sysBefore));
    expect({ ...sys, whatsapp: null }).toEqual({ ...sysBefore, whatsapp: null });
    expect(text).toBe(`${JSON.stringify(sys, null, 2)}\n`);
    expect(tempFiles(tc)).toEqual([]);
    const viewAfter = await tc.core.invoke('whatsapp.settings', {}, tc.core.context('ipc'));
    expect(viewAfter.problems.filter((p) => p.path === 'whatsapp.phone_number_id')).toEqual([]);
  });
});

describe('config.save with remove', () => {
  it('deletes nested keys after the merge; a path that is not there changes nothing; the audit row has the old and new values', async () => {
    const tc = await open();
    const ctx = tc.core.context('cli');
    await tc.core.invoke('config.save', { file: 'system_config.json', patch: { language: 'en' }, remove: [['whatsapp', 'provider'], ['whatsapp', 'no_such_key'], ['no_such_section', 'x']] }, ctx);
    const sys = JSON.parse(read(tc, 'system_config.json')) as Record<string, Record<string, unknown>>;
    expect(sys.language).toBe('en');
    expect(sys.whatsapp).toEqual({ phone_number_id: '111222333', base_url: 'https://graph.facebook.com' });
    expect('no_such_section' in sys).toBe(false);
    const page = await tc.core.invoke('audit.list', { limit: 20 }, ctx);
    const row = page.rows.find((r) => r.action === 'CONFIG_SAVED' && r.target === 'system_config.json');
    expect(row?.old_value).toContain('"provider"');
    expect(row?.new_value).not.toContain('"provider"');
  });

  it('refused removals write nothing: an empty path (door and service), a removal leaving the file invalid', async () => {
    const tc = await open();
    writeConfig(tc.dataDir, 'whatsapp.json', WHATSAPP);
    const before = read(tc, 'whatsapp.json');
    const viaDoor = await tc.core.invoke('config.save', { file: 'whatsapp.json', patch: {}, remove: [[]] }, tc.core.context('cli')).then(() => null, (e: unknown) => e);
    expect(isAppError(viaDoor) && viaDoor.code).toBe('E_VALIDATION');
    const direct = await tc.core.config.save('whatsapp.json', {}, 'tester', { remove: [[]] }).then(() => null, (e: unknown) => e);
    expect(isAppError(direct) && direct.code).toBe('E_VALIDATION');
    if (isAppError(direct)) expect(translator('tr').t(direct.text)).toBe('whatsapp.json kaydedilmedi: silinecek anahtarın yolu boş (dosyanın tamamı silinmez).');
    // A template without its name is invalid: removing `name` is refused by the schema.
    const invalid = await tc.core.config.save('whatsapp.json', {}, 'tester', { remove: [['templates', 'order_ready', 'name']] }).then(() => null, (e: unknown) => e);
    expect(isAppError(invalid) && invalid.code).toBe('E_CONFIG_INVALID');
    expect(read(tc, 'whatsapp.json')).toBe(before);
    expect(fs.existsSync(`${file(tc, 'whatsapp.json')}.bak`)).toBe(false);
    expect(tempFiles(tc)).toEqual([]);
  });
});
