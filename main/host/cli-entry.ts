/**
 * The entry of the bundled CLI (dist/cli/optiplan360.cjs, vite.cli.config.ts): the file the
 * installer puts in resources/cli and `optiplan360.cmd` runs with the app's own runtime
 * (ELECTRON_RUN_AS_NODE=1). bin/optiplan360.js loads the same bundle in a source checkout.
 *
 * Kept tiny on purpose: it turns on Node's compile cache (Node ≥ 22.1, which Electron 40's
 * runtime is; plain Node 20 has none and skips it), then loads the CLI itself from a chunk, so
 * V8's compiled code for the 1 MB of CLI is reused between runs instead of being parsed again
 * on every Task Scheduler call. A runtime without it (Node 20) gets the same from code-cache.ts.
 * A failure no verb caught still ends with a code line and exit 1.
 */
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useCodeCache } from './code-cache.js';

const withCompileCache = module as { enableCompileCache?: () => unknown };
if (withCompileCache.enableCompileCache) withCompileCache.enableCompileCache();
else useCodeCache(path.dirname(fileURLToPath(import.meta.url)));

import('./cli-run.js')
  .then(({ main }) => main(process.argv))
  .catch((err: unknown) => {
    process.stderr.write(`error E_INTERNAL: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
