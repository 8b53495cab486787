// The bundled CLI's code cache for runtimes without module.enableCompileCache (Node 20;
// main/host/code-cache.ts): real child processes, a real V8 cache on disk. The first run
// compiles and writes the cache at exit, the second compiles nothing; a rejected (corrupt)
// cache is rewritten and an older build's are removed; NODE_DISABLE_COMPILE_CACHE and files
// that are not hashed chunks are left to Node. Then the bundle itself: two runs of `--version` leave the cache Node's runtime uses.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const t = tempDir('optiplan-code-cache-');
afterAll(() => t.remove());

const codeDir = path.join(t.dir, 'cli');
fs.mkdirSync(codeDir, { recursive: true });
fs.writeFileSync(path.join(codeDir, 'sum-AbCd12_-.cjs'), 'module.exports = (a, b) => a + b + require("./two-Zz99Yy88.cjs");\n');
fs.writeFileSync(path.join(codeDir, 'two-Zz99Yy88.cjs'), 'module.exports = 2;\n');
fs.writeFileSync(path.join(codeDir, 'plain.cjs'), 'module.exports = "plain";\n');
fs.writeFileSync(path.join(codeDir, 'lazy-Qw12Er34.cjs'), 'module.exports = () => import("node:os");\n');

const script = path.join(t.dir, 'run.ts');
fs.writeFileSync(
  script,
  [
    `import { createRequire } from 'node:module';`,
    `import { codeCacheStats, useCodeCache } from ${JSON.stringify(path.join(REPO, 'main', 'host', 'code-cache.ts'))};`,
    `const [codeDir, cacheDir] = process.argv.slice(2);`,
    `const installed = useCodeCache(codeDir, cacheDir);`,
    `const req = createRequire(codeDir + '/');`,
    `const value = [req('./sum-AbCd12_-.cjs')(1, 2), req('./plain.cjs'), typeof req('./lazy-Qw12Er34.cjs')];`,
    `process.on('exit', () => process.stdout.write(JSON.stringify({ installed, value, ...codeCacheStats() })));`,
  ].join('\n'),
);

function run(cacheDir: string, env: NodeJS.ProcessEnv = {}): { installed: boolean; value: unknown[]; fromCache: number; compiled: number; written: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, codeDir, cacheDir], { cwd: REPO, env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', ...env }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReturnType<typeof run>;
}

describe('the code cache of the bundled CLI (Node without enableCompileCache)', () => {
  it('compiles and writes on the first run, reads on the second; only hashed chunks without import()', () => {
    const cache = path.join(t.dir, 'cache-a');
    const first = run(cache);
    expect(first).toEqual({ installed: true, value: [5, 'plain', 'function'], fromCache: 0, compiled: 2, written: 2 });
    expect(fs.readdirSync(cache).sort()).toEqual(['sum-AbCd12_-.cjs.66.v8', 'two-Zz99Yy88.cjs.20.v8']);
    const second = run(cache);
    expect(second).toEqual({ installed: true, value: [5, 'plain', 'function'], fromCache: 2, compiled: 0, written: 0 });
  });

  it('a write removes the caches of chunks the folder no longer has (an older build), and keeps the rest', () => {
    const cache = path.join(t.dir, 'cache-d');
    run(cache);
    fs.writeFileSync(path.join(cache, 'gone-Old12345.cjs.10.v8'), 'an older build');
    fs.writeFileSync(path.join(cache, 'notes.txt'), 'not ours');
    fs.rmSync(path.join(cache, 'two-Zz99Yy88.cjs.20.v8'));
    expect(run(cache)).toMatchObject({ fromCache: 1, compiled: 1, written: 1 });
    expect(fs.readdirSync(cache).sort()).toEqual(['notes.txt', 'sum-AbCd12_-.cjs.66.v8', 'two-Zz99Yy88.cjs.20.v8']);
  });

  it('rewrites a cache V8 rejects', () => {
    const cache = path.join(t.dir, 'cache-b');
    run(cache);
    fs.writeFileSync(path.join(cache, 'sum-AbCd12_-.cjs.66.v8'), 'not a V8 cache');
    expect(run(cache)).toMatchObject({ value: [5, 'plain', 'function'], fromCache: 1, compiled: 1, written: 1 });
    expect(run(cache)).toMatchObject({ fromCache: 2, compiled: 0 });
  });

  it('NODE_DISABLE_COMPILE_CACHE leaves compiling to Node', () => {
    const cache = path.join(t.dir, 'cache-c');
    expect(run(cache, { NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual({ installed: false, value: [5, 'plain', 'function'], fromCache: 0, compiled: 0, written: 0 });
    expect(fs.existsSync(cache)).toBe(false);
  });

  it('the bundle uses Node\'s compile cache where there is one, else its own (TMPDIR)', () => {
    const bundle = path.join(REPO, 'dist', 'cli', 'optiplan360.cjs');
    if (!fs.existsSync(bundle)) throw new Error('dist/cli/optiplan360.cjs is missing: run `npm run build` first (npm test does)');
    const tmp = path.join(t.dir, 'tmp');
    fs.mkdirSync(tmp);
    const env = { ...process.env, TMPDIR: tmp, TEMP: tmp, TMP: tmp, NODE_DISABLE_COMPILE_CACHE: '' };
    for (let i = 0; i < 2; i++) {
      const r = spawnSync(process.execPath, [bundle, '--version'], { cwd: t.dir, env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    }
    const ours = fs.readdirSync(tmp).filter((f) => f.startsWith('optiplan360-code-cache'));
    if ('enableCompileCache' in module) {
      expect(ours).toEqual([]);
    } else {
      expect(ours).toHaveLength(1);
      const [versionDir] = fs.readdirSync(path.join(tmp, ours[0]!));
      expect(versionDir).toBe(`${process.version}-${process.arch}`);
      const [folder] = fs.readdirSync(path.join(tmp, ours[0]!, versionDir!));
      expect(fs.readdirSync(path.join(tmp, ours[0]!, versionDir!, folder!)).some((f) => f.startsWith('cli-run-') && f.endsWith('.v8'))).toBe(true);
    }
  });
});
