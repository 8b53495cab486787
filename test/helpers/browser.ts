/** Debian's Chromium driven by playwright-core (never a downloaded browser). */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { REPO } from './cli.js';

export const CHROMIUM = process.env.OPTIPLAN_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set OPTIPLAN_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * The UI must be built (npm test does it); fail clearly otherwise. OPTIPLAN_TEST_UI_DIR points the
 * browser tests at a renderer build elsewhere (a private one while dist-renderer/ is being rebuilt).
 */
export function builtUiDir(): string {
  const dir = process.env.OPTIPLAN_TEST_UI_DIR ?? path.join(REPO, 'dist-renderer');
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`${dir} has no index.html: run \`npm run build:renderer\` first (npm test does)`);
  return dir;
}
