import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { cliT, printError, withCommonOptions, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h, ph } from '../help.js';

interface ServeFlags extends CommonOptions {
  host: string;
  port: number;
  tokenRef?: string;
  allowHost: string[];
  tlsCert?: string;
  tlsKey?: string;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(h('cli.help.serve.bad_port'));
  return n;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerServe(program: Command): void {
  withCommonOptions(program.command('serve'))
    .description(h('cli.help.serve.description'))
    .option(`--host <${ph('host')}>`, h('cli.help.serve.host'), '127.0.0.1')
    .option(`--port <${ph('port')}>`, h('cli.help.serve.port'), parsePort, 8080)
    .option(`--token-ref <${ph('key')}>`, h('cli.help.serve.token_ref'))
    .option(`--allow-host <${ph('host')}>`, h('cli.help.serve.allow_host'), collect, [])
    .option(`--tls-cert <${ph('file')}>`, h('cli.help.serve.tls_cert'))
    .option(`--tls-key <${ph('file')}>`, h('cli.help.serve.tls_key'))
    .action(async (opts: ServeFlags) => {
      try {
        // Loaded here so that other verbs do not pay for the HTTP stack at start-up.
        const { isLoopback, startServe } = await import('../../server/serve.js');
        const running = await startServe({
          host: opts.host,
          port: opts.port,
          dataDir: opts.dataDir,
          configDir: opts.configDir,
          tokenRef: opts.tokenRef,
          allowHosts: opts.allowHost,
          tlsCert: opts.tlsCert,
          tlsKey: opts.tlsKey,
        });
        // A stable token (--token-ref) is a secret kept elsewhere: it is never printed, not even in --json.
        const perRun = !running.tokenRef;
        const banner = {
          url: running.url,
          ui: perRun ? `${running.url}/?token=${running.token}` : running.url,
          ...(perRun ? { token: running.token } : { token_ref: running.tokenRef }),
          tls: running.tls,
          data_dir: running.core.paths.dataDir,
        };
        if (opts.json) process.stdout.write(`${JSON.stringify(banner)}\n`);
        else {
          const t = cliT();
          const lines = [t.text('cli.serve.serving', { url: running.url })];
          if (perRun) {
            lines.push(`  ${t.text('cli.serve.open', { url: banner.ui })}`, `  ${t.text('cli.serve.token', { token: running.token })}`);
          } else {
            lines.push(`  ${t.text('cli.serve.open_with_token', { url: running.url, ref: running.tokenRef ?? '' })}`, `  ${t.text('cli.serve.token_from_ref', { ref: running.tokenRef ?? '' })}`);
          }
          lines.push(`  ${t.text('cli.serve.data_dir', { dir: banner.data_dir })}`);
          if (!running.uiBuilt) lines.push(`  ${t.text('cli.serve.ui_not_built')}`);
          if (!isLoopback(opts.host)) {
            lines.push(`  ${t.text('cli.serve.beyond_loopback')}`);
            lines.push(`  ${t.text(running.tls ? 'cli.serve.tls_on' : 'cli.serve.unencrypted')}`);
          }
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
