/**
 * The console screens' catalogue (shared/i18n/{tr,en}/ui.ts, i18next namespace `translation`):
 * Turkish and English have the same keys and placeholders, Turkish is Turkish and English is
 * English, every key the renderer names exists, and every formatter a text names is registered.
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ENGLISH_WORDS, leaves, TURKISH_LETTERS, TURKISH_WORDS, type Tree } from '../helpers/catalogue.js';
import { ui as en } from '../../shared/i18n/en/ui.js';
import { addFormatters, MESSAGE_NS, MESSAGE_RESOURCES } from '../../shared/i18n/translator.js';
import { ui as tr } from '../../shared/i18n/tr/ui.js';

const trLeaves = leaves(tr as unknown as Tree);
const enLeaves = leaves(en as unknown as Tree);
const msgLeaves = leaves(MESSAGE_RESOURCES.tr[MESSAGE_NS] as unknown as Tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([A-Za-z0-9_]+)(?:\s*,\s*([a-z]+))?/g)].map((m) => `${m[1]}${m[2] ? `,${m[2]}` : ''}`).sort();


describe('UI catalogue', () => {
  it('Turkish and English have the same keys, no empty text, the same placeholders and formatters', () => {
    expect([...trLeaves.keys()].filter((k) => !enLeaves.has(k))).toEqual([]);
    expect([...enLeaves.keys()].filter((k) => !trLeaves.has(k))).toEqual([]);
    const problems: string[] = [];
    for (const [k, t] of trLeaves) {
      const e = enLeaves.get(k) ?? '';
      if (!t.trim() || !e.trim()) problems.push(`${k} empty`);
      if (placeholders(t).join() !== placeholders(e).join()) problems.push(`${k}: tr {${placeholders(t)}} en {${placeholders(e)}}`);
    }
    expect(problems).toEqual([]);
    expect(trLeaves.size).toBeGreaterThan(150);
  });

  it('Turkish texts carry no English words, English texts no Turkish', () => {
    const strip = (s: string) => s.replace(/\{\{[^}]*\}\}/g, ' ').replace(/"[^"]*"|\([A-Z][A-Za-z ]+\)/g, ' ');
    expect([...trLeaves].filter(([, t]) => ENGLISH_WORDS.test(strip(t))).map(([k, t]) => `${k}: ${t}`)).toEqual([]);
    expect([...enLeaves].filter(([, t]) => TURKISH_LETTERS.test(strip(t)) || TURKISH_WORDS.test(strip(t))).map(([k, t]) => `${k}: ${t}`)).toEqual([]);
  });

  it('every key the renderer names exists: UI keys in `translation`, `{ ns: MESSAGE_NS }` keys in the messages', () => {
    const root = path.resolve(__dirname, '../../renderer/src');
    const used: { key: string; ns: 'ui' | 'msg'; file: string }[] = [];
    const dynamic: string[] = [];
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      const src = fs.readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?<![A-Za-z0-9_.])t\(\s*(['`])([^'`]+)\1([^)]*)\)/g)) {
        const [, quote, key, rest] = m as unknown as [string, string, string, string];
        const ns = /ns:\s*MESSAGE_NS/.test(rest) ? 'msg' : 'ui';
        if (quote === '`') dynamic.push(key);
        else used.push({ key, ns, file: path.relative(root, file) });
      }
    }
    const missing = used.filter((u) => !(u.ns === 'msg' ? msgLeaves : trLeaves).has(u.key)).map((u) => `${u.ns}:${u.key} (${u.file})`);
    expect(missing).toEqual([]);
    expect(used.length).toBeGreaterThan(100);
    // Template keys (`status.${s}`): their fixed prefix must be a subtree of the catalogue.
    const badPrefix = dynamic
      .map((k) => k.slice(0, k.indexOf('${')))
      .filter((prefix) => prefix && ![...trLeaves.keys(), ...msgLeaves.keys()].some((k) => k.startsWith(prefix)));
    expect(badPrefix).toEqual([]);
  });

  it('the renderer instance formats with the shared formatters in both languages', async () => {
    const i = i18next.createInstance();
    await i.init({ lng: 'tr', resources: { tr: { translation: tr }, en: { translation: en } }, interpolation: { escapeValue: false }, showSupportNotice: false } as Parameters<typeof i.init>[0]);
    addFormatters(i);
    expect(i.t('database.upgraded', { count: 3, ms: 0.42 })).toBe('3 migration uygulandı (0,4 ms).');
    expect(i.t('backups.verifyFigures', { tables: 12, rows: 20_480, ms: 2500 })).toBe('12 tablo, 20.480 satır (2,5 sn)');
    expect(i.t('audit.exported', { rows: 1234 })).toBe('1.234 kayıt dışa aktarıldı.');
    const ago = new Date(Date.now() - 17 * 60_000).toISOString();
    expect(i.t('overview.lastCheckedAt', { at: ago })).toMatch(/^17 dakika önce \(\d\d\.\d\d\.\d{4} \d\d:\d\d .+\)$/);
    await i.changeLanguage('en');
    expect(i.t('database.upgraded', { count: 3, ms: 0.42 })).toBe('3 migration(s) applied (0.4 ms).');
    expect(i.t('backups.verifyFigures', { tables: 12, rows: 20_480, ms: 2500 })).toBe('12 tables, 20,480 rows (2.5 s)');
    expect(i.t('overview.lastCheckedAt', { at: ago })).toMatch(/^17 minutes ago \(/);
  });
});
