import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temp folder; `remove()` deletes it. */
export function tempDir(prefix = 'optiplan-test-'): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Write a config file into `<dir>/config/`. */
export function writeConfig(dataDir: string, name: string, value: unknown): string {
  const file = path.join(dataDir, 'config', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}
