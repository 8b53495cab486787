#!/usr/bin/env node
// The `optiplan360` command in a source checkout. Runs the bundled CLI (dist/cli/optiplan360.cjs,
// what the installer ships and `npm run build` writes) when it is newer than every source file
// and build input, else the TypeScript sources through tsx (always current). So `npm test`, which
// builds first, drives the shipped bundle, and a source edited since the build is never hidden
// by a stale bundle. OPTIPLAN_CLI_FROM_SOURCE=1 forces the sources.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'cli', 'optiplan360.cjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|js)$/.test(entry.name)) {
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

function bundleIsFresh() {
  try {
    const built = fs.statSync(bundle).mtimeMs;
    const inputs = ['package.json', 'vite.cli.config.ts'].map((f) => fs.statSync(path.join(root, f)).mtimeMs);
    return [...inputs, ...['main', 'shared', 'build'].map((d) => newestSource(path.join(root, d)))].every((t) => built >= t);
  } catch {
    return false;
  }
}

if (process.env.OPTIPLAN_CLI_FROM_SOURCE !== '1' && bundleIsFresh()) {
  // The bundle runs itself (main/host/cli-entry.ts) with this process's argv.
  createRequire(import.meta.url)(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(pathToFileURL(path.join(root, 'main', 'cli', 'index.ts')).href);
  try {
    await main(process.argv);
  } catch (err) {
    process.stderr.write(`error E_INTERNAL: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
