/**
 * The diagnostics report printed to PDF by Chromium (as the desktop app's "PDF olarak kaydet"
 * does): the first page lists the problems, the passes follow compactly, and no page but the
 * last is more than 60 % blank. Pages are rasterised with pdftoppm (grey, low resolution) and
 * the blank part of each page is the run of white rows at its bottom.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiagnosticsReport } from '../../shared/diagnostics.js';
import { translator } from '../../shared/i18n/translator.js';
import { renderReport } from '../../main/core/diagnostics/index.js';
import { startServe, type RunningServer } from '../../main/server/serve.js';
import { builtUiDir, launchChromium } from '../helpers/browser.js';
import { tempDir, writeConfig } from '../helpers/temp.js';
import { SCREENSHOT_DIR } from './page-checks.js';

let browser: Browser;
let server: RunningServer;
let tmp: ReturnType<typeof tempDir>;
let report: DiagnosticsReport;

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  tmp = tempDir();
  writeConfig(tmp.dir, 'mikro_connection.json', { enabled: true, host: '127.0.0.1', port: await closedPort(), database: 'MikroDB_V16', username: 'optiplan_ro', password: 'VAULT:mikro_sql_password', timeout_seconds: 2, read_only: true });
  server = await startServe({ host: '127.0.0.1', port: 0, dataDir: tmp.dir, uiDir: builtUiDir() });
  report = (await server.core.invoke('diagnostics.run', {}, server.core.context('cli'))) as DiagnosticsReport;
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  tmp?.remove();
});

/** The blank fraction at the bottom of each page of `pdf`, from pdftoppm's PGM output. */
function blankFractions(pdf: string): number[] {
  const prefix = path.join(path.dirname(pdf), 'page');
  execFileSync('pdftoppm', ['-gray', '-r', '40', pdf, prefix]);
  const pages = fs.readdirSync(path.dirname(pdf)).filter((f) => f.startsWith('page') && f.endsWith('.pgm')).sort();
  return pages.map((f) => {
    const data = fs.readFileSync(path.join(path.dirname(pdf), f));
    // P5 <w> <h> <max>\n<bytes>
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'))!;
    const [w, h] = [Number(header[1]), Number(header[2])];
    const pixels = data.subarray(header[0].length);
    let last = 0;
    for (let y = 0; y < h; y++) {
      const row = pixels.subarray(y * w, (y + 1) * w);
      if (row.some((v) => v < 235)) last = y;
    }
    return 1 - last / h;
  });
}

describe('the diagnostics report as PDF (Chromium)', () => {
  for (const lang of ['tr', 'en'] as const) {
    it(`${lang}: problems on the first page, no page but the last more than 60 % blank`, async () => {
      const html = renderReport(report, 'html', { lang });
      const page = await browser.newPage();
      await page.setContent(html);
      const dir = fs.mkdtempSync(path.join(tmp.dir, `pdf-${lang}-`));
      const pdf = path.join(dir, 'report.pdf');
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      await page.close();
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      fs.copyFileSync(pdf, path.join(SCREENSHOT_DIR, `report-${lang}.pdf`));

      const firstPage = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-']).toString();
      const t = translator(lang);
      const problems = report.checks.filter((c) => c.status === 'FAIL' || c.status === 'WARN');
      expect(problems.length).toBeGreaterThan(0);
      expect(firstPage).toContain(t.text('report.problems', { count: problems.length }));
      const worst = problems.find((c) => c.status === 'FAIL') ?? problems[0]!;
      expect(firstPage.replace(/\s+/g, ' ')).toContain(t.t(worst.title).replace(/\s+/g, ' '));

      const blank = blankFractions(pdf);
      expect(blank.length).toBeGreaterThan(0);
      expect(blank.slice(0, -1).map((b) => Math.round(b * 100)).filter((b) => b > 60)).toEqual([]);
    });
  }
});
