import type { Command } from 'commander';
import type { MigrationStatus } from '../../../shared/migrations.js';
import { printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';

export function registerMigrate(program: Command): void {
  const migrate = program.command('migrate').description('database schema migrations');
  withCommonOptions(migrate.command('status'))
    .description('show current version, head, applied and pending migrations; exit 0 at head, 1 behind or unreachable')
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const status = await core.invoke('migrations.status', {}, core.context('cli'));
        if (opts.json) printJson(status);
        else process.stdout.write(formatStatus(status));
        return status.at_head ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withCommonOptions(migrate.command('up'))
    .description('apply every pending migration (upgrade to head); exit 0 on success, 1 on failure')
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const result = await core.invoke('migrations.up', {}, core.context('cli'));
        if (opts.json) printJson(result);
        else {
          const applied = result.applied.map((a) => `  applied ${a.version} ${a.name} (${a.duration_ms.toFixed(1)} ms)`);
          process.stdout.write(`${applied.length ? applied.join('\n') : '  nothing to apply'}\n`);
          process.stdout.write(formatStatus(result.status));
        }
        return EXIT.OK;
      }),
    );
}

export function formatStatus(s: MigrationStatus): string {
  const lines = [`${s.engine}: schema ${s.current ?? 'empty'}, head ${s.head}${s.at_head ? ' (at head)' : ` (${s.pending.length} pending)`}`];
  for (const a of s.applied) lines.push(`  ✓ ${a.version} ${a.name}  ${a.applied_at}  ${a.duration_ms.toFixed(1)} ms`);
  for (const p of s.pending) lines.push(`  … ${p.version} ${p.name}  pending`);
  return `${lines.join('\n')}\n`;
}
