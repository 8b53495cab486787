import fs from 'node:fs';
import { Option, type Command } from 'commander';
import { exitCodeFor, renderReport } from '../../core/diagnostics/index.js';
import type { DiagnosticsReport } from '../../../shared/diagnostics.js';
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
 * error, 0 otherwise.
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
        const report = await core.invoke('diagnostics.run', { only: opts.only, timeout_ms: opts.timeout }, core.context('cli'));
        const format = opts.format ?? (opts.json ? 'json' : undefined);
        const rendered = format ? renderReport(report, format, { lang: cliT().lang, compact: !!opts.compact }) : summary(report, cliT().lang, !!opts.compact);
        if (opts.output) {
          fs.writeFileSync(opts.output, format ? rendered : renderReport(report, 'json', { lang: cliT().lang }), 'utf8');
          await core.record({ action: 'DIAGNOSTICS_EXPORTED', target: opts.output, result: 'success', actor: core.context('cli').actor, detail: format ?? 'json' });
          process.stdout.write(summary(report, cliT().lang, true));
        } else process.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
        return exitCodeFor(report.status, opts.failOn);
      }),
    );
}

function summary(r: DiagnosticsReport, lang: 'tr' | 'en', compact: boolean): string {
  const tr = lang === 'tr';
  const lines = [`OptiPlan360 ${r.version} diagnostics: ${r.status} (${r.checks.length} checks, ${Math.round(r.duration_ms)} ms, ${r.timestamp})`];
  for (const c of r.checks) {
    if (compact && c.status === 'PASS') continue;
    const detail = tr && c.detail_tr ? c.detail_tr : c.detail;
    lines.push(`  ${c.status.padEnd(4)} ${c.name.padEnd(30)} ${detail}`);
    const rec = tr && c.recommendation_tr ? c.recommendation_tr : c.recommendation;
    if (rec && !compact) lines.push(`       → ${rec}`);
  }
  return `${lines.join('\n')}\n`;
}
