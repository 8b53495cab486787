/**
 * What the look-and-feel tests measure in the browser, page by page: the visible text runs
 * (outside technical-detail toggles, code, inputs and elements marked with another `lang`),
 * each run's contrast against the background it is painted on, sideways overflow, labels that
 * must stay on one line (nav entries, status badges), and words broken in the middle.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ENGLISH_WORDS, TURKISH_LETTERS, TURKISH_WORDS } from '../helpers/catalogue.js';
import { REPO } from '../helpers/cli.js';

export const SIZES = [
  { name: '1024x700', width: 1024, height: 700 },
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1920x1080', width: 1920, height: 1080 },
] as const;

export const PAGES = ['overview', 'database', 'mikro', 'whatsapp', 'backups', 'diagnostics', 'fleet', 'audit', 'settings'] as const;
export type PageName = (typeof PAGES)[number];

export const SCREENSHOT_DIR = path.join(REPO, 'test-results', 'screenshots');

export interface TextRun {
  text: string;
  ratio: number;
  large: boolean;
  where: string;
}

/** Every visible text run with its contrast ratio, computed from the painted colours (alpha blended over the ancestors' backgrounds). */
export async function textRuns(page: Page): Promise<TextRun[]> {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const parse = (c: string): RGBA => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return [0, 0, 0, 0];
      const p = m[1]!.split(/[ ,/]+/).filter(Boolean).map(Number);
      return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
    };
    const over = (top: RGBA, bottom: RGBA): RGBA => {
      const a = top[3] + bottom[3] * (1 - top[3]);
      if (a === 0) return [0, 0, 0, 0];
      const mix = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a;
      return [mix(0), mix(1), mix(2), a];
    };
    const background = (el: Element | null): RGBA => {
      const layers: RGBA[] = [];
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        const bg = parse(s.backgroundColor);
        const opacity = Number(s.opacity);
        if (bg[3] > 0) layers.push([bg[0], bg[1], bg[2], bg[3] * opacity]);
        if (bg[3] * opacity >= 1) break;
      }
      let out: RGBA = [255, 255, 255, 1];
      for (const l of layers.reverse()) out = over(l, out);
      return out;
    };
    const lum = ([r, g, b]: RGBA) => {
      const ch = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    const skip = (el: Element) => !!el.closest('.technical, pre, code, input, textarea, select, option, [aria-hidden="true"], .skip-link');
    const runs: { text: string; ratio: number; large: boolean; where: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!text || !el || skip(el)) continue;
      const rect = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (rect.width === 0 || rect.height === 0 || s.visibility === 'hidden' || el.closest('[hidden]')) continue;
      let opacity = 1;
      for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const bg = background(el);
      const fg = over([...parse(s.color).slice(0, 3), parse(s.color)[3] * opacity] as RGBA, bg);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x) as [number, number];
      const size = parseFloat(s.fontSize);
      const bold = Number(s.fontWeight) >= 700;
      runs.push({ text: text.slice(0, 60), ratio: (a + 0.05) / (b + 0.05), large: size >= 24 || (bold && size >= 18.66), where: `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}` });
    }
    return runs;
  });
}

/** The words a person reads on the page, or in its part `within` (no technical detail, code, or text marked as another language). */
export async function readableText(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate((selector) => {
    const out: string[] = [];
    const doc = document.documentElement.lang;
    const root = document.querySelector(selector) ?? document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = (n.textContent ?? '').trim();
      if (!el || !text) continue;
      if (el.closest('.technical, pre, code, script, style, option')) continue;
      const marked = el.closest('[lang]');
      if (marked && marked.getAttribute('lang') !== doc) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      out.push(text);
    }
    // Titles and labels read by screen readers too.
    root.querySelectorAll('[title], [aria-label], [placeholder]').forEach((e) => {
      if (e.closest('.technical, code, [lang]:not(html)')) return;
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = e.getAttribute(a);
        if (v) out.push(v);
      }
    });
    return out;
  }, within);
}

/** CLI commands named in a sentence ("… sonra: optiplan360 config check") are literal, not English. */
const withoutCommands = (s: string) => s.replace(/optiplan360(\s+[a-z][a-z-]*)+/g, ' ');
/** A Turkish text that reads as English: an English word outside quotes, product names, commands and SQL. */
/** Status-like words a screen could leak from a raw field (a "default" source, a "running" state). */
const ENGLISH_STATE_WORDS = /\b(default|unknown|running|success|pending|none|yes)\b/;
export const looksEnglish = (s: string) => {
  const text = withoutCommands(s).replace(/"[^"]*"|“[^”]*”/g, ' ');
  return ENGLISH_WORDS.test(text) || ENGLISH_STATE_WORDS.test(text);
};
export const looksTurkish = (s: string) => TURKISH_LETTERS.test(s) || TURKISH_WORDS.test(s);

/** How far the page scrolls sideways (0 = it fits). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Labels that must not wrap: each nav entry and each status badge is one line tall. */
export async function wrappedLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    document.querySelectorAll('.sidebar a, .badge').forEach((e) => {
      const el = e as HTMLElement;
      if (el.offsetParent === null) return;
      const lh = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.5;
      const pad = parseFloat(getComputedStyle(el).paddingTop) + parseFloat(getComputedStyle(el).paddingBottom);
      if (el.getBoundingClientRect().height - pad > lh * 1.5) bad.push(el.textContent ?? '');
    });
    return bad;
  });
}

/**
 * Words broken in the middle: for each word of each visible text run, the line boxes its Range
 * covers (Range.getClientRects); a word on two lines is broken. Breaks at a hyphen or a slash
 * are line breaks between parts, not inside one; code, technical detail, paths and hashes (which
 * may break anywhere) are left out. Returns "word (where)" for each broken word.
 */
export async function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const skip = (el: Element) => !!el.closest('.technical, pre, code, .path, .hash, input, textarea, select, option, [aria-hidden="true"], .skip-link, script, style');
    // A path, a URL, a file name, an address or a hash: allowed to break anywhere.
    const breakable = (w: string) => /[\\/:@]|\.[A-Za-z0-9]{1,5}$|^[0-9a-f]{12,}$/i.test(w) || w.length > 40;
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent ?? '';
      if (!el || !text.trim() || skip(el)) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      for (const m of text.matchAll(/\S+/g)) {
        if (breakable(m[0])) continue;
        // Parts between hyphens and slashes: a line may end after "-" or "/".
        for (const part of m[0].matchAll(/[^\-\u2010\u2011\u2013\u2014/]+/g)) {
          if (part[0].length < 2) continue;
          const start = m.index + part.index;
          const range = document.createRange();
          range.setStart(n, start);
          range.setEnd(n, start + part[0].length);
          const lines = new Set<number>();
          for (const r of Array.from(range.getClientRects())) if (r.width > 0.5 && r.height > 0) lines.add(Math.round(r.top + r.height / 2));
          // Rects of one line share a middle; two middles further apart than half a line = two lines.
          const mids = [...lines].sort((a, b) => a - b);
          const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.2;
          if (mids.length > 1 && mids[mids.length - 1]! - mids[0]! > lineHeight / 2) {
            bad.push(`${part[0]} (${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(/\s+/).join('.') : ''})`);
          }
        }
      }
    }
    return bad;
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Open a page of the console and wait until nothing on it is still loading. */
export async function openPage(page: Page, baseUrl: string, name: PageName): Promise<void> {
  await page.evaluate((n) => (window.location.hash = `#/${n}`), name).catch(() => undefined);
  await page.locator(`[data-testid="nav-${name}"][aria-current="page"]`).waitFor({ state: 'attached' });
  await page.locator('main h2').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('main [data-status="loading"]').length === 0);
  // Let the queries the page started answer (react-query paints them in the next frame).
  await page.waitForTimeout(400);
  void baseUrl;
}
