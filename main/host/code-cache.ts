/**
 * V8's code cache for the bundled CLI's own chunks where the runtime has no
 * `module.enableCompileCache` (Node < 22.1: the Node 20 of a source checkout and of these
 * machines; Electron 40's Node 22, the product's runtime, has the real one and never gets
 * here). Compiling the ~1 MB of JavaScript a `health --json` loads is a fifth of its start
 * (bench/cli.bench.ts); with the cache V8 deserializes the code it compiled last time instead.
 *
 * What Node's own compile cache does, in small: only the chunks of `codeDir` (the CLI's folder)
 * whose names carry their content hash (vite.cli.config.ts: `[name]-[hash].cjs`), keyed by that
 * name and the length (V8 itself checks the length, its version and flags; hashing a megabyte of
 * source again on every start would cost what it saves), in a per-user folder under the
 * temporary folder; the cache
 * is written once, at exit, after the run compiled what it needed (so the verb's functions are
 * in it too), and rewritten when V8 rejects it (another Node version or flags); writing also
 * removes the caches of chunks the folder no longer has (an older build's). A file with a
 * real dynamic `import()` (keytar's loader) is compiled as usual: a vm.Script has no module
 * loader for it. Anything failing here only means compiling as before. NODE_DISABLE_COMPILE_CACHE
 * turns it off, as it does Node's own.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

export interface CodeCacheStats {
  /** Files compiled with a cache that V8 accepted. */
  fromCache: number;
  /** Files compiled without one (first run, rejected, or not ours). */
  compiled: number;
  /** Cache files written at exit. */
  written: number;
}

const stats: CodeCacheStats = { fromCache: 0, compiled: 0, written: 0 };

export function codeCacheStats(): CodeCacheStats {
  return { ...stats };
}

/**
 * `<tmp>/optiplan360-code-cache-<uid>/<node version>-<arch>/<hash of codeDir>`: one folder per
 * CLI folder, so that pruning one build's old chunks leaves another checkout's alone. null when
 * the folder is not ours alone.
 */
export function defaultCodeCacheDir(codeDir: string): string | null {
  const uid = process.getuid?.() ?? null;
  const base = path.join(os.tmpdir(), `optiplan360-code-cache${uid === null ? '' : `-${uid}`}`);
  try {
    fs.mkdirSync(base, { recursive: true, mode: 0o700 });
    // Another user's folder could hand us code: use none then.
    if (uid !== null && fs.statSync(base).uid !== uid) return null;
  } catch {
    return null;
  }
  const folder = crypto.createHash('sha1').update(path.resolve(codeDir)).digest('hex').slice(0, 12);
  return path.join(base, `${process.version}-${process.arch}`, folder);
}

/** `cli-run-kZGzA-Ta.cjs`: rolldown's content hash (8 characters) before the extension. */
const HASHED_CHUNK = /-[\w-]{8}\.cjs$/;

type Compile = (this: Module, content: string, filename: string) => unknown;

/** Install the cache for the CommonJS files directly in `codeDir`. Returns whether it did. */
export function useCodeCache(codeDir: string, cacheDir: string | null = defaultCodeCacheDir(codeDir)): boolean {
  if (cacheDir === null || process.env.NODE_DISABLE_COMPILE_CACHE) return false;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  const pending: Array<{ file: string; script: vm.Script }> = [];
  const dir = path.resolve(codeDir);

  proto._compile = function compileWithCache(this: Module, content: string, filename: string): unknown {
    const name = path.basename(filename);
    if (path.dirname(filename) !== dir || !HASHED_CHUNK.test(name) || content.includes('import(')) return original.call(this, content, filename);
    const file = path.join(cacheDir, `${name}.${content.length}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) stats.fromCache++;
    else {
      stats.compiled++;
      pending.push({ file, script });
    }
    const run = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return run.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };

  process.once('exit', () => {
    if (pending.length === 0) return;
    try {
      fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      for (const { file, script } of pending) {
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, file);
        stats.written++;
      }
      // A new build has new chunk names: the caches of chunks no longer in codeDir go.
      const present = new Set(fs.readdirSync(dir));
      for (const f of fs.readdirSync(cacheDir)) {
        if (f.endsWith('.v8') && !present.has(f.replace(/\.\d+\.v8$/, ''))) fs.rmSync(path.join(cacheDir, f), { force: true });
      }
    } catch {
      /* a read-only or full temporary folder: the next run compiles as before */
    }
  });
  return true;
}
