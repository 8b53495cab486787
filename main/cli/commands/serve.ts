import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { cliT, printError, withCommonOptions, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h, ph } from '../help.js';

interface ServeFlags extends CommonOptions {
  host: string;
  port: number;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(h('cli.help.serve.bad_port'));
  return n;
}

export function registerServe(program: Command): void {
  withCommonOptions(program.command('serve'))
    .description(h('cli.help.serve.description'))
    .option(`--host <${ph('host')}>`, h('cli.help.serve.host'), '127.0.0.1')
    .option(`--port <${ph('port')}>`, h('cli.help.serve.port'), parsePort, 8080)
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
          const t = cliT();
          const lines = [
            t.text('cli.serve.serving', { url: running.url }),
            `  ${t.text('cli.serve.open', { url: banner.ui })}`,
            `  ${t.text('cli.serve.token', { token: running.token })}`,
            `  ${t.text('cli.serve.data_dir', { dir: banner.data_dir })}`,
          ];
          if (!running.uiBuilt) lines.push(`  ${t.text('cli.serve.ui_not_built')}`);
          if (!isLoopback(opts.host)) lines.push(`  ${t.text('cli.serve.beyond_loopback')}`);
          process.stdout.write(`${lines.join('\n')}\n`);
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
