import type { Command } from 'commander';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h } from '../help.js';

/** `optiplan360 fleet list [--json]`: every console on the shared PostgreSQL (issue 18); with SQLite, why there is none. */
export function registerFleet(program: Command): void {
  const fleet = program.command('fleet').description(h('fleet.cli.help.description'));
  withCommonOptions(fleet.command('list'))
    .description(h('fleet.cli.help.list'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const v = await core.invoke('fleet.list', {}, core.context('cli'));
        if (opts.json) {
          printJson(v);
          return EXIT.OK;
        }
        const t = cliT();
        if (!v.available) {
          process.stdout.write(`${v.reason ? t.t(v.reason) : ''}\n`);
          if (v.engine === 'sqlite') process.stdout.write(`  ${t.text('fleet.sqlite_next')}\n`);
          return EXIT.OK;
        }
        const lines = [t.text('fleet.cli.header', { count: v.consoles.length, silent: v.silent_after_seconds * 1000 })];
        for (const c of v.consoles) {
          const row = t.text('fleet.cli.row', { name: c.name, state: t.text(`fleet.states.${c.state}`), seen: c.last_seen, user: c.user, version: c.version });
          lines.push(c.self ? `${row}  ${t.text('fleet.cli.self')}` : row);
          if (c.failing_checks.length) lines.push(t.text('fleet.cli.failing', { checks: c.failing_checks }));
        }
        process.stdout.write(`${lines.join('\n')}\n`);
        return EXIT.OK;
      }),
    );
}
