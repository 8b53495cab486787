/**
 * The message catalogues: Turkish and English have the same keys and the same placeholders,
 * no text is empty, Turkish texts are Turkish and English ones English, and every key the code
 * names exists (a walk over the sources finds them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGLISH_WORDS, leaves, TURKISH_LETTERS, TURKISH_WORDS, type Tree } from '../helpers/catalogue.js';
import { en } from '../../shared/i18n/en/index.js';
import { tr } from '../../shared/i18n/tr/index.js';
import { ui as enUi } from '../../shared/i18n/en/ui.js';
import { ui as trUi } from '../../shared/i18n/tr/ui.js';
import { translator } from '../../shared/i18n/translator.js';


// The core's messages and the screens' own texts (namespace `ui.` here) are checked alike.
const trLeaves = new Map([...leaves(tr as unknown as Tree), ...leaves({ ui: trUi } as unknown as Tree)]);
const enLeaves = new Map([...leaves(en as unknown as Tree), ...leaves({ ui: enUi } as unknown as Tree)]);
/** Keys that pick their own language's text from a stored pair (reports stored before messages). */
const LANGUAGE_PICKS = new Set(['report.legacy.text']);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([A-Za-z0-9_]+)/g)].map((m) => m[1]).sort();


describe('message catalogues', () => {
  it('Turkish and English have exactly the same keys', () => {
    const missingInEn = [...trLeaves.keys()].filter((k) => !enLeaves.has(k));
    const extraInEn = [...enLeaves.keys()].filter((k) => !trLeaves.has(k));
    expect(missingInEn).toEqual([]);
    expect(extraInEn).toEqual([]);
    expect(trLeaves.size).toBeGreaterThan(100);
  });

  it('no text is empty and both languages use the same placeholders', () => {
    const problems: string[] = [];
    for (const [k, t] of trLeaves) {
      const e = enLeaves.get(k) ?? '';
      if (!t.trim()) problems.push(`tr ${k} is empty`);
      if (!e.trim()) problems.push(`en ${k} is empty`);
      if (!LANGUAGE_PICKS.has(k) && placeholders(t).join() !== placeholders(e).join()) problems.push(`${k}: tr {${placeholders(t)}} en {${placeholders(e)}}`);
    }
    expect(problems).toEqual([]);
  });

  it('Turkish texts carry no English words, English texts no Turkish letters or words', () => {
    const strip = (s: string) => s.replace(/\{\{[^}]*\}\}/g, ' ').replace(/"[^"]*"|`[^`]*`|optiplan360 [a-z -]+/g, ' ');
    const englishInTr = [...trLeaves].filter(([, t]) => ENGLISH_WORDS.test(strip(t))).map(([k, t]) => `${k}: ${t}`);
    const turkishInEn = [...enLeaves].filter(([, t]) => TURKISH_LETTERS.test(strip(t)) || TURKISH_WORDS.test(strip(t))).map(([k, t]) => `${k}: ${t}`);
    expect(englishInTr).toEqual([]);
    expect(turkishInEn).toEqual([]);
  });

  it('every catalogue key the code names exists in both languages', () => {
    const root = path.resolve(__dirname, '../..');
    const namespaces = Object.keys(tr).join('|');
    // msg('a.b'), text('a.b'), key: 'a.b' — string literals that start with a catalogue namespace.
    const pattern = new RegExp(`(?<![A-Za-z0-9_.])(?:msg|text|t)\\(\\s*'((?:${namespaces})\\.[A-Za-z0-9_.]+)'|key:\\s*'((?:${namespaces})\\.[A-Za-z0-9_.]+)'`, 'g');
    const used = new Map<string, string>();
    for (const dir of ['main', 'shared']) {
      for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || entry.parentPath.includes(`${path.sep}i18n`)) continue;
        const file = path.join(entry.parentPath, entry.name);
        for (const m of fs.readFileSync(file, 'utf8').matchAll(pattern)) used.set(m[1] ?? m[2]!, path.relative(root, file));
      }
    }
    const plural = (k: string) => trLeaves.has(`${k}_one`) || trLeaves.has(`${k}_other`);
    const missing = [...used].filter(([k]) => !(trLeaves.has(k) || plural(k)) || !(enLeaves.has(k) || plural(k))).map(([k, f]) => `${k} (${f})`);
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(20);
  });

  it('every screen text the renderer names exists in both languages', () => {
    const root = path.resolve(__dirname, '../..');
    const used = new Map<string, string>();
    for (const entry of fs.readdirSync(path.join(root, 'renderer/src'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/(?<![A-Za-z0-9_.])t\(\s*'([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)'/g)) used.set(m[1]!, path.relative(root, file));
    }
    // Screen texts live under `ui.`; a few screens also name a core message (`{ ns: 'msg' }`).
    const known = (k: string) => ['', '_one', '_other'].some((p) => [`ui.${k}${p}`, `${k}${p}`].some((x) => trLeaves.has(x) && enLeaves.has(x)));
    expect([...used].filter(([k]) => !known(k)).map(([k, f]) => `${k} (${f})`)).toEqual([]);
    expect(used.size).toBeGreaterThan(50);
  });

  it('every error code has a message and a next step in both languages', async () => {
    const { ERROR_CODES } = await import('../../shared/errors.js');
    for (const lang of ['tr', 'en'] as const) {
      const t = translator(lang);
      for (const code of ERROR_CODES) {
        expect(t.has(`errors.${code}.message`), `${lang} errors.${code}.message`).toBe(true);
        expect(t.has(`errors.${code}.next_step`), `${lang} errors.${code}.next_step`).toBe(true);
      }
    }
  });
});
