// kill -9 at seeded random moments during config saves and first-run seeding: the live file is
// always whole, the `.bak` is never empty, every file is 0600, orphan temp files are swept at the
// next start, and a seeding killed midway is completed (an emptied file re-seeded) by the next one.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepOrphanTemps } from '../../main/core/config/atomic-write.js';
import { CONFIG_FILES, defaultTemplatesDir, seedConfigDir } from '../../main/core/config/config-files.js';
import { ConfigService } from '../../main/core/config/config-service.js';
import { SystemConfigSchema } from '../../main/core/config/system-config.js';
import { translator } from '../../shared/i18n/translator.js';
import { tempDir } from '../helpers/temp.js';
import { seeded } from './faults-helpers.js';
import { killAfter } from './kill-helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const KILLS = 8;
const mode = (f: string) => fs.statSync(f).mode & 0o777;
const temps = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('kill -9 during config writes', { timeout: 300_000 }, () => {
  it(`config saves: ${KILLS} kills — live file valid, .bak whole, 0600, orphans swept`, async () => {
    const t = tempDir('optiplan-killcfg-');
    cleanups.push(() => t.remove());
    seedConfigDir(t.dir, defaultTemplatesDir());
    const rnd = seeded(1401);
    let orphansSeen = 0;
    for (let k = 0; k < KILLS; k++) {
      await killAfter(['config', t.dir], Math.floor(rnd() * 400));
      const live = path.join(t.dir, 'system_config.json');
      expect(SystemConfigSchema.safeParse(JSON.parse(fs.readFileSync(live, 'utf8'))).success).toBe(true);
      expect(mode(live)).toBe(0o600);
      const bak = `${live}.bak`;
      if (fs.existsSync(bak)) {
        expect(fs.statSync(bak).size).toBeGreaterThan(0);
        expect(() => JSON.parse(fs.readFileSync(bak, 'utf8'))).not.toThrow();
        expect(mode(bak)).toBe(0o600);
      }
      orphansSeen += temps(t.dir).length;
      // The next start sweeps what the killed process left.
      seedConfigDir(t.dir, defaultTemplatesDir());
      expect(temps(t.dir)).toEqual([]);
    }
    expect(fs.existsSync(path.join(t.dir, 'system_config.json.bak'))).toBe(true);
    // Not asserted to be > 0: where the kill lands is chance; the count is reported for the record.
    expect(orphansSeen).toBeGreaterThanOrEqual(0);
  });

  it(`first-run seeding: ${KILLS} kills — the next start leaves every template whole`, async () => {
    const t = tempDir('optiplan-killseed-');
    cleanups.push(() => t.remove());
    const templates = defaultTemplatesDir();
    const rnd = seeded(1402);
    for (let k = 0; k < KILLS; k++) {
      await killAfter(['seed', t.dir, templates], Math.floor(rnd() * 300));
      for (const f of fs.readdirSync(t.dir).filter((n) => !n.endsWith('.tmp'))) {
        // Whatever the kill left: a template under its final name is whole, never partial.
        expect(fs.readFileSync(path.join(t.dir, f)).equals(fs.readFileSync(path.join(templates, f)))).toBe(true);
      }
      seedConfigDir(t.dir, templates);
      for (const name of CONFIG_FILES) {
        const file = path.join(t.dir, name);
        expect(fs.readFileSync(file).equals(fs.readFileSync(path.join(templates, name)))).toBe(true);
        expect(mode(file)).toBe(0o600);
      }
      expect(temps(t.dir)).toEqual([]);
    }
  });

  it('an empty (0-byte) seeded file is seeded again; an operator’s file is never replaced', () => {
    const t = tempDir('optiplan-seed-');
    cleanups.push(() => t.remove());
    fs.writeFileSync(path.join(t.dir, 'whatsapp.json'), '');
    fs.writeFileSync(path.join(t.dir, 'system_config.json'), '{"environment":"prod"}\n');
    fs.writeFileSync(path.join(t.dir, '.mikro_connection.json.999999.0badc0de.tmp'), '{"half":');
    const seeded1 = seedConfigDir(t.dir, defaultTemplatesDir());
    expect(seeded1).toContain('whatsapp.json');
    expect(seeded1).not.toContain('system_config.json');
    expect(fs.readFileSync(path.join(t.dir, 'system_config.json'), 'utf8')).toBe('{"environment":"prod"}\n');
    expect(fs.statSync(path.join(t.dir, 'whatsapp.json')).size).toBeGreaterThan(0);
    expect(temps(t.dir)).toEqual([]);
    expect(sweepOrphanTemps(t.dir)).toEqual([]);
  });
});

describe('config.save refuses unreasonable input', () => {
  it('nesting deeper than the limit and files larger than the limit: E_VALIDATION with a clear message, nothing written', async () => {
    const t = tempDir('optiplan-cfglimit-');
    cleanups.push(() => t.remove());
    seedConfigDir(t.dir, defaultTemplatesDir());
    const svc = new ConfigService(t.dir, { record: async () => undefined }, () => null);
    const file = path.join(t.dir, 'system_config.json');
    const before = fs.readFileSync(file, 'utf8');
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 3_000; i++) deep = { a: deep };
    const err1 = await svc.save('system_config.json', { deep }, 'op').catch((e: unknown) => e);
    expect(err1).toMatchObject({ code: 'E_VALIDATION' });
    const tr = translator('tr');
    expect(tr.t((err1 as { text: never }).text)).toMatch(/system_config\.json kaydedilmedi: değer 32 düzeyden daha derin/);
    const big = await svc.save('system_config.json', { blob: 'x'.repeat(2 * 1024 * 1024) }, 'op').catch((e: unknown) => e);
    expect(big).toMatchObject({ code: 'E_VALIDATION' });
    expect(translator('en').t((big as { text: never }).text)).toMatch(/the limit is 1 MB|the limit is 1\.0 MB|limit is/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    // A sane nested change still saves.
    await svc.save('system_config.json', { ui: { table: { columns: { width: 3 } } } }, 'op');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).ui.table.columns.width).toBe(3);
  });
});
