#!/usr/bin/env node
// `npm start`: build the renderer and main process, make the native modules Electron's, and
// launch the desktop app on the embedded SQLite default (or whatever the config says).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shell = process.platform === 'win32';
const step = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

let electronBinary;
try {
  electronBinary = createRequire(import.meta.url)('electron');
} catch (err) {
  console.error(
    `The Electron binary is not installed (${err.message}).\n` +
      'It is downloaded by electron\'s own install step; if you installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, run:\n' +
      '  node node_modules/electron/install.js\n' +
      'Without Electron you can use the same console in a browser: npm run serve',
  );
  process.exit(1);
}
// The binary is checked first: without it there is nothing to build or rebuild for.
step('npm', ['run', 'build']);
step(process.execPath, ['scripts/ensure-native.js', 'electron']);
const child = spawn(electronBinary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
