import fs from 'node:fs';
import type { Command } from 'commander';
import type { Translator } from '../../../shared/i18n/translator.js';
import { MikroQueryInputSchema, type IntegrationCheck, type MikroStage } from '../../../shared/mikro.js';
import { toCsv } from '../../../shared/csv.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h, numberField, ph, toNumber } from '../help.js';
import { registerMikroSync } from './mikro-sync.js';
import { registerMikroCompanies } from './mikro-companies.js';

/** Checks as a person reads them: status, title, what was found, what to do, the technical detail. */
export function formatChecks(checks: IntegrationCheck[], t: Translator = cliT()): string {
  return `${checks
    .map((c) => {
      const lines = [`  ${t.text(`common.status.${c.status}`).padEnd(10)} ${t.t(c.title)}: ${t.t(c.detail)}`];
      if (c.recommendation) lines.push(`       → ${t.t(c.recommendation)}`);
      if (c.technical_detail) lines.push(`       ${t.text('cli.technical', { detail: c.technical_detail.split('\n')[0] ?? '' })}`);
      return lines.join('\n');
    })
    .join('\n')}\n`;
}

/** The staged test, one line per stage; a WARN's next step under it (the FAIL's is the hint below). */
export function formatStages(stages: readonly MikroStage[], t: Translator = cliT()): string {
  return stages
    .map((s) => {
      const line = t.text('mikro.stages.cli.line', { status: t.text(`common.status.${s.status}`).padEnd(10), name: t.text(`mikro.stages.names.${s.name}`), duration: s.duration_ms, detail: s.detail });
      return s.status === 'WARN' && s.next_step ? `${line}\n${t.text('mikro.stages.cli.next', { next: s.next_step })}\n` : `${line}\n`;
    })
    .join('');
}

export function registerMikro(program: Command): void {
  const maxRows = numberField(MikroQueryInputSchema.shape.max_rows);
  const mikro = program.command('mikro').description(h('cli.help.mikro.description'));
  registerMikroSync(mikro);
  registerMikroCompanies(mikro);
  withCommonOptions(mikro.command('test'))
    .description(h('cli.help.mikro.test'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('mikro.test', {}, core.context('cli'));
        if (opts.json) printJson(r);
        else {
          const t = cliT();
          const line = r.success
            ? t.text('mikro.cli.test_ok', {
                message: r.message,
                latency: r.latency_ms,
                version: r.server_version ?? t.text('mikro.cli.version_unknown'),
                encryption: t.text(`mikro.cli.encryption.${r.encryption}`),
              })
            : t.text('mikro.cli.test_failed', { message: r.message });
          process.stdout.write(`${line}\n`);
          if (r.stages?.length) process.stdout.write(formatStages(r.stages, t));
          if (r.hint) process.stdout.write(`  ${t.text('mikro.cli.hint', { hint: r.hint })}\n`);
          if (r.technical_detail) process.stdout.write(`  ${t.text('cli.technical', { detail: r.technical_detail })}\n`);
        }
        return r.success ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withCommonOptions(mikro.command('health'))
    .description(h('cli.help.mikro.health'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('mikro.health', {}, core.context('cli'));
        if (opts.json) printJson(r);
        else {
          // `detail` is the legacy free-text field (always Turkish, see mikro-health.ts): the human
          // line takes `message` in this run's language instead.
          const t = cliT();
          process.stdout.write(`${r.status === 'ok' ? t.text('mikro.cli.health_ok', { latency: r.latency_ms }) : t.text('mikro.cli.health_error', { code: r.code, detail: r.message })}\n`);
        }
        return r.status === 'ok' ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withCommonOptions(mikro.command('push-check'))
    .description(h('cli.help.mikro.push_check'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const c = await core.invoke('mikro.pushCheck', {}, core.context('cli'));
        if (opts.json) printJson(c);
        else process.stdout.write(formatChecks([c]));
        return c.status === 'FAIL' ? EXIT.FAILURE : EXIT.OK;
      }),
    );
  withCommonOptions(mikro.command('verify'))
    .description(h('cli.help.mikro.verify'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const checks = await core.invoke('mikro.verify', {}, core.context('cli'));
        if (opts.json) printJson(checks);
        else process.stdout.write(formatChecks(checks));
        return checks.some((c) => c.status === 'FAIL') ? EXIT.FAILURE : EXIT.OK;
      }),
    );
  withCommonOptions(mikro.command('query'))
    .description(h('cli.help.mikro.query'))
    .requiredOption(`--sql <${ph('select')}>`, h('cli.help.mikro.sql'))
    // Default and bounds are the schema's; the dispatcher's validation reports a value outside them.
    .option(`--max-rows <${ph('n')}>`, h('cli.help.mikro.max_rows', maxRows), toNumber)
    .option('--csv', h('cli.help.mikro.csv'))
    .option(`--output <${ph('file')}>`, h('cli.help.mikro.output'))
    .action(async (opts: CommonOptions & { sql: string; maxRows?: number; csv?: boolean; output?: string }) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('mikro.query', { sql: opts.sql, max_rows: opts.maxRows }, core.context('cli'));
        const t = cliT();
        const summary = t.text('mikro.cli.query_summary', {
          count: r.row_count,
          truncated: r.truncated ? t.text('mikro.cli.query_truncated', { max: opts.maxRows ?? maxRows.default ?? r.row_count }) : '',
          duration: r.duration_ms,
        });
        const text = opts.json
          ? `${JSON.stringify(t.localize(r), null, 2)}\n`
          : opts.csv
            ? toCsv(r.columns, r.rows)
            : `${[r.columns.map((c) => c.name).join('\t'), ...r.rows.map((row) => row.map((v) => (v === null ? 'NULL' : String(v))).join('\t'))].join('\n')}\n${summary}\n`;
        if (opts.output) fs.writeFileSync(opts.output, text, 'utf8');
        else process.stdout.write(text);
        return EXIT.OK;
      }),
    );
}

