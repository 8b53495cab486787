// Build-time constants the bundles bake in. The bundled CLI runs from a folder without the
// app's package.json (resources/cli), so the product version travels inside the bundle
// (main/core/product.ts reads it when no package.json is found).
import fs from 'node:fs';
import path from 'node:path';

export function bundleDefines(root) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return { __OPTIPLAN_BUNDLED_VERSION__: JSON.stringify(pkg.version) };
}
