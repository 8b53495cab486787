/**
 * `optiplan360 mikro companies [--json]`: "Firmaları bul" from the command line, on the saved
 * connection (its database field aside). Exit 0 when at least one company was found, 1 otherwise.
 */
import type { Command } from 'commander';
import type { Translator } from '../../../shared/i18n/translator.js';
import type { MikroCompaniesResult } from '../../../shared/mikro-companies.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h } from '../help.js';

export function formatCompanies(r: MikroCompaniesResult, t: Translator = cliT()): string {
  const lines = [t.t(r.message)];
  for (const c of r.companies) {
    lines.push(
      t.text('mikro.companies.cli.line', {
        code: c.code,
        name: c.name ?? t.text('mikro.companies.ui.unnamed'),
        database: c.database,
        missing: c.exists === false ? t.text('mikro.companies.cli.missing') : '',
      }),
    );
  }
  // How the masters answered, when the list did not come from the first one.
  if (r.attempts.some((a) => a.outcome !== 'read')) {
    for (const a of r.attempts) lines.push(t.text('mikro.companies.cli.attempt', { database: a.database, outcome: t.text(`mikro.companies.outcome.${a.outcome}`) }));
  }
  return `${lines.join('\n')}\n`;
}

/** Registered under `mikro` (main/cli/commands/mikro.ts). */
export function registerMikroCompanies(mikro: Command): void {
  withCommonOptions(mikro.command('companies'))
    .description(h('mikro.companies.cli.help'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('mikro.companies', {}, core.context('cli'));
        if (opts.json) printJson(r);
        else process.stdout.write(formatCompanies(r));
        return r.companies.length ? EXIT.OK : EXIT.FAILURE;
      }),
    );
}
