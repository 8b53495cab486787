import type { Command } from 'commander';
import type { MigrationStatus } from '../../../shared/migrations.js';
import type { Translator } from '../../../shared/i18n/translator.js';
import { acceptFreshDatabase } from '../../core/db/lost-database.js';
import { cliT, printJson, withCommonOptions, withCore, type CommonOptions } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { h } from '../help.js';

export function registerMigrate(program: Command): void {
  const migrate = program.command('migrate').description(h('cli.help.migrate.description'));
  withCommonOptions(migrate.command('status'))
    .description(h('cli.help.migrate.status'))
    .action(async (opts: CommonOptions) =>
      withCore(opts, async (core) => {
        const status = await core.invoke('migrations.status', {}, core.context('cli'));
        if (opts.json) printJson(status);
        else process.stdout.write(formatStatus(status, cliT()));
        return status.at_head ? EXIT.OK : EXIT.FAILURE;
      }),
    );
  withCommonOptions(migrate.command('up'))
    .description(h('cli.help.migrate.up'))
    .option('--accept-fresh-database', h('cli.help.migrate.accept_fresh'))
    .action(async (opts: CommonOptions & { acceptFreshDatabase?: boolean }) =>
      withCore(opts, async (core) => {
        let fresh: { file: string; at: string } | null = null;
        if (opts.acceptFreshDatabase && core.db.engine === 'sqlite' && core.db.target.startsWith('sqlite:')) {
          // The operator's explicit choice, recorded before the database is opened, and audited in the new chain.
          const file = core.db.target.slice('sqlite:'.length);
          fresh = { file, at: acceptFreshDatabase(file, core.paths.backupDir, core.actorFor('cli')) };
          process.stderr.write(`${cliT().text('cli.fresh_start.accepted', { file, backup_dir: core.paths.backupDir })}\n`);
        }
        const result = await core.invoke('migrations.up', {}, core.context('cli'));
        if (fresh) {
          const detail = `started with an empty database on purpose (migrate up --accept-fresh-database) at ${fresh.at}; earlier backups stay in ${core.paths.backupDir}`;
          await core.record({ action: 'DATABASE_FRESH_START', target: fresh.file, result: 'success', actor: core.actorFor('cli'), detail });
        }
        if (opts.json) printJson(result);
        else {
          const t = cliT();
          const applied = result.applied.map((a) => `  ${t.text('migrations.cli.applied_now', { version: a.version, name: a.name, duration: a.duration_ms })}`);
          process.stdout.write(`${applied.length ? applied.join('\n') : `  ${t.text('migrations.cli.nothing')}`}\n`);
          process.stdout.write(formatStatus(result.status, t));
        }
        return EXIT.OK;
      }),
    );
}

/** Status for people: times in local time with the zone, durations in the language's format. */
export function formatStatus(s: MigrationStatus, t: Translator): string {
  const engine = s.engine === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const state = s.at_head ? t.text('migrations.cli.at_head') : t.text('migrations.cli.pending_count', { count: s.pending.length });
  const lines = [`${t.text('migrations.cli.status', { engine, current: s.current ?? t.text('migrations.cli.empty'), head: s.head })} (${state})`];
  for (const a of s.applied) lines.push(`  ${t.text('migrations.cli.applied_row', { version: a.version, name: a.name, at: a.applied_at, duration: a.duration_ms })}`);
  for (const p of s.pending) lines.push(`  ${t.text('migrations.cli.pending_row', { version: p.version, name: p.name })}`);
  return `${lines.join('\n')}\n`;
}
