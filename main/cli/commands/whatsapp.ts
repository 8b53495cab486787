/**
 * `optiplan360 whatsapp check|send-test|enqueue`. Human output is catalogue text only, in this run's
 * language (`--lang`, else the console's); `--json` prints the same result with every message
 * replaced by its text (`translator.localize`), codes and technical detail unchanged.
 */
import type { Command } from 'commander';
import type { Check } from '../../../shared/checks.js';
import type { Translator } from '../../../shared/i18n/translator.js';
import type { WhatsappTestMessageResult } from '../../../shared/whatsapp.js';
import type { WhatsappEnqueueResult } from '../../../shared/whatsapp-outbox.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h, ph } from '../help.js';

const INDENT = '        ';

/** One block per check: status, title and detail; then recommendation, steps, technical detail. */
export function formatWhatsappChecks(checks: readonly Check[], t: Translator): string {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(t.text('whatsapp.cli.check_line', { status: t.text(`common.status.${c.status}`).padEnd(10), title: c.title, detail: c.detail }));
    if (c.recommendation) lines.push(INDENT + t.text('whatsapp.cli.recommendation', { text: c.recommendation }));
    c.steps.forEach((step, i) => lines.push(INDENT + t.text('whatsapp.cli.step', { n: i + 1, text: step })));
    if (c.skipped_because) lines.push(INDENT + t.text('whatsapp.cli.skipped_because', { because: c.skipped_because }));
    if (c.technical_detail) lines.push(INDENT + t.text('whatsapp.cli.technical', { text: c.technical_detail }));
  }
  const count = (s: Check['status']) => checks.filter((c) => c.status === s).length;
  lines.push(t.text('whatsapp.cli.summary', { total: checks.length, pass: count('PASS'), warn: count('WARN'), fail: count('FAIL'), skip: count('SKIP') }));
  return `${lines.join('\n')}\n`;
}

export function formatTestMessage(r: WhatsappTestMessageResult, t: Translator): string {
  const lines = [r.success ? t.text('whatsapp.cli.sent', { message: r.message }) : t.text('whatsapp.cli.not_sent', { code: r.code ?? 'E_INTERNAL', message: r.message })];
  if (!r.success && r.next_step) lines.push(`  ${t.text('whatsapp.cli.next_step', { text: r.next_step })}`);
  if (r.technical_detail) lines.push(`  ${t.text('whatsapp.cli.technical', { text: r.technical_detail })}`);
  if (r.audit_error) lines.push(`  ${t.text('whatsapp.cli.audit_error', { text: r.audit_error })}`);
  return `${lines.join('\n')}\n`;
}

export function formatEnqueued(r: WhatsappEnqueueResult, t: Translator): string {
  return `${t.text('whatsapp.cli.enqueued', { message: r.message })}\n`;
}

export function registerWhatsapp(program: Command): void {
  const wa = program.command('whatsapp').description(h('cli.help.whatsapp.description'));
  withCommonOptions(wa.command('check'))
    .description(h('cli.help.whatsapp.check'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const checks = await core.invoke('whatsapp.check', {}, core.context('cli'));
        if (opts.json) printJson(checks);
        else process.stdout.write(formatWhatsappChecks(checks, cliT()));
        return checks.some((c) => c.status === 'FAIL') ? EXIT.FAILURE : EXIT.OK;
      }),
    );
  withCommonOptions(wa.command('send-test'))
    .description(h('cli.help.whatsapp.send_test'))
    .requiredOption(`--to <${ph('phone')}>`, h('cli.help.whatsapp.to'))
    .requiredOption(`--template <${ph('key')}>`, h('cli.help.whatsapp.template'))
    .option(`--param <${ph('value')}...>`, h('cli.help.whatsapp.param'))
    .action(async (opts: CommonOptions & { to: string; template: string; param?: string[] }) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('whatsapp.sendTest', { to: opts.to, template: opts.template, parameters: opts.param }, core.context('cli'));
        if (opts.json) printJson(r);
        else process.stdout.write(formatTestMessage(r, cliT()));
        return r.success ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  // Other systems queue notifications here; the app or `serve` sends them (the CLI process does not wait).
  withCommonOptions(wa.command('enqueue'))
    .description(h('whatsapp.cli.help_enqueue'))
    .requiredOption(`--to <${ph('phone')}>`, h('cli.help.whatsapp.to'))
    .requiredOption(`--template <${ph('key')}>`, h('cli.help.whatsapp.template'))
    .option(`--param <${ph('value')}...>`, h('cli.help.whatsapp.param'))
    .option(`--reference <${ph('value')}>`, h('whatsapp.cli.help_reference'))
    .action(async (opts: CommonOptions & { to: string; template: string; param?: string[]; reference?: string }) =>
      withCore(opts, async (core) => {
        const input = { to: opts.to, template: opts.template, parameters: opts.param, ...(opts.reference ? { reference: opts.reference } : {}) };
        const r = await core.invoke('whatsapp.enqueue', input, core.context('cli'));
        if (opts.json) printJson(r);
        else process.stdout.write(formatEnqueued(r, cliT()));
        return EXIT.OK;
      }),
    );
}
