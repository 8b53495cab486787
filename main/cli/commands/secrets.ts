import type { Command } from 'commander';
import { AppError } from '../../../shared/errors.js';
import { msg } from '../../../shared/messages.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h, ph } from '../help.js';

/** The value comes from stdin (piped) or a hidden prompt, never argv: argv is visible to every user's `ps`. */
async function readSecretValue(name: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stderr.write(cliT().text('secrets.cli.prompt', { name }));
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(value));
        if (ch === '\u0003') return done(() => reject(new AppError('E_VALIDATION', msg('secrets.errors.cancelled'), [], { technical_detail: 'cancelled (Ctrl+C)' })));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = (fn: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      fn();
    };
    stdin.on('data', onData);
  });
}

export function registerSecrets(program: Command): void {
  const secrets = program.command('secrets').description(h('cli.help.secrets.description'));
  withCommonOptions(secrets.command('set').argument(`<${ph('name')}>`, h('cli.help.secrets.set_name')))
    .description(h('cli.help.secrets.set'))
    .action(async (name: string, opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const value = await readSecretValue(name);
        const r = await core.invoke('secrets.set', { name, value }, core.context('cli'));
        if (opts.json) printJson(r);
        else process.stdout.write(`${cliT().text('secrets.cli.stored', { ref: r.ref, at: r.changed_at })}\n`);
        return EXIT.OK;
      }),
    );
  withCommonOptions(secrets.command('delete').argument(`<${ph('name')}>`, h('cli.help.secrets.name')))
    .description(h('cli.help.secrets.delete'))
    .action(async (name: string, opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('secrets.delete', { name }, core.context('cli'));
        if (opts.json) printJson(r);
        else process.stdout.write(`${cliT().text(r.deleted ? 'secrets.cli.deleted' : 'secrets.cli.no_such', { name })}\n`);
        return r.deleted ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withCommonOptions(secrets.command('list'))
    .description(h('cli.help.secrets.list'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const r = await core.invoke('secrets.list', {}, core.context('cli'));
        if (opts.json) printJson(r);
        else {
          const t = cliT();
          const lines = [r.keychain.available ? t.text('secrets.cli.keychain_ok', { backend: r.keychain.backend }) : `${t.text('secrets.cli.keychain_missing')}${r.keychain.problem ? ` — ${t.t(r.keychain.problem)}` : ''}`];
          if (!r.keychain.available && r.keychain.error) lines.push(`  ${t.text('report.technical_detail')}: ${r.keychain.error}`);
          for (const s of r.secrets) {
            const changed = s.changed_at ? t.format.dateTime(s.changed_at) : t.text('secrets.cli.changed_unknown');
            lines.push(`  ${t.text('secrets.cli.secret', { ref: s.ref, changed })}${s.referenced_by.length ? `  ${t.text('secrets.cli.used_by', { where: s.referenced_by })}` : ''}`);
          }
          for (const m of r.missing) lines.push(`  ${t.text('secrets.cli.missing', { ref: m.ref, where: m.referenced_by })}`);
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        return r.missing.length === 0 ? EXIT.OK : EXIT.FAILURE;
      }),
    );
}
