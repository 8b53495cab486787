/**
 * The entry of the bundled CLI (dist/cli/optiplan360.cjs, vite.cli.config.ts): the file the
 * installer puts in resources/cli and `optiplan360.cmd` runs with the app's own runtime
 * (ELECTRON_RUN_AS_NODE=1). bin/optiplan360.js loads the same bundle in a source checkout.
 * A failure no verb caught still ends with a code line and exit 1, never a stack dump only.
 */
import { main } from '../cli/index.js';

main(process.argv).catch((err: unknown) => {
  process.stderr.write(`error E_INTERNAL: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
