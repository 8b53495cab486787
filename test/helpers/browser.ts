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

/** The UI must be built (npm test does it); fail clearly otherwise. */
export function builtUiDir(): string {
  const dir = path.join(REPO, 'dist-renderer');
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error('dist-renderer/ is missing: run `npm run build:renderer` first (npm test does)');
  return dir;
}
