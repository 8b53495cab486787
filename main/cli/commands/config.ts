import type { Command } from 'commander';
import type { ConfigCheckReport } from '../../../shared/config.js';
import { printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';

export function registerConfig(program: Command): void {
  const config = program.command('config').description('configuration files');
  withCommonOptions(config.command('check'))
    .description('validate every config file and scan for plain-text secrets; exit 0 clean, 1 problems found')
    .option('--fix-secrets', 'move plain-text secrets into the OS keychain and rewrite them to VAULT: references')
    .action(async (opts: CommonOptions & { fixSecrets?: boolean }) =>
      withCore(opts, async (core) => {
        const ctx = core.context('cli');
        const moved = opts.fixSecrets ? (await core.invoke('config.fixSecrets', {}, ctx)).moved : [];
        const report = await core.invoke('config.check', {}, ctx);
        if (opts.json) printJson(opts.fixSecrets ? { ...report, moved } : report);
        else {
          for (const m of moved) process.stdout.write(`moved ${m.file} ${m.path} → ${m.ref}\n`);
          process.stdout.write(formatCheck(report));
        }
        return report.files.every((f) => f.valid) && report.findings.length === 0 ? EXIT.OK : EXIT.FAILURE;
      }),
    );
}

function formatCheck(r: ConfigCheckReport): string {
  const lines = [`config folder: ${r.config_dir}`];
  for (const f of r.files) {
    const state = !f.exists ? 'missing (defaults apply)' : f.valid ? `ok (${f.encoding})` : 'INVALID';
    lines.push(`  ${f.name.padEnd(26)} ${state}`);
    for (const e of f.errors) lines.push(`      ${e.path}: ${e.message}`);
  }
  lines.push(`keychain: ${r.keychain.available ? `available (${r.keychain.backend})` : `NOT available${r.keychain.error ? ` — ${r.keychain.error}` : ''}`}`);
  if (r.findings.length === 0) lines.push('plain-text secrets: none');
  else {
    lines.push(`plain-text secrets: ${r.findings.length} (fix: optiplan360 config check --fix-secrets)`);
    for (const f of r.findings) lines.push(`  ${f.file} ${f.path} (${f.kind}) → would become ${f.suggested_ref}`);
  }
  return `${lines.join('\n')}\n`;
}
