#!/usr/bin/env node
// The `optiplan360` command. Uses the compiled CLI in dist/ when it is newer than every source
// file (fast start), else runs the TypeScript sources through tsx (always current).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'main', 'cli', 'index.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) {
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

function compiledIsFresh() {
  try {
    const built = fs.statSync(compiled).mtimeMs;
    return built >= newestSource(path.join(root, 'main')) && built >= newestSource(path.join(root, 'shared'));
  } catch {
    return false;
  }
}

let entry;
if (process.env.OPTIPLAN_CLI_FROM_SOURCE !== '1' && compiledIsFresh()) {
  entry = pathToFileURL(compiled).href;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(path.join(root, 'main', 'cli', 'index.ts')).href;
}
const { main } = await import(entry);
try {
  await main(process.argv);
} catch (err) {
  process.stderr.write(`error E_INTERNAL: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
