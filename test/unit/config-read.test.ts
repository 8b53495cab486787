import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeConfigText, parseJsonText } from '../../main/core/config/read-json.js';
import { loadConfigFile } from '../../main/core/config/config-files.js';
import { SystemConfigSchema } from '../../main/core/config/system-config.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const json = '{"environment":"production","database":{"url":"sqlite:şema.db"}}';

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

  it('malformed JSON gives one clear error naming the file, line and column', () => {
    expect(() => parseJsonText('{\n  "a": 1,\n  "b": }', 'whatsapp.json')).toThrow(/whatsapp\.json: not valid JSON at line 3, column \d+/);
  });

  it('a schema violation names the file, the JSON path and the expectation', () => {
    const t = tempDir();
    try {
      writeConfig(t.dir, 'system_config.json', { database: { ping_timeout_seconds: 'fast' } });
      expect(() => loadConfigFile(`${t.dir}/config`, 'system_config.json', SystemConfigSchema)).toThrow(
        /system_config\.json is invalid — database\.ping_timeout_seconds: .*number/,
      );
    } finally {
      t.remove();
    }
  });
});
