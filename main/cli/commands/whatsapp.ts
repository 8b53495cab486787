import type { Command } from 'commander';
import { printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { formatChecks } from './mikro.js';

export function registerWhatsapp(program: Command): void {
  const wa = program.command('whatsapp').description('WhatsApp Business (Cloud API)');
  withCommonOptions(wa.command('check'))
    .description('token, phone number, templates, API reachability, webhook verify token — exit 1 on any FAIL')
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const checks = await core.invoke('whatsapp.check', {}, core.context('cli'));
        if (opts.json) printJson(checks);
        else process.stdout.write(formatChecks(checks));
        return checks.some((c) => c.status === 'FAIL') ? EXIT.FAILURE : EXIT.OK;
      }),
    );
  withCommonOptions(wa.command('send-test'))
    .description('send a configured template to a phone number (05xx… or +90…) — exit 0 sent, 1 not')
    .requiredOption('--to <phone>', 'recipient, e.g. "0532 123 45 67"')
    .requiredOption('--template <key>', 'template key in whatsapp.json, e.g. order_ready')
    .option('--param <value...>', 'body parameters {{1}}…{{n}}, in order')
    .action(async (opts: CommonOptions & { to: string; template: string; param?: string[] }) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('whatsapp.sendTest', { to: opts.to, template: opts.template, parameters: opts.param }, core.context('cli'));
        if (opts.json) printJson(r);
        else process.stdout.write(r.success ? `sent to ${r.to}: message id ${r.message_id}\n` : `NOT sent: ${r.code ?? ''} ${r.message_en}\n`);
        return r.success ? EXIT.OK : EXIT.FAILURE;
      }),
    );
}
