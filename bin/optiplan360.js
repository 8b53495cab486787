#!/usr/bin/env node
// The `optiplan360` command. Runs the TypeScript sources through tsx, so it works right after
// `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
try {
  await main(process.argv);
} catch (err) {
  process.stderr.write(`error E_INTERNAL: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
