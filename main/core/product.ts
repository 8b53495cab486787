/** Product name and version, read once from the package.json the code ships in. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVICE_NAME = 'OPTIPLAN360 API';

let cached: { root: string; version: string } | null = null;

/** The folder holding the console's package.json (the repo, or the app's asar root). */
export function packageRoot(): string {
  return locate().root;
}

export function productVersion(): string {
  return locate().version;
}

function locate(): { root: string; version: string } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'optiplan360-console') {
        cached = { root: dir, version: pkg.version ?? '0.0.0' };
        return cached;
      }
    }
    dir = path.dirname(dir);
  }
  throw new Error('package.json of optiplan360-console not found');
}
