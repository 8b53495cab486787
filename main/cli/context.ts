/** What every CLI verb shares: common flags, opening the core, printing results and errors. */
import type { Command } from 'commander';
import { isAppError } from '../../shared/errors.js';
import { Core } from '../core/core.js';
import { createFileLogger } from '../core/logging/logger.js';
import { resolvePaths } from '../core/paths.js';
import { defaultSecretStore } from '../core/secrets/default-store.js';
import { EXIT } from './exit-codes.js';

export interface CommonOptions {
  json?: boolean;
  dataDir?: string;
  configDir?: string;
}

export function withCommonOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print the result as JSON (for scripts and CI)')
    .option('--data-dir <dir>', 'data folder (default: OPTIPLAN_DATA_DIR, else the app data folder)')
    .option('--config-dir <dir>', 'config folder (default: OPTIPLAN_CONFIG_DIR, else <data-dir>/config)');
}

export async function openCore(opts: CommonOptions): Promise<Core> {
  const paths = resolvePaths({ dataDir: opts.dataDir, configDir: opts.configDir });
  const logger = await createFileLogger({ logDir: paths.logDir, sync: true });
  return Core.open({ dataDir: paths.dataDir, configDir: paths.configDir, logger, secretStore: await defaultSecretStore(paths.dataDir) });
}

/** Run a verb with an open core; map errors to a message (or JSON error body) and exit code 1. */
export async function withCore(opts: CommonOptions, fn: (core: Core) => Promise<number>): Promise<void> {
  let core: Core | undefined;
  let code: number;
  try {
    core = await openCore(opts);
    code = await fn(core);
  } catch (err) {
    printError(err, opts.json);
    code = EXIT.FAILURE;
  } finally {
    // Work a timeout gave up on (a connect to a silent Mikro host) may still hold sockets open;
    // the answer is printed, so do not wait for it longer than a moment.
    await Promise.race([core?.close().catch(() => undefined), new Promise((r) => setTimeout(r, 1_500).unref())]);
  }
  process.exitCode = code;
  // If anything still keeps the event loop alive, exit once stdout has been flushed.
  setTimeout(() => process.stdout.write('', () => process.exit(code)), 200).unref();
  // A D-Bus call that never answered pins a libuv worker thread, and then even process.exit()
  // waits for it forever. The answer is already printed; end the process the hard way.
  if ((core?.secretStore as { stuck?: boolean } | null | undefined)?.stuck) {
    process.stderr.write('the OS keychain did not answer; exiting without waiting for it\n');
    process.kill(process.pid, 'SIGKILL');
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printError(err: unknown, json: boolean | undefined): void {
  const body = isAppError(err) ? err.toBody() : { code: 'E_INTERNAL', message: err instanceof Error ? err.message : String(err), details: [] };
  if (json) printJson({ error: body });
  else process.stderr.write(`error ${body.code}: ${body.message}\n`);
}
