/**
 * The console UI's download: what the browser must fetch before the Overview shows, compressed
 * as `serve` sends it (brotli, and gzip for clients without it). Builds the renderer first
 * (vite build, about a second) and reads dist-renderer/.vite/manifest.json to follow imports.
 *
 * Figures: `initial` = index.html's entry chunk and its static imports (what <script>/modulepreload
 * load); `first_paint` = initial + the Turkish catalogue + the Overview page chunk (loaded before
 * the first screen appears); `largest_page` = the biggest page chunk with its own imports.
 * Budget (issue 11): initial JS ≤ 100 KB compressed, brotli AND gzip (what a client without
 * brotli gets); the run fails above either. BENCH_UI_DIR measures another build (e.g. one made
 * with `npx vite build --outDir DIR`) instead of building dist-renderer/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { report } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const OUT = process.env.BENCH_UI_DIR ? path.resolve(process.env.BENCH_UI_DIR) : path.join(ROOT, 'dist-renderer');
/** The initial JS budget, for each encoding `serve` sends. */
const BUDGET = 100 * 1024;

interface Chunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
}

if (!process.env.BENCH_NO_BUILD && !process.env.BENCH_UI_DIR) execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
const manifest = JSON.parse(fs.readFileSync(path.join(OUT, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;

/** A chunk and everything it imports statically (what loading it costs), as file names. */
function closure(keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const walk = (k: string) => {
    if (seen.has(k)) return;
    seen.add(k);
    const c = manifest[k];
    if (!c) throw new Error(`manifest has no ${k}`);
    files.add(c.file);
    for (const css of c.css ?? []) files.add(css);
    for (const i of c.imports ?? []) walk(i);
  };
  keys.forEach(walk);
  return files;
}

function sizes(files: Iterable<string>): { raw: number; gzip: number; brotli: number; js_brotli: number; js_gzip: number } {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  let jsBrotli = 0;
  let jsGzip = 0;
  for (const f of files) {
    const data = fs.readFileSync(path.join(OUT, f));
    raw += data.length;
    const gz = zlib.gzipSync(data, { level: 9 }).length;
    gzip += gz;
    if (f.endsWith('.js')) jsGzip += gz;
    const br = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    brotli += br;
    if (f.endsWith('.js')) jsBrotli += br;
  }
  return { raw, gzip, brotli, js_brotli: jsBrotli, js_gzip: jsGzip };
}

const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
const show = (s: ReturnType<typeof sizes>) => ({ raw_kb: kb(s.raw), gzip_kb: kb(s.gzip), brotli_kb: kb(s.brotli), js_gzip_kb: kb(s.js_gzip), js_brotli_kb: kb(s.js_brotli) });

const initial = closure(['index.html']);
const trCatalogue = Object.keys(manifest).filter((k) => /shared\/i18n\/tr\/(index|ui)\.ts$/.test(k));
const firstPaint = new Set([...initial, ...closure(['src/pages/OverviewPage.tsx', ...trCatalogue])]);
const pages = Object.keys(manifest).filter((k) => k.startsWith('src/pages/'));
const perPage = pages.map((p) => ({ page: path.basename(p, '.tsx'), ...show(sizes([...closure([p])].filter((f) => !initial.has(f)))) }));
const largest = perPage.sort((a, b) => b.brotli_kb - a.brotli_kb)[0];
const maps = fs.readdirSync(OUT, { recursive: true }).map(String).filter((f) => f.endsWith('.map'));

const init = sizes(initial);
report('ui-bundle.initial', { files: [...initial], ...show(init), budget_kb: kb(BUDGET) });
report('ui-bundle.first_paint', { files: firstPaint.size, ...show(sizes(firstPaint)) });
report('ui-bundle.largest_page', { ...largest });
report('ui-bundle.source_maps', { count: maps.length });
const over = [init.js_brotli > BUDGET && `${kb(init.js_brotli)} KB brotli`, init.js_gzip > BUDGET && `${kb(init.js_gzip)} KB gzip`].filter(Boolean);
if (over.length > 0) {
  console.error(`initial JS is ${over.join(' and ')}, over the ${kb(BUDGET)} KB budget`);
  process.exit(1);
}
