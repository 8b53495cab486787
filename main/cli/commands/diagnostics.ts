import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { exitCodeFor, renderReport, renderText } from '../../core/diagnostics/index.js';
import { cliT, withCommonOptions, withCore, type CommonOptions } from '../context.js';

interface DiagFlags extends CommonOptions {
  failOn: 'none' | 'warn' | 'fail';
  compact?: boolean;
  format?: 'json' | 'html' | 'md';
  output?: string;
  only?: string[];
  timeout?: number;
}

/**
 * `optiplan360 diagnostics`: the runbook §9 checklist for CI and ops, compatible with the older
 * `run_integration_diagnostics.py`: exit 2 when the status reaches --fail-on, 1 on an internal
 * error, 0 otherwise. Every text is in one language (`--lang`, else the console's language):
 * the summary and the reports from the catalogues, `--json` with its messages as text.
 */
export function registerDiagnostics(program: Command): void {
  withCommonOptions(program.command('diagnostics'))
    .description('run every integration check; exit 2 when the status reaches --fail-on, 1 on an internal error, 0 otherwise')
    .addOption(new Option('--fail-on <level>', 'status that makes the exit code 2').choices(['none', 'warn', 'fail']).default('fail'))
    .addOption(new Option('--format <format>', 'report format (default: a text summary, or json with --json)').choices(['json', 'html', 'md']))
    .option('--compact', 'compact output: one line per passing check / single-line JSON')
    .option('--output <file>', 'write the report to a file (the summary still goes to stdout)')
    .option('--only <names...>', 'only these checks or categories (system, database, config, mikro, whatsapp, backup, queues, audit)')
    .option('--timeout <ms>', 'the longest any one check may take', (v) => Number(v))
    .action(async (opts: DiagFlags) =>
      withCore(opts, async (core) => {
        const t = cliT();
        const report = await core.invoke('diagnostics.run', { only: opts.only, timeout_ms: opts.timeout }, core.context('cli'));
        const format = opts.format ?? (opts.json ? 'json' : undefined);
        const rendered = format ? renderReport(report, format, { translator: t, compact: !!opts.compact }) : renderText(report, t, !!opts.compact);
        if (opts.output) {
          fs.writeFileSync(opts.output, format ? rendered : renderReport(report, 'json', { translator: t }), 'utf8');
          await core.record({ action: 'DIAGNOSTICS_EXPORTED', target: opts.output, result: 'success', actor: core.context('cli').actor, detail: `${format ?? 'json'} (${t.lang})` });
          process.stdout.write(renderText(report, t, true));
        } else process.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
        return exitCodeFor(report.status, opts.failOn);
      }),
    );
}
