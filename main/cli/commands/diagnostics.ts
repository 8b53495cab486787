import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { applyRetention } from '../../core/retention/retention.js';
import { exitCodeFor, renderReport, renderText } from '../../core/diagnostics/index.js';
import { DiagnosticsRunInputSchema, FailOnSchema, ReportFormatSchema } from '../../../shared/diagnostics.js';
import { cliT, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { h, numberField, ph, toNumber } from '../help.js';

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
    .description(h('cli.help.diagnostics.description'))
    .addOption(new Option(`--fail-on <${ph('level')}>`, h('cli.help.diagnostics.fail_on')).choices(FailOnSchema.options).default('fail'))
    .addOption(new Option(`--format <${ph('format')}>`, h('cli.help.diagnostics.format')).choices(ReportFormatSchema.options))
    .option('--compact', h('cli.help.diagnostics.compact'))
    .option(`--output <${ph('file')}>`, h('cli.help.diagnostics.output'))
    .option(`--only <${ph('names')}...>`, h('cli.help.diagnostics.only'))
    // Bounds are the schema's: the dispatcher's validation reports a value outside them.
    .option(`--timeout <${ph('ms')}>`, h('cli.help.diagnostics.timeout', numberField(DiagnosticsRunInputSchema.shape.timeout_ms)), toNumber)
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
        // A scheduled `diagnostics` (Task Scheduler every few minutes) is what grows the history:
        // each run prunes it (retention in system_config.json). Best effort, never the exit code.
        await applyRetention(core.db, core.system?.retention).catch(() => undefined);
        return exitCodeFor(report.status, opts.failOn);
      }),
    );
}
