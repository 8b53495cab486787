import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../main/core/config/atomic-write.js';
import { readConfigJson } from '../../main/core/config/config-reader.js';
import { tempDir } from '../helpers/temp.js';

describe('cached config reads', () => {
  it('returns the same frozen value while the file is unchanged, and the new one after any write', () => {
    const t = tempDir();
    try {
      const file = path.join(t.dir, 'x.json');
      expect(readConfigJson(file)).toMatchObject({ exists: false, raw: null });
      writeJsonAtomic(file, { a: { b: 1 } });
      const first = readConfigJson(file);
      expect(first.raw).toEqual({ a: { b: 1 } });
      expect(readConfigJson(file).raw).toBe(first.raw);
      expect(Object.isFrozen((first.raw as { a: object }).a)).toBe(true);
      expect(() => {
        (first.raw as { a: { b: number } }).a.b = 2;
      }).toThrow(TypeError);

      writeJsonAtomic(file, { a: { b: 3 } }); // same size, new inode (rename)
      expect(readConfigJson(file).raw).toEqual({ a: { b: 3 } });
      fs.writeFileSync(file, '{"a": {"b": 4}, "c": true}'); // in-place write, new size and mtime
      expect(readConfigJson(file).raw).toEqual({ a: { b: 4 }, c: true });
      fs.writeFileSync(file, '{ broken');
      expect(readConfigJson(file)).toMatchObject({ exists: true, raw: null, error: { code: 'E_CONFIG_INVALID' } });
      fs.rmSync(file);
      expect(readConfigJson(file).exists).toBe(false);
    } finally {
      t.remove();
    }
  });
});
