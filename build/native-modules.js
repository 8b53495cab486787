// Which packages the bundles (vite.cli.config.ts, vite.host.config.ts, vite.main.config.ts)
// leave outside: every production dependency that ships a compiled `.node` file (today
// better-sqlite3 and keytar), since a bundler cannot inline a native addon and each must be
// built for the runtime that loads it (Electron's ABI in the product). `runtimeClosure` is what
// such a package needs at run time beside it (bindings, file-uri-to-path, …): the installer
// copies exactly these next to the CLI, and the bundled-CLI test builds the same folder.
import fs from 'node:fs';
import path from 'node:path';

/** Needed to install or build a native package, never to load it. */
const INSTALL_ONLY = new Set(['prebuild-install', 'node-addon-api', 'node-gyp', 'nan']);

function readPkg(root, name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'));
  } catch {
    return null;
  }
}

function hasNodeFile(dir, depth = 0) {
  if (depth > 4) return false;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (e.isFile() && e.name.endsWith('.node')) return true;
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'src' && e.name !== 'deps' && hasNodeFile(path.join(dir, e.name), depth + 1)) return true;
  }
  return false;
}

/** The production dependencies of the app, transitively (hoisted node_modules layout). */
export function productionClosure(root) {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const seen = new Set();
  const queue = Object.keys(app.dependencies ?? {});
  while (queue.length) {
    const name = queue.shift();
    if (seen.has(name)) continue;
    const pkg = readPkg(root, name);
    if (!pkg) continue;
    seen.add(name);
    queue.push(...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {}));
  }
  return [...seen].sort();
}

/** Production packages holding a compiled addon: external in every bundle. */
export function nativePackages(root) {
  return productionClosure(root).filter((name) => hasNodeFile(path.join(root, 'node_modules', name)));
}

/** The native packages plus what they load at run time (not what builds them). */
export function runtimeClosure(root, names = nativePackages(root)) {
  const seen = new Set();
  const queue = [...names];
  while (queue.length) {
    const name = queue.shift();
    if (seen.has(name) || INSTALL_ONLY.has(name)) continue;
    const pkg = readPkg(root, name);
    if (!pkg) continue;
    seen.add(name);
    queue.push(...Object.keys(pkg.dependencies ?? {}));
  }
  return [...seen].sort();
}

/**
 * What of a runtime package is loaded at run time (electron-builder filter syntax): its
 * package.json, its JavaScript and its compiled addon — not the C sources (better-sqlite3's
 * deps/ is 20 MB of SQLite) nor the build's object files. The installer's extraResources filter
 * (electron-builder.yml) lists the same patterns; a test keeps the two equal.
 */
export const RUNTIME_FILES = ['package.json', '*.js', 'lib/**', 'build/Release/*.node', '!build/Release/test_extension.node'];

/** Copy the runtime closure into `destNodeModules` with RUNTIME_FILES (the installer's layout). */
export function copyRuntimeModules(root, destNodeModules, names = runtimeClosure(root)) {
  for (const name of names) {
    const from = path.join(root, 'node_modules', name);
    const to = path.join(destNodeModules, name);
    fs.mkdirSync(to, { recursive: true });
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
      if (e.isFile() && (e.name === 'package.json' || e.name.endsWith('.js'))) fs.copyFileSync(path.join(from, e.name), path.join(to, e.name));
    }
    if (fs.existsSync(path.join(from, 'lib'))) fs.cpSync(path.join(from, 'lib'), path.join(to, 'lib'), { recursive: true });
    const release = path.join(from, 'build', 'Release');
    if (fs.existsSync(release)) {
      fs.mkdirSync(path.join(to, 'build', 'Release'), { recursive: true });
      for (const f of fs.readdirSync(release)) {
        if (f.endsWith('.node') && f !== 'test_extension.node') fs.copyFileSync(path.join(release, f), path.join(to, 'build', 'Release', f));
      }
    }
  }
  return names;
}
