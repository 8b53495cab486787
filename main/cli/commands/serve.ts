import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { printError, withCommonOptions, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';

interface ServeFlags extends CommonOptions {
  host: string;
  port: number;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return n;
}

export function registerServe(program: Command): void {
  withCommonOptions(program.command('serve'))
    .description('serve the HTTP API and the console UI (loopback by default); Ctrl+C stops it')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', parsePort, 8080)
    .action(async (opts: ServeFlags) => {
      try {
        // Loaded here so that other verbs do not pay for the HTTP stack at start-up.
        const { isLoopback, startServe } = await import('../../server/serve.js');
        const running = await startServe({ host: opts.host, port: opts.port, dataDir: opts.dataDir, configDir: opts.configDir });
        const banner = {
          url: running.url,
          ui: `${running.url}/?token=${running.token}`,
          token: running.token,
          data_dir: running.core.paths.dataDir,
        };
        if (opts.json) process.stdout.write(`${JSON.stringify(banner)}\n`);
        else {
          process.stdout.write(`OptiPlan360 console serving at ${running.url}\n`);
          process.stdout.write(`  open: ${banner.ui}\n`);
          process.stdout.write(`  token for state-changing calls (valid while this runs): ${running.token}\n`);
          process.stdout.write(`  data folder: ${banner.data_dir}\n`);
          if (!running.uiBuilt) process.stdout.write('  NOTE: the console UI is not built, so only the API answers; run `npm run build:renderer` (npm run serve does it).\n');
          if (!isLoopback(opts.host)) process.stdout.write('  WARNING: listening beyond loopback; anyone who can reach this port can read health and status.\n');
        }
        const stop = async () => {
          await running.close();
          process.exit(EXIT.OK);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      } catch (err) {
        printError(err, opts.json);
        process.exitCode = EXIT.FAILURE;
      }
    });
}
