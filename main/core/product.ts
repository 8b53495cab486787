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

/**
 * Set by the bundles (build/bundle-defines.js). The bundled CLI runs from the installer's
 * resources/cli, with no package.json above it: then the root is the folder above the bundle's
 * (resources: config/ and dist-renderer/ are there) and the version is the one baked in.
 */
declare const __OPTIPLAN_BUNDLED_VERSION__: string | undefined;

function locate(): { root: string; version: string } {
  if (cached) return cached;
  const here = path.dirname(fileURLToPath(import.meta.url));
  let dir = here;
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
  if (typeof __OPTIPLAN_BUNDLED_VERSION__ === 'string') return (cached = { root: path.dirname(here), version: __OPTIPLAN_BUNDLED_VERSION__ });
  throw new Error('package.json of optiplan360-console not found');
}
