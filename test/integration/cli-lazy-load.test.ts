// What a run of the bundled CLI loads (issue 15's start-up target, bench/cli.bench.ts): only
// its verb. `--version` compiles nothing of the core (no chunk that opens SQLite), `health`
// neither the HTTP server, the SQL Server driver nor libphonenumber-js's metadata, which load
// when `serve`, a Mikro connection or a number check needs them. Real processes, the real bundle.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { tempDir, writeConfig } from '../helpers/temp.js';

const BUNDLE = path.join(REPO, 'dist', 'cli', 'optiplan360.cjs');
const t = tempDir('optiplan-cli-lazy-');
writeConfig(t.dir, 'system_config.json', { database: { auto_migrate_on_startup: false } });
afterAll(() => t.remove());

/** The bundle's own files a run compiles, with their text, and the run's exit code. */
function loaded(args: string[]): { code: number | null; files: Map<string, string> } {
  if (!fs.existsSync(BUNDLE)) throw new Error('dist/cli/optiplan360.cjs is missing: run `npm run build` first (npm test does)');
  const probe = [
    `const M = require('module'); const seen = [];`,
    `const o = M.prototype._compile; M.prototype._compile = function (c, f) { seen.push(f); return o.call(this, c, f); };`,
    `process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(seen) + '\\n'));`,
    `require(${JSON.stringify(BUNDLE)});`,
  ].join('\n');
  // The code cache off: it compiles the chunks itself, past the probe.
  const r = spawnSync(process.execPath, ['-e', probe, BUNDLE, ...args, '--data-dir', t.dir], { cwd: t.dir, env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' }, encoding: 'utf8' });
  const list = JSON.parse(/^LOADED (.*)$/m.exec(r.stderr)?.[1] ?? '[]') as string[];
  const ours = list.filter((f) => path.dirname(f) === path.dirname(BUNDLE));
  return { code: r.status, files: new Map(ours.map((f) => [path.basename(f), fs.readFileSync(f, 'utf8')])) };
}

const opensSqlite = (text: string) => /require\(\s*["'`]better-sqlite3["'`]\s*\)/.test(text);

describe('the bundled CLI loads only what its verb needs', () => {
  it('--version: the entry and the CLI chunk, nothing that opens the database', () => {
    const version = loaded(['--version']);
    expect(version.code).toBe(0);
    expect([...version.files.keys()]).toContain('optiplan360.cjs');
    expect([...version.files.values()].some(opensSqlite)).toBe(false);
    // The detector does find the chunk that opens SQLite where there is one.
    const health = loaded(['health', '--json']);
    expect(health.code).toBe(0);
    expect([...health.files.values()].some(opensSqlite)).toBe(true);
    expect(health.files.size).toBeGreaterThan(version.files.size);
  });

  it('health --json: not the HTTP server, the SQL Server driver or the phone-number metadata', () => {
    const names = [...loaded(['health', '--json']).files.keys()];
    const all = fs.readdirSync(path.dirname(BUNDLE));
    for (const prefix of ['serve-', 'mssql-', 'max-']) {
      // Each is a chunk of the bundle (so the check below could fail) …
      expect(all.some((f) => f.startsWith(prefix)), prefix).toBe(true);
      // … that a health run does not load.
      expect(names.filter((f) => f.startsWith(prefix))).toEqual([]);
    }
  });
});
