import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeConfigText, locatePath, parseJsonText } from '../../main/core/config/read-json.js';
import { isAppError, type AppError } from '../../shared/errors.js';
import { translator } from '../../shared/i18n/translator.js';
import type { Message } from '../../shared/messages.js';
import { loadConfigFile } from '../../main/core/config/config-files.js';
import { SystemConfigSchema } from '../../main/core/config/system-config.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const json = '{"environment":"production","database":{"url":"sqlite:şema.db"}}';
const tr = translator('tr');
const en = translator('en');

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error('expected a throw');
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
}

describe('reading config files in every encoding the older system shipped (R-CFG-2)', () => {
  it.each([
    ['utf-8', Buffer.from(json, 'utf8')],
    ['utf-8-bom', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, 'utf8')])],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')])],
    ['utf-16be', utf16be(json)],
  ])('%s decodes to the same JSON', (encoding, buf) => {
    const decoded = decodeConfigText(buf);
    expect(decoded.encoding).toBe(encoding);
    expect(JSON.parse(decoded.text)).toEqual(JSON.parse(json));
  });

  it('a UTF-16LE file with BOM on disk loads and validates', () => {
    const t = tempDir();
    try {
      writeConfig(t.dir, 'system_config.json', '');
      const file = `${t.dir}/config/system_config.json`;
      fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')]));
      const loaded = loadConfigFile(`${t.dir}/config`, 'system_config.json', SystemConfigSchema);
      expect(loaded.encoding).toBe('utf-16le');
      expect(loaded.value.environment).toBe('production');
      expect(loaded.value.database.auto_migrate_on_startup).toBe(true);
    } finally {
      t.remove();
    }
  });

  it('malformed JSON gives one clear error naming the file, line and column, in the reader\'s language', () => {
    expect(() => parseJsonText('{\n  "a": 1,\n  "b": }', 'whatsapp.json')).toThrow(/whatsapp\.json: not valid JSON at line 3, column \d+/);
    const e = thrown(() => parseJsonText('{\n  "a": 1,\n  "b": }', 'whatsapp.json'));
    expect(e.code).toBe('E_CONFIG_INVALID');
    expect(tr.t(e.text)).toMatch(/^whatsapp\.json geçerli bir JSON değil: satır 3, sütun \d+\.$/);
    expect(en.t(e.text)).toMatch(/^whatsapp\.json is not valid JSON: line 3, column \d+\.$/);
    // The parser's English stays technical.
    expect(e.technicalDetail).toMatch(/Unexpected token/);
    expect(tr.t(e.text)).not.toMatch(/Unexpected/);
  });

  it('locatePath finds where a JSON path sits: nested keys, array items, a missing key at its object', () => {
    const text = '{\n  "host": "db",\n  "databases": [\n    { "name": "a" },\n    { "name": "b", "port": "x" }\n  ],\n  "nested": { "deep": { "v": 1 } }\n}\n';
    expect(locatePath(text, ['host'])).toEqual({ line: 2, column: 11 });
    expect(locatePath(text, ['databases', 1, 'port'])).toEqual({ line: 5, column: 28 });
    expect(locatePath(text, ['databases', 0])).toEqual({ line: 4, column: 5 });
    expect(locatePath(text, ['nested', 'deep', 'v'])).toEqual({ line: 7, column: 30 });
    // Not there: the deepest part that is (the "nested" object's value).
    expect(locatePath(text, ['nested', 'missing'])).toEqual({ line: 7, column: 13 });
    expect(locatePath(text, [])).toEqual({ line: 1, column: 1 });
    expect(locatePath('{"a": ', ['a'])).toBeNull();
  });

  it('a schema violation names the file, the JSON path and the expectation', () => {
    const t = tempDir();
    try {
      writeConfig(t.dir, 'system_config.json', { database: { ping_timeout_seconds: 'fast' } });
      expect(() => loadConfigFile(`${t.dir}/config`, 'system_config.json', SystemConfigSchema)).toThrow(
        /system_config\.json is invalid — database\.ping_timeout_seconds: .*number/,
      );
      const e = thrown(() => loadConfigFile(`${t.dir}/config`, 'system_config.json', SystemConfigSchema));
      // writeConfig writes two-space JSON: "ping_timeout_seconds" is on line 3, its value at column 29.
      expect(tr.t(e.text)).toBe('system_config.json geçersiz: system_config.json, database.ping_timeout_seconds (satır 3, sütun 29): “database.ping_timeout_seconds” alanı: beklenen türde değil (number)');
      expect(en.t(e.details[0]!.message as Message)).toMatch(/^system_config\.json, database\.ping_timeout_seconds \(line 3, column 29\): /);
    } finally {
      t.remove();
    }
  });
});
