import type { Command } from 'commander';
import type { ConfigCheckReport } from '../../../shared/config.js';
import type { Translator } from '../../../shared/i18n/translator.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h } from '../help.js';

export function registerConfig(program: Command): void {
  const config = program.command('config').description(h('cli.help.config.description'));
  withCommonOptions(config.command('check'))
    .description(h('cli.help.config.check'))
    .option('--fix-secrets', h('cli.help.config.fix_secrets'))
    .action(async (opts: CommonOptions & { fixSecrets?: boolean }) =>
      withCore(opts, async (core) => {
        const t = cliT();
        const ctx = core.context('cli');
        const moved = opts.fixSecrets ? (await core.invoke('config.fixSecrets', {}, ctx)).moved : [];
        const report = await core.invoke('config.check', {}, ctx);
        if (opts.json) printJson(opts.fixSecrets ? { ...report, moved } : report);
        else {
          for (const m of moved) process.stdout.write(`${t.text('config.cli.moved', { file: m.file, path: m.path, ref: m.ref })}\n`);
          process.stdout.write(formatCheck(report, t));
        }
        return report.files.every((f) => f.valid) && report.findings.length === 0 ? EXIT.OK : EXIT.FAILURE;
      }),
    );
}

/** Human text from the catalogues, in this run's language; raw parser/OS words only as technical lines. */
export function formatCheck(r: ConfigCheckReport, t: Translator): string {
  const lines = [t.text('config.cli.folder', { dir: r.config_dir })];
  for (const f of r.files) {
    const state = !f.exists ? t.text('config.cli.missing') : f.valid ? t.text('config.cli.ok', { encoding: f.encoding ?? 'utf-8' }) : t.text('config.cli.invalid');
    lines.push(`  ${f.name.padEnd(26)} ${state}`);
    for (const e of f.errors) lines.push(`      ${typeof e.message === 'string' ? `${e.path}: ${e.message}` : t.t(e.message)}`);
    if (!f.valid && f.errors.length === 0 && f.problem) lines.push(`      ${t.t(f.problem)}`);
  }
  if (r.keychain.available) lines.push(t.text('config.cli.keychain_ok', { backend: r.keychain.backend }));
  else {
    lines.push(`${t.text('config.cli.keychain_missing')}${r.keychain.problem ? ` — ${t.t(r.keychain.problem)}` : ''}`);
    if (r.keychain.error) lines.push(`  ${t.text('report.technical_detail')}: ${r.keychain.error}`);
  }
  if (r.findings.length === 0) lines.push(t.text('config.cli.secrets_none'));
  else {
    lines.push(t.text('config.cli.secrets_found', { count: r.findings.length }));
    for (const f of r.findings) lines.push(`  ${t.text('config.cli.finding', { file: f.file, path: f.path, kind: f.kind, ref: f.suggested_ref })}`);
  }
  return `${lines.join('\n')}\n`;
}
