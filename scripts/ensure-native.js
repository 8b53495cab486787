#!/usr/bin/env node
// Native modules (better-sqlite3, keytar) are compiled for one runtime at a time: Node (tests,
// CLI, serve) or Electron (the desktop app). `node scripts/ensure-native.js node|electron`
// rebuilds them for the one about to run, only when they are built for the other.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const marker = path.join(root, 'node_modules', '.optiplan-native-target');
const target = process.argv[2];
if (target !== 'node' && target !== 'electron') {
  console.error('usage: ensure-native.js node|electron');
  process.exit(64);
}
const current = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : 'node';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function loadsInNode() {
  const probe = "require('better-sqlite3'); require('keytar');";
  return spawnSync(process.execPath, ['-e', probe], { cwd: root, stdio: 'ignore' }).status === 0;
}

if (target === 'node') {
  if (current === 'node' && loadsInNode()) process.exit(0);
  console.log('Rebuilding native modules (better-sqlite3, keytar) for Node…');
  run('npm', ['rebuild', 'better-sqlite3', 'keytar']);
  if (!loadsInNode()) {
    console.error('better-sqlite3 or keytar still does not load in Node. On Linux install libsecret-1-dev, python3, make and g++.');
    process.exit(1);
  }
  fs.writeFileSync(marker, 'node\n');
} else {
  if (current === 'electron') process.exit(0);
  console.log('Rebuilding native modules (better-sqlite3, keytar) for Electron…');
  run('npx', ['electron-builder', 'install-app-deps']);
  fs.writeFileSync(marker, 'electron\n');
}
